import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Environment } from '#http';
import { TransactionsRepository } from '#persistence';

const SWEEP_EVERY_MS = 60_000;

/**
 * Expires authorizations left pending past AUTH_EXPIRY_DAYS, as a network would, once a minute.
 * Any number of authorizer replicas may sweep: rows are locked and skipped, never expired twice.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('expiry');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const expired = await this.transactions.expirePending(new Date(), this.env.AUTH_EXPIRY_DAYS);
      if (expired > 0) this.logger.log({ msg: 'expired pending authorizations', count: expired });
      return expired;
    } catch (error) {
      this.logger.warn({ msg: 'expiry sweep failed; the next one retries', error: String(error) });
      return 0;
    }
  }
}
