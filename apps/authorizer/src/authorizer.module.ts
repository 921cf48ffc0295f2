import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#http';
import { ResponderClient } from './responder/responder.client.js';
import { ResponderController } from './responder/responder.controller.js';
import { SimulateController } from './simulate/simulate.controller.js';
import { SimulateService } from './simulate/simulate.service.js';
import { ExpirySweeper } from './transactions/expiry-sweeper.js';
import { TransactionsController } from './transactions/transactions.controller.js';

/** The authorizer: simulated network messages decided by the card's rules, and transactions. */
@Module({
  imports: [HttpCoreModule],
  controllers: [SimulateController, TransactionsController, ResponderController],
  providers: [SimulateService, ExpirySweeper, ResponderClient],
})
export class AuthorizerModule {}
