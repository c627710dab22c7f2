import type { TestApp } from './app.js';

/** The audit chain's advisory lock, taken by every write at its audit append, just before its commit. */
const AUDIT_CHAIN_LOCK = 7_240_001;

/**
 * Holds every write at its commit: with the audit chain's lock held here, each write that reaches its audit append
 * waits there, its checks passed and its statements run, until `open()`. For making requests overlap on purpose.
 */
export async function closeCommitGate(test: TestApp): Promise<{ open(): Promise<void> }> {
  const holder = test.dataSource.createQueryRunner();
  await holder.connect();
  await holder.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK]);
  let opened = false;
  return {
    /** Lets the writes held commit; again, it does nothing (call it in a `finally` too). */
    async open() {
      if (opened) return;
      opened = true;
      await holder.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK]).catch(() => undefined);
      await holder.release();
    },
  };
}

/** Resolves once `count` sessions of the test's database wait for a lock (at the gate, a row's, or another). */
export async function waitForLockWaiters(test: TestApp, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [waiting] = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (waiting.n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} sessions came to wait for a lock`);
}
