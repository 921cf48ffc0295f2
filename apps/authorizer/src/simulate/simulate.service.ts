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
  reverseReturn,
  settlesAtOnce,
  usageWindows,
  voidHold,
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
  async authorize(account: AuthenticatedAccount, input: AuthorizeDto): Promise<AuthorizationOutcome> {
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
      this.withEvents(this.recordOf(card, input, charge, decision, now, deadline), card, now);

    let transaction: AuthorizationRecord;
    if (!dependsOnOtherApprovals(found.card, found.account, status)) {
      const decision = decide({ ...found.card, cvv: cvvOf(found) }, found.account, charge, NO_USAGE, now);
      transaction = record(found, decision);
      await this.authorizations.record(transaction);
    } else {
      transaction = await this.authorizations.withLockedCard(
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
  async return(account: AuthenticatedAccount, input: MerchantMessageDto): Promise<string> {
    return this.postWithoutDecision(account, input, 'RETURN', 'CREDIT', true);
  }

  /** A credit the network already approved: it holds until cleared. */
  async creditAuthorizationAdvice(account: AuthenticatedAccount, input: MerchantMessageDto): Promise<string> {
    return this.postWithoutDecision(account, input, 'CREDIT_AUTHORIZATION_ADVICE', 'CREDIT', false);
  }

  clearing(account: AuthenticatedAccount, token: string, amount?: number): Promise<TransactionEntity> {
    return this.transition(account, token, (t) => clear(t, amount));
  }

  void(account: AuthenticatedAccount, input: VoidDto): Promise<TransactionEntity> {
    return this.transition(account, input.token, (t) =>
      voidHold(t, input.type ?? 'AUTHORIZATION_REVERSAL', input.amount),
    );
  }

  authorizationAdvice(
    account: AuthenticatedAccount,
    token: string,
    amount: number,
  ): Promise<TransactionEntity> {
    return this.transition(account, token, (t) => adviseAmount(t, amount));
  }

  returnReversal(account: AuthenticatedAccount, token: string): Promise<TransactionEntity> {
    return this.transition(account, token, (t) => reverseReturn(t));
  }

  private async transition(
    account: AuthenticatedAccount,
    token: string,
    next: (state: TransactionState) => Transition,
  ): Promise<TransactionEntity> {
    const updated = await this.transactions.transition(
      account.token,
      token,
      this.clock.now(account),
      (t) => next(toState(t)),
      toTransactionResponse,
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
  ): Promise<string> {
    const card = await this.findCard(account, input.pan);
    const now = this.clock.now(account);
    const record = this.recordOf(
      card,
      input,
      { status: 'AUTHORIZATION', amount: input.amount, descriptor: input.descriptor },
      null,
      now,
    );
    Object.assign(record.transaction, {
      status: settled ? 'SETTLED' : 'PENDING',
      polarity,
      pendingAmount: settled ? 0 : input.amount,
      settledAmount: settled ? input.amount : 0,
    });
    record.event.type = eventType;
    await this.authorizations.record(this.withEvents(record, card, now));
    return record.transaction.token;
  }

  /** The events an authorization writes with itself: the transaction, and the card if it changed. */
  private withEvents(
    record: Omit<AuthorizationRecord, 'events'>,
    card: ChargeableCard,
    now: Date,
  ): AuthorizationRecord {
    const { accountToken } = record.transaction;
    const events = [
      outboxEvent(
        accountToken,
        'card_transaction.updated',
        toTransactionResponse(recordedTransaction(record)),
        now,
      ),
    ];
    if (record.cardChange && card.entity) {
      const { state, consumed, lockedMerchant } = record.cardChange;
      const after = Object.assign(new CardEntity(), card.entity, {
        state,
        consumed,
        locked_merchant: lockedMerchant,
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
      },
      event: {
        token: randomUUID(),
        type: charge.status,
        detailedResult: decision && !decision.approved ? decision.detailedResult : 'APPROVED',
        rule: decision && !decision.approved ? decision.rule : null,
        explanation: decision && !decision.approved ? decision.explanation : null,
      },
      cardChange:
        decision?.approved && (decision.closeCard || decision.lockMerchant)
          ? {
              state: decision.closeCard ? 'CLOSED' : card.card.state,
              consumed: decision.closeCard || card.card.consumed,
              lockedMerchant: decision.lockMerchant ?? card.card.lockedMerchant,
            }
          : null,
    };
  }
}
