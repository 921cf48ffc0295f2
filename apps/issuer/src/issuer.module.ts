import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#http';
import { AccountsController } from './accounts/accounts.controller.js';
import { AccountsService } from './accounts/accounts.service.js';
import { CardNumberSource } from './cards/card-numbers.js';
import { CardsController } from './cards/cards.controller.js';
import { CardsService } from './cards/cards.service.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { SandboxControlsController } from './sandbox-controls/sandbox-controls.controller.js';
import { SandboxControlsService } from './sandbox-controls/sandbox-controls.service.js';
import { SandboxToolsController } from './sandbox/sandbox-tools.controller.js';
import { SandboxToolsService } from './sandbox/sandbox.service.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** The issuer: accounts and cards. */
@Module({
  imports: [HttpCoreModule, DashboardModule, WebhooksModule],
  controllers: [CardsController, AccountsController, SandboxControlsController, SandboxToolsController],
  providers: [CardsService, AccountsService, CardNumberSource, SandboxControlsService, SandboxToolsService],
  exports: [CardsService],
})
export class IssuerModule {}
