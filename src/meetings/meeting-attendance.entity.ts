import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';
import { User } from '../users/user.entity.js';
import { Meeting } from './meeting.entity.js';

export const ATTENDANCE_RESPONSES = ['accepted', 'declined', 'tentative'] as const;
export type AttendanceResponse = (typeof ATTENDANCE_RESPONSES)[number];

/** An invited member's reply to a meeting invitation: one per member, the latest reply wins. */
@Entity({ name: 'meeting_attendance' })
@Index('uq_meeting_attendance_member', ['meetingId', 'memberCode'], { unique: true })
export class MeetingAttendance {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_meeting_attendance_meeting' })
  meeting?: Meeting;

  @Column({ name: 'member_code', type: 'varchar', length: 8 })
  memberCode: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_code', foreignKeyConstraintName: 'fk_meeting_attendance_member' })
  member?: Member;

  @Column({ type: 'varchar', length: 10 })
  response: AttendanceResponse;

  /** Names of the people the member sends. */
  @Column({ type: 'jsonb' })
  attendees: string[];

  @Column({ name: 'replied_by', type: 'uuid' })
  repliedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'replied_by', foreignKeyConstraintName: 'fk_meeting_attendance_replied_by' })
  replier?: User;

  @Column({ name: 'replied_at', type: 'timestamptz', precision: 3 })
  repliedAt: Date;
}
