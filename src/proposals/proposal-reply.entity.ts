import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';
import { User } from '../users/user.entity.js';
import { Proposal, type Position } from './proposal.entity.js';

/**
 * A member's position on a proposal. Replies are never changed or deleted: a new reply supersedes the current
 * one (which keeps its row with `current = false`), so the history says who gave which position when.
 */
@Entity({ name: 'proposal_reply' })
@Index('uq_proposal_reply_current', ['proposalId', 'memberCode'], { unique: true, where: '"current"' })
@Index('idx_proposal_reply_proposal', ['proposalId', 'repliedAt', 'id'])
@Index('idx_proposal_reply_member', ['memberCode'])
export class ProposalReply {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_proposal_reply_proposal' })
  proposal?: Proposal;

  @Column({ name: 'member_code', type: 'varchar', length: 8 })
  memberCode: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_code', foreignKeyConstraintName: 'fk_proposal_reply_member' })
  member?: Member;

  @Column({ type: 'varchar', length: 30 })
  position: Position;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  comment: string | null;

  /** The focal point (primary or alternate) who gave it. */
  @Column({ name: 'replied_by', type: 'uuid' })
  repliedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'replied_by', foreignKeyConstraintName: 'fk_proposal_reply_replied_by' })
  replier?: User;

  /** Millisecond precision, so that a cursor made from it in JavaScript names the row exactly. */
  @Column({ name: 'replied_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  repliedAt: Date;

  @Column({ type: 'boolean', default: true })
  current: boolean;
}
