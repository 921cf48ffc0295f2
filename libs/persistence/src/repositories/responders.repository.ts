import type { DataSource } from 'typeorm';
import { AccountEntity, ResponderEndpointEntity } from '../entities/index.js';
import type { CardVault } from '../secrets.js';

export const AUTH_STREAM_ACCESS = 'AUTH_STREAM_ACCESS';

/** Which signing secret: the auth stream's (ASA) or the 3DS decisioning endpoint's. */
export type SecretKind = 'auth_stream' | 'three_ds';
const SECRET_COLUMNS = {
  auth_stream: 'auth_stream_secret_sealed',
  three_ds: 'three_ds_secret_sealed',
} as const;

/** Enrolment of an account's real-time authorization responder, and its signing secret. */
export class RespondersRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: CardVault,
  ) {}

  async enroll(accountToken: string, type: string, url: string, now: Date): Promise<void> {
    await this.dataSource
      .getRepository(ResponderEndpointEntity)
      .upsert({ account_token: accountToken, type, url, created: now }, ['account_token', 'type']);
  }

  find(accountToken: string, type: string): Promise<ResponderEndpointEntity | null> {
    return this.dataSource
      .getRepository(ResponderEndpointEntity)
      .findOneBy({ account_token: accountToken, type });
  }

  async disenroll(accountToken: string, type: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ResponderEndpointEntity)
      .delete({ account_token: accountToken, type });
    return (result.affected ?? 0) > 0;
  }

  /** The account's sealed auth stream secret; null until first created. */
  async sealedSecret(accountToken: string, kind: SecretKind = 'auth_stream'): Promise<string | null> {
    const account = await this.dataSource
      .getRepository(AccountEntity)
      .findOneByOrFail({ token: accountToken });
    return account[SECRET_COLUMNS[kind]];
  }

  /** Sets the secret unless one is set already: of two concurrent first readers, one wins. */
  async setSecretIfUnset(
    accountToken: string,
    secret: string,
    kind: SecretKind = 'auth_stream',
  ): Promise<void> {
    const column = SECRET_COLUMNS[kind];
    await this.dataSource.query(`UPDATE accounts SET ${column} = $2 WHERE token = $1 AND ${column} IS NULL`, [
      accountToken,
      this.vault.seal('signing-secret', secret),
    ]);
  }

  async rotateSecret(accountToken: string, secret: string, kind: SecretKind = 'auth_stream'): Promise<void> {
    await this.dataSource.query(`UPDATE accounts SET ${SECRET_COLUMNS[kind]} = $2 WHERE token = $1`, [
      accountToken,
      this.vault.seal('signing-secret', secret),
    ]);
  }

  open(sealed: string): string {
    return this.vault.open('signing-secret', sealed);
  }
}
