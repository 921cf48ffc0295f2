import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { CardVault, deriveKeys, hashPin, pinMatches, type SealedKind } from './secrets.js';

const keys = deriveKeys(Buffer.alloc(32, 7));
const vault = new CardVault(keys);
const kinds: SealedKind[] = ['pan', 'signing-secret', 'response', 'api-key', 'snapshot'];

describe('CardVault: one key per purpose', () => {
  it('derives eight different keys from one master secret', () => {
    const all = [...Object.values(keys.sealing), keys.panLookup, keys.idempotency, keys.cardVerification];
    expect(new Set(all.map((key) => key.toString('hex'))).size).toBe(8);
  });

  it.each(kinds)('opens what it sealed as %s', (kind) => {
    expect(vault.open(kind, vault.seal(kind, 'secret text'))).toBe('secret text');
  });

  it.each(kinds.flatMap((a) => kinds.filter((b) => b !== a).map((b) => [a, b])))(
    'refuses to open %s data as %s: a key opens only its own kind',
    (sealedAs, openedAs) => {
      expect(() => vault.open(openedAs, vault.seal(sealedAs, 'secret text'))).toThrow();
    },
  );

  it('still opens data sealed by v1, which used the PAN key for every kind', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keys.sealing.pan, iv);
    const body = Buffer.concat([cipher.update('old response', 'utf8'), cipher.final()]);
    const v1 = ['v1', iv, cipher.getAuthTag(), body].map((p) =>
      typeof p === 'string' ? p : p.toString('base64'),
    );
    expect(vault.open('response', v1.join('.'))).toBe('old response');
  });

  it('fingerprints requests with another key than the PAN lookup hash', () => {
    expect(vault.requestFingerprint('4111111111111111')).not.toBe(vault.panLookupHash('4111111111111111'));
  });
});

describe('hashPin', () => {
  const pin = Buffer.from('041234ffffffffff', 'hex');

  it('stores a salted hash that matches the PIN block and nothing else', async () => {
    const stored = await hashPin(pin);
    expect(stored).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain(pin.toString('base64'));
    await expect(pinMatches(stored, pin)).resolves.toBe(true);
    await expect(pinMatches(stored, Buffer.from('045678ffffffffff', 'hex'))).resolves.toBe(false);
  });

  it('salts each hash: the same PIN twice stores two different hashes', async () => {
    expect(await hashPin(pin)).not.toBe(await hashPin(pin));
  });
});
