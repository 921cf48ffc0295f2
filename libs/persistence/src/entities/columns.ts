import type { ValueTransformer } from 'typeorm';

/** pg returns bigint as a string; cents always fit in a safe integer, so read them as numbers. */
export const bigintCents: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
