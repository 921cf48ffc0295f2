import { Inject, Injectable } from '@nestjs/common';
import { appleEncryptionInputs, assertProvisionable, DomainError } from '#domain';
import { Clock } from '#platform';
import { toProvisionResponse, toWebProvisionResponse } from '#lithic-wire';
import { CardsRepository, type AuthenticatedAccount, type CardEntity } from '#persistence';
import type { ProvisionCardDto, WebProvisionCardDto } from './provisioning.dtos.js';

/**
 * Adding a card to a digital wallet, simulated: in an app (`provision`) or from a web page
 * (`web_provision`). Nothing is stored; the payload is derived from the card and the request.
 */
@Injectable()
export class ProvisionCard {
  constructor(
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async inApp(account: AuthenticatedAccount, token: string, input: ProvisionCardDto) {
    const encrypted = input.digital_wallet === 'APPLE_PAY' && appleEncryptionInputs(input);
    return toProvisionResponse(await this.provisionable(account, token), input, encrypted);
  }

  async onWeb(account: AuthenticatedAccount, token: string, input: WebProvisionCardDto) {
    return toWebProvisionResponse(await this.provisionable(account, token), input);
  }

  private async provisionable(account: AuthenticatedAccount, token: string): Promise<CardEntity> {
    const card = await this.cards.findOne(account.token, token);
    if (!card) throw new DomainError('NOT_FOUND', `Card ${token} not found`);
    assertProvisionable(
      { state: card.state, expMonth: card.exp_month, expYear: card.exp_year },
      this.clock.now(account),
    );
    return card;
  }
}
