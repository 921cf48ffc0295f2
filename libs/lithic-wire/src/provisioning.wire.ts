import { createHash } from 'node:crypto';
import type { DigitalWallet } from '#domain';

/**
 * Simulated digital-wallet payloads. A real one is the card encrypted for the wallet's network
 * keys; these are deterministic (the same request gives the same payload), say SANDBOX in clear,
 * and carry the card's token and last four, never its PAN: a wallet SDK will reject them, a test
 * can compare them.
 */
export interface ProvisionedCard {
  token: string;
  last_four: string;
}

export interface ProvisionRequest {
  digital_wallet: DigitalWallet;
  certificate?: string;
  nonce?: string;
  nonce_signature?: string;
  client_device_id?: string;
  client_wallet_account_id?: string;
}

export interface WebProvisionRequest {
  digital_wallet: 'APPLE_PAY' | 'GOOGLE_PAY';
  server_session_id?: string;
  client_device_id?: string;
  client_wallet_account_id?: string;
}

/** The sandbox's stand-in for Lithic's web push signing key id. */
export const SANDBOX_WEB_PUSH_KID = '00000000-0000-0000-5a4d-000000000000';

/** Google and Samsung Pay take a base64 string; Apple Pay an object (activationData alone without a certificate). */
export function toProvisionResponse(card: ProvisionedCard, input: ProvisionRequest, encrypted: boolean) {
  const fields = {
    sandbox: true,
    notice: 'SIMULATED provisioning payload: not encrypted for any wallet',
    card_token: card.token,
    last_four: card.last_four,
    ...input,
  };
  if (input.digital_wallet !== 'APPLE_PAY') return { provisioning_payload: base64(JSON.stringify(fields)) };
  // The same for a card and wallet whether or not the device sent its certificate.
  const activationData = base64(
    `SANDBOX-ACTIVATION-DATA:${digest('activation', [card.token, input.digital_wallet]).slice(0, 32)}`,
  );
  if (!encrypted) return { provisioning_payload: { activationData } };
  return {
    provisioning_payload: {
      activationData,
      // An uncompressed P-256 point's shape (0x04 and 64 bytes), derived, not a key.
      ephemeralPublicKey: Buffer.concat([
        Buffer.from([4]),
        Buffer.from(digest('ephemeral-x', fields), 'hex'),
        Buffer.from(digest('ephemeral-y', fields), 'hex'),
      ]).toString('base64'),
      encryptedData: base64(JSON.stringify(fields)),
    },
  };
}

/** Apple Pay: a JWS-shaped object (signature is a digest, not a signature); Google Pay: the two OPCs. */
export function toWebProvisionResponse(card: ProvisionedCard, input: WebProvisionRequest) {
  const fields = {
    sandbox: true,
    notice: 'SIMULATED web push provisioning payload: not signed or encrypted for any wallet',
    card_token: card.token,
    last_four: card.last_four,
    ...input,
  };
  if (input.digital_wallet === 'GOOGLE_PAY') {
    return {
      google_opc: base64(JSON.stringify({ ...fields, flow: 'FPAN' })),
      tsp_opc: base64(JSON.stringify({ ...fields, flow: 'TOKENIZATION' })),
    };
  }
  const protectedHeader = base64url(JSON.stringify({ alg: 'none', typ: 'JOSE', 'x-sandbox': true }));
  const payload = base64url(JSON.stringify(fields));
  const hex = digest('state', fields);
  return {
    jws: {
      header: { kid: SANDBOX_WEB_PUSH_KID },
      protected: protectedHeader,
      payload,
      signature: Buffer.from(digest('signature', `${protectedHeader}.${payload}`), 'hex').toString(
        'base64url',
      ),
    },
    state: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
  };
}

function digest(label: string, value: unknown): string {
  return createHash('sha256')
    .update(`card-sandbox:${label}:${JSON.stringify(value)}`)
    .digest('hex');
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
