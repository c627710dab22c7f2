import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';
import { User } from '../users/user.entity.js';
import { Notice } from './notice.entity.js';

/** A recipient member's receipt of a shared notice: one per member, the first of its users to acknowledge. */
@Entity({ name: 'notice_acknowledgement' })
@Index('uq_notice_acknowledgement_member', ['noticeId', 'memberCode'], { unique: true })
@Index('idx_notice_acknowledgement_member', ['memberCode'])
export class NoticeAcknowledgement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId: string;

  @ManyToOne(() => Notice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notice_id', foreignKeyConstraintName: 'fk_notice_acknowledgement_notice' })
  notice?: Notice;

  @Column({ name: 'member_code', type: 'varchar', length: 8 })
  memberCode: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_code', foreignKeyConstraintName: 'fk_notice_acknowledgement_member' })
  member?: Member;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notice_acknowledgement_user' })
  user?: User;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', default: () => 'now()' })
  acknowledgedAt: Date;
}
