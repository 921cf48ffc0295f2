import { DomainError, isLuhnValid, PAN_LENGTH } from '#domain';
import {
  type AccountRows,
  type CardVault,
  type RestoredSettings,
  type RestoredTable,
  type SealedKind,
  type TakenKeys,
} from '#persistence';
import { SNAPSHOT_VERSION, type SnapshotDto } from './snapshot.dtos.js';

/**
 * An account's rows as a snapshot: every column but the account's own token and the request claims,
 * with each secret re-sealed under the vault's snapshot key (any sandbox with the same master secret,
 * or the same seed, opens it). Columns are passed through, so a new one shows up without a change here.
 */
export function toSnapshot(rows: AccountRows, vault: CardVault): SnapshotDto {
  const reseal = (kind: SealedKind, sealed: unknown) =>
    vault.seal('snapshot', vault.open(kind, String(sealed)));
  const account = rows.account;
  const sealedSecret = account.auth_stream_secret_sealed;
  const threeDsSecret = account.three_ds_secret_sealed;
  const eventsOf = groupBy(rows.transaction_events, 'transaction_token');
  const versionsOf = groupBy(rows.auth_rule_versions, 'rule_token');
  return {
    version: SNAPSHOT_VERSION,
    account: {
      token: account.token as string,
      state: account.state as string,
      daily_spend_limit: account.daily_spend_limit as number | null,
      monthly_spend_limit: account.monthly_spend_limit as number | null,
      lifetime_spend_limit: account.lifetime_spend_limit as number | null,
      clock_offset_ms: account.clock_offset_ms as number,
      substatus: (account.substatus ?? null) as string | null,
      comment: (account.comment ?? null) as string | null,
      verification_address: (account.verification_address ?? null) as Record<string, string> | null,
      auth_stream_secret_sealed: sealedSecret ? reseal('signing-secret', sealedSecret) : null,
      three_ds_secret_sealed: threeDsSecret ? reseal('signing-secret', threeDsSecret) : null,
    },
    cards: rows.cards.map((card) => ({
      ...omit(card, 'pan_hash', 'pan_encrypted'),
      pan_sealed: reseal('pan', card.pan_encrypted),
    })),
    transactions: rows.transactions.map((transaction) => ({
      ...omit(transaction),
      events: (eventsOf.get(transaction.token) ?? []).map((event) => omit(event, 'transaction_token')),
    })),
    events: rows.events.map((event) => omit(event)),
    event_subscriptions: rows.event_subscriptions.map((subscription) => ({
      ...omit(subscription, 'secret_sealed'),
      secret_sealed: reseal('signing-secret', subscription.secret_sealed),
    })),
    responders: rows.responder_endpoints.map((responder) => omit(responder)),
    funding_sources: rows.funding_sources.map((source) => omit(source)),
    three_ds_authentications: rows.three_ds_authentications.map((authentication) => omit(authentication)),
    auth_rules: rows.auth_rules.map((rule) => ({
      ...omit(rule),
      versions: (versionsOf.get(rule.token) ?? []).map((version) => omit(version, 'rule_token')),
    })),
    auth_rule_results: rows.auth_rule_results.map((result) => omit(result)),
    auth_rule_backtests: rows.auth_rule_backtests.map((backtest) => omit(backtest)),
  } as unknown as SnapshotDto;
}

function groupBy(rows: Record<string, unknown>[], column: string): Map<unknown, Record<string, unknown>[]> {
  const groups = new Map<unknown, Record<string, unknown>[]>();
  for (const row of rows) groups.set(row[column], [...(groups.get(row[column]) ?? []), row]);
  return groups;
}

/** A row without its owner and request claim (which a restore sets anew), and without `more`. */
function omit(row: Record<string, unknown>, ...more: string[]): Record<string, unknown> {
  const dropped = ['account_token', 'idempotency_claim', ...more];
  return Object.fromEntries(Object.entries(row).filter(([column]) => !dropped.includes(column)));
}

export interface RestoredAccount {
  settings: RestoredSettings;
  /** In insert order: parents first. */
  tables: [RestoredTable, object[]][];
  keys: TakenKeys;
}

/** A validated snapshot as rows of `accountToken`, secrets sealed again under their own keys. */
export function fromSnapshot(snapshot: SnapshotDto, accountToken: string, vault: CardVault): RestoredAccount {
  const open = (field: string, sealed: string) => {
    try {
      return vault.open('snapshot', sealed);
    } catch {
      throw new DomainError(
        'VALIDATION',
        `${field} does not open with this sandbox's secret: restore into a sandbox with the same ` +
          'SANDBOX_SECRET (or, without one, the same SANDBOX_SEED) as the one that took the snapshot',
      );
    }
  };
  // Version 1 snapshots came before these.
  const {
    funding_sources: fundingSources = [],
    three_ds_authentications: authentications = [],
    auth_rules: rules = [],
    auth_rule_results: results = [],
    auth_rule_backtests: backtests = [],
  } = snapshot;
  for (const [field, tokens] of [
    ['cards', snapshot.cards.map((c) => c.token)],
    ['transactions', snapshot.transactions.map((t) => t.token)],
    ['transactions[].events', snapshot.transactions.flatMap((t) => t.events.map((e) => e.token))],
    ['events', snapshot.events.map((e) => e.token)],
    ['event_subscriptions', snapshot.event_subscriptions.map((s) => s.token)],
    ['responders', snapshot.responders.map((r) => r.type)],
    ['funding_sources', fundingSources.map((f) => f.token)],
    ['three_ds_authentications', authentications.map((a) => a.token)],
    ['auth_rules', rules.map((r) => r.token)],
    ...rules.map((r, i) => [`auth_rules[${i}].versions`, r.versions.map((v) => String(v.version))] as const),
    ['auth_rule_results', results.map((r) => r.token)],
    ['auth_rule_backtests', backtests.map((b) => b.token)],
  ] as const)
    assertUnique(field, tokens);
  const cards = snapshot.cards.map(({ pan_sealed, ...card }, i) => {
    const pan = open(`cards[${i}].pan_sealed`, pan_sealed);
    if (pan.length !== PAN_LENGTH || !isLuhnValid(pan) || !pan.endsWith(card.last_four))
      throw new DomainError(
        'VALIDATION',
        `cards[${i}].pan_sealed holds no card number ending in its last_four`,
      );
    return {
      ...card,
      account_token: accountToken,
      pan_encrypted: vault.seal('pan', pan),
      pan_hash: vault.panLookupHash(pan),
    };
  });
  assertUnique(
    'cards[].pan_sealed',
    cards.map((c) => c.pan_hash),
  );
  const cardTokens = new Set(cards.map((c) => c.token));
  snapshot.transactions.forEach((t, i) => {
    if (!cardTokens.has(t.card_token))
      throw new DomainError('VALIDATION', `transactions[${i}].card_token is not a card of this snapshot`);
  });
  authentications.forEach((a, i) => {
    if (!cardTokens.has(a.card_token))
      throw new DomainError(
        'VALIDATION',
        `three_ds_authentications[${i}].card_token is not a card of this snapshot`,
      );
  });
  const ruleTokens = new Set(rules.map((r) => r.token));
  for (const [field, rows] of [
    ['auth_rule_results', results],
    ['auth_rule_backtests', backtests],
  ] as const)
    rows.forEach((row, i) => {
      if (!ruleTokens.has(row.rule_token))
        throw new DomainError('VALIDATION', `${field}[${i}].rule_token is not an auth rule of this snapshot`);
    });
  const subscriptions = snapshot.event_subscriptions.map(({ secret_sealed, ...subscription }, i) => ({
    ...subscription,
    account_token: accountToken,
    secret_sealed: vault.seal(
      'signing-secret',
      open(`event_subscriptions[${i}].secret_sealed`, secret_sealed),
    ),
  }));
  const {
    token: source,
    auth_stream_secret_sealed: sealedSecret,
    three_ds_secret_sealed: threeDsSecret,
    ...settings
  } = snapshot.account;
  // Stored event bodies name the account: restored into another, they name that one.
  const events = snapshot.events.map((event) => ({
    ...event,
    payload: JSON.parse(JSON.stringify(event.payload).replaceAll(source, accountToken)) as object,
  }));
  const owned = <T extends object>(rows: T[]) => rows.map((row) => ({ ...row, account_token: accountToken }));
  // A rule scoped to the account names it: restored into another, it names that one.
  const ours = (tokens: string[]) => tokens.map((token) => (token === source ? accountToken : token));
  const restoredRules = rules.map(({ versions: _versions, ...rule }) => ({
    ...rule,
    account_token: accountToken,
    account_tokens: ours(rule.account_tokens),
    excluded_account_tokens: ours(rule.excluded_account_tokens),
  }));
  return {
    settings: {
      ...(settings as Omit<RestoredSettings, 'auth_stream_secret_sealed'>),
      auth_stream_secret_sealed:
        sealedSecret && vault.seal('signing-secret', open('account.auth_stream_secret_sealed', sealedSecret)),
      three_ds_secret_sealed: threeDsSecret
        ? vault.seal('signing-secret', open('account.three_ds_secret_sealed', threeDsSecret))
        : null,
    },
    tables: [
      ['funding_sources', owned(fundingSources)],
      ['cards', cards],
      ['transactions', owned(snapshot.transactions.map((t) => omit({ ...t }, 'events')))],
      [
        'transaction_events',
        snapshot.transactions.flatMap((t) => t.events.map((e) => ({ ...e, transaction_token: t.token }))),
      ],
      ['events', owned(events)],
      ['event_subscriptions', subscriptions],
      ['responder_endpoints', owned(snapshot.responders)],
      ['three_ds_authentications', owned(authentications)],
      ['auth_rules', restoredRules],
      ['auth_rule_versions', rules.flatMap((r) => r.versions.map((v) => ({ ...v, rule_token: r.token })))],
      ['auth_rule_results', owned(results)],
      ['auth_rule_backtests', owned(backtests)],
    ],
    keys: {
      cardTokens: cards.map((c) => c.token),
      panHashes: cards.map((c) => c.pan_hash),
      transactionTokens: snapshot.transactions.map((t) => t.token),
      transactionEventTokens: snapshot.transactions.flatMap((t) => t.events.map((e) => e.token)),
      eventTokens: snapshot.events.map((e) => e.token),
      subscriptionTokens: subscriptions.map((s) => s.token),
      fundingSourceTokens: fundingSources.map((f) => f.token),
      threeDsTokens: authentications.map((a) => a.token),
      authRuleTokens: rules.map((r) => r.token),
      ruleResultTokens: results.map((r) => r.token),
      backtestTokens: backtests.map((b) => b.token),
    },
  };
}

function assertUnique(field: string, keys: readonly string[]): void {
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key))
      throw new DomainError(
        'VALIDATION',
        `${field}: entry ${i} repeats an earlier one (${key.slice(0, 40)})`,
      );
    seen.add(key);
  });
}
