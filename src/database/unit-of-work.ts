import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { AuditAction, AuditEntry } from '../audit/audit-actions.js';
import { AuditRecorder } from '../audit/audit-recorder.js';
import { actorOf, type Origin } from '../common/request-context.js';
import { Outbox, type OutboundMessage } from '../notifications/outbox.js';
import { confirmStanding } from './caller-standing.js';
import { sendNow, sendTogetherThisTurn, type Connection, type Statement } from './sql.js';

/** What a use case may do inside its transaction besides querying: record audit events, queue mail, send writes. */
export class Transaction {
  readonly events: AuditEntry[] = [];
  private readonly messages: OutboundMessage[] = [];
  /** Statements sent whose answers nobody has waited for yet: the commit goes out behind them. */
  private readonly unanswered: Promise<unknown>[] = [];
  /** What to do once the change has committed, before the use case answers. */
  private readonly committed: (() => void)[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly connection: Connection,
    private readonly outbox: Outbox,
  ) {}

  audit<A extends AuditAction>(entry: AuditEntry<A>): void {
    this.events.push(entry as AuditEntry);
  }

  notify(...messages: OutboundMessage[]): void {
    this.messages.push(...messages);
  }

  /** Runs `effect` in this process once the change has committed (never if it rolls back). */
  onCommitted(effect: () => void): void {
    this.committed.push(effect);
  }

  /**
   * Sends a write (prepared) whose answer the use case can wait for after commit: the audit append and COMMIT
   * follow it in the same packet, so it costs no exchange of its own. If it fails, nothing commits and its error
   * is the use case's. The answer settles before the commit does.
   */
  send<T>(statement: Statement): Promise<T[]> {
    const answer = sendNow<T>(this.connection, statement, { prepare: true });
    answer.catch(() => undefined); // waited for at commit
    this.unanswered.push(answer);
    return answer;
  }

  /** Sends the mail queued so far to the outbox (`send`); what is queued later is sent before commit. */
  async writeQueuedMail(): Promise<void> {
    for (const statement of await this.outbox.statements(this.messages.splice(0))) this.send(statement);
  }

  /**
   * Sends `final` (the audit append and COMMIT, or COMMIT) behind every statement sent, and waits for all of them.
   * The first failure in sending order is the outcome: a statement that failed left the transaction aborted, so
   * the commit that followed it failed or, alone, rolled back. Once it has committed, runs the `onCommitted` effects.
   */
  async commit(final: string): Promise<void> {
    const outcomes = await Promise.allSettled([
      ...this.unanswered.splice(0),
      sendNow(this.connection, { text: final, values: [] }),
    ]);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    for (const effect of this.committed.splice(0)) effect();
  }
}

/**
 * Runs a use case in one transaction that also writes its audit events and outbox messages, so a change,
 * its audit trail and its mail commit or roll back together. Round trips are what a write costs most on the
 * database's side and ours, so the transaction's ends ride with its statements: `START TRANSACTION` goes out
 * in the same packet as the use case's first statement, and the mail, the writes sent with `Transaction.send`,
 * the audit append and the `COMMIT` leave together. The chain's lock is then held for no longer than the commit.
 * The audit events record `origin`: the request and its caller, or null for the server's own work. A signed-in
 * caller's write commits only if they still stand where their credentials said (`confirmStanding`).
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly outbox: Outbox,
  ) {}

  async run<T>(origin: Origin, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const { connection, begun } = await begin(runner);
      const actor = actorOf(origin);
      const standing = actor ? confirmStanding(connection, actor) : null;
      standing?.catch(() => undefined); // awaited below, once the use case is done
      const tx = new Transaction(runner.manager, connection, this.outbox);
      const result = await work(tx);
      const refusal = await standing;
      if (refusal) throw refusal;
      await tx.writeQueuedMail();
      const append = this.audit.appendStatement(tx.events, origin);
      await begun;
      await tx.commit(append ? `${append}; COMMIT` : 'COMMIT');
      markTransaction(runner, false);
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
async function begin(runner: QueryRunner): Promise<{ connection: Connection; begun: Promise<unknown> }> {
  const connection = (await runner.connect()) as Connection;
  sendTogetherThisTurn(connection);
  const begun = sendNow(connection, { text: 'START TRANSACTION', values: [] });
  begun.catch(() => undefined); // surfaces through the statements that follow it, and is awaited before commit
  markTransaction(runner, true);
  return { connection, begun };
}

/**
 * Tells TypeORM's runner whether its transaction is open, as its own start and commit would: the one place this
 * reaches into its state. It matters: `save()` on a runner it believes idle opens and commits a transaction of
 * its own, which would commit the use case half-done.
 */
function markTransaction(runner: QueryRunner, open: boolean): void {
  Object.assign(runner, { isTransactionActive: open, transactionDepth: open ? 1 : 0 });
}
