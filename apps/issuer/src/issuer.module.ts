import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#http';
import { AccountsController } from './accounts/accounts.controller.js';
import { AccountsService } from './accounts/accounts.service.js';
import { CardNumberSource } from './cards/card-numbers.js';
import { CardsController } from './cards/cards.controller.js';
import { CardsService } from './cards/cards.service.js';

/** The issuer: accounts and cards. */
@Module({
  imports: [HttpCoreModule],
  controllers: [CardsController, AccountsController],
  providers: [CardsService, AccountsService, CardNumberSource],
  exports: [CardsService],
})
export class IssuerModule {}
