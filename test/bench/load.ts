import autocannon from 'autocannon';
import { cpuMeter } from './cpu.js';

export interface ScenarioResult {
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** CPU time per request of the server answering (the API or the floor), and of PostgreSQL; null if unknown. */
  serverCpuMsPerRequest: number | null;
  databaseCpuMsPerRequest: number | null;
  /** CPU time per request of the load generator (this process), and the busy share of all the machine's cores. */
  loadGeneratorCpuMsPerRequest: number | null;
  machineBusyShare: number | null;
}

export interface Scenario {
  name: string;
  url: string;
  token?: string;
  requests?: autocannon.Request[];
  path?: string;
  /** Writes change the data later scenarios read, so they are measured last. */
  writes?: boolean;
}

/**
 * Warms up, then measures one scenario with autocannon (as a library), with the CPU time the server (`serverPid`)
 * and PostgreSQL spent per request in the measured window: steadier than req/s on a machine whose speed drifts.
 */
export async function measure(
  scenario: Scenario,
  options: { connections: number; warmupSeconds: number; seconds: number },
  serverPid?: number,
): Promise<ScenarioResult> {
  const run = (duration: number) =>
    autocannon({
      url: scenario.requests ? scenario.url : `${scenario.url}${scenario.path ?? ''}`,
      connections: options.connections,
      duration,
      headers: {
        'content-type': 'application/json',
        ...(scenario.token ? { authorization: `Bearer ${scenario.token}` } : {}),
      },
      ...(scenario.requests ? { requests: scenario.requests } : {}),
    });
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const cpu = cpuMeter(serverPid);
  const result = await run(options.seconds);
  return {
    scenario: scenario.name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    ...cpu(result.requests.total),
  };
}
