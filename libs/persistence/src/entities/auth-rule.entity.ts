import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountOwned } from './account.entity.js';

/**
 * An Auth Rule v2 (docs/semantics.md, auth rules): its scope, its promoted (current) version and
 * its draft. Every version's parameters are also kept in auth_rule_versions.
 */
@Entity('auth_rules')
@Index('auth_rules_account_keyset', ['account_token', 'created', 'token'])
export class AuthRuleEntity extends AccountOwned {
  @PrimaryColumn('uuid')
  token: string;

  @Column({ type: 'varchar', length: 16 })
  state: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  event_stream: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  name: string | null;

  @Column({ type: 'boolean', default: false })
  program_level: boolean;

  @Column({ type: 'uuid', array: true, default: '{}' })
  card_tokens: string[];

  @Column({ type: 'uuid', array: true, default: '{}' })
  account_tokens: string[];

  @Column({ type: 'uuid', array: true, default: '{}' })
  excluded_card_tokens: string[];

  @Column({ type: 'uuid', array: true, default: '{}' })
  excluded_account_tokens: string[];

  @Column({ type: 'integer', nullable: true })
  current_version: number | null;

  @Column({ type: 'jsonb', nullable: true })
  current_parameters: Record<string, unknown> | null;

  @Column({ type: 'integer', nullable: true })
  draft_version: number | null;

  @Column({ type: 'jsonb', nullable: true })
  draft_parameters: Record<string, unknown> | null;

  /** The highest version number given so far; a new draft takes the next. */
  @Column('integer')
  latest_version: number;

  @Column('timestamptz')
  created: Date;

  @Column('timestamptz')
  updated: Date;
}

/** Each version of a rule, as drafted: the versions list and the rule results name them. */
@Entity('auth_rule_versions')
export class AuthRuleVersionEntity {
  @PrimaryColumn('uuid')
  rule_token: string;

  @ManyToOne(() => AuthRuleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rule_token' })
  rule?: AuthRuleEntity;

  @PrimaryColumn('integer')
  version: number;

  @Column('jsonb')
  parameters: Record<string, unknown>;

  @Column('timestamptz')
  created: Date;
}

/**
 * The evaluations of the auth rules that ran on one event, one row per event (not per rule, so a
 * charge on an account with 100 rules writes one row, not 100). GET /v2/auth_rules/results lists
 * its elements, one per rule (AuthRuleResultEntity).
 */
@Entity('auth_rule_evaluations')
@Index('auth_rule_evaluations_keyset', ['account_token', 'created', 'event_token'])
export class AuthRuleEvaluationEntity extends AccountOwned {
  /** The transaction event or 3-D Secure authentication the rules ran on. */
  @PrimaryColumn('uuid')
  event_token: string;

  @Column({ type: 'uuid', nullable: true })
  transaction_token: string | null;

  @Column({ type: 'varchar', length: 32 })
  event_stream: string;

  /**
   * `[{rule_token, rule_version, actions?}]`, in evaluation order: a charge under 100 rules writes
   * 100 elements, so each carries only what is its own (see AuthRuleResultElement). No foreign key to
   * the rules on purpose (a key would lock their rows under concurrent charges); deleting a rule
   * removes its elements in the same statement instead.
   */
  @Column('jsonb')
  results: AuthRuleResultElement[];

  @Column('timestamptz')
  created: Date;
}

/** One rule's evaluation inside an AuthRuleEvaluationEntity. */
export interface AuthRuleResultElement {
  /** Absent: derived from the event's token, the rule's and its version when read (ruleResultsWhere). */
  token?: string;
  rule_token: string;
  rule_version: number;
  /** Absent: ACTIVE; INACTIVE for a draft version's shadow evaluation. */
  mode?: string;
  /** `[{type, code?, explanation?}]`; absent or empty when the rule let the event through. */
  actions?: Record<string, unknown>[];
}

/** One evaluation of one rule version on one event (GET /v2/auth_rules/results): an element of an
 * AuthRuleEvaluationEntity, with its event's fields. */
export interface AuthRuleResultEntity extends Required<AuthRuleResultElement> {
  account_token: string;
  event_token: string;
  transaction_token: string | null;
  event_stream: string;
  created: Date;
}

/** A backtest of a rule's versions over the account's stored history, computed when requested. */
@Entity('auth_rule_backtests')
@Index('auth_rule_backtests_by_rule', ['rule_token', 'created', 'token'])
export class AuthRuleBacktestEntity extends AccountOwned {
  @PrimaryColumn('uuid')
  token: string;

  @Column('uuid')
  rule_token: string;

  @ManyToOne(() => AuthRuleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rule_token' })
  rule?: AuthRuleEntity;

  @Column('timestamptz')
  start: Date;

  @Column('timestamptz')
  end: Date;

  /** `{current_version, draft_version}` as backtest-results shows them. */
  @Column('jsonb')
  results: Record<string, unknown>;

  @Column('timestamptz')
  created: Date;
}
