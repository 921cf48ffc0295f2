/**
 * A card's PIN arrives as a PIN block the sandbox has no key to decrypt, so it keeps a salted hash
 * of the block's bytes. A PIN entered at a simulated terminal arrives in clear; to check it the
 * sandbox builds the blocks that PIN could have been sent as, and the card's PIN is right when the
 * stored hash matches one of them (docs/semantics.md (the PIN)):
 * - the ISO 9564 format-0 PIN field: `0`, the length, the digits, `F` padding to 8 bytes
 *   (1234 → 04 12 34 FF FF FF FF FF), what a client sends before XOR with the PAN;
 * - the PIN's own characters (a client that base64-encodes "1234").
 */
export function pinBlocksFor(pin: string): Uint8Array[] {
  const own = new TextEncoder().encode(pin);
  if (!/^\d{4,12}$/.test(pin)) return [own];
  const field = `0${pin.length.toString(16)}${pin}`.padEnd(16, 'f');
  const format0 = Uint8Array.from(field.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  return [format0, own];
}

/** What a simulated charge's PIN says, given whether the card has one and, if so, whether it matched. */
export type PinCheck = 'NOT_ENTERED' | 'RIGHT' | 'WRONG' | 'NOT_SET';

/**
 * No PIN entered: nothing to check. A PIN entered on a card with none set cannot be verified, and an
 * issuer declines a PIN it cannot verify rather than ignore it (the cardholder meant it to count).
 */
export function checkPin(card: { hasPin: boolean }, entered: { matches: boolean } | undefined): PinCheck {
  if (entered === undefined) return 'NOT_ENTERED';
  if (!card.hasPin) return 'NOT_SET';
  return entered.matches ? 'RIGHT' : 'WRONG';
}
