import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deriveCvv } from '#domain';

/** What the vault seals: each kind with its own key, so no key does two jobs. */
export type SealedKind = 'pan' | 'signing-secret' | 'response' | 'api-key' | 'snapshot';

/** One master secret; each use gets its own key derived from it (HKDF-SHA256, one label a use). */
export interface SandboxKeys {
  /** AES-256-GCM, one key per kind of sealed data. */
  sealing: Record<SealedKind, Buffer>;
  /** HMAC for the PAN lookup column. */
  panLookup: Buffer;
  /** HMAC for the request fingerprint an Idempotency-Key is checked against. */
  idempotency: Buffer;
  /** The card verification key CVVs derive from. */
  cardVerification: Buffer;
}

export function deriveKeys(masterSecret: Buffer): SandboxKeys {
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', masterSecret, 'card-sandbox', label, 32));
  return {
    sealing: {
      pan: derive('pan-encryption-v1'),
      'signing-secret': derive('signing-secret-encryption-v1'),
      response: derive('idempotent-response-encryption-v1'),
      'api-key': derive('api-key-encryption-v1'),
      // Secrets in a snapshot: it restores into any sandbox with the same master secret (or seed).
      snapshot: derive('snapshot-encryption-v1'),
    },
    panLookup: derive('pan-lookup-v1'),
    idempotency: derive('idempotency-fingerprint-v1'),
    cardVerification: derive('card-verification-key-v1'),
  };
}

export function parseMasterSecret(text: string): Buffer {
  const trimmed = text.trim();
  const secret = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (secret.length < 32) throw new Error('SANDBOX_SECRET must be 32 bytes: 64 hex characters or base64');
  return secret;
}

export interface LocalState {
  secret: string;
  defaultApiKey?: string;
}

const LOCAL_STATE_FILE = 'sandbox.json';

/**
 * The embedded default keeps its master secret (and the default API key, so a restart can print it
 * again and the dashboard can use it) beside the database, readable only by the owner.
 */
export async function loadLocalState(dataDir: string): Promise<LocalState | null> {
  try {
    return JSON.parse(await readFile(join(dataDir, LOCAL_STATE_FILE), 'utf8')) as LocalState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function saveLocalState(dataDir: string, state: LocalState): Promise<void> {
  await writeFile(join(dataDir, LOCAL_STATE_FILE), JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function newMasterSecret(): string {
  return randomBytes(32).toString('hex');
}

export function seededMasterSecret(seed: string): string {
  return createHash('sha256').update(`card-sandbox-seed:${seed}`).digest('hex');
}

/**
 * Card secrets at rest: AES-256-GCM sealing with a key per kind (PANs, signing secrets, remembered
 * responses), the keyed PAN lookup hash, the keyed request fingerprint, and CVV derivation.
 */
export class CardVault {
  constructor(private readonly keys: SandboxKeys) {}

  seal(kind: SealedKind, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.sealing[kind], iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      SEALED_VERSION,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      sealed.toString('base64'),
    ].join('.');
  }

  open(kind: SealedKind, stored: string): string {
    const [version, iv, tag, sealed] = stored.split('.');
    // v1 sealed every kind with the PAN key; data written then still opens.
    const key =
      version === SEALED_VERSION ? this.keys.sealing[kind] : version === 'v1' ? this.keys.sealing.pan : null;
    if (!key) throw new Error(`Unknown sealed-data version ${version}`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]).toString('utf8');
  }

  /** A keyed hash, so the lookup column cannot be reversed by hashing every possible PAN. */
  panLookupHash(pan: string): string {
    return createHmac('sha256', this.keys.panLookup).update(pan).digest('hex');
  }

  /** Keyed too: a request body may carry a PAN, and a plain hash of one is reversible by brute force. */
  requestFingerprint(request: string): string {
    return createHmac('sha256', this.keys.idempotency).update(request).digest('hex');
  }

  cvv(pan: string, expMonth: string, expYear: string): string {
    return deriveCvv(pan, expMonth, expYear, this.keys.cardVerification);
  }
}

/** v2: the key depends on the kind of data sealed. */
const SEALED_VERSION = 'v2';

/** API keys are random and high-entropy, so a plain SHA-256 is enough to store them safely. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

const scryptAsync = promisify(scrypt) as (secret: Buffer, salt: Buffer, length: number) => Promise<Buffer>;
const PIN_HASH_BYTES = 32;

/**
 * A PIN block is short and guessable, so it is stored as a salted, slow hash (`scrypt$salt$hash`)
 * with a fresh salt per card: two cards with the same PIN store different hashes.
 */
export async function hashPin(pinBlock: Buffer): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(pinBlock, salt, PIN_HASH_BYTES);
  return ['scrypt', salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function pinMatches(stored: string, pinBlock: Buffer): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const candidate = await scryptAsync(pinBlock, Buffer.from(salt, 'base64'), PIN_HASH_BYTES);
  return timingSafeEqual(candidate, Buffer.from(hash, 'base64'));
}

export function newApiKey(): string {
  return `sk_sandbox_${randomBytes(24).toString('base64url')}`;
}
