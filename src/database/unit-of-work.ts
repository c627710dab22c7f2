import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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
 * its audit trail and its mail commit or roll back together.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly outbox: Outbox,
  ) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const tx = new Transaction(manager);
      const result = await work(tx);
      await this.outbox.enqueue(manager, tx.messages);
      await this.audit.append(manager, tx.events);
      return result;
    });
  }
}
