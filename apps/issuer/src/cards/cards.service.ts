import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  available,
  cardWindowStart,
  defaultExpiry,
  DomainError,
  generatePan,
  lastFour,
  newCardLifecycle,
  transition,
  validateExpiry,
  type CardLifecycle,
  type CardState,
} from '#domain';
import {
  Clock,
  Environment,
  pageRequest,
  SANDBOX_CARD_PROGRAM,
  toCardResponse,
  toCardUpdatedPayload,
} from '#http';
import {
  CardEntity,
  CardsRepository,
  CardVault,
  outboxEvent,
  TransactionsRepository,
  type AuthenticatedAccount,
  type CardPatch,
  type Page,
} from '#persistence';
import { CardNumberSource } from './card-numbers.js';
import type { CreateCardDto, ListCardsQueryDto, UpdateCardDto } from './card-dtos.js';

/** A card with its PAN in clear, for the responses that reveal it. */
export interface RevealedCard {
  card: CardEntity;
  pan: string;
}

/** Collisions are rare (one in 10^9 per card at BIN length 6); a few draws always suffice. */
const MAX_PAN_DRAWS = 10;

@Injectable()
export class CardsService {
  private readonly bin: string;

  constructor(
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CardNumberSource) private readonly numbers: CardNumberSource,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(Environment) env: Environment,
  ) {
    this.bin = env.SANDBOX_BIN;
  }

  async create(account: AuthenticatedAccount, input: CreateCardDto, claim?: string): Promise<RevealedCard> {
    // A retry of a request that crashed after committing its card answers with that card.
    const earlier = claim && (await this.cards.findByIdempotencyClaim(account.token, claim));
    if (earlier) return this.reveal(earlier);
    if (input.type === 'PHYSICAL') {
      throw new DomainError(
        'VALIDATION',
        'type: PHYSICAL cards are not simulated; use VIRTUAL, SINGLE_USE or MERCHANT_LOCKED',
      );
    }
    if (input.account_token && input.account_token !== account.token) {
      throw new DomainError('NOT_FOUND', `account_token: account ${input.account_token} not found`);
    }
    if (input.card_program_token && input.card_program_token !== SANDBOX_CARD_PROGRAM) {
      throw new DomainError(
        'VALIDATION',
        `card_program_token: the sandbox has one card program, ${SANDBOX_CARD_PROGRAM}`,
      );
    }
    const now = this.clock.now(account);
    if ((input.exp_month === undefined) !== (input.exp_year === undefined)) {
      throw new DomainError('VALIDATION', 'exp_month and exp_year must be given together');
    }
    const expiry =
      input.exp_month && input.exp_year
        ? { expMonth: input.exp_month, expYear: input.exp_year }
        : defaultExpiry(now);
    validateExpiry(expiry.expMonth, expiry.expYear, now);

    for (let draw = 0; draw < MAX_PAN_DRAWS; draw++) {
      const pan = generatePan(this.bin, (n) => this.numbers.digits(n));
      const lifecycle = newCardLifecycle(input.type, input.state ?? 'OPEN');
      const card = Object.assign(new CardEntity(), {
        token: randomUUID(),
        account_token: account.token,
        type: input.type,
        state: lifecycle.state,
        memo: input.memo ?? '',
        spend_limit: input.spend_limit ?? 0,
        spend_limit_duration: input.spend_limit_duration ?? 'TRANSACTION',
        pan_encrypted: this.vault.seal('pan', pan),
        pan_hash: this.vault.panLookupHash(pan),
        last_four: lastFour(pan),
        exp_month: expiry.expMonth,
        exp_year: expiry.expYear,
        locked_merchant: '',
        consumed: lifecycle.consumed,
        closed_by: lifecycle.closedBy,
        idempotency_claim: claim ?? null,
        created: now,
        updated: now,
      });
      const payload = { ...toCardResponse(card, this.vault, false), card_token: card.token };
      const created = outboxEvent(account.token, 'card.created', payload, now);
      if (await this.cards.insert(card, [created])) return { card, pan };
      // Not inserted: its PAN collided, or a retry of this request raced its earlier run.
      const raced = claim && (await this.cards.findByIdempotencyClaim(account.token, claim));
      if (raced) return this.reveal(raced);
    }
    throw new Error(`Could not draw an unused PAN in BIN ${this.bin} after ${MAX_PAN_DRAWS} tries`);
  }

  list(account: AuthenticatedAccount, query: ListCardsQueryDto): Promise<Page<CardEntity>> {
    if (query.account_token && query.account_token !== account.token) {
      return Promise.resolve({ data: [], hasMore: false });
    }
    return this.cards.list(account.token, { state: query.state, memo: query.memo }, pageRequest(query));
  }

  async get(account: AuthenticatedAccount, token: string): Promise<RevealedCard> {
    const card = await this.cards.findOne(account.token, token);
    if (!card) throw notFound(token);
    return this.reveal(card);
  }

  async update(account: AuthenticatedAccount, token: string, input: UpdateCardDto): Promise<RevealedCard> {
    const patch: CardPatch = {};
    if (input.memo !== undefined) patch.memo = input.memo;
    if (input.spend_limit !== undefined) patch.spend_limit = input.spend_limit;
    if (input.spend_limit_duration !== undefined) patch.spend_limit_duration = input.spend_limit_duration;
    const state: CardState | undefined = input.state;
    const now = this.clock.now(account);
    const result = await this.cards.update(
      account.token,
      token,
      (current) => {
        if (state === undefined) return patch;
        const decided = transition(lifecycleOf(current), { type: 'SET_STATE', state });
        if (!decided.allowed) throw new DomainError('STATE_CONFLICT', decided.reason);
        return { ...patch, state: decided.card.state, closed_by: decided.card.closedBy };
      },
      now,
      (before, after) => {
        const payload = toCardUpdatedPayload(before, after, this.vault);
        return payload ? [outboxEvent(account.token, 'card.updated', payload, now)] : [];
      },
    );
    if (!result) throw notFound(token);
    return this.reveal(result.after);
  }

  async searchByPan(account: AuthenticatedAccount, pan: string): Promise<RevealedCard> {
    const card = await this.cards.findByPanHash(account.token, this.vault.panLookupHash(pan));
    if (!card) throw new DomainError('NOT_FOUND', 'No card with this PAN');
    return { card, pan };
  }

  /** Limit, spend velocity and what is left, per trailing window (Lithic's CardSpendLimits). */
  async spendLimits(account: AuthenticatedAccount, token: string) {
    const card = await this.cards.findOne(account.token, token);
    if (!card) throw notFound(token);
    const now = this.clock.now(account);
    const windows = { monthly: 'MONTHLY', annually: 'ANNUALLY', forever: 'FOREVER' } as const;
    const velocity = Object.fromEntries(
      await Promise.all(
        Object.entries(windows).map(async ([key, duration]) => [
          key,
          await this.transactions.usage({ cardToken: token }, cardWindowStart(duration, now)!),
        ]),
      ),
    ) as Record<keyof typeof windows, number>;
    const limitFor = (key: keyof typeof windows) =>
      card.spend_limit_duration === windows[key] && card.spend_limit > 0 ? card.spend_limit : null;
    const keys = Object.keys(windows) as (keyof typeof windows)[];
    return {
      spend_limit: Object.fromEntries(keys.filter((k) => limitFor(k)).map((k) => [k, limitFor(k)])),
      spend_velocity: velocity,
      available_spend_limit: Object.fromEntries(
        keys.filter((k) => limitFor(k)).map((k) => [k, available(limitFor(k), velocity[k])]),
      ),
    };
  }

  private reveal(card: CardEntity): RevealedCard {
    return { card, pan: this.vault.open('pan', card.pan_encrypted) };
  }
}

function lifecycleOf(card: CardEntity): CardLifecycle {
  return {
    type: card.type,
    state: card.state,
    consumed: card.consumed,
    closedBy: card.closed_by,
    lockedMerchant: card.locked_merchant,
  };
}

function notFound(token: string): DomainError {
  return new DomainError('NOT_FOUND', `Card ${token} not found`);
}
