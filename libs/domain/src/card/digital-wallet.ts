import { DomainError } from '../errors.js';
import { isExpired, type CardState } from './card.js';

export const DIGITAL_WALLETS = ['APPLE_PAY', 'GOOGLE_PAY', 'SAMSUNG_PAY'] as const;
export type DigitalWallet = (typeof DIGITAL_WALLETS)[number];
/** Web push provisioning exists for Apple Pay and Google Pay only. */
export const WEB_PUSH_WALLETS = ['APPLE_PAY', 'GOOGLE_PAY'] as const;

/** A wallet takes a card that can still pay: not closed, not past its expiry. */
export function assertProvisionable(
  card: { state: CardState; expMonth: string; expYear: string },
  now: Date,
): void {
  if (card.state === 'CLOSED')
    throw new DomainError('STATE_CONFLICT', 'card_token: a CLOSED card cannot be added to a digital wallet');
  if (isExpired(card, now))
    throw new DomainError(
      'STATE_CONFLICT',
      'card_token: an expired card cannot be added to a digital wallet',
    );
}

/** Apple's in-app flow: certificate, nonce and its signature come together, or none of them. */
export function appleEncryptionInputs(input: {
  certificate?: string;
  nonce?: string;
  nonce_signature?: string;
}): boolean {
  const given = (['certificate', 'nonce', 'nonce_signature'] as const).filter((f) => input[f] !== undefined);
  if (given.length === 0) return false;
  if (given.length === 3) return true;
  const missing = ['certificate', 'nonce', 'nonce_signature'].filter((f) => !given.includes(f as never));
  throw new DomainError(
    'VALIDATION',
    `${missing.join(', ')}: required with ${given.join(' and ')} (or omit all three for activationData only)`,
  );
}
