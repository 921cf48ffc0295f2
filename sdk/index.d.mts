// Types of the package's programmatic API (dist/apps/sandbox/src/start-sandbox.js implements them).
import type Lithic from 'lithic';
import type { AccountControls, SandboxAccount } from './sandbox-testing.mjs';

export type { AccountControls, SandboxAccount, SandboxClock, SandboxSnapshot } from './sandbox-testing.mjs';

export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one, so several sandboxes can run at once. */
  port?: number;
  host?: string;
  /** Keep the data in this directory (reopened by the next start) instead of in memory. */
  dataDir?: string;
  /** In memory, discarded on stop: the default unless `dataDir` or `databaseUrl` is given. */
  inMemory?: boolean;
  /** The same seed and the same calls on a fresh database give the same tokens, PANs, CVVs and expiries. */
  seed?: string | number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Use PostgreSQL instead of the embedded database (then `secret` is required). */
  databaseUrl?: string;
  secret?: string;
  /** The default account's API key; generated when unset. */
  apiKey?: string;
  /** Any other setting of the README's configuration table, by its variable name. */
  settings?: Record<string, string>;
}

/** The default account's controls, plus the sandbox itself. */
export interface Sandbox extends AccountControls {
  url: string;
  /** The default account's key. */
  apiKey: string;
  /** An official `lithic` SDK client for this sandbox, with the default key or the one given. */
  client(apiKey?: string): Lithic;
  /** A new, empty account with its own key and a client for it: tests never see each other's data. */
  newAccount(): Promise<SandboxAccount & { client: Lithic }>;
  stop(): Promise<void>;
}

/** Starts a whole sandbox inside this process, by default in memory on a free port. */
export function startSandbox(options?: SandboxOptions): Promise<Sandbox>;
