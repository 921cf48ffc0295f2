import { describe, expect, it } from '@jest/globals';
import { DEADLOCK_RETRIES, isDeadlock, retryOnDeadlock } from './database-errors.js';

const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

/** Work that loses `losses` deadlocks, then answers; it counts its runs. */
function losing(losses: number) {
  const work = async () => {
    work.runs++;
    if (work.runs <= losses) throw deadlock();
    return 'done';
  };
  work.runs = 0;
  return work;
}

describe('retryOnDeadlock', () => {
  it('runs a deadlock victim again until it wins, more than once', async () => {
    const work = losing(DEADLOCK_RETRIES);
    await expect(retryOnDeadlock(work)).resolves.toBe('done');
    expect(work.runs).toBe(DEADLOCK_RETRIES + 1);
  });

  it('gives up after its retries with the deadlock, which the API answers 503', async () => {
    const work = losing(DEADLOCK_RETRIES + 1);
    const error = await retryOnDeadlock(work).catch((e: unknown) => e);
    expect(isDeadlock(error)).toBe(true);
    expect(work.runs).toBe(DEADLOCK_RETRIES + 1);
  });

  it('sees a deadlock TypeORM wrapped', () => {
    expect(isDeadlock({ driverError: deadlock() })).toBe(true);
    expect(isDeadlock(new Error('other'))).toBe(false);
  });

  it('never runs again work that failed otherwise', async () => {
    let runs = 0;
    const work = async () => {
      runs++;
      throw new Error('unique violation');
    };
    await expect(retryOnDeadlock(work)).rejects.toThrow('unique violation');
    expect(runs).toBe(1);
  });
});
