export interface SandboxClock {
  now: string;
  offset_seconds: number;
}

export interface SandboxAccount {
  baseURL: string;
  accountToken: string;
  apiKey: string;
  reset(): Promise<void>;
  advanceClock(by: { seconds: number } | { duration: string }): Promise<SandboxClock>;
  clock(): Promise<SandboxClock>;
  delete(): Promise<void>;
}

export function createSandboxAccount(options: { baseURL: string; apiKey: string }): Promise<SandboxAccount>;
