import type {
  AccountState,
  AccountSubstatus,
  FinancialAccountStatus,
  FinancialAccountType,
  CardState,
  CardSubstatus,
  CardType,
  Polarity,
  SpendLimitDuration,
  TransactionStatus,
} from '#domain';

// The stored fields each mapper reads, named here so the wire never imports libs/persistence: its
// entities have these fields (and more), so a repository's row is passed as it is.

export interface CardRecord {
  token: string;
  account_token: string;
  type: CardType;
  state: CardState;
  memo: string;
  spend_limit: number;
  spend_limit_duration: SpendLimitDuration;
  last_four: string;
  exp_month: string;
  exp_year: string;
  locked_merchant: string;
  substatus: CardSubstatus | null;
  comment: string | null;
  digital_card_art_token: string | null;
  network_program_token: string | null;
  product_id: string | null;
  replacement_for: string | null;
  bulk_order_token: string | null;
  created: Date;
}

/** Derives a card's CVV (persistence's CardVault): the CVV is never stored. */
export interface CvvSource {
  cvv(pan: string, expMonth: string, expYear: string): string;
}

export interface AccountRecord {
  token: string;
  state: AccountState;
  daily_spend_limit: number | null;
  monthly_spend_limit: number | null;
  lifetime_spend_limit: number | null;
  substatus: AccountSubstatus | null;
  comment: string | null;
  verification_address: Record<string, string> | null;
  created: Date;
}

/** A financial account: derived from its account, never stored (docs/semantics.md). */
export interface FinancialAccountRecord {
  token: string;
  account_token: string;
  type: FinancialAccountType;
  status: FinancialAccountStatus;
  created: Date;
  updated: Date;
}

export interface TransactionRecord {
  token: string;
  account_token: string;
  card_token: string;
  status: TransactionStatus;
  result: string;
  polarity: Polarity;
  authorization_amount: number;
  pending_amount: number;
  settled_amount: number;
  merchant_amount: number;
  merchant_currency: string;
  descriptor: string;
  mcc: string;
  merchant_acceptor_id: string;
  merchant_city: string;
  merchant_state: string;
  merchant_country: string;
  partial_approval_capable: boolean;
  authorization_code: string;
  network: string;
  created: Date;
  updated: Date;
}

export interface TransactionEventRecord {
  token: string;
  type: string;
  amount: number;
  polarity: Polarity;
  result: string;
  detailed_result: string;
  rule: string | null;
  explanation: string | null;
  /** The auth rule version that declined it (rule AUTH_RULE); absent on older rows. */
  auth_rule?: { token: string; version: number; name: string | null } | null;
  created: Date;
}

export interface TransactionRecords {
  transaction: TransactionRecord;
  events: TransactionEventRecord[];
}

export interface EventRecord {
  token: string;
  event_type: string;
  payload: Record<string, unknown>;
  created: Date;
}

export interface EventSubscriptionRecord {
  token: string;
  url: string;
  description: string;
  disabled: boolean;
  event_types: string[];
}

export interface MessageAttemptRecord {
  token: string;
  event_token: string;
  event_subscription_token: string;
  url: string;
  status: string;
  response_status_code: number;
  response: string;
  created: Date;
}
