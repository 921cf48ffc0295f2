import { DomainError } from '../errors.js';
/**
 * What an account's real-time responder (Lithic's Auth Stream Access) can answer, and how the
 * sandbox reads it. The answer `{ "result": "APPROVED" }` approves; any other result declines.
 */
export type ResponderDecision =
  { approved: true } | { approved: false; result: string; detailedResult: string; explanation: string };

// Responder results that are also transaction results / detailed results in Lithic's spec.
const AS_RESULT = new Set(['CARD_PAUSED', 'INSUFFICIENT_FUNDS', 'UNAUTHORIZED_MERCHANT', 'SUSPECTED_FRAUD']);
const AS_DETAILED = new Set([...AS_RESULT, 'DRIVER_NUMBER_INVALID', 'VEHICLE_NUMBER_INVALID']);

export type ResponderFailure = 'TIMEOUT' | 'MALFORMED';
export type ResponderFallback = 'DECLINE' | 'APPROVE';

/** Reads a 2xx answer's body; a body without a string `result` is malformed. */
export function readResponderAnswer(body: string, fallback: ResponderFallback): ResponderDecision {
  let result: unknown;
  try {
    result = (JSON.parse(body) as { result?: unknown } | null)?.result;
  } catch {
    return responderFailed('MALFORMED', fallback, 'its answer is not JSON');
  }
  if (typeof result !== 'string' || result.length === 0) {
    return responderFailed('MALFORMED', fallback, 'its answer has no "result"');
  }
  if (result === 'APPROVED') return { approved: true };
  return {
    approved: false,
    result: AS_RESULT.has(result) ? result : 'DECLINED',
    // A result outside Lithic's list is kept as a custom one, as Lithic does.
    detailedResult: AS_DETAILED.has(result) ? result : 'CUSTOM_ASA_RESULT',
    explanation: `The account's real-time responder declined the authorization with ${result}.`,
  };
}

/** A responder that timed out, failed or answered nonsense: the configured fallback decides. */
export function responderFailed(
  failure: ResponderFailure,
  fallback: ResponderFallback,
  why: string,
): ResponderDecision {
  if (fallback === 'APPROVE') return { approved: true };
  return {
    approved: false,
    result: 'DECLINED',
    detailedResult: failure === 'TIMEOUT' ? 'CUSTOMER_ASA_TIMEOUT' : 'MALFORMED_ASA_RESPONSE',
    explanation: `The account's real-time responder could not decide (${why}), so the sandbox declined by default.`,
  };
}

export const RESPONDER_TYPES = [
  'AUTH_STREAM_ACCESS',
  'THREE_DS_DECISIONING',
  'TOKENIZATION_DECISIONING',
] as const;
export type ResponderType = (typeof RESPONDER_TYPES)[number];

/** Auth Stream Access and 3DS decisioning are simulated; tokenization decisioning is not. */
export function assertSimulatedResponder(type: ResponderType): void {
  if (type === 'TOKENIZATION_DECISIONING')
    throw new DomainError('NOT_SIMULATED', `type: ${type} responders are not simulated`);
}
