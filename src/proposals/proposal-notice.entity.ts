import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Notice } from '../notices/notice.entity.js';
import { Proposal } from './proposal.entity.js';

/** A notice a proposal answers, in the order the secretariat listed them. */
@Entity({ name: 'proposal_notice' })
@Index('idx_proposal_notice_notice', ['noticeId'])
export class ProposalNotice {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'fk_proposal_notice_proposal' })
  proposal?: Proposal;

  @PrimaryColumn({ name: 'notice_id', type: 'uuid' })
  noticeId: string;

  @ManyToOne(() => Notice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'notice_id', foreignKeyConstraintName: 'fk_proposal_notice_notice' })
  notice?: Notice;

  /** 0-based place in the proposal's list. */
  @Column({ type: 'int' })
  position: number;
}
