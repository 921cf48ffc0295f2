import { createHmac } from 'node:crypto';

/**
 * CVV2 is derived, never stored, the way an issuer's HSM derives it from a card verification key:
 * a keyed MAC over PAN and expiry, decimalised to three digits. A reissue with a new expiry gets a
 * new CVV; leaking the database alone reveals no CVV.
 */
export function deriveCvv(
  pan: string,
  expMonth: string,
  expYear: string,
  cardVerificationKey: Uint8Array,
): string {
  const mac = createHmac('sha256', cardVerificationKey)
    .update(`${pan}|${expYear}${expMonth}|000`)
    .digest('hex');
  // Decimalise like Visa's CVV algorithm: the decimal digits first, then a-f mapped to 0-5.
  const digits = [...mac].filter((c) => c >= '0' && c <= '9');
  const letters = [...mac].filter((c) => c >= 'a').map((c) => String(c.charCodeAt(0) - 97));
  return [...digits, ...letters].slice(0, 3).join('');
}
