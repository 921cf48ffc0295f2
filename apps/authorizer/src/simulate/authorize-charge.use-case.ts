import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  authorizationPosting,
  cardEffect,
  countedAmount,
  counterDeltas,
  decide,
  dependsOnOtherApprovals,
  DomainError,
  hasAccountLimits,
  lastFour,
  needsUsage,
  networkForBin,
  NO_AUTH_RULES,
  pinBlocksFor,
  readsAccountSpend,
  NO_USAGE,
  hasAccountVelocity,
  reservationDeadline,
  reservationState,
  sameWindows,
  usageReads,
  usageWindows,
  validateCharge,
  type Charge,
  creditPosting,
  type AuthorizationStatus,
  type AuthRules,
  type Decision,
  type MerchantCredit,
  type Usage,
  type UsageWindows,
} from '#domain';
import { Clock, Environment } from '#platform';
import { toAsaRequest, toCardUpdatedPayload, toTransactionResponse } from '#lithic-wire';
import {
  AccountsRepository,
  AuthorizationsRepository,
  AuthRulesRepository,
  CardEntity,
  CardVault,
  isClaimConflict,
  outboxEvent,
  pinMatches,
  TokenSource,
  recordedTransaction,
  TransactionsRepository,
  UnitOfWork,
  type AuthenticatedAccount,
  type AuthorizationRecord,
  type ChargeableCard,
  type ChargeableRead,
  type Queryable,
} from '#persistence';
import { covers, ruleResultRows, ruleUsage, withRuleLocks, withRules } from '../auth-rules/charge-rules.js';
import { AuthRuleSets } from '../auth-rules/rule-sets.js';
import { ResponderClient } from '../responders/responder.client.js';
import { ManageResponders } from '../responders/manage-responders.use-case.js';
import type { SimulateAuthorizationDto, SimulateMerchantMessageDto } from './simulate.dtos.js';
import { SettleReservation } from './settle-reservation.use-case.js';

/** Thrown under the locks when a charge reads account counters its account does not keep yet. */
class UncountedAccount extends Error {}

/** The rules a charge runs: the promoted ones, and the drafts in shadow. */
const rulesOf = (card: Pick<ChargeableCard, 'authRules' | 'authRuleDrafts'>) => [
  ...card.authRules,
  ...card.authRuleDrafts,
];

export type AuthorizationOutcome =
  { approved: true; token: string } | { approved: false; token: string; explanation: string };

/**
 * The hot path. A charge whose decision no other approval can change (a plain virtual card) is
 * decided from one unlocked read and recorded in one autocommitted statement. Single-use, merchant
 * locks and windowed limits are decided in one transaction with the account row, then the card
 * row, locked and usage read after the lock, so any number of processes approve a single-use card
 * once and never exceed a limit. With a responder enrolled, an approval is a reservation: the
 * responder is asked after it commits, and its answer settles it in a second, short transaction.
 */
@Injectable()
export class AuthorizeCharge {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AuthorizationsRepository) private readonly authorizations: AuthorizationsRepository,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ManageResponders) private readonly responders: ManageResponders,
    @Inject(ResponderClient) private readonly responder: ResponderClient,
    @Inject(SettleReservation) private readonly settle: SettleReservation,
    @Inject(Environment) private readonly env: Environment,
    @Inject(TokenSource) private readonly tokens: TokenSource,
    @Inject(AuthRulesRepository) private readonly authRules: AuthRulesRepository,
    @Inject(AuthRuleSets) private readonly ruleSets: AuthRuleSets,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
  ) {}

  async execute(
    account: AuthenticatedAccount,
    input: SimulateAuthorizationDto,
    claim?: string,
  ): Promise<AuthorizationOutcome> {
    try {
      return await this.authorize(account, input, claim);
    } catch (error) {
      if (!(error instanceof UncountedAccount)) throw error;
      // Rolled back before it wrote anything: once the account keeps its counters, it runs again whole.
      await this.countAccountSpend(account.token);
      return this.authorize(account, input, claim);
    }
  }

  private async authorize(
    account: AuthenticatedAccount,
    input: SimulateAuthorizationDto,
    claim?: string,
  ): Promise<AuthorizationOutcome> {
    // A retry of a request that crashed after committing its charge answers from that charge.
    const earlier = claim && (await this.replay(account, claim));
    if (earlier) return earlier;
    const charge = chargeOf(input);
    validateCharge(charge);
    const read = await findCard(this.authorizations, this.vault, this.db.autocommit, account, input.pan);
    const found = withRules(read, await this.ruleSets.of(this.db.autocommit, read, 'AUTHORIZATION'));
    // An account keeps its spend counters only once something reads them: the first charge that does
    // has them built first.
    if (!found.accountCountsSpend && readsAccountSpend(found.account, rulesOf(found)))
      await this.countAccountSpend(account.token);
    const now = this.clock.now(account);
    const deadline = found.responder ? reservationDeadline(new Date(), this.env.ASA_TIMEOUT_MS) : null;
    // Hashing is slow on purpose, so the PIN is verified before any lock is taken.
    const pin = await verifyPin(found.pinHash, input.pin);
    const recordOf = (card: ChargeableCard, usage: Usage, rules: AuthRules = NO_AUTH_RULES) =>
      this.withEvents(
        newRecord(
          card,
          input,
          {
            status: charge.status,
            decision: this.decide(card, { ...charge, pin }, usage, now, input.pan, rules),
          },
          now,
          { deadline, claim: claim ?? null, tokens: this.tokens },
        ),
        card,
        now,
      );
    let record: AuthorizationRecord;
    try {
      if (!withRuleLocks(dependsOnOtherApprovals(found.card, found.account, charge.status), found, charge)) {
        // Drafts in shadow read their velocity without a lock: they decide nothing.
        const draftVelocity = await ruleUsage(
          this.authRules,
          this.db.autocommit,
          found,
          now,
          found.authRuleDrafts,
        );
        record = recordOf(found, NO_USAGE, {
          versions: found.authRules,
          velocity: {},
          drafts: found.authRuleDrafts,
          draftVelocity,
        });
        await this.authorizations.record(this.db.autocommit, record);
      } else {
        record = await this.db.transaction(
          async (tx) => {
            const lock =
              hasAccountLimits(found.account) || hasAccountVelocity(found.authRules) ? 'UPDATE' : 'KEY SHARE';
            const usageIn = (windows: UsageWindows) =>
              needsUsage(windows) ? this.authorizations.usage(tx, found, usageReads(windows)) : NO_USAGE;
            // Issued together, run in this order in one round trip: the usage statement starts once
            // the locks are held, so it sees every approval they waited for.
            const expected = usageWindows(found.card, found.account, now);
            const [accountLocked, locked, prefetched, velocity, draftVelocity] = await Promise.all([
              this.authorizations.lockAccount(tx, account.token, lock),
              this.authorizations.lockCard(tx, account.token, found.token),
              usageIn(expected),
              ruleUsage(this.authRules, tx, found, now),
              ruleUsage(this.authRules, tx, found, now, found.authRuleDrafts),
            ]);
            if (!accountLocked)
              throw new DomainError('UNAUTHENTICATED', 'Unknown API key: its account was deleted');
            if (!locked)
              throw new DomainError('NOT_FOUND', 'Card not found: it was deleted while the charge ran');
            // The rules as of the stamp read under the lock (parsed once per change, see AuthRuleSets).
            const card = withRules(locked, await this.ruleSets.of(tx, locked, 'AUTHORIZATION'));
            // A limit or an account-scoped rule added since the first read, on an account that keeps
            // no counters yet: building them locks the account FOR UPDATE, so this charge steps aside.
            if (!card.accountCountsSpend && readsAccountSpend(card.account, rulesOf(card)))
              throw new UncountedAccount();
            // A limit changed between the first read and the lock: read the windows it now has.
            const windows = usageWindows(card.card, card.account, now);
            const usage = sameWindows(windows, expected) ? prefetched : await usageIn(windows);
            // Rules read under the lock; velocity windows of a rule added meanwhile are read now.
            const rules = covers(velocity, card.authRules)
              ? velocity
              : await ruleUsage(this.authRules, tx, card, now);
            const drafts = covers(draftVelocity, card.authRuleDrafts)
              ? draftVelocity
              : await ruleUsage(this.authRules, tx, card, now, card.authRuleDrafts);
            return recordOf(card, usage, {
              versions: card.authRules,
              velocity: rules,
              drafts: card.authRuleDrafts,
              draftVelocity: drafts,
            });
          },
          // Recorded in the round trip that commits.
          (tx, written) => this.authorizations.record(tx, written),
        );
      }
    } catch (error) {
      // A retry of this request raced its earlier run, which recorded the charge first.
      const raced = claim && isClaimConflict(error) && (await this.replay(account, claim));
      if (raced) return raced;
      throw error;
    }
    if (record.transaction.responderDeadline && found.responder)
      return this.askResponder(account, record, found, found.responder.url, input.pan, now);
    const { token, result } = record.transaction;
    return result === 'APPROVED'
      ? { approved: true, token }
      : { approved: false, token, explanation: record.event.explanation ?? 'Declined' };
  }

  /** Makes the account keep its spend counters (built from its transactions), in a transaction of its own. */
  private async countAccountSpend(accountToken: string): Promise<void> {
    const exists = await this.db.transaction((tx) => this.accounts.countSpend(tx, accountToken));
    if (!exists) throw new DomainError('UNAUTHENTICATED', 'Unknown API key: its account was deleted');
  }

  // CVVs are derived on demand, and only when the charge brings one to compare.
  private decide(
    card: ChargeableCard,
    charge: Charge,
    usage: Usage,
    now: Date,
    pan: string,
    rules: AuthRules,
  ): Decision {
    const cvv = charge.cvv ? this.vault.cvv(pan, card.card.expMonth, card.card.expYear) : '';
    return decide({ ...card.card, cvv }, card.account, charge, usage, now, rules);
  }

  /**
   * The outcome of the charge an earlier run of this request (same Idempotency-Key claim)
   * committed, or null if it committed none. A reservation its dead run left waiting is settled
   * with the fallback once its deadline passed, as the sweeper would; before that it is in progress.
   */
  private async replay(account: AuthenticatedAccount, claim: string): Promise<AuthorizationOutcome | null> {
    let found = await this.authorizations.findByIdempotencyClaim(this.db.autocommit, account.token, claim);
    if (!found) return null;
    switch (reservationState(found.responder_deadline, new Date())) {
      case 'WAITING':
        throw new DomainError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still waiting for the responder',
        );
      case 'OVERDUE':
        found =
          (await this.settle.execute(found.token, this.settle.fallback(), this.clock.now(account))) ?? found;
        break;
      case 'DECIDED':
        break;
    }
    const { token, status } = found;
    if (status !== 'DECLINED') return { approved: true, token };
    const [event] = await this.transactions.events(this.db.autocommit, token);
    return { approved: false, token, explanation: event?.explanation ?? 'Declined' };
  }

  /**
   * The reservation is committed; now, outside any transaction, the responder decides, and its
   * answer (or the fallback) settles the reservation in a second, short transaction.
   */
  private async askResponder(
    account: AuthenticatedAccount,
    reservation: AuthorizationRecord,
    card: ChargeableCard,
    url: string,
    pan: string,
    now: Date,
  ): Promise<AuthorizationOutcome> {
    const { token } = reservation.transaction;
    const request = toAsaRequest(
      recordedTransaction(reservation),
      { ...card.card, token: card.token, lastFour: lastFour(pan), memo: card.memo },
      reservation.event.type,
    );
    // The card read joined the account's sealed secret; only a never-read secret needs creating.
    const secret = await this.responders.secret(account.token, card.responder?.secretSealed ?? null);
    const decision = await this.responder.ask(url, secret, reservation.event.token, request, account.token);
    const settled = await this.settle.execute(token, decision, now);
    return settled?.status === 'DECLINED'
      ? { approved: false, token, explanation: decision.approved ? 'Declined' : decision.explanation }
      : { approved: true, token };
  }

  private withEvents(
    record: Omit<AuthorizationRecord, 'events'>,
    card: ChargeableCard,
    now: Date,
  ): AuthorizationRecord {
    return withEvents(record, card, now, this.vault, this.tokens);
  }
}

/**
 * Whether an entered PIN matches the card's stored hash, as one of the blocks it could have been
 * sent as (pinBlocksFor); undefined when none was entered. decide() rules on the answer.
 */
async function verifyPin(pinHash: string | null, pin: string | undefined): Promise<Charge['pin']> {
  if (pin === undefined) return undefined;
  if (pinHash === null) return { matches: false };
  const matches = await Promise.all(
    pinBlocksFor(pin).map((block) => pinMatches(pinHash, Buffer.from(block))),
  );
  return { matches: matches.includes(true) };
}

function chargeOf(input: SimulateAuthorizationDto): Charge {
  return {
    status: input.status ?? 'AUTHORIZATION',
    amount: input.amount,
    descriptor: input.descriptor,
    merchantAcceptorId: input.merchant_acceptor_id,
    mcc: input.mcc,
    merchantCountry: input.merchant_acceptor_country,
    merchantCurrency: input.merchant_currency,
    cvv: input.cvv,
    expMonth: input.exp_month,
    expYear: input.exp_year,
  };
}

/** The account's card with this PAN; an unknown PAN is bad input (a 400, no transaction), as Lithic's simulator answers. */
export async function findCard(
  authorizations: AuthorizationsRepository,
  vault: CardVault,
  db: Queryable,
  account: AuthenticatedAccount,
  pan: string,
): Promise<ChargeableRead> {
  const card = await authorizations.findByPanHash(db, account.token, vault.panLookupHash(pan));
  if (!card) throw new DomainError('VALIDATION', 'pan: no card of this account has this PAN');
  return card;
}

/**
 * The row a decided charge or a merchant message writes: its posting (status and amounts) and
 * what it does to the card, both as the domain decides, with the merchant fields it carries.
 */
export function newRecord(
  card: ChargeableRead,
  input: SimulateMerchantMessageDto &
    Partial<
      Pick<SimulateAuthorizationDto, 'merchant_amount' | 'merchant_currency' | 'partial_approval_capable'>
    >,
  what: { status: AuthorizationStatus; decision: Decision } | { credit: MerchantCredit },
  now: Date,
  options: { deadline: Date | null; claim: string | null; tokens: TokenSource },
): Omit<AuthorizationRecord, 'events'> {
  const token = options.tokens.uuid();
  const decision = 'decision' in what ? what.decision : null;
  const posting =
    'decision' in what
      ? authorizationPosting(what.status, input.amount, what.decision)
      : creditPosting(what.credit, input.amount);
  const cardChange = cardEffect(card.card, token, 'decision' in what ? what.decision : what.credit);
  const declined = decision && !decision.approved ? decision : null;
  return {
    transaction: {
      token,
      accountToken: card.accountToken,
      cardToken: card.token,
      ...posting,
      amount: input.amount,
      merchantAmount: input.merchant_amount ?? input.amount,
      merchantCurrency: input.merchant_currency ?? 'USD',
      descriptor: input.descriptor,
      mcc: input.mcc ?? '5999',
      merchantAcceptorId: input.merchant_acceptor_id ?? '',
      merchantCity: input.merchant_acceptor_city ?? '',
      merchantState: input.merchant_acceptor_state ?? '',
      merchantCountry: input.merchant_acceptor_country ?? 'USA',
      partialApprovalCapable: input.partial_approval_capable ?? false,
      authorizationCode: String(randomInt(1_000_000)).padStart(6, '0'),
      network: networkForBin(input.pan.slice(0, 6)),
      created: now,
      // Only an approval by the sandbox's rules waits for the responder.
      responderDeadline: decision?.approved ? options.deadline : null,
      idempotencyClaim: options.claim,
    },
    event: {
      token: options.tokens.uuid(),
      type: 'decision' in what ? what.status : what.credit,
      detailedResult: declined ? declined.detailedResult : 'APPROVED',
      rule: declined ? declined.rule : null,
      explanation: declined ? declined.explanation : null,
      authRule: declined?.authRule ?? null,
    },
    cardChange: cardChange && {
      state: cardChange.state,
      consumed: cardChange.consumed,
      lockedMerchant: cardChange.lockedMerchant,
      closedBy: cardChange.closedBy,
    },
    counters: counterDeltas(now, 0, countedAmount(posting)),
    ruleResults: decision ? ruleResultRows(decision) : [],
  };
}

/** The events a record writes with itself: the transaction, and the card if it changed. */
export function withEvents(
  record: Omit<AuthorizationRecord, 'events'>,
  card: ChargeableRead,
  now: Date,
  vault: CardVault,
  tokens: TokenSource,
): AuthorizationRecord {
  const { accountToken, responderDeadline } = record.transaction;
  // A reservation is not a decision yet: its event is written when the responder settles it.
  const events = responderDeadline
    ? []
    : [
        outboxEvent(
          tokens,
          accountToken,
          'card_transaction.updated',
          toTransactionResponse(recordedTransaction(record)),
          now,
        ),
      ];
  if (record.cardChange && card.entity) {
    const { state, consumed, lockedMerchant, closedBy } = record.cardChange;
    const after = Object.assign(new CardEntity(), card.entity, {
      state,
      consumed,
      locked_merchant: lockedMerchant,
      closed_by: closedBy,
      updated: now,
    });
    const payload = toCardUpdatedPayload(card.entity, after, vault);
    if (payload) events.push(outboxEvent(tokens, accountToken, 'card.updated', payload, now));
  }
  return { ...record, events };
}
