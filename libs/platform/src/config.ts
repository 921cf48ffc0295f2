import { AsyncLocalStorage } from 'node:async_hooks';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  getMetadataStorage,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { DEFAULT_DATA_DIR } from '#persistence';
import { outboundPolicy } from './outbound-policy.js';

/** Every environment variable the sandbox reads; the README's configuration table mirrors this. */
export class Environment {
  @IsOptional() @IsString() DATABASE_URL?: string;
  @IsString() SANDBOX_DATA_DIR = DEFAULT_DATA_DIR;
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 4000;
  @IsString() HOST = '127.0.0.1';
  @IsOptional() @IsString() @MinLength(8) SANDBOX_API_KEY?: string;
  @IsOptional() @IsString() SANDBOX_SECRET?: string;
  @Matches(/^(4\d{5,7}|5[1-5]\d{4,6}|2[2-7]\d{4,6})$/, {
    message: 'SANDBOX_BIN must be a 6-8 digit Visa or Mastercard BIN',
  })
  SANDBOX_BIN = '411111';
  @Type(() => Number) @IsInt() @Min(1) @Max(200) DB_POOL_SIZE = 10;
  @IsIn(['debug', 'info', 'warn', 'error']) LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';
  /** When set, only this key may create accounts through POST /sandbox/accounts. */
  @IsOptional() @IsString() @MinLength(8) SANDBOX_ADMIN_KEY?: string;
  /** Pending authorizations expire this many days (by the account's clock) after they were made. */
  @Type(() => Number) @IsInt() @Min(1) @Max(365) AUTH_EXPIRY_DAYS = 7;
  /** How long the real-time responder (ASA) has to answer an authorization. */
  @Type(() => Number) @IsInt() @Min(100) @Max(30_000) ASA_TIMEOUT_MS = 2000;
  /** What a responder timeout, error or malformed answer means. */
  @IsIn(['DECLINE', 'APPROVE']) ASA_FALLBACK: 'DECLINE' | 'APPROVE' = 'DECLINE';
  /** Makes PANs, CVVs and expiries reproducible on a fresh database. */
  @IsOptional() @IsString() @MinLength(1) SANDBOX_SEED?: string;
  /** How long a webhook receiver may take to answer before the attempt counts as failed. */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) WEBHOOK_TIMEOUT_MS = 5000;
  /** First retry delay of a failed webhook; each later retry doubles it (capped at 5 minutes). */
  @Type(() => Number) @IsInt() @Min(10) @Max(300_000) WEBHOOK_RETRY_BASE_MS = 1000;
  /** Attempts per event and subscription, the first included, before delivery gives up. */
  @Type(() => Number) @IsInt() @Min(1) @Max(50) WEBHOOK_MAX_ATTEMPTS = 10;
  /** With DATABASE_URL: IPs, CIDRs or host names (comma-separated) outbound requests may reach though private. */
  @IsOptional() @IsString() OUTBOUND_ALLOW?: string;
  /**
   * How long a request owns its Idempotency-Key before a retry may take it over, if no answer was
   * stored (the process died mid-request). The retry finds a charge or card the dead run committed.
   */
  @Type(() => Number) @IsInt() @Min(100) @Max(86_400_000) IDEMPOTENCY_LEASE_MS = 30_000;
  /** API requests kept per account for GET /sandbox/requests (bodies masked); 0 keeps none. */
  @Type(() => Number) @IsInt() @Min(0) @Max(100_000) JOURNAL_MAX_ENTRIES = 1000;
}

/** The names of every setting, read from the Environment class: docs and compose are checked against it. */
export function settingNames(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(Environment, '', false, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/**
 * Where an app being created reads its settings: process.env, or the variables a caller passes to
 * `withSettings` (the programmatic API and the tests run several sandboxes in one process).
 */
const settingsSource = new AsyncLocalStorage<Record<string, string | undefined>>();

export function withSettings<T>(
  settings: Record<string, string | undefined>,
  create: () => Promise<T>,
): Promise<T> {
  return settingsSource.run(settings, create);
}

export function currentSettings(): Record<string, string | undefined> {
  return settingsSource.getStore() ?? process.env;
}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  // `NAME=` (as docker compose passes an unset `${NAME:-}`) means unset, not an empty value.
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(Environment, given, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.map((e) => problem(e, given[e.property]));
  try {
    outboundPolicy(env);
  } catch (error) {
    problems.push(`${(error as Error).message}.`);
  }
  if (problems.length > 0) throw new Error(problems.join(' '));
  return env;
}

/** One sentence per invalid setting: a range for numbers, else the first rule it breaks. */
function problem(error: ValidationError, value: unknown): string {
  const name = error.property;
  // Secrets are named, never echoed.
  const got = /SECRET|KEY|DATABASE_URL/.test(name) ? 'got a value' : `got ${JSON.stringify(value ?? null)}`;
  const bound = (kind: 'min' | 'max') =>
    getMetadataStorage()
      .getTargetValidationMetadatas(Environment, '', false, false)
      .find((m) => m.propertyName === name && m.name === kind)?.constraints?.[0] as number | undefined;
  const [min, max] = [bound('min'), bound('max')];
  if (min !== undefined && max !== undefined)
    return `${name} must be a whole number from ${min} to ${max}, ${got}.`;
  const [first] = Object.values(error.constraints ?? {});
  return `${first ?? `${name} is invalid`}, ${got}.`;
}
