import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  generatePan,
  type ApiFlavour,
  lastFour,
  newCardLifecycle,
  requestedExpiry,
} from '#domain';
import { Clock, Environment } from '#platform';
import { SANDBOX_CARD_PROGRAM, toCardCreatedPayload } from '#lithic-wire';
import {
  CardEntity,
  CardsRepository,
  CardVault,
  hashPin,
  outboxEvent,
  TokenSource,
  UnitOfWork,
  writeOutbox,
  type AuthenticatedAccount,
} from '#persistence';
import { CardNumberSource } from './card-numbers.js';
import { fulfilmentOf } from './fulfil-cards.use-case.js';
import type { CreateCardDto } from './cards.dtos.js';
import type { RevealedCard } from './find-cards.use-case.js';

/** Which API asks for the card, and (Privacy's) the funding source it draws on; null is the default. */
export interface CardOrigin {
  api: ApiFlavour;
  fundingToken: string | null;
}
const LITHIC_ORIGIN: CardOrigin = { api: 'LITHIC', fundingToken: null };

/** Collisions are rare (one in 10^9 per card at BIN length 6); a few draws always suffice. */
const MAX_PAN_DRAWS = 10;

/** Issues a card: its PAN drawn in the sandbox's BIN, the card and its card.created event in one transaction. */
@Injectable()
export class CreateCard {
  private readonly bin: string;

  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CardNumberSource) private readonly numbers: CardNumberSource,
    @Inject(TokenSource) private readonly tokens: TokenSource,
    @Inject(Environment) env: Environment,
  ) {
    this.bin = env.SANDBOX_BIN;
  }

  async execute(
    account: AuthenticatedAccount,
    input: CreateCardDto,
    claim?: string,
    origin: CardOrigin = LITHIC_ORIGIN,
  ): Promise<RevealedCard> {
    // A retry of a request that crashed after committing its card answers with that card.
    const earlier = claim && (await this.cards.findByIdempotencyClaim(account.token, claim));
    if (earlier) return this.reveal(earlier);
    // Not 404: Lithic's spec lists none for this operation; the field is named instead.
    if (input.account_token && input.account_token !== account.token) {
      throw new DomainError('VALIDATION', `account_token: account ${input.account_token} not found`);
    }
    if (input.type === 'PHYSICAL' && !input.shipping_address) {
      throw new DomainError('VALIDATION', 'shipping_address: required for a PHYSICAL card');
    }
    await this.checkReplacement(account, input);
    const pinHash = input.pin === undefined ? null : await hashPin(Buffer.from(input.pin, 'base64'));
    if (input.card_program_token && input.card_program_token !== SANDBOX_CARD_PROGRAM) {
      throw new DomainError(
        'VALIDATION',
        `card_program_token: the sandbox has one card program, ${SANDBOX_CARD_PROGRAM}`,
      );
    }
    const now = this.clock.now(account);
    const expiry = requestedExpiry(input.exp_month, input.exp_year, now);
    const lifecycle = newCardLifecycle(input.type, input.state ?? 'OPEN');

    for (let draw = 0; draw < MAX_PAN_DRAWS; draw++) {
      const pan = generatePan(this.bin, (n) => this.numbers.digits(n));
      const card = Object.assign(new CardEntity(), {
        token: this.tokens.uuid(),
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
        substatus: null,
        comment: null,
        reissues: lifecycle.reissues,
        pin_hash: pinHash,
        digital_card_art_token: input.digital_card_art_token ?? null,
        network_program_token: null,
        product_id: input.product_id ?? null,
        replacement_for: input.replacement_for ?? null,
        bulk_order_token: input.bulk_order_token ?? null,
        api: origin.api,
        funding_token: origin.fundingToken,
        fulfilment: fulfilmentOf(null, input, {
          replacement_account_token: input.replacement_account_token,
          replacement_comment: input.replacement_comment,
          replacement_substatus: input.replacement_substatus,
        }),
        idempotency_claim: claim ?? null,
        created: now,
        updated: now,
      });
      const payload = toCardCreatedPayload(card, this.vault);
      const created = outboxEvent(this.tokens, account.token, 'card.created', payload, now);
      const inserted = await this.db.transaction(async (tx) => {
        if (!(await this.cards.insert(tx, card))) return false;
        await writeOutbox(tx, [created]);
        return true;
      });
      if (inserted) return { card, pan };
      // Not inserted: its PAN collided, or a retry of this request raced its earlier run.
      const raced = claim && (await this.cards.findByIdempotencyClaim(account.token, claim));
      if (raced) return this.reveal(raced);
    }
    throw new Error(`Could not draw an unused PAN in BIN ${this.bin} after ${MAX_PAN_DRAWS} tries`);
  }

  /** The card replaced must be one of the caller's; a replacement's account must be the caller's too. */
  private async checkReplacement(account: AuthenticatedAccount, input: CreateCardDto): Promise<void> {
    if (input.replacement_account_token !== undefined) {
      if (input.replacement_for === undefined) {
        throw new DomainError('VALIDATION', 'replacement_account_token: requires replacement_for');
      }
      if (input.replacement_account_token !== account.token) {
        throw new DomainError(
          'VALIDATION',
          `replacement_account_token: account ${input.replacement_account_token} not found`,
        );
      }
    }
    if (
      input.replacement_for !== undefined &&
      !(await this.cards.findOne(account.token, input.replacement_for))
    ) {
      throw new DomainError('VALIDATION', `replacement_for: card ${input.replacement_for} not found`);
    }
  }

  private reveal(card: CardEntity): RevealedCard {
    return { card, pan: this.vault.open('pan', card.pan_encrypted) };
  }
}
