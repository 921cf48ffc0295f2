import type { FundingSource } from '#domain';
import type { CardRecord, CvvSource } from '#lithic-wire';

/** A funding account as Privacy's API shows it (GET /v1/fundingsource, a card's `funding`). */
export function toPrivacyFunding(source: FundingSource) {
  return {
    account_name: source.account_name,
    created: source.created.toISOString(),
    last_four: source.last_four,
    nickname: source.nickname,
    state: source.state,
    token: source.token,
    type: source.type,
  };
}

/**
 * Privacy's Card. `pan` and `cvv` are shown wherever the card's owner asks (a sandbox has the
 * issuing access that production reserves for enterprise keys); `hostname` is the locked merchant
 * as the sandbox knows it, its descriptor, since simulated merchants have no website.
 */
export function toPrivacyCard(card: CardRecord, funding: FundingSource, pan: string | null, cvvs: CvvSource) {
  return {
    created: card.created.toISOString(),
    cvv: pan === null ? null : cvvs.cvv(pan, card.exp_month, card.exp_year),
    funding: toPrivacyFunding(funding),
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    hostname: card.locked_merchant,
    last_four: card.last_four,
    memo: card.memo,
    pan,
    spend_limit: card.spend_limit,
    spend_limit_duration: card.spend_limit_duration,
    state: card.state,
    token: card.token,
    type: card.type,
  };
}
export type PrivacyCard = ReturnType<typeof toPrivacyCard>;
