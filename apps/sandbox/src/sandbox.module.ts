import { Module } from '@nestjs/common';
import { AuthorizerModule } from '../../authorizer/src/authorizer.module.js';
import { IssuerModule } from '../../issuer/src/issuer.module.js';

/** Both services in one process on one port: what `npm start` runs. */
@Module({
  imports: [IssuerModule, AuthorizerModule],
})
export class SandboxModule {}
