import {
  evaluateRule,
  isCash,
  velocityCounts,
  velocityWindowStart,
  type RuleSubject,
  type RuleVersion,
  type VelocityParameters,
  type VelocityUsage,
} from './auth-rules.js';

/** A stored debit authorization as a backtest replays it. */
export interface HistoricCharge {
  transactionToken: string;
  eventToken: string;
  cardToken: string;
  created: Date;
  /** Whether the sandbox approved it when it happened. */
  approved: boolean;
  subject: RuleSubject;
}

export type BacktestDecision = 'APPROVED' | 'DECLINED' | 'CHALLENGED';

export interface BacktestStats {
  version: number;
  approved: number;
  declined: number;
  challenged: number;
  examples: {
    event_token: string;
    transaction_token: string;
    timestamp: string;
    decision: BacktestDecision;
  }[];
}

const EXAMPLES = 10;

/**
 * What one rule version would have decided on each charge, oldest first (the spec's backtest-stats).
 * A velocity limit replays its window: a charge counts in it when it was approved then and this
 * version would have approved it too, so the counts are exact for the history given.
 */
export function backtest(rule: RuleVersion, history: HistoricCharge[]): BacktestStats {
  const stats: BacktestStats = {
    version: rule.version,
    approved: 0,
    declined: 0,
    challenged: 0,
    examples: [],
  };
  const counted: HistoricCharge[] = [];
  const ordered = [...history].sort((a, b) => a.created.getTime() - b.created.getTime());
  for (const charge of ordered) {
    const velocity =
      rule.type === 'VELOCITY_LIMIT'
        ? windowUsage(rule.parameters as VelocityParameters, counted, charge)
        : undefined;
    const { action } = evaluateRule(rule, charge.subject, velocity);
    const decision: BacktestDecision =
      action === 'DECLINE' ? 'DECLINED' : action === 'CHALLENGE' ? 'CHALLENGED' : 'APPROVED';
    if (decision === 'APPROVED') stats.approved += 1;
    else if (decision === 'DECLINED') stats.declined += 1;
    else stats.challenged += 1;
    if (decision === 'APPROVED' && charge.approved) counted.push(charge);
    if (stats.examples.length < EXAMPLES)
      stats.examples.push({
        event_token: charge.eventToken,
        transaction_token: charge.transactionToken,
        timestamp: charge.created.toISOString(),
        decision,
      });
  }
  return stats;
}

function windowUsage(
  p: VelocityParameters,
  counted: HistoricCharge[],
  charge: HistoricCharge,
): VelocityUsage {
  const since = velocityWindowStart(p.period, charge.created);
  const usage: VelocityUsage = { count: 0, amount: 0, cashCount: 0, cashAmount: 0 };
  for (const c of counted) {
    if (c.created < since || (p.scope === 'CARD' && c.cardToken !== charge.cardToken)) continue;
    if (!velocityCounts(p.filters, c.subject)) continue;
    usage.count += 1;
    usage.amount += c.subject.amount;
    if (isCash(c.subject.mcc)) {
      usage.cashCount += 1;
      usage.cashAmount += c.subject.amount;
    }
  }
  return usage;
}
