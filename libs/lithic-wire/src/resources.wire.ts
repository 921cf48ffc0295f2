import type { Polarity, ShippingMethod } from '#domain';
import type {
  AccountRecord,
  CardRecord,
  CvvSource,
  TransactionEventRecord,
  TransactionRecords,
} from './records.js';

/** The sandbox's one card program, the one Lithic's own sandbox uses by default. */
export const SANDBOX_CARD_PROGRAM = '00000000-0000-0000-1000-000000000000';

/** Lithic still returns a deprecated `funding` object on cards; the sandbox has one fixed account. */
export const SANDBOX_FUNDING = {
  account_name: 'Sandbox checking',
  created: '2020-01-01T00:00:00Z',
  last_four: '0000',
  nickname: 'Sandbox checking',
  state: 'ENABLED',
  token: '00000000-0000-0000-0000-00000000f00d',
  type: 'DEPOSITORY_CHECKING',
} as const;

export type CardResponse = ReturnType<typeof toCardResponse>;

/** The Card object; `pan` and `cvv` only where the spec returns them (reveal), never in lists. */
export function toCardResponse(card: CardRecord, vault: CvvSource, reveal: { pan: string } | false) {
  const base = {
    token: card.token,
    account_token: card.account_token,
    card_program_token: SANDBOX_CARD_PROGRAM,
    type: card.type,
    state: card.state,
    memo: card.memo,
    spend_limit: card.spend_limit,
    spend_limit_duration: card.spend_limit_duration,
    last_four: card.last_four,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    hostname: card.locked_merchant,
    funding: SANDBOX_FUNDING,
    pin_status: 'OK' as const,
    cardholder_currency: 'USD',
    auth_rule_tokens: [] as string[],
    pending_commands: [] as string[],
    digital_card_art_token: card.digital_card_art_token,
    network_program_token: card.network_program_token,
    product_id: card.product_id,
    replacement_for: card.replacement_for,
    bulk_order_token: card.bulk_order_token,
    // Absent until set: the spec's enum for `substatus` leaves out null, and `comment` is no nullable.
    ...(card.substatus === null ? {} : { substatus: card.substatus }),
    ...(card.comment === null ? {} : { comment: card.comment }),
    created: card.created.toISOString(),
  };
  if (!reveal) return base;
  return { ...base, pan: reveal.pan, cvv: vault.cvv(reveal.pan, card.exp_month, card.exp_year) };
}

export function toAccountResponse(account: AccountRecord) {
  return {
    token: account.token,
    state: account.state,
    // 0 on the wire means "no limit", as Lithic's lifetime limit does.
    spend_limit: {
      daily: account.daily_spend_limit ?? 0,
      monthly: account.monthly_spend_limit ?? 0,
      lifetime: account.lifetime_spend_limit ?? 0,
    },
    cardholder_currency: 'USD',
    auth_rule_tokens: [] as string[],
    ...(account.substatus === null ? {} : { substatus: account.substatus }),
    ...(account.comment === null ? {} : { comment: account.comment }),
    ...(account.verification_address === null
      ? {}
      : { verification_address: { ...EMPTY_VERIFICATION_ADDRESS, ...account.verification_address } }),
    created: account.created.toISOString(),
  };
}

/** The spec requires these keys in a returned address; Lithic answers "" for one never given. */
const EMPTY_VERIFICATION_ADDRESS = { address1: '', city: '', country: '', postal_code: '', state: '' };

/** Credits are negative on the wire, as Lithic shows them; the database keeps unsigned cents. */
export const signed = (amount: number, polarity: Polarity) => (polarity === 'CREDIT' ? -amount : amount);
const usd = (amount: number) => ({ amount, currency: 'USD' });
const converted = (amount: number) => ({ amount, conversion_rate: '1.000000', currency: 'USD' });

/** The Transaction object with its events; card data never appears in it. */
/** What a transaction amounts to now: its hold while pending, what settled once settled, else what was asked. */
export function currentAmount(t: TransactionRecords['transaction']): number {
  return t.status === 'PENDING'
    ? t.pending_amount
    : t.status === 'SETTLED'
      ? t.settled_amount
      : t.authorization_amount;
}

export function toTransactionResponse({ transaction: t, events }: TransactionRecords) {
  const amount = currentAmount(t);
  return {
    token: t.token,
    account_token: t.account_token,
    card_token: t.card_token,
    status: t.status,
    result: t.result,
    amount: signed(amount, t.polarity),
    authorization_amount: signed(t.authorization_amount, t.polarity),
    settled_amount: signed(t.settled_amount, t.polarity),
    merchant_amount: signed(t.merchant_amount, t.polarity),
    merchant_authorization_amount: signed(t.merchant_amount, t.polarity),
    merchant_currency: t.merchant_currency,
    amounts: {
      cardholder: converted(signed(amount, t.polarity)),
      hold: usd(signed(t.pending_amount, t.polarity)),
      merchant: { amount: signed(t.merchant_amount, t.polarity), currency: t.merchant_currency },
      settlement: usd(signed(t.settled_amount, t.polarity)),
    },
    merchant: {
      descriptor: t.descriptor,
      mcc: t.mcc,
      acceptor_id: t.merchant_acceptor_id,
      acquiring_institution_id: '000000',
      city: t.merchant_city,
      state: t.merchant_state,
      country: t.merchant_country,
      postal_code: null,
      street_address: null,
      phone_number: null,
    },
    pos: {
      entry_mode: { card: 'NOT_PRESENT', cardholder: 'NOT_PRESENT', pan: 'ECOMMERCE', pin_entered: false },
      terminal: {
        attended: false,
        card_retention_capable: false,
        on_premise: false,
        operator: 'UNKNOWN',
        partial_approval_capable: t.partial_approval_capable,
        pin_capability: 'NOT_CAPABLE',
        type: 'ECOMMERCE',
        acceptor_terminal_id: null,
      },
    },
    network: t.network,
    authorization_code: t.authorization_code,
    acquirer_fee: 0,
    acquirer_reference_number: null,
    avs: null,
    cardholder_authentication: null,
    financial_account_token: null,
    network_risk_score: null,
    service_location: null,
    token_info: null,
    tags: {},
    created: t.created.toISOString(),
    updated: t.updated.toISOString(),
    events: events.map((e) => toTransactionEventResponse(e, t.network)),
  };
}

const FINANCIAL_EVENTS = new Set([
  'CLEARING',
  'FINANCIAL_AUTHORIZATION',
  'FINANCIAL_CREDIT_AUTHORIZATION',
  'RETURN',
  'RETURN_REVERSAL',
]);

function toTransactionEventResponse(e: TransactionEventRecord, network: string) {
  const amount = signed(e.amount, e.polarity);
  return {
    token: e.token,
    type: e.type,
    amount,
    amounts: {
      cardholder: converted(amount),
      merchant: usd(amount),
      settlement: FINANCIAL_EVENTS.has(e.type) ? converted(amount) : null,
    },
    created: e.created.toISOString(),
    result: e.result,
    detailed_results: [e.detailed_result],
    effective_polarity: e.polarity,
    rule_results: e.rule
      ? [
          {
            auth_rule_token: e.auth_rule?.token ?? null,
            name: e.auth_rule ? (e.auth_rule.name ?? `${e.rule} v${e.auth_rule.version}`) : e.rule,
            result: e.detailed_result,
            explanation: e.explanation,
          },
        ]
      : [],
    network_info: {
      acquirer: { acquirer_reference_number: null, retrieval_reference_number: null },
      amex: null,
      mastercard:
        network === 'MASTERCARD'
          ? {
              banknet_reference_number: null,
              switch_serial_number: null,
              original_banknet_reference_number: null,
              original_switch_serial_number: null,
            }
          : null,
      visa: network === 'VISA' ? { transaction_id: null, original_transaction_id: null } : null,
    },
  };
}

/** `card.created`: the card as `GET /v1/cards/{token}` shows it (no PAN), plus its `card_token`. */
export function toCardCreatedPayload(card: CardRecord, vault: CvvSource) {
  return { ...toCardResponse(card, vault, false), card_token: card.token };
}

/**
 * `card.updated`: the card as it is now, plus `previous_fields` with the old value of every field
 * that changed; null when nothing visible changed (no event is due then).
 */
export function toCardUpdatedPayload(before: CardRecord, after: CardRecord, vault: CvvSource) {
  const old = toCardResponse(before, vault, false) as Record<string, unknown>;
  const now = toCardResponse(after, vault, false);
  const previous = Object.fromEntries(
    Object.entries(now).flatMap(([field, value]) =>
      JSON.stringify(old[field]) === JSON.stringify(value) ? [] : [[field, old[field]]],
    ),
  );
  return Object.keys(previous).length === 0
    ? null
    : { ...now, card_token: after.token, previous_fields: previous };
}

/**
 * The real-time authorization request (Lithic's ASA `authorization` object) for a transaction the
 * sandbox's own rules approved; the responder's answer decides it.
 */
export function toAsaRequest(
  tx: TransactionRecords,
  card: {
    token: string;
    lastFour: string;
    memo: string;
    spendLimit: number;
    spendLimitDuration: string;
    state: string;
    type: string;
  },
  status: string,
) {
  const t = toTransactionResponse(tx);
  return {
    event_type: 'card_authorization.approval_request',
    token: t.token,
    event_token: tx.events[0]?.token,
    status,
    created: t.created,
    amount: t.authorization_amount,
    authorization_amount: t.authorization_amount,
    settled_amount: 0,
    cash_amount: 0,
    acquirer_fee: 0,
    merchant_amount: t.merchant_amount,
    merchant_currency: t.merchant_currency,
    cardholder_currency: 'USD',
    amounts: {
      cardholder: { amount: t.authorization_amount, conversion_rate: '1.000000', currency: 'USD' },
      merchant: { amount: t.merchant_amount, currency: t.merchant_currency },
      settlement: null,
      hold: { amount: t.authorization_amount, currency: 'USD' },
    },
    merchant: t.merchant,
    pos: t.pos,
    network: t.network,
    network_risk_score: null,
    service_location: null,
    avs: { address: '', zipcode: '', address_on_file_match: 'NOT_PRESENT' },
    card: {
      token: card.token,
      last_four: card.lastFour,
      memo: card.memo,
      spend_limit: card.spendLimit,
      spend_limit_duration: card.spendLimitDuration,
      state: card.state,
      type: card.type,
    },
    name_validation: null,
    transaction_initiator: 'CARDHOLDER',
  };
}

/** The request's shipping method as Lithic names the one used in `card.shipped` (US mail by default). */
const SHIPPED_BY: Record<ShippingMethod, string> = {
  STANDARD: 'USPS without tracking envelope',
  STANDARD_WITH_TRACKING: 'USPS with tracking',
  PRIORITY: 'USPS priority',
  EXPRESS: 'FedEx express',
  '2_DAY': 'FedEx 2 days',
  EXPEDITED: 'FedEx overnight',
  BULK: 'USPS without tracking envelope',
};

/** `card.shipped`: a tracking number only for the methods that have one, made up from the card's token. */
export function toCardShippedPayload(
  card: Pick<CardRecord, 'token' | 'bulk_order_token'>,
  method: ShippingMethod = 'STANDARD',
) {
  const tracked = method !== 'STANDARD' && method !== 'BULK';
  return {
    card_token: card.token,
    bulk_order_token: card.bulk_order_token,
    shipping_method: SHIPPED_BY[method],
    tracking_number: tracked ? `1Z${card.token.replace(/-/g, '').slice(0, 16).toUpperCase()}` : null,
  };
}

/** `card.renewed`: the new expiry and the one it replaced. */
export function toCardRenewedPayload(before: CardRecord, after: CardRecord) {
  return {
    card_token: after.token,
    exp_month: after.exp_month,
    exp_year: after.exp_year,
    previous_exp_month: before.exp_month,
    previous_exp_year: before.exp_year,
  };
}
