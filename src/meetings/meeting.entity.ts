import {
  Check,
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
import { User } from '../users/user.entity.js';

export const MEETING_KINDS = ['regular', 'extraordinary', 'working_group'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** What is stored: a meeting is `scheduled` until cancelled. `held` is derived from the clock (see `statusOf`). */
export const STORED_MEETING_STATUSES = ['scheduled', 'cancelled'] as const;
export type StoredMeetingStatus = (typeof STORED_MEETING_STATUSES)[number];

/** What the API shows: `held` once `endsAt` has passed, unless cancelled. */
export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export interface ActionItem {
  title: string;
  ownerMemberCode: string;
  /** YYYY-MM-DD */
  dueDate: string;
}

/**
 * A focal point meeting: scheduled by an admin, hosted by members, attended by the invited members' focal points
 * and observers. Its agenda items and attendance replies live in their own tables.
 */
@Entity({ name: 'meeting' })
@Check('chk_meeting_ends_after_start', '"ends_at" > "starts_at"')
@Index('idx_meeting_starts', ['startsAt', 'id'])
@Index('idx_meeting_status', ['status', 'startsAt'])
@Index('idx_meeting_invitees', ['inviteeMemberCodes'], { type: 'gin' })
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 20 })
  kind: MeetingKind;

  /** Millisecond precision, so that a cursor made from it in JavaScript names the row exactly. */
  @Column({ name: 'starts_at', type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', precision: 3 })
  endsAt: Date;

  /** IANA time zone the meeting is held in (for display: the instants above are absolute). */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  location: string | null;

  @Column({ name: 'virtual_url', type: 'varchar', length: 2048, nullable: true })
  virtualUrl: string | null;

  @Column({ name: 'host_member_codes', type: 'varchar', length: 8, array: true })
  hostMemberCodes: string[];

  /** Always holds the hosts too. */
  @Column({ name: 'invitee_member_codes', type: 'varchar', length: 8, array: true })
  inviteeMemberCodes: string[];

  @Column({ type: 'varchar', length: 10 })
  status: StoredMeetingStatus;

  /** How many times the agenda was circulated. */
  @Column({ name: 'agenda_version', type: 'int', default: 0 })
  agendaVersion: number;

  @Column({ name: 'minutes_text', type: 'text', nullable: true })
  minutesText: string | null;

  @Column({ name: 'minutes_action_items', type: 'jsonb', nullable: true })
  minutesActionItems: ActionItem[] | null;

  @Column({ name: 'minutes_updated_at', type: 'timestamptz', precision: 3, nullable: true })
  minutesUpdatedAt: Date | null;

  @Column({ name: 'minutes_updated_by', type: 'uuid', nullable: true })
  minutesUpdatedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'minutes_updated_by', foreignKeyConstraintName: 'fk_meeting_minutes_updated_by' })
  minutesAuthor?: User;

  @Column({ type: 'boolean', default: false })
  exercise: boolean;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_meeting_created_by' })
  creator?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'cancelled_at', type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt: Date | null;

  /** Counts changes of the meeting as the API shows it, agenda and minutes included (its ETag). */
  @VersionColumn({ type: 'int', default: 1 })
  version: number;
}
