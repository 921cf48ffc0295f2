import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#platform';
import { ResponderClient } from './responders/responder.client.js';
import { ResponderController } from './responders/responders.controller.js';
import { Responders } from './responders/responders.use-case.js';
import { AuthorizeCharge } from './simulate/authorize.use-case.js';
import { PostMerchantCredit } from './simulate/post-merchant-credit.use-case.js';
import { SettleReservation } from './simulate/settle-reservation.use-case.js';
import { SimulateController } from './simulate/simulate.controller.js';
import { ExpirySweeper } from './transactions/expiry-sweeper.js';
import { TransactionMessages } from './transactions/transaction-messages.use-case.js';
import { TransactionsController } from './transactions/transactions.controller.js';
import { TransactionsService } from './transactions/transactions.service.js';

/** The authorizer: simulated network messages decided by the card's rules, and transactions. */
@Module({
  imports: [HttpCoreModule],
  controllers: [SimulateController, TransactionsController, ResponderController],
  providers: [
    AuthorizeCharge,
    PostMerchantCredit,
    SettleReservation,
    TransactionMessages,
    TransactionsService,
    ExpirySweeper,
    ResponderClient,
    Responders,
  ],
})
export class AuthorizerModule {}
