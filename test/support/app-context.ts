import { Module, type Type } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import {
  AccountsRepository,
  CardsRepository,
  Database,
  TransactionsRepository,
  type AuthenticatedAccount,
  type CardEntity,
  type TransactionWithEvents,
} from '#persistence';
import type { SimulateAuthorizationDto } from '../../apps/authorizer/src/simulate/simulate.dtos.js';
import type { CreateCardDto } from '../../apps/issuer/src/cards/cards.dtos.js';
import type { RevealedCard } from '../../apps/issuer/src/cards/find-cards.use-case.js';
import { CreateCard } from '../../apps/issuer/src/cards/create-card.use-case.js';
import { DashboardModule } from '../../apps/issuer/src/dashboard/dashboard.module.js';
import {
  closeWatched,
  compileSandbox,
  createTestAccount,
  useStarted,
  withEnv,
  type StartOptions,
} from './sandbox.js';

/**
 * The integration tier's sandbox: the whole app module on a real database, initialised but never
 * listening, so a test calls the use cases straight from the container.
 */
export interface TestContext {
  app: TestingModule;
  database: Database;
  /** A provider from the container, e.g. a use case or a repository. */
  get<T>(type: { prototype: T }): T;
  /** A fresh account, as the API-key guard hands it to a use case: tests never share data. */
  newAccount(): Promise<AuthenticatedAccount>;
  close(): Promise<void>;
}

/** Stands in for the dashboard's module, which serves static files on the HTTP server there is none of. */
@Module({})
class NoDashboardModule {}

export async function startContext(options: StartOptions = {}): Promise<TestContext> {
  const { env, moduleRef } = await compileSandbox({
    ...options,
    overrides: (builder) =>
      (options.overrides ? options.overrides(builder) : builder)
        .overrideModule(DashboardModule)
        .useModule(NoDashboardModule),
  });
  try {
    await withEnv(env, () => moduleRef.init());
  } catch (error) {
    await moduleRef.close().catch(() => undefined);
    throw error;
  }
  const get: TestContext['get'] = <T>(type: { prototype: T }) =>
    moduleRef.get(type as Type<T>, { strict: false });
  return {
    app: moduleRef,
    database: get(Database),
    get,
    async newAccount() {
      const { apiKey } = await createTestAccount(moduleRef);
      const account = await get(AccountsRepository).findByApiKey(apiKey);
      if (!account) throw new Error('The account just created has no key');
      return account;
    },
    close: () => closeWatched(moduleRef),
  };
}

/** The app context of a test file: started in beforeAll, closed in afterAll (see useStarted). */
export function useContext(options: StartOptions = {}): TestContext {
  const current = useStarted(() => startContext(options));
  return {
    get app() {
      return current().app;
    },
    get database() {
      return current().database;
    },
    get: (type) => current().get(type),
    newAccount: () => current().newAccount(),
    close: () => current().close(),
  };
}

/** A card issued through the CreateCard use case, with its PAN, as a test's fixture. */
export function issueCard(
  context: TestContext,
  account: AuthenticatedAccount,
  input: Partial<CreateCardDto> = {},
): Promise<RevealedCard> {
  return context.get(CreateCard).execute(account, { type: 'VIRTUAL', ...input });
}

/** A charge at a merchant, with the defaults every test uses. */
export function charge(
  pan: string,
  amount: number,
  descriptor = 'SANDBOX MERCHANT',
): SimulateAuthorizationDto {
  return { pan, amount, descriptor };
}

/** The stored transaction with its events, read back through its repository. */
export async function storedTransaction(
  context: TestContext,
  account: AuthenticatedAccount,
  token: string,
): Promise<TransactionWithEvents> {
  const found = await context.get(TransactionsRepository).findOne(account.token, token);
  if (!found) throw new Error(`Transaction ${token} is not stored`);
  return found;
}

/** The stored card, read back through its repository. */
export async function storedCard(
  context: TestContext,
  account: AuthenticatedAccount,
  token: string,
): Promise<CardEntity> {
  const found = await context.get(CardsRepository).findOne(account.token, token);
  if (!found) throw new Error(`Card ${token} is not stored`);
  return found;
}
