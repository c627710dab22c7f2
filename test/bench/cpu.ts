import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

/**
 * A process's name and CPU time in ms from /proc/<pid>/stat: its own (user + system) and, with `children`, also
 * that of the children it has waited for. Null when it cannot be read (no /proc, or the process has ended).
 */
function cpuOf(pid: number | string, children = false): { name: string; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [user, system, childrenUser, childrenSystem] = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .slice(11, 15)
      .map(Number);
    return { name, ms: (user + system + (children ? childrenUser + childrenSystem : 0)) * MS_PER_TICK };
  } catch {
    return null;
  }
}

/** User + system CPU time of a process in ms; null where there is no /proc (not Linux). */
export function processCpuMs(pid: number): number | null {
  return cpuOf(pid)?.ms ?? null;
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
    const process = cpuOf(entry.name, true);
    if (process?.name === 'postgres') total = (total ?? 0) + process.ms;
  }
  return total;
}

/** This process's own CPU time in ms: the load generator's, since autocannon runs in it. */
function loadGeneratorCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Busy and total time of all the machine's cores, in clock ticks, from /proc/stat; null where there is none. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: guest time (the fields after) is already counted in user.
    const total = fields.slice(0, 8).reduce((sum, value) => sum + (value ?? 0), 0);
    const [idle, ioWait] = [fields[3], fields[4] ?? 0];
    return { busy: total - idle - ioWait, total };
  } catch {
    return null;
  }
}

/**
 * Reads CPU before a window and answers after it, per request: the server's, PostgreSQL's and the load generator's
 * (null where it cannot be measured); and the share of the machine's cores that was busy, which tells whether a
 * rate was bound by the machine rather than by any one process.
 */
export function cpuMeter(serverPid: number | undefined) {
  const server = serverPid === undefined ? null : processCpuMs(serverPid);
  const database = postgresCpuMs();
  const generator = loadGeneratorCpuMs();
  const machine = machineTicks();
  return (requests: number) => {
    const perRequest = (before: number | null, after: number | null) =>
      before === null || after === null || requests === 0 || after < before
        ? null
        : Number(((after - before) / requests).toFixed(2));
    const machineAfter = machineTicks();
    const machineBusyShare =
      machine === null || machineAfter === null || machineAfter.total <= machine.total
        ? null
        : Number(((machineAfter.busy - machine.busy) / (machineAfter.total - machine.total)).toFixed(2));
    return {
      serverCpuMsPerRequest: perRequest(server, serverPid === undefined ? null : processCpuMs(serverPid)),
      databaseCpuMsPerRequest: perRequest(database, postgresCpuMs()),
      loadGeneratorCpuMsPerRequest: perRequest(generator, loadGeneratorCpuMs()),
      machineBusyShare,
    };
  };
}
