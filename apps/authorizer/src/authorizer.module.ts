import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#platform';
import { AuthRulesController } from './auth-rules/auth-rules.controller.js';
import { BacktestAuthRule } from './auth-rules/backtest-auth-rule.use-case.js';
import { FindAuthRules } from './auth-rules/find-auth-rules.use-case.js';
import { ManageAuthRules } from './auth-rules/manage-auth-rules.use-case.js';
import { ReportAuthRule } from './auth-rules/report-auth-rule.use-case.js';
import { ManageResponders } from './responders/manage-responders.use-case.js';
import { ResponderClient } from './responders/responder.client.js';
import { ResponderController } from './responders/responders.controller.js';
import { AdvanceClock } from './sandbox/advance-clock.use-case.js';
import { FindClock } from './sandbox/find-clock.use-case.js';
import { SandboxClockController } from './sandbox/sandbox-clock.controller.js';
import { SimulateThreeDs } from './three-ds/simulate-three-ds.use-case.js';
import { ThreeDsController } from './three-ds/three-ds.controller.js';
import { AuthorizeCharge } from './simulate/authorize-charge.use-case.js';
import { AuthRuleSets } from './auth-rules/rule-sets.js';
import { PostMerchantCredit } from './simulate/post-merchant-credit.use-case.js';
import { SettleReservation } from './simulate/settle-reservation.use-case.js';
import { SimulateController } from './simulate/simulate.controller.js';
import { ApplyTransactionMessages } from './transactions/apply-transaction-messages.use-case.js';
import { ExpireAuthorizations } from './transactions/expire-authorizations.use-case.js';
import { ExpirySweeper } from './transactions/expiry-sweeper.js';
import { FindTransactions } from './transactions/find-transactions.use-case.js';
import { TransactionsController } from './transactions/transactions.controller.js';
import { FindPrivacyTransactions } from './privacy/find-privacy-transactions.use-case.js';
import { PrivacyTransactionsController } from './privacy/privacy-transactions.controller.js';
import { SimulatePrivacyCharges } from './privacy/simulate-privacy-charges.use-case.js';

/**
 * The authorizer: simulated network messages decided by the card's rules, transactions, and the
 * sandbox clock (advancing it expires authorizations, which is this service's job).
 */
@Module({
  imports: [HttpCoreModule],
  controllers: [
    SimulateController,
    TransactionsController,
    ResponderController,
    SandboxClockController,
    PrivacyTransactionsController,
    AuthRulesController,
    ThreeDsController,
  ],
  providers: [
    AuthorizeCharge,
    AuthRuleSets,
    PostMerchantCredit,
    SettleReservation,
    ApplyTransactionMessages,
    ExpireAuthorizations,
    FindTransactions,
    ExpirySweeper,
    ResponderClient,
    ManageResponders,
    FindClock,
    AdvanceClock,
    FindPrivacyTransactions,
    SimulatePrivacyCharges,
    ManageAuthRules,
    FindAuthRules,
    BacktestAuthRule,
    ReportAuthRule,
    SimulateThreeDs,
  ],
})
export class AuthorizerModule {}
