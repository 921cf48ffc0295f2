import 'reflect-metadata';
import Lithic from 'lithic';
import { accountControls, createSandboxAccount } from '#testing';
import { createApp, withSettings } from '#platform';
import { Database } from '#persistence';
import type { Sandbox, SandboxOptions } from '../../../sdk/index.mjs';
import { SandboxModule } from './sandbox.module.js';

/**
 * The package's programmatic API: a whole sandbox (issuer and authorizer) inside this process, by
 * default in memory on a free port, with the settings given here and none from process.env.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const persistent = options.dataDir !== undefined || options.databaseUrl !== undefined;
  if (options.inMemory && persistent)
    throw new Error('startSandbox: inMemory cannot be combined with dataDir or databaseUrl');
  const host = options.host ?? '127.0.0.1';
  const settings: Record<string, string | undefined> = {
    PORT: String(options.port ?? 0),
    HOST: host,
    SANDBOX_DATA_DIR: options.dataDir ?? (options.inMemory === false ? './.sandbox-data' : 'memory'),
    DATABASE_URL: options.databaseUrl,
    SANDBOX_SECRET: options.secret,
    SANDBOX_API_KEY: options.apiKey,
    SANDBOX_SEED: options.seed === undefined ? undefined : String(options.seed),
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...options.settings,
  };
  const app = await withSettings(settings, () => createApp(SandboxModule));
  try {
    await app.listen(Number(settings.PORT), host);
    const apiKey = app.get(Database).report.apiKey;
    if (!apiKey) throw new Error('startSandbox: the default account has no known key; pass apiKey');
    const address = app.getHttpServer().address();
    const url = `http://${host}:${typeof address === 'object' && address ? address.port : settings.PORT}`;
    const client = (key = apiKey) => new Lithic({ apiKey: key, baseURL: url });
    return {
      url,
      apiKey,
      client,
      ...accountControls(url, apiKey),
      async newAccount() {
        const account = await createSandboxAccount({ baseURL: url, apiKey });
        return { ...account, client: client(account.apiKey) };
      },
      stop: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
