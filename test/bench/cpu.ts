import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

/** User + system CPU time of a process in ms, from /proc; null where there is no /proc (not Linux). */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return null;
  }
}

/**
 * CPU time of every PostgreSQL process on this machine (the server, its backends and background workers, and,
 * through the server's children times, those that ended), or null when none runs here (a remote DATABASE_URL):
 * then the database's share cannot be measured.
 */
export function postgresCpuMs(): number | null {
  let total: number | null = null;
  for (const entry of readdirSync('/proc', { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\d+$/.test(entry.name)) continue;
    try {
      const stat = readFileSync(`/proc/${entry.name}/stat`, 'utf8');
      if (!stat.includes(' (postgres) ')) continue;
      const fields = stat.split(') ')[1].split(' ');
      const [user, system, childrenUser, childrenSystem] = fields.slice(11, 15).map(Number);
      total = (total ?? 0) + (user + system + childrenUser + childrenSystem) * MS_PER_TICK;
    } catch {
      // the process ended while we read
    }
  }
  return total;
}

/** Reads CPU before a window and answers ms per request after it (null where it cannot be measured). */
export function cpuMeter(serverPid: number | undefined) {
  const server = serverPid === undefined ? null : processCpuMs(serverPid);
  const database = postgresCpuMs();
  return (requests: number) => {
    const perRequest = (before: number | null, after: number | null) =>
      before === null || after === null || requests === 0 || after < before
        ? null
        : Number(((after - before) / requests).toFixed(2));
    return {
      serverCpuMsPerRequest: perRequest(server, serverPid === undefined ? null : processCpuMs(serverPid)),
      databaseCpuMsPerRequest: perRequest(database, postgresCpuMs()),
    };
  };
}
