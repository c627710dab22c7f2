import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, pageSize, toPage, type Page } from '../common/pagination.js';
import { AuditEvent } from './audit-event.entity.js';
import { verifyAuditChain, type VerificationResult } from './audit-verifier.js';
import type { AuditEventView, ListAuditEventsQuery } from './dto/audit.dto.js';

const toView = (event: AuditEvent): AuditEventView => ({
  id: event.id,
  seq: Number(event.seq),
  occurredAt: event.occurredAt.toISOString(),
  actorId: event.actorId,
  actorRole: event.actorRole,
  action: event.action,
  entityType: event.entityType,
  entityId: event.entityId,
  requestId: event.requestId,
  ip: event.ip,
  changes: event.changes,
  prevHash: event.prevHash,
  hash: event.hash,
});

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ListAuditEventsQuery): Promise<Page<AuditEventView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['position']);
    const builder = this.dataSource.manager
      .createQueryBuilder(AuditEvent, 'e')
      .orderBy('e.seq', 'DESC')
      .take(limit + 1);
    if (after) builder.andWhere('e.seq < :after', { after: after[0] });
    if (query.actorId) builder.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.entityType) builder.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.action) builder.andWhere('e.action = :action', { action: query.action });
    if (query.from) builder.andWhere('e.occurred_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.occurred_at < :to', { to: query.to });
    return toPage(await builder.getMany(), limit, (e) => [Number(e.seq)], toView);
  }

  verify(): Promise<VerificationResult> {
    return verifyAuditChain(this.dataSource);
  }
}
