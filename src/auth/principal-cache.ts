import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Transaction } from '../database/unit-of-work.js';
import type { Principal } from './principals.js';

/** The channel the database notifies, with a user's id, when that user's sessions or standing change. */
export const PRINCIPAL_CHANGED = 'principal_changed';
/** A safety net only: a kept principal is read again after this long even if nothing was said about it. */
const KEEP_MS = 30_000;
const MOST_KEPT = 10_000;
const RELISTEN_MS = { first: 1_000, most: 30_000 };

interface Kept {
  principal: Principal;
  userId: string;
  until: number;
}

/**
 * Signed-in principals kept in memory between requests, so checking a caller's session usually costs no round
 * trip to PostgreSQL, without weakening revocation:
 * - the process that ends a session or changes a user forgets that user's principals as its change commits
 *   (`forgetOnCommit`), before it answers, so the very next request reads the database again;
 * - every other process forgets them when PostgreSQL delivers the `principal_changed` notification that a
 *   trigger raises for the same change (migration NotifyPrincipalChanges), milliseconds after the commit;
 * - nothing is kept while this process is not listening (at start, or after the listening connection is lost,
 *   until it listens again), and a principal read while something changed is not kept.
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PrincipalCache');
  private readonly kept = new Map<string, Kept>();
  /** Grows with every change heard of: a read that began before a change must not be kept. */
  private generation = 0;
  private listener: pg.Client | null = null;
  private relisten: NodeJS.Timeout | null = null;
  private relistenMs = RELISTEN_MS.first;
  private stopped = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.relisten) clearTimeout(this.relisten);
    const listener = this.listener;
    this.listener = null;
    this.kept.clear();
    await listener?.end().catch(() => undefined);
  }

  /** The principal kept under `key`, or the one `read` finds (kept when it is safe to). A copy either way. */
  async through(key: string, userId: string, read: () => Promise<Principal | null>): Promise<Principal | null> {
    const now = Date.now();
    const kept = this.kept.get(key);
    if (kept && kept.until > now && this.listener) return { ...kept.principal };
    const generation = this.generation;
    const principal = await read();
    if (principal && this.listener && generation === this.generation) {
      if (this.kept.size >= MOST_KEPT) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(key, { principal: { ...principal }, userId, until: now + KEEP_MS });
    }
    return principal;
  }

  /** Forgets a user's principals once the transaction commits, before the use case answers. */
  forgetOnCommit(tx: Transaction, userId: string): void {
    tx.onCommitted(() => this.forget(userId));
  }

  forget(userId: string): void {
    this.generation++;
    for (const [key, kept] of this.kept) if (kept.userId === userId) this.kept.delete(key);
  }

  private forgetAll(): void {
    this.generation++;
    this.kept.clear();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.databaseUrl!,
      application_name: 'rrm-secretariat-principals',
      keepAlive: true,
    });
    let lost = false;
    const lose = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      this.forgetAll();
      client.end().catch(() => undefined);
      if (this.stopped) return;
      if (error) this.logger.warn(`not listening for principal changes: ${error.message}; retrying`);
      this.relisten = setTimeout(() => void this.listen(), this.relistenMs);
      this.relisten.unref();
      this.relistenMs = Math.min(this.relistenMs * 2, RELISTEN_MS.most);
    };
    client.on('notification', (notification) => {
      if (notification.payload) this.forget(notification.payload);
    });
    client.on('error', lose);
    client.on('end', () => lose());
    try {
      await client.connect();
      await client.query(`LISTEN ${PRINCIPAL_CHANGED}`);
    } catch (error) {
      lose(error as Error);
      return;
    }
    if (lost || this.stopped) return void client.end().catch(() => undefined);
    // Changes made while nobody listened were not heard: start from nothing.
    this.forgetAll();
    this.listener = client;
    this.relistenMs = RELISTEN_MS.first;
  }
}
