import { randomFillSync } from 'node:crypto';
import type { Queryable } from './sql.js';
import type { TokenSource } from './token-source.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

let lastMs = 0;
let sequence = 0;

/**
 * `prefix_` + 27 base62 characters: milliseconds, then a sequence within the millisecond, then
 * randomness, so tokens sort in the order this process made them (like a KSUID, but strictly).
 */
export type TokenPrefix = 'msg' | 'ep' | 'atmpt' | 'req' | 'flt';

export function newToken(prefix: TokenPrefix): string {
  const ms = Date.now();
  sequence = ms === lastMs ? sequence + 1 : 0;
  lastMs = ms;
  let random = '';
  for (let i = 0; i < RANDOM_CHARS; i++) random += BASE62[randomByte() % 62];
  return `${prefix}_${base62(ms, 9)}${base62(sequence, 3)}${random}`;
}

const RANDOM_CHARS = 15;
/**
 * Random bytes drawn 4 KiB at a time (as randomUUID does): a system call per token cost two of
 * them per authorization. Each byte is used once.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomByte(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++];
}

export function base62(value: number, width: number): string {
  let out = '';
  for (let n = value; out.length < width; n = Math.floor(n / 62)) out = BASE62[n % 62] + out;
  return out;
}

export interface OutboxEvent {
  token: string;
  accountToken: string;
  type: string;
  payload: object;
  created: Date;
}

export function outboxEvent(
  tokens: TokenSource,
  accountToken: string,
  type: string,
  payload: object,
  created: Date,
): OutboxEvent {
  return { token: tokens.prefixed('msg'), accountToken, type, payload, created };
}

/**
 * Two CTEs that insert the events and queue a first delivery attempt for every enabled
 * subscription of the account that wants the type; the events are the one parameter `$param`
 * (outboxValues). Put them in the statement that makes the change, so the change and its events
 * commit together. The subscriptions are locked against a concurrent delete (FOR KEY SHARE), which
 * would otherwise fail the insert on its foreign key after the join had seen them.
 *
 * One JSON array, not an array per column: the server parses the payloads once, as JSON, instead
 * of an array literal of escaped JSON strings and then each string again.
 */
export function outboxCtes(param: number): string {
  return `ev AS (
      INSERT INTO events (token, account_token, event_type, payload, created)
      SELECT e.token, e.account_token, e.event_type, e.payload, e.created
      FROM jsonb_to_recordset($${param}::jsonb)
        AS e(token varchar, account_token uuid, event_type varchar, payload jsonb, created timestamptz)
      RETURNING token, account_token, event_type),
    queued AS (
      INSERT INTO message_attempts (token, account_token, event_token, event_subscription_token, url, status, attempt,
        next_attempt_at, created, updated)
      SELECT 'atmpt_' || replace(gen_random_uuid()::text, '-', ''), ev.account_token, ev.token, s.token, s.url, 'PENDING', 1,
        now(), now(), now()
      FROM ev JOIN event_subscriptions s ON s.account_token = ev.account_token AND NOT s.disabled
        AND (cardinality(s.event_types) = 0 OR ev.event_type = ANY(s.event_types))
      FOR KEY SHARE OF s)`;
}

/** The one parameter of outboxCtes. */
export function outboxValues(events: OutboxEvent[]): unknown[] {
  return [
    JSON.stringify(
      events.map((e) => ({
        token: e.token,
        account_token: e.accountToken,
        event_type: e.type,
        payload: e.payload,
        created: e.created,
      })),
    ),
  ];
}

/** Writes events on their own, inside a transaction the caller already holds. */
export async function writeOutbox(db: Queryable, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.query('outbox_write', `WITH ${outboxCtes(1)} SELECT 1`, outboxValues(events));
}
