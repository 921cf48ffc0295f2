import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'sandbox.lock';

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * One process per embedded data directory: PGlite is not built for two processes on one set of
 * files, and the second one's acknowledged writes were silently lost. The lock is a file holding
 * the owner's PID, created with O_EXCL. A lock whose PID is no longer alive (the owner was killed
 * with -9, or the machine restarted) is stale and taken over; so is one holding this very PID (a
 * container restarted with the same PID 1).
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600);
      try {
        await file.writeFile(`${process.pid}\n`);
      } finally {
        await file.close();
      }
      return { release: () => releaseIfOurs(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await lockHolder(path);
    if (holder !== null && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `the data directory ${dir} is in use by another Card Sandbox (PID ${holder}); stop it, or set SANDBOX_DATA_DIR to another directory`,
      );
    }
    await rm(path, { force: true });
  }
  throw new Error(`could not lock the data directory ${dir} (${path} keeps reappearing)`);
}

async function lockHolder(path: string): Promise<number | null> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function releaseIfOurs(path: string): Promise<void> {
  if ((await lockHolder(path)) === process.pid) await rm(path, { force: true });
}
