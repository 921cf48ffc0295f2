import { Inject, Injectable } from '@nestjs/common';
import { assertSimulatedResponder, DomainError, type ResponderType } from '#domain';
import { Clock, newWebhookSecret, OutboundHttp } from '#platform';
import { RespondersRepository, type AuthenticatedAccount, type SecretKind } from '#persistence';

/** Enrolling an account's real-time responder (Lithic's Auth Stream Access) and its signing secret. */
@Injectable()
export class ManageResponders {
  constructor(
    @Inject(RespondersRepository) private readonly responders: RespondersRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OutboundHttp) private readonly outbound: OutboundHttp,
  ) {}

  async enroll(account: AuthenticatedAccount, type: ResponderType, url: string): Promise<void> {
    assertSimulatedResponder(type);
    this.outbound.assertAllowedUrl('url', url);
    await this.responders.enroll(account.token, type, url, this.clock.now(account));
  }

  async status(account: AuthenticatedAccount, type: ResponderType): Promise<{ url: string } | null> {
    return this.responders.find(account.token, type);
  }

  async disenroll(account: AuthenticatedAccount, type: ResponderType): Promise<void> {
    if (!(await this.responders.disenroll(account.token, type)))
      throw new DomainError('NOT_FOUND', `No ${type} responder is enrolled`);
  }

  /**
   * The account's auth stream secret; the first read creates it, as Lithic's does. `known` is the
   * sealed secret when the caller already read it (an authorization joins it to the card).
   */
  async secret(
    accountToken: string,
    known: string | null = null,
    kind: SecretKind = 'auth_stream',
  ): Promise<string> {
    const sealed = known ?? (await this.responders.sealedSecret(accountToken, kind));
    if (sealed) return this.responders.open(sealed);
    // Only the first of two concurrent readers sets it; both then read the same one.
    await this.responders.setSecretIfUnset(accountToken, newWebhookSecret(), kind);
    return this.responders.open((await this.responders.sealedSecret(accountToken, kind))!);
  }

  async rotateSecret(account: AuthenticatedAccount, kind: SecretKind = 'auth_stream'): Promise<void> {
    await this.responders.rotateSecret(account.token, newWebhookSecret(), kind);
  }
}
