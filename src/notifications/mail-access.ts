import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import { readNamed } from '../database/sql.js';
import type { MessageRecordType } from './outbox-message.entity.js';

/** The records of one type a reader may see, as a SQL condition on `alias` (each module's visibility policy). */
export type Visibility = (reader: Actor, alias: string) => { where: string; params: Record<string, unknown> };

/**
 * Answers, when a message is delivered, whether its recipient may still see the record it is about: each
 * module registers its records' table and visibility, the same predicate its reads use, so mail held up by an
 * outage never reaches someone taken out of an audience or off the invitees in the meantime.
 */
@Injectable()
export class MailAccess {
  private readonly visibility = new Map<MessageRecordType, { table: string; visible: Visibility; refusal: string }>();

  /** `refusal`: why a message is withdrawn when its recipient fails the check (by default, they may no longer see it). */
  register(type: MessageRecordType, table: string, visible: Visibility, refusal?: string): void {
    this.visibility.set(type, { table, visible, refusal: refusal ?? `The recipient may no longer see this ${type}.` });
  }

  /** The reason a message about a record of this type is withdrawn when `maySee` says no. */
  refusalFor(type: MessageRecordType): string {
    return this.registered(type).refusal;
  }

  async maySee(manager: EntityManager, reader: Actor, type: MessageRecordType, id: string): Promise<boolean> {
    const records = this.registered(type);
    const visible = records.visible(reader, 'r');
    const rows = await readNamed<{ id: string }>(
      manager,
      `SELECT r.id FROM ${records.table} r WHERE r.id = :recordId AND ${visible.where}`,
      { ...visible.params, recordId: id },
    );
    return rows.length === 1;
  }

  private registered(type: MessageRecordType) {
    const records = this.visibility.get(type);
    if (!records) throw new Error(`No visibility is registered for ${type} records.`);
    return records;
  }
}
