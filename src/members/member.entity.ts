import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const MEMBER_KINDS = ['member', 'observer'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** A G7 member or an observer of the RRM, identified by its short code (CA, EU, NATO…). */
@Entity({ name: 'member' })
export class Member {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  kind: MemberKind;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * When it was last deactivated; null while active. Its users keep reading the notices shared before then, and
   * are in no audience after it (`visibleToMemberSql`).
   */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @VersionColumn({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
