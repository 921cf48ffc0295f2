/** Money is always an integer number of minor units (cents); never a float. */
export type Cents = number;

/** The largest amount the sandbox accepts anywhere: one billion dollars. */
export const MAX_CENTS: Cents = 100_000_000_000;

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_CENTS;
}
