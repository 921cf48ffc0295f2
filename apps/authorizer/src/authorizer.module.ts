import { Module } from '@nestjs/common';
import { HttpCoreModule } from '#http';

/** The authorizer: simulated network events and transactions. */
@Module({
  imports: [HttpCoreModule],
})
export class AuthorizerModule {}
