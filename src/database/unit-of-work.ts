import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { AuditAction, AuditEntry } from '../audit/audit-actions.js';
import { AuditRecorder } from '../audit/audit-recorder.js';
import { Outbox, type OutboundMessage } from '../notifications/outbox.js';
import { sendTogetherThisTurn, type Connection } from './sql.js';

/** What a use case may do inside its transaction besides querying: record audit events and queue mail. */
export class Transaction {
  readonly events: AuditEntry[] = [];
  private readonly messages: OutboundMessage[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  audit<A extends AuditAction>(entry: AuditEntry<A>): void {
    this.events.push(entry as AuditEntry);
  }

  notify(...messages: OutboundMessage[]): void {
    this.messages.push(...messages);
  }

  /**
   * Writes the mail queued so far to the outbox now rather than at the end, so that a use case can send it
   * together with its own last statement (`Promise.all`); what is queued later is written before commit.
   */
  async writeQueuedMail(): Promise<void> {
    await this.outbox.enqueue(this.manager, this.messages.splice(0));
  }
}

/**
 * Runs a use case in one transaction that also writes its audit events and outbox messages, so a change,
 * its audit trail and its mail commit or roll back together. Round trips are what a write costs most on the
 * database's side and ours, so the transaction's ends ride with its statements: `START TRANSACTION` goes out
 * in the same packet as the use case's first statement, and the audit append with the `COMMIT`. The chain's
 * lock is then held for no longer than the commit itself.
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
      const { begun } = await begin(runner);
      const tx = new Transaction(runner.manager, this.outbox);
      const result = await work(tx);
      await tx.writeQueuedMail();
      const append = this.audit.appendStatement(tx.events);
      await begun;
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
 * Starts the runner's transaction without waiting for PostgreSQL's answer: the client is pipelined, so the next
 * statements follow at once, and those issued in this turn of the event loop share `START TRANSACTION`'s packet
 * (`sendTogetherThisTurn`). `begun` is its outcome, to await before commit.
 */
async function begin(runner: QueryRunner): Promise<{ begun: Promise<unknown> }> {
  const client = (await runner.connect()) as Connection & { query(text: string): Promise<unknown> };
  sendTogetherThisTurn(client);
  const begun = client.query('START TRANSACTION');
  begun.catch(() => undefined); // surfaces through the statements that follow it, and is awaited before commit
  markTransaction(runner, true);
  return { begun };
}

/**
 * Sends `statement` and COMMIT as one simple query (one round trip), then tells the runner its transaction is
 * over, as `commitTransaction()` would. If either fails, the runner still holds an open transaction to roll back.
 */
async function commitWith(runner: QueryRunner, statement: string): Promise<void> {
  await runner.query(`${statement}; COMMIT`);
  markTransaction(runner, false);
}

/**
 * Tells TypeORM's runner whether its transaction is open, as its own start and commit would: the one place this
 * reaches into its state. It matters: `save()` on a runner it believes idle opens and commits a transaction of
 * its own, which would commit the use case half-done.
 */
function markTransaction(runner: QueryRunner, open: boolean): void {
  Object.assign(runner, { isTransactionActive: open, transactionDepth: open ? 1 : 0 });
}
