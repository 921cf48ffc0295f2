import { Inject, Injectable } from '@nestjs/common';
import { RuleSet, type AuthRuleEventStream, type RuleVersion } from '#domain';
import { AuthRulesRepository, type Queryable } from '#persistence';

const NONE = { versions: [], drafts: [] };

/** Accounts whose parsed rules are kept; past it the least recently charged one is dropped. */
const ACCOUNTS_KEPT = 1_000;

/**
 * Each account's promoted auth rules, parsed and indexed by scope, for the `auth_rules_stamp` they
 * were read at. A charge reads the stamp with its card; while it matches, the rules cost nothing to
 * load or parse. Any write to the account's rules changes the stamp (a trigger draws it from a
 * sequence), so every replica picks up a change at its next charge. Stamps are compared for
 * equality only: sequence values are unique, not ordered by commit.
 */
@Injectable()
export class AuthRuleSets {
  private readonly sets = new Map<string, { stamp: string; set: RuleSet }>();

  constructor(@Inject(AuthRulesRepository) private readonly rules: AuthRulesRepository) {}

  /**
   * The rules of `stream` that apply to the card, and the drafts that run in shadow on it, as of
   * the stamp its row was read with or a later one (a rule written since the read). An account that
   * never had a rule has stamp 0 and costs no query.
   */
  async of(
    db: Queryable,
    card: { token: string; accountToken: string; rulesStamp: string },
    stream: AuthRuleEventStream,
  ): Promise<{ versions: RuleVersion[]; drafts: RuleVersion[] }> {
    if (card.rulesStamp === '0') return NONE;
    const cached = this.sets.get(card.accountToken);
    const set = cached?.stamp === card.rulesStamp ? cached.set : await this.load(db, card.accountToken);
    return {
      versions: set.for(stream, card.token, card.accountToken),
      drafts: set.draftsFor(stream, card.token, card.accountToken),
    };
  }

  private async load(db: Queryable, accountToken: string): Promise<RuleSet> {
    const promoted = await this.rules.promoted(db, accountToken);
    if (!promoted) return RuleSet.EMPTY;
    const set = new RuleSet(promoted.rules, promoted.drafts);
    this.sets.delete(accountToken);
    if (this.sets.size >= ACCOUNTS_KEPT) this.sets.delete(this.sets.keys().next().value as string);
    this.sets.set(accountToken, { stamp: promoted.stamp, set });
    return set;
  }
}
