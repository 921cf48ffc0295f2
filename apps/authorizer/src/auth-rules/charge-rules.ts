import {
  authRuleDetail,
  dependsOnVelocity,
  isDebit,
  resultActions,
  velocityReads,
  windowRead,
  type Charge,
  type Decision,
  type RuleEvaluation,
  type RuleVersion,
  type VelocityUsage,
} from '#domain';
import type {
  AuthRulesRepository,
  ChargeableCard,
  ChargeableRead,
  Queryable,
  RuleResultRow,
} from '#persistence';

// The parts of deciding a charge that belong to its auth rules, kept here so the hot path
// (simulate/authorize-charge.use-case.ts) only calls them.

/** The card as read, with the rules (and drafts) of its account's rule set that apply to it. */
export function withRules(
  read: ChargeableRead,
  rules: { versions: RuleVersion[]; drafts: RuleVersion[] },
): ChargeableCard {
  return { ...read, authRules: rules.versions, authRuleDrafts: rules.drafts };
}

/** Whether usage read for these rules still covers every velocity rule among `versions`. */
export function covers(usage: Record<string, VelocityUsage>, versions: RuleVersion[]): boolean {
  return versions.every((r) => r.type !== 'VELOCITY_LIMIT' || r.token in usage);
}

/** A velocity limit counts other approvals, so its charge is decided under the card's lock. */
export function withRuleLocks(
  dependsOnOtherApprovals: boolean,
  card: ChargeableCard,
  charge: Charge,
): boolean {
  return dependsOnOtherApprovals || (isDebit(charge.status) && dependsOnVelocity(card.authRules));
}

/**
 * Each velocity rule's usage in its window (the card's promoted rules, or the `versions` given:
 * its drafts); call it after the locks, in the charge's transaction.
 */
export function ruleUsage(
  rules: AuthRulesRepository,
  tx: Queryable,
  card: Pick<ChargeableCard, 'token' | 'accountToken' | 'authRules'>,
  now: Date,
  versions: RuleVersion[] = card.authRules,
): Promise<Record<string, VelocityUsage>> {
  return rules.velocity(
    tx,
    velocityReads(versions, now).map((read) => ({
      ruleToken: read.ruleToken,
      owner: read.scope === 'CARD' ? 'card' : 'account',
      ownerToken: read.scope === 'CARD' ? card.token : card.accountToken,
      read: windowRead(read.since),
      includeMccs: read.filters.include_mccs ?? null,
      excludeMccs: read.filters.exclude_mccs ?? null,
      includeCountries: read.filters.include_countries ?? null,
      excludeCountries: read.filters.exclude_countries ?? null,
    })),
  );
}

/**
 * One evaluation record per rule version that ran: the rule and its version, and its actions
 * (`actionsOf`, the stream's shape) when it acted. A draft's shadow evaluation is recorded with mode
 * INACTIVE: it decided nothing, and its actions are what it would have done. The result's token is
 * derived from the event, the rule and the version when read.
 */
export function resultRows(
  evaluations: RuleEvaluation[],
  shadow: RuleEvaluation[],
  actionsOf: (evaluation: RuleEvaluation) => object[],
): RuleResultRow[] {
  const row = (evaluation: RuleEvaluation, inShadow: boolean): RuleResultRow => {
    const actions = actionsOf(evaluation);
    const result: RuleResultRow = {
      rule_token: evaluation.rule.token,
      rule_version: evaluation.rule.version,
    };
    if (inShadow) result.mode = 'INACTIVE';
    if (actions.length > 0) result.actions = actions;
    return result;
  };
  return [...evaluations.map((e) => row(e, false)), ...shadow.map((e) => row(e, true))];
}

/** A charge's evaluation records: a DECLINE carries the detailed result it gives. */
export function ruleResultRows(decision: Decision): RuleResultRow[] {
  return resultRows(decision.evaluations ?? [], decision.shadowEvaluations ?? [], (e) =>
    resultActions(e, authRuleDetail(e.rule)),
  );
}
