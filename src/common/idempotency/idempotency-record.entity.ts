import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A POST (or PUT) made with an Idempotency-Key, kept for 24 hours so a retry replays its answer. */
@Entity({ name: 'idempotency_record' })
@Index('idx_idempotency_record_created_at', ['createdAt'])
export class IdempotencyRecord {
  /** Whose key it is: a user id, or the caller's IP for anonymous calls. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of method, path and body: another request under the same key is refused. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 10 })
  state: 'running' | 'done';

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  /** `json`, not `jsonb`: a replay gives the body as it was written, its fields in their order. */
  @Column({ name: 'response_body', type: 'json', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
