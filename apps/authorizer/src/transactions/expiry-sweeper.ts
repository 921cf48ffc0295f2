import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { settledWithin } from '#platform';
import { AuthorizationsRepository, UnitOfWork } from '#persistence';
import { SettleReservation } from '../simulate/settle-reservation.use-case.js';
import { ExpireAuthorizations } from './expire-authorizations.use-case.js';

const SWEEP_EVERY_MS = 60_000;

/**
 * Once a minute, does what a network and an issuer processor would do on their own: expires
 * authorizations left pending past AUTH_EXPIRY_DAYS, and settles reservations whose responder never
 * answered (the process stopped mid-request) with the configured fallback. Any number of replicas
 * may sweep: every change happens under a row lock and applies once.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('sweeper');
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private running?: Promise<void>;

  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(ExpireAuthorizations) private readonly expire: ExpireAuthorizations,
    @Inject(AuthorizationsRepository) private readonly authorizations: AuthorizationsRepository,
    @Inject(SettleReservation) private readonly settle: SettleReservation,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /**
   * Before the database closes: a sweep over many rows (one transaction each) stops between rows,
   * and the database is not closed under the row it is writing.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    if (!(await settledWithin(this.running)))
      this.logger.warn({ msg: 'stopping mid-sweep; the next sweep, here or in a replica, finishes it' });
  }

  sweep(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.running ??= this.sweepOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepOnce(): Promise<void> {
    try {
      const now = new Date();
      const expired = await this.expire.sweep(now, undefined, () => this.stopping);
      if (expired > 0) this.logger.log({ msg: 'expired pending authorizations', count: expired });
      const fallback = this.settle.fallback();
      for (const token of await this.authorizations.overdueReservations(this.db.autocommit, now)) {
        if (this.stopping) break;
        await this.settle.execute(token, fallback, now);
      }
    } catch (error) {
      this.logger.warn({ msg: 'sweep failed; the next one retries', error: String(error) });
    }
  }
}
