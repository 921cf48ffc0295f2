import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#platform';
import { AccountsController } from './accounts/accounts.controller.js';
import { AccountsService } from './accounts/accounts.service.js';
import { CardNumberSource } from './cards/card-numbers.js';
import { CardsController } from './cards/cards.controller.js';
import { CardsService } from './cards/cards.service.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { SandboxControlsController } from './sandbox/sandbox-controls.controller.js';
import { SandboxControlsService } from './sandbox/sandbox-controls.service.js';
import { SandboxToolsController } from './sandbox/sandbox-tools.controller.js';
import { SandboxToolsService } from './sandbox/sandbox.service.js';
import { CreateCard } from './cards/create-card.use-case.js';
import { UpdateCard } from './cards/update-card.use-case.js';
import { UpdateAccount } from './accounts/update-account.use-case.js';
import { TransactionMessages } from '../../authorizer/src/transactions/transaction-messages.use-case.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** The issuer: accounts and cards. */
@Module({
  imports: [HttpCoreModule, DashboardModule, WebhooksModule],
  controllers: [CardsController, AccountsController, SandboxControlsController, SandboxToolsController],
  providers: [
    CardsService,
    CreateCard,
    UpdateCard,
    AccountsService,
    UpdateAccount,
    CardNumberSource,
    SandboxControlsService,
    SandboxToolsService,
    // The clock's advance expires authorizations as the authorizer's sweeper does.
    TransactionMessages,
  ],
  exports: [CardsService],
})
export class IssuerModule {}
