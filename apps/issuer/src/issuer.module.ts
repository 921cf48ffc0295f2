import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#platform';
import { AccountsController } from './accounts/accounts.controller.js';
import { FindAccounts } from './accounts/find-accounts.use-case.js';
import { UpdateAccount } from './accounts/update-account.use-case.js';
import { BalancesController } from './balances/balances.controller.js';
import { CardBalancesController } from './balances/card-balances.controller.js';
import { FindBalances } from './balances/find-balances.use-case.js';
import { CardNumberSource } from './cards/card-numbers.js';
import { CardsController } from './cards/cards.controller.js';
import { FulfilCards } from './cards/fulfil-cards.use-case.js';
import { CreateCard } from './cards/create-card.use-case.js';
import { EmbedController } from './cards/embed.controller.js';
import { FindCards } from './cards/find-cards.use-case.js';
import { ProvisionCard } from './cards/provision-card.use-case.js';
import { ShowCardEmbed } from './cards/show-card-embed.use-case.js';
import { UpdateCard } from './cards/update-card.use-case.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { EventsController } from './events/events.controller.js';
import { FindEvents } from './events/find-events.use-case.js';
import { ResendEvent } from './events/resend-event.use-case.js';
import { FinancialAccountsController } from './financial-accounts/financial-accounts.controller.js';
import { FindFinancialAccounts } from './financial-accounts/find-financial-accounts.use-case.js';
import { FindFinancialTransactions } from './financial-accounts/find-financial-transactions.use-case.js';
import { FindRequests } from './sandbox/find-requests.use-case.js';
import { InjectFaults } from './sandbox/inject-faults.use-case.js';
import { ManageSandboxAccounts } from './sandbox/manage-sandbox-accounts.use-case.js';
import { RestoreSnapshot } from './sandbox/restore-snapshot.use-case.js';
import { SandboxControlsController } from './sandbox/sandbox-controls.controller.js';
import { SandboxSnapshotsController } from './sandbox/sandbox-snapshots.controller.js';
import { SandboxToolsController } from './sandbox/sandbox-tools.controller.js';
import { TakeSnapshot } from './sandbox/take-snapshot.use-case.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { ChangePrivacyCards } from './privacy/change-privacy-cards.use-case.js';
import { FindPrivacyCards } from './privacy/find-privacy-cards.use-case.js';
import { ManageFundingSources } from './privacy/manage-funding-sources.use-case.js';
import { ManagePrivacyWebhook } from './privacy/manage-privacy-webhook.use-case.js';
import { PrivacyCardsController } from './privacy/privacy-cards.controller.js';
import { PrivacyFundingController } from './privacy/privacy-funding.controller.js';
import { PrivacySandboxController } from './privacy/privacy-sandbox.controller.js';

/** The issuer: accounts and cards, financial accounts and balances, the events API, and the sandbox's accounts, journal and faults. */
@Module({
  imports: [HttpCoreModule, DashboardModule, WebhooksModule],
  controllers: [
    CardsController,
    EmbedController,
    AccountsController,
    EventsController,
    FinancialAccountsController,
    BalancesController,
    CardBalancesController,
    SandboxControlsController,
    SandboxToolsController,
    SandboxSnapshotsController,
    PrivacyCardsController,
    PrivacyFundingController,
    PrivacySandboxController,
  ],
  providers: [
    FindCards,
    CreateCard,
    UpdateCard,
    FulfilCards,
    ProvisionCard,
    ShowCardEmbed,
    FindAccounts,
    UpdateAccount,
    CardNumberSource,
    FindEvents,
    ResendEvent,
    ManageSandboxAccounts,
    FindRequests,
    InjectFaults,
    FindFinancialAccounts,
    FindFinancialTransactions,
    FindBalances,
    TakeSnapshot,
    RestoreSnapshot,
    FindPrivacyCards,
    ChangePrivacyCards,
    ManageFundingSources,
    ManagePrivacyWebhook,
  ],
})
export class IssuerModule {}
