// CPU time per request, from /proc: unlike req/s it barely moves when other work shares the machine,
// so it says where the time goes even on a busy 2-core box. Linux only; elsewhere the numbers are null.
import { readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** user + system CPU seconds of a process, or null when it is gone (or there is no /proc). */
function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The PostgreSQL backends serving one client program (by application_name) in this database. */
export async function backendPids(databaseUrl, applicationName) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [applicationName],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/** CPU seconds per pid, now. */
export function sampleCpu(pids) {
  return new Map(pids.map((pid) => [pid, processCpuSeconds(pid)]));
}

/** CPU seconds used between two samples, over the pids alive at both; null if none was. */
export function cpuUsed(before, after) {
  let total = null;
  for (const [pid, start] of before) {
    const end = after.get(pid);
    if (start !== null && end !== null && end !== undefined) total = (total ?? 0) + end - start;
  }
  return total;
}

/** Milliseconds of CPU per operation, rounded for the report. */
export function msPer(cpuSeconds, operations) {
  if (cpuSeconds === null || !operations) return null;
  return Math.round((cpuSeconds * 1000 * 1000) / operations) / 1000;
}

/** Resident set size of a process in MB, or null when it is gone. */
export function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return null;
  }
}

/** Samples a process's RSS every 250 ms until `stop()`, which returns the highest sample. */
export function watchRss(pid) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
