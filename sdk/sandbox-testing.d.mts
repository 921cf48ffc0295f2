export interface SandboxClock {
  now: string;
  offset_seconds: number;
}

export interface AccountControls {
  reset(): Promise<void>;
  advanceClock(by: { seconds: number } | { duration: string }): Promise<SandboxClock>;
  clock(): Promise<SandboxClock>;
}

export interface SandboxAccount extends AccountControls {
  baseURL: string;
  accountToken: string;
  apiKey: string;
  delete(): Promise<void>;
}

export function createSandboxAccount(options: { baseURL: string; apiKey: string }): Promise<SandboxAccount>;

export function accountControls(baseURL: string, apiKey: string): AccountControls;
