/** A card and its account as toChargeable() reads them, from `cards` (the table, or a CTE of its rows). */
export const chargeableFrom = (
  cards: string,
) => `c.token, c.account_token, c.type, c.state, c.spend_limit, c.spend_limit_duration,
  c.exp_month, c.exp_year, c.locked_merchant, c.consumed, c.closed_by, c.reissues, c.memo, c.pin_hash, a.state AS account_state,
  a.daily_spend_limit, a.monthly_spend_limit, a.lifetime_spend_limit, r.url AS responder_url, a.auth_stream_secret_sealed,
  f.state AS funding_state, a.auth_rules_stamp, a.counts_spend AS account_counts_spend
  FROM ${cards} c JOIN accounts a ON a.token = c.account_token
  LEFT JOIN responder_endpoints r ON r.account_token = c.account_token AND r.type = 'AUTH_STREAM_ACCESS'
  LEFT JOIN funding_sources f ON f.token = c.funding_token`;
