import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Member } from '../members/member.entity.js';
import { Notice } from '../notices/notice.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { Meeting } from './meeting.entity.js';

/** One item of a meeting's agenda; positions are dense, 1..n. */
@Entity({ name: 'meeting_agenda_item' })
// Checked at the end of each statement, so one UPDATE can shift or permute positions.
@Unique('uq_meeting_agenda_item_position', ['meetingId', 'position'], { deferrable: 'INITIALLY IMMEDIATE' })
@Index('idx_meeting_agenda_item_notice', ['noticeId'])
export class MeetingAgendaItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_meeting_agenda_item_meeting' })
  meeting?: Meeting;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'presenter_member_code', type: 'varchar', length: 8, nullable: true })
  presenterMemberCode: string | null;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'presenter_member_code', foreignKeyConstraintName: 'fk_meeting_agenda_item_presenter' })
  presenter?: Member;

  @Column({ name: 'duration_minutes', type: 'int', nullable: true })
  durationMinutes: number | null;

  @Column({ name: 'notice_id', type: 'uuid', nullable: true })
  noticeId: string | null;

  @ManyToOne(() => Notice, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'notice_id', foreignKeyConstraintName: 'fk_meeting_agenda_item_notice' })
  notice?: Notice;

  @Column({ name: 'proposal_id', type: 'uuid', nullable: true })
  proposalId: string | null;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_meeting_agenda_item_proposal' })
  proposal?: Proposal;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @VersionColumn({ type: 'int', default: 1 })
  version: number;
}
