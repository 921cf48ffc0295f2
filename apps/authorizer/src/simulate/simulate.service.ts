import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  adviseAmount,
  clear,
  decide,
  dependsOnOtherApprovals,
  DomainError,
  hasAccountLimits,
  lastFour,
  networkForBin,
  polarityOf,
  responderFailed,
  reverseReturn,
  settlesAtOnce,
  transition,
  usageWindows,
  voidHold,
  type CardEvent,
  type TransactionMessage,
  type Charge,
  type Decision,
  type Polarity,
  type Transition,
  type TransactionState,
  type ResponderDecision,
  type Usage,
} from '#domain';
import {
  Clock,
  Environment,
  newWebhookSecret,
  toAsaRequest,
  toCardUpdatedPayload,
  toTransactionResponse,
} from '#http';
import {
  AuthorizationsRepository,
  CardEntity,
  isClaimConflict,
  RespondersRepository,
  CardVault,
  outboxEvent,
  recordedTransaction,
  toState,
  TransactionsRepository,
  type AuthenticatedAccount,
  type AuthorizationRecord,
  type ChargeableCard,
  type TransactionEntity,
} from '#persistence';
import { ResponderClient } from '../responder/responder.client.js';
import type { AuthorizeDto, MerchantMessageDto, VoidDto } from './simulate-dtos.js';

export type AuthorizationOutcome =
  { approved: true; token: string } | { approved: false; token: string; explanation: string };

/** A reservation outlives the responder's timeout by this much before the sweeper settles it. */
const RESERVATION_MARGIN_MS = 5_000;

const NO_USAGE: Usage = { card: 0, accountDaily: 0, accountMonthly: 0, accountLifetime: 0 };

@Injectable()
export class SimulateService {
  constructor(
    @Inject(AuthorizationsRepository) private readonly authorizations: AuthorizationsRepository,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RespondersRepository) private readonly responders: RespondersRepository,
    @Inject(ResponderClient) private readonly responder: ResponderClient,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  /**
   * The hot path. A charge whose decision cannot be changed by another approval (a plain virtual
   * card) is decided from one unlocked read and recorded in one statement. Single-use, merchant
   * locks and windowed limits are decided with the card row locked, so any number of processes
   * approve a single-use card once and never exceed a limit.
   */
  async authorize(
    account: AuthenticatedAccount,
    input: AuthorizeDto,
    claim?: string,
  ): Promise<AuthorizationOutcome> {
    // A retry of a request that crashed after committing its charge answers from that charge.
    const earlier = claim && (await this.replayCharge(account, claim));
    if (earlier) return earlier;
    try {
      return await this.authorizeOnce(account, input, claim ?? null);
    } catch (error) {
      const raced = claim && isClaimConflict(error) && (await this.replayCharge(account, claim));
      if (raced) return raced;
      throw error;
    }
  }

  private async authorizeOnce(
    account: AuthenticatedAccount,
    input: AuthorizeDto,
    claim: string | null,
  ): Promise<AuthorizationOutcome> {
    const status = input.status ?? 'AUTHORIZATION';
    if (status === 'BALANCE_INQUIRY' && input.amount !== 0) {
      throw new DomainError('VALIDATION', 'amount must be 0 for a BALANCE_INQUIRY');
    }
    const found = await this.findCard(account, input.pan);
    const now = this.clock.now(account);
    const charge: Charge = {
      status,
      amount: input.amount,
      descriptor: input.descriptor,
      merchantAcceptorId: input.merchant_acceptor_id,
      cvv: input.cvv,
      expMonth: input.exp_month,
      expYear: input.exp_year,
    };
    // CVVs are derived on demand, and only when the charge brings one to compare.
    const cvvOf = (card: ChargeableCard) =>
      input.cvv ? this.vault.cvv(input.pan, card.card.expMonth, card.card.expYear) : '';
    // With a responder enrolled, an approval by the sandbox's rules is a reservation until it answers.
    const deadline = found.responder
      ? new Date(Date.now() + this.env.ASA_TIMEOUT_MS + RESERVATION_MARGIN_MS)
      : null;
    const record = (card: ChargeableCard, decision: Decision) =>
      this.withEvents(this.recordOf(card, input, charge, decision, now, deadline, claim), card, now);

    let transaction: AuthorizationRecord;
    if (!dependsOnOtherApprovals(found.card, found.account, status)) {
      const decision = decide({ ...found.card, cvv: cvvOf(found) }, found.account, charge, NO_USAGE, now);
      transaction = record(found, decision);
      await this.authorizations.record(transaction);
    } else {
      transaction = await this.authorizations.withLockedCard(
        account.token,
        found.token,
        hasAccountLimits(found.account),
        async (card, usage, write) => {
          const used = await usage(usageWindows(card.card, card.account, now));
          const written = record(
            card,
            decide({ ...card.card, cvv: cvvOf(card) }, card.account, charge, used, now),
          );
          await write(written);
          return written;
        },
      );
    }
    if (transaction.transaction.responderDeadline && found.responder) {
      return this.askResponder(account, transaction, found, found.responder.url, input.pan, now);
    }
    const { token, result } = transaction.transaction;
    return result === 'APPROVED'
      ? { approved: true, token }
      : { approved: false, token, explanation: transaction.event.explanation ?? 'Declined' };
  }

  /**
   * The outcome of the charge an earlier run of this request (same Idempotency-Key claim) committed,
   * or null if it committed none. A reservation its dead run left waiting is settled with the
   * fallback once its deadline passed, as the sweeper would; before that it is still in progress.
   */
  private async replayCharge(
    account: AuthenticatedAccount,
    claim: string,
  ): Promise<AuthorizationOutcome | null> {
    let found = await this.authorizations.findByIdempotencyClaim(account.token, claim);
    if (!found) return null;
    const deadline = found.transaction.responder_deadline;
    if (deadline) {
      if (deadline.getTime() > Date.now()) {
        throw new DomainError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still waiting for the responder',
        );
      }
      await this.settle(found.transaction.token, this.fallback(), this.clock.now(account));
      found = (await this.authorizations.findByIdempotencyClaim(account.token, claim))!;
    }
    const { token, status } = found.transaction;
    return status === 'DECLINED'
      ? { approved: false, token, explanation: found.events[0]?.explanation ?? 'Declined' }
      : { approved: true, token };
  }

  /** What a responder that never answered means: ASA_FALLBACK. */
  fallback(): ResponderDecision {
    return responderFailed(
      'TIMEOUT',
      this.env.ASA_FALLBACK,
      'the sandbox stopped before the responder answered',
    );
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
    const sealed = card.responder?.secretSealed;
    const secret = sealed
      ? this.responders.open(sealed)
      : await this.responders.secret(account.token, newWebhookSecret);
    const decision = await this.responder.ask(url, secret, reservation.event.token, request, account.token);
    const settled = await this.settle(token, decision, now);
    return settled?.status === 'DECLINED'
      ? { approved: false, token, explanation: decision.approved ? 'Declined' : decision.explanation }
      : { approved: true, token };
  }

  /** Settles a reservation and writes its events: the transaction, and the card if it was given back. */
  settle(token: string, decision: ResponderDecision, now: Date) {
    return this.authorizations.settleReservation(token, decision, now, (settled, card) => {
      const { account_token: accountToken } = settled.transaction;
      const events = [
        outboxEvent(accountToken, 'card_transaction.updated', toTransactionResponse(settled), now),
      ];
      const payload = card && toCardUpdatedPayload(card.before, card.after, this.vault);
      if (payload) events.push(outboxEvent(accountToken, 'card.updated', payload, now));
      return events;
    });
  }

  /** A merchant's refund: a settled credit that posts whatever the card's state. */
  async return(account: AuthenticatedAccount, input: MerchantMessageDto, claim?: string): Promise<string> {
    return this.postWithoutDecision(account, input, 'RETURN', 'CREDIT', true, claim);
  }

  /** A credit the network already approved: it holds until cleared. */
  async creditAuthorizationAdvice(
    account: AuthenticatedAccount,
    input: MerchantMessageDto,
    claim?: string,
  ): Promise<string> {
    return this.postWithoutDecision(account, input, 'CREDIT_AUTHORIZATION_ADVICE', 'CREDIT', false, claim);
  }

  clearing(
    account: AuthenticatedAccount,
    token: string,
    amount?: number,
    claim?: string,
  ): Promise<TransactionEntity> {
    return this.transition(account, token, (t) => clear(t, amount), claim);
  }

  void(account: AuthenticatedAccount, input: VoidDto, claim?: string): Promise<TransactionEntity> {
    return this.transition(
      account,
      input.token,
      (t) => voidHold(t, input.type ?? 'AUTHORIZATION_REVERSAL', input.amount),
      claim,
    );
  }

  authorizationAdvice(
    account: AuthenticatedAccount,
    token: string,
    amount: number,
    claim?: string,
  ): Promise<TransactionEntity> {
    return this.transition(account, token, (t) => adviseAmount(t, amount), claim);
  }

  returnReversal(account: AuthenticatedAccount, token: string, claim?: string): Promise<TransactionEntity> {
    return this.transition(account, token, (t) => reverseReturn(t), claim);
  }

  private async transition(
    account: AuthenticatedAccount,
    token: string,
    next: (state: TransactionState) => Transition,
    claim?: string,
  ): Promise<TransactionEntity> {
    const updated = await this.transactions.transition(
      account.token,
      token,
      this.clock.now(account),
      (t) => next(toState(t)),
      toTransactionResponse,
      claim,
    );
    if (!updated) throw new DomainError('NOT_FOUND', `Transaction ${token} not found`);
    return updated;
  }

  private async postWithoutDecision(
    account: AuthenticatedAccount,
    input: MerchantMessageDto,
    eventType: 'RETURN' | 'CREDIT_AUTHORIZATION_ADVICE',
    polarity: Polarity,
    settled: boolean,
    claim?: string,
  ): Promise<string> {
    const earlier = claim && (await this.authorizations.findByIdempotencyClaim(account.token, claim));
    if (earlier) return earlier.transaction.token;
    const card = await this.findCard(account, input.pan);
    const now = this.clock.now(account);
    const record = this.recordOf(
      card,
      input,
      { status: 'AUTHORIZATION', amount: input.amount, descriptor: input.descriptor },
      null,
      now,
      null,
      claim ?? null,
    );
    Object.assign(record.transaction, {
      status: settled ? 'SETTLED' : 'PENDING',
      polarity,
      pendingAmount: settled ? 0 : input.amount,
      settledAmount: settled ? input.amount : 0,
    });
    record.event.type = eventType;
    record.cardChange = cardChangeOf(card, record.transaction.token, eventType);
    try {
      await this.authorizations.record(this.withEvents(record, card, now));
    } catch (error) {
      const raced = claim && isClaimConflict(error);
      const found = raced && (await this.authorizations.findByIdempotencyClaim(account.token, claim));
      if (found) return found.transaction.token;
      throw error;
    }
    return record.transaction.token;
  }

  /** The events an authorization writes with itself: the transaction, and the card if it changed. */
  private withEvents(
    record: Omit<AuthorizationRecord, 'events'>,
    card: ChargeableCard,
    now: Date,
  ): AuthorizationRecord {
    const { accountToken, responderDeadline } = record.transaction;
    // A reservation is not a decision yet: its event is written when the responder settles it.
    const events = responderDeadline
      ? []
      : [
          outboxEvent(
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
      const payload = toCardUpdatedPayload(card.entity, after, this.vault);
      if (payload) events.push(outboxEvent(accountToken, 'card.updated', payload, now));
    }
    return { ...record, events };
  }

  private async findCard(account: AuthenticatedAccount, pan: string): Promise<ChargeableCard> {
    const card = await this.authorizations.findByPanHash(account.token, this.vault.panLookupHash(pan));
    // Unknown PANs are bad input here (a 400, and no transaction), as Lithic's simulator answers.
    if (!card) throw new DomainError('VALIDATION', 'pan: no card of this account has this PAN');
    return card;
  }

  private recordOf(
    card: ChargeableCard,
    input: MerchantMessageDto &
      Partial<Pick<AuthorizeDto, 'merchant_amount' | 'merchant_currency' | 'partial_approval_capable'>>,
    charge: Charge,
    decision: Decision | null,
    now: Date,
    responderDeadline: Date | null = null,
    idempotencyClaim: string | null = null,
  ): Omit<AuthorizationRecord, 'events'> {
    const approved = decision === null || decision.approved;
    const atOnce = settlesAtOnce(charge.status);
    const token = randomUUID();
    return {
      transaction: {
        token,
        accountToken: card.accountToken,
        cardToken: card.token,
        status: !approved ? 'DECLINED' : atOnce ? 'SETTLED' : 'PENDING',
        result: decision && !decision.approved ? decision.result : 'APPROVED',
        polarity: polarityOf(charge.status),
        amount: input.amount,
        pendingAmount: approved && !atOnce ? input.amount : 0,
        settledAmount: approved && atOnce ? input.amount : 0,
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
        responderDeadline: approved && decision !== null ? responderDeadline : null,
        idempotencyClaim,
      },
      event: {
        token: randomUUID(),
        type: charge.status,
        detailedResult: decision && !decision.approved ? decision.detailedResult : 'APPROVED',
        rule: decision && !decision.approved ? decision.rule : null,
        explanation: decision && !decision.approved ? decision.explanation : null,
      },
      cardChange: decision ? cardChangeOf(card, token, decision) : null,
    };
  }
}

/** What an approval does to its card (a single-use close, a merchant lock), as the card's state machine decides. */
function cardChangeOf(
  card: ChargeableCard,
  transactionToken: string,
  decision: Decision | TransactionMessage,
): AuthorizationRecord['cardChange'] {
  const event: CardEvent =
    typeof decision === 'string'
      ? { type: 'TRANSACTION_MESSAGE', message: decision }
      : decision.approved
        ? {
            type: 'CHARGE_APPROVED',
            transaction: transactionToken,
            closeCard: decision.closeCard,
            lockMerchant: decision.lockMerchant,
          }
        : { type: 'CHARGE_DECLINED' };
  const decided = transition(card.card, event);
  if (!decided.allowed || !decided.changed) return null;
  const { state, consumed, lockedMerchant, closedBy } = decided.card;
  return { state, consumed, lockedMerchant, closedBy };
}
