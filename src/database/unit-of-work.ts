import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { AuditAction, AuditEntry } from '../audit/audit-actions.js';
import { AuditRecorder } from '../audit/audit-recorder.js';
import { Outbox, type OutboundMessage } from '../notifications/outbox.js';

/** What a use case may do inside its transaction besides querying: record audit events and queue mail. */
export class Transaction {
  readonly events: AuditEntry[] = [];
  readonly messages: OutboundMessage[] = [];

  constructor(readonly manager: EntityManager) {}

  audit<A extends AuditAction>(entry: AuditEntry<A>): void {
    this.events.push(entry as AuditEntry);
  }

  notify(...messages: OutboundMessage[]): void {
    this.messages.push(...messages);
  }
}

/**
 * Runs a use case in one transaction that also writes its audit events and outbox messages, so a change,
 * its audit trail and its mail commit or roll back together. The audit append and the COMMIT travel in one
 * round trip, so the chain's lock is held for no longer than the commit itself.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly outbox: Outbox,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const tx = new Transaction(runner.manager);
      const result = await work(tx);
      await this.outbox.enqueue(runner.manager, tx.messages);
      const append = this.audit.appendStatement(tx.events);
      if (append) await commitWith(runner, append);
      else await runner.commitTransaction();
      return result;
    } catch (error) {
      // Also after a failed COMMIT, which PostgreSQL has already rolled back: ROLLBACK then only warns.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/**
 * Sends `statement` and COMMIT as one simple query (one round trip), then tells the runner its transaction is
 * over, as `commitTransaction()` would. If either fails, the runner still holds an open transaction to roll back.
 */
async function commitWith(runner: QueryRunner, statement: string): Promise<void> {
  await runner.query(`${statement}; COMMIT`);
  Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
}
