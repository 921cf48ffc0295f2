import type { AuthRuleEventStream, RuleVersion } from './auth-rules.js';

/** A promoted rule version with the scope it was promoted for. */
export interface ScopedRuleVersion extends RuleVersion {
  programLevel: boolean;
  cardTokens: readonly string[];
  accountTokens: readonly string[];
  excludedCardTokens: readonly string[];
  excludedAccountTokens: readonly string[];
}

/** Memoized answers per card, at most this many per index (an account's cards, typically). */
const MEMO_LIMIT = 10_000;

/** Rule versions indexed by the scope they apply to (RuleSet keeps one for each kind). */
class ScopeIndex {
  private readonly byCard = new Map<string, ScopedRuleVersion[]>();
  private readonly byAccount = new Map<string, ScopedRuleVersion[]>();
  private readonly program: ScopedRuleVersion[] = [];
  private readonly order = new Map<ScopedRuleVersion, number>();
  private readonly memo = new Map<string, RuleVersion[]>();

  constructor(rules: readonly ScopedRuleVersion[]) {
    rules.forEach((rule, index) => {
      this.order.set(rule, index);
      if (rule.programLevel) this.program.push(rule);
      for (const card of rule.cardTokens) push(this.byCard, card, rule);
      for (const account of rule.accountTokens) push(this.byAccount, account, rule);
    });
  }

  get size(): number {
    return this.order.size;
  }

  for(stream: AuthRuleEventStream, cardToken: string, accountToken: string): RuleVersion[] {
    if (this.order.size === 0) return [];
    const key = `${stream}:${cardToken}:${accountToken}`;
    const known = this.memo.get(key);
    if (known) return known;
    const lists = [this.byCard.get(cardToken), this.byAccount.get(accountToken), this.program].filter(
      (list): list is ScopedRuleVersion[] => list !== undefined && list.length > 0,
    );
    const candidates =
      lists.length === 1
        ? lists[0]
        : [...new Set(lists.flat())].sort((a, b) => this.index(a) - this.index(b));
    const applying = candidates.filter(
      (rule) =>
        rule.eventStream === stream &&
        !rule.excludedCardTokens.includes(cardToken) &&
        !rule.excludedAccountTokens.includes(accountToken),
    );
    if (this.memo.size < MEMO_LIMIT) this.memo.set(key, applying);
    return applying;
  }

  private index(rule: ScopedRuleVersion): number {
    return this.order.get(rule) ?? 0;
  }
}

/**
 * An account's promoted rules, indexed by scope: which of them apply to a card costs the rules in
 * its scope, not every rule of the account. With them, the draft versions of its active rules,
 * indexed the same way, which run in shadow. Immutable, so it can be shared until the rules change.
 */
export class RuleSet {
  private readonly active: ScopeIndex;
  private readonly shadow: ScopeIndex;

  /** Both lists oldest first: the order rules run in, whatever their scope. */
  constructor(rules: readonly ScopedRuleVersion[], drafts: readonly ScopedRuleVersion[] = []) {
    this.active = new ScopeIndex(rules);
    this.shadow = new ScopeIndex(drafts);
  }

  static readonly EMPTY = new RuleSet([]);

  get size(): number {
    return this.active.size;
  }

  /** The promoted rules of `stream` that apply to the card, oldest first, its exclusions left out. */
  for(stream: AuthRuleEventStream, cardToken: string, accountToken: string): RuleVersion[] {
    return this.active.for(stream, cardToken, accountToken);
  }

  /** The draft versions of `stream` that apply to the card (their rule's scope), oldest first. */
  draftsFor(stream: AuthRuleEventStream, cardToken: string, accountToken: string): RuleVersion[] {
    return this.shadow.for(stream, cardToken, accountToken);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
