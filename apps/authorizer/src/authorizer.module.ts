import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#platform';
import { ManageResponders } from './responders/manage-responders.use-case.js';
import { ResponderClient } from './responders/responder.client.js';
import { ResponderController } from './responders/responders.controller.js';
import { AdvanceClock } from './sandbox/advance-clock.use-case.js';
import { FindClock } from './sandbox/find-clock.use-case.js';
import { SandboxClockController } from './sandbox/sandbox-clock.controller.js';
import { AuthorizeCharge } from './simulate/authorize-charge.use-case.js';
import { PostMerchantCredit } from './simulate/post-merchant-credit.use-case.js';
import { SettleReservation } from './simulate/settle-reservation.use-case.js';
import { SimulateController } from './simulate/simulate.controller.js';
import { ApplyTransactionMessages } from './transactions/apply-transaction-messages.use-case.js';
import { ExpireAuthorizations } from './transactions/expire-authorizations.use-case.js';
import { ExpirySweeper } from './transactions/expiry-sweeper.js';
import { FindTransactions } from './transactions/find-transactions.use-case.js';
import { TransactionsController } from './transactions/transactions.controller.js';

/**
 * The authorizer: simulated network messages decided by the card's rules, transactions, and the
 * sandbox clock (advancing it expires authorizations, which is this service's job).
 */
@Module({
  imports: [HttpCoreModule],
  controllers: [SimulateController, TransactionsController, ResponderController, SandboxClockController],
  providers: [
    AuthorizeCharge,
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
  ],
})
export class AuthorizerModule {}
