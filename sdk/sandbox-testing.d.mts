export interface SandboxClock {
  now: string;
  offset_seconds: number;
}

/**
 * An account's whole state, as `snapshot()` returns it and `restore()` takes it: treat it as opaque
 * JSON (save it as a fixture file). PANs and signing secrets stay sealed, so it restores only into a
 * sandbox with the same SANDBOX_SECRET (or, without one, the same SANDBOX_SEED).
 */
export interface SandboxSnapshot {
  version: 1;
  account: Record<string, unknown>;
  cards: Record<string, unknown>[];
  transactions: Record<string, unknown>[];
  events: Record<string, unknown>[];
  event_subscriptions: Record<string, unknown>[];
  responders: Record<string, unknown>[];
}

export interface AccountControls {
  reset(): Promise<void>;
  advanceClock(by: { seconds: number } | { duration: string }): Promise<SandboxClock>;
  clock(): Promise<SandboxClock>;
  snapshot(): Promise<SandboxSnapshot>;
  /** Rejects (409) when the snapshot's cards belong to another account of the sandbox. */
  restore(snapshot: SandboxSnapshot): Promise<void>;
}

export interface SandboxAccount extends AccountControls {
  baseURL: string;
  accountToken: string;
  apiKey: string;
  delete(): Promise<void>;
}

export function createSandboxAccount(options: { baseURL: string; apiKey: string }): Promise<SandboxAccount>;

export function accountControls(baseURL: string, apiKey: string): AccountControls;
