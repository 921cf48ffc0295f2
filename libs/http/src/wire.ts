import type { AccountEntity, CardEntity, CardVault } from '#persistence';

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
export function toCardResponse(card: CardEntity, vault: CardVault, reveal: { pan: string } | false) {
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
    digital_card_art_token: null,
    network_program_token: null,
    product_id: null,
    replacement_for: null,
    bulk_order_token: null,
    created: card.created.toISOString(),
  };
  if (!reveal) return base;
  return { ...base, pan: reveal.pan, cvv: vault.cvv(reveal.pan, card.exp_month, card.exp_year) };
}

export function toAccountResponse(account: AccountEntity) {
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
    created: account.created.toISOString(),
  };
}
