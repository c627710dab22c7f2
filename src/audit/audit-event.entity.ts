import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One link of the append-only, hash-chained audit trail. Rows are never updated or deleted. */
@Entity({ name: 'audit_event' })
@Index('idx_audit_event_actor', ['actorId', 'seq'])
@Index('idx_audit_event_entity', ['entityType', 'entityId', 'seq'])
@Index('idx_audit_event_action', ['action', 'seq'])
@Index('idx_audit_event_occurred_at', ['occurredAt'])
export class AuditEvent {
  /** Gap-free position in the chain, from 1. */
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Index('uq_audit_event_id', { unique: true })
  @Column({ type: 'uuid' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 20, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, unknown> | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
