// Auth Rules v2 on Lithic's wire: the rule, its versions, evaluation results and backtests.

export interface AuthRuleRecord {
  token: string;
  state: string;
  type: string;
  event_stream: string;
  name: string | null;
  program_level: boolean;
  card_tokens: string[];
  account_tokens: string[];
  excluded_card_tokens: string[];
  excluded_account_tokens: string[];
  current_version: number | null;
  current_parameters: object | null;
  draft_version: number | null;
  draft_parameters: object | null;
}

export interface AuthRuleVersionRecord {
  version: number;
  parameters: object;
  created: Date;
}

export interface AuthRuleResultRecord {
  token: string;
  rule_token: string;
  rule_version: number;
  event_token: string;
  transaction_token: string | null;
  event_stream: string;
  mode: string;
  actions: object[];
  created: Date;
}

export interface AuthRuleBacktestRecord {
  token: string;
  start: Date;
  end: Date;
  results: object;
  created: Date;
}

/** The spec's auth-rule. Program-level exclusions appear only on program-level rules. */
export function toAuthRuleResponse(r: AuthRuleRecord) {
  return {
    token: r.token,
    state: r.state,
    type: r.type,
    event_stream: r.event_stream,
    name: r.name,
    program_level: r.program_level,
    card_tokens: r.card_tokens,
    account_tokens: r.account_tokens,
    business_account_tokens: [] as string[],
    ...(r.program_level
      ? {
          excluded_card_tokens: r.excluded_card_tokens,
          excluded_account_tokens: r.excluded_account_tokens,
          excluded_business_account_tokens: [] as string[],
        }
      : {}),
    current_version:
      r.current_version === null ? null : { version: r.current_version, parameters: r.current_parameters },
    // Rules are checked when drafted, so a draft is always ready to shadow (never PENDING or ERROR).
    draft_version:
      r.draft_version === null
        ? null
        : { version: r.draft_version, parameters: r.draft_parameters, state: 'SHADOWING', error: null },
    lithic_managed: false,
  };
}

/** ACTIVE is the promoted version of an active rule, SHADOW its draft, INACTIVE every other. */
export function toAuthRuleVersionResponse(rule: AuthRuleRecord, v: AuthRuleVersionRecord) {
  const state =
    v.version === rule.current_version && rule.state === 'ACTIVE'
      ? 'ACTIVE'
      : v.version === rule.draft_version
        ? 'SHADOW'
        : 'INACTIVE';
  return { version: v.version, state, parameters: v.parameters, created: v.created.toISOString() };
}

export function toAuthRuleResultResponse(r: AuthRuleResultRecord) {
  return {
    token: r.token,
    auth_rule_token: r.rule_token,
    event_token: r.event_token,
    transaction_token: r.transaction_token,
    evaluation_time: r.created.toISOString(),
    rule_version: r.rule_version,
    mode: r.mode,
    event_stream: r.event_stream,
    actions: r.actions,
  };
}

const simulationParameters = (b: AuthRuleBacktestRecord) => ({
  start: b.start.toISOString(),
  end: b.end.toISOString(),
});

export function toBacktestListItem(b: AuthRuleBacktestRecord) {
  return {
    backtest_token: b.token,
    simulation_parameters: simulationParameters(b),
    status: 'SUCCESS',
    created: b.created.toISOString(),
  };
}

export function toBacktestResults(b: AuthRuleBacktestRecord) {
  return { backtest_token: b.token, simulation_parameters: simulationParameters(b), results: b.results };
}

/**
 * The spec's performance-report-v2: per UTC day and rule version, how often each action came out
 * (`NO_ACTION` when the rule let the event through), with up to 5 examples each.
 */
export function toPerformanceReport(
  rule: AuthRuleRecord,
  versionStates: Map<number, string>,
  begin: string,
  end: string,
  results: AuthRuleResultRecord[],
) {
  const days = new Map<string, Map<number, { action_counts: Record<string, number>; examples: object[] }>>();
  for (const r of results) {
    const day = r.created.toISOString().slice(0, 10);
    const versions = days.get(day) ?? new Map();
    days.set(day, versions);
    const stats = versions.get(r.rule_version) ?? { action_counts: {}, examples: [] };
    versions.set(r.rule_version, stats);
    const types = r.actions.length
      ? r.actions.map((a) => String((a as { type: string }).type))
      : ['NO_ACTION'];
    for (const type of types) stats.action_counts[type] = (stats.action_counts[type] ?? 0) + 1;
    if (stats.examples.length < 5)
      stats.examples.push({
        event_token: r.event_token,
        transaction_token: r.transaction_token,
        timestamp: r.created.toISOString(),
        actions: r.actions,
      });
  }
  return {
    auth_rule_token: rule.token,
    begin,
    end,
    daily_statistics: [...days].map(([date, versions]) => ({
      date,
      versions: [...versions].map(([version, stats]) => ({
        version,
        state: versionStates.get(version) ?? 'INACTIVE',
        ...stats,
      })),
    })),
  };
}
