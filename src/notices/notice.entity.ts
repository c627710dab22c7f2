import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Member } from '../members/member.entity.js';
import { User } from '../users/user.entity.js';

export const NOTICE_CATEGORIES = [
  'democratic_processes',
  'disinformation_media',
  'human_rights',
  'economic_research_security',
] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

/** Traffic Light Protocol 2.0 markings; AMBER_STRICT is TLP:AMBER+STRICT. */
export const TLP_MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'] as const;
export type TlpMarking = (typeof TLP_MARKINGS)[number];

export const NOTICE_PRIORITIES = ['routine', 'priority', 'flash'] as const;
export type NoticePriority = (typeof NOTICE_PRIORITIES)[number];

export const NOTICE_STATUSES = ['draft', 'submitted', 'shared', 'rejected', 'archived'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const AUDIENCE_SCOPES = ['all', 'members', 'selected'] as const;
export type AudienceScope = (typeof AUDIENCE_SCOPES)[number];

export const INDICATOR_KINDS = ['url', 'domain', 'account', 'hashtag', 'email', 'other'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface Indicator {
  kind: IndicatorKind;
  value: string;
}

/**
 * An information-sharing notice: one piece of information or analysis shared across the network, under a TLP
 * marking and to an audience. Indexes back every filter of `GET /notices`.
 */
@Entity({ name: 'notice' })
@Index('uq_notice_reference', ['reference'], { unique: true })
@Index('idx_notice_created', ['createdAt', 'id'])
@Index('idx_notice_status', ['status', 'createdAt'])
@Index('idx_notice_category', ['category', 'createdAt'])
@Index('idx_notice_tlp', ['tlp', 'createdAt'])
@Index('idx_notice_priority', ['priority', 'createdAt'])
@Index('idx_notice_source_member', ['sourceMemberCode', 'createdAt'])
@Index('idx_notice_author_member', ['authorMemberCode', 'createdAt'])
@Index('idx_notice_exercise', ['exercise', 'createdAt'])
@Index('idx_notice_tags', ['tags'], { type: 'gin' })
@Index('idx_notice_audience_members', ['audienceMemberCodes'], { type: 'gin' })
@Index('idx_notice_search', ['search'], { type: 'gin' })
export class Notice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** RRM-<year>-<sequence>, gap-free per year. */
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 2000 })
  summary: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 40 })
  category: NoticeCategory;

  @Column({ type: 'varchar', length: 12 })
  tlp: TlpMarking;

  @Column({ type: 'varchar', length: 10 })
  priority: NoticePriority;

  @Column({ name: 'audience_scope', type: 'varchar', length: 10 })
  audienceScope: AudienceScope;

  /** The codes of a `selected` audience; empty for `all` and `members`. */
  @Column({ name: 'audience_member_codes', type: 'varchar', length: 8, array: true })
  audienceMemberCodes: string[];

  /** Lower-case, trimmed, without duplicates. */
  @Column({ type: 'text', array: true })
  tags: string[];

  @Column({ type: 'jsonb' })
  indicators: Indicator[];

  @Column({ name: 'targeted_countries', type: 'varchar', length: 8, array: true })
  targetedCountries: string[];

  /** The member the information comes from: the author's member, or CA for the secretariat's own notices. */
  @Column({ name: 'source_member_code', type: 'varchar', length: 8 })
  sourceMemberCode: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_member_code', foreignKeyConstraintName: 'fk_notice_source_member' })
  sourceMember?: Member;

  /** The member whose focal points (or observers) author the notice; null when the secretariat wrote it. */
  @Column({ name: 'author_member_code', type: 'varchar', length: 8, nullable: true })
  authorMemberCode: string | null;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'author_member_code', foreignKeyConstraintName: 'fk_notice_author_member' })
  authorMember?: Member;

  @Column({ type: 'varchar', length: 10 })
  status: NoticeStatus;

  @Column({ type: 'boolean', default: false })
  exercise: boolean;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_notice_created_by' })
  creator?: User;

  @Column({ name: 'rejection_reason', type: 'varchar', length: 2000, nullable: true })
  rejectionReason: string | null;

  /** Millisecond precision, so that a cursor made from it in JavaScript names the row exactly. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'shared_at', type: 'timestamptz', nullable: true })
  sharedAt: Date | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @VersionColumn({ type: 'int', default: 1 })
  version: number;

  /**
   * Full-text document over title, summary, body and tags (`simple` configuration), kept up to date by the
   * trigger `notice_search_refresh` (see the CreateNotices migration); never selected or written by the app.
   */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  search?: string | null;
}
