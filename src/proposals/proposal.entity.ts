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
import { User } from '../users/user.entity.js';

export const ACTION_TYPES = [
  'joint_statement',
  'coordinated_attribution',
  'deterrent_action',
  'support_vulnerable_democracy',
  'public_communication',
  'other',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** `consensus`: every active member replied and none objects; `silence`: adopted unless a member objects. */
export const DECISION_RULES = ['consensus', 'silence'] as const;
export type DecisionRule = (typeof DECISION_RULES)[number];

export const PROPOSAL_STATUSES = ['draft', 'open', 'closed', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const OUTCOMES = ['adopted', 'not_adopted'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const POSITIONS = ['support', 'support_with_reservations', 'abstain', 'object'] as const;
export type Position = (typeof POSITIONS)[number];

/** The replies counted when a proposal closed, kept as they were then. */
export interface FinalTally {
  support: number;
  support_with_reservations: number;
  abstain: number;
  object: number;
  notReplied: string[];
}

/**
 * A coordinated-response proposal: a joint action put to the members, decided by consensus or by the silence
 * procedure at its deadline. Indexes back every filter of `GET /proposals` and the deadline sweep.
 */
@Entity({ name: 'proposal' })
@Index('uq_proposal_reference', ['reference'], { unique: true })
@Index('idx_proposal_created', ['createdAt', 'id'])
@Index('idx_proposal_status', ['status', 'createdAt'])
@Index('idx_proposal_decision_rule', ['decisionRule', 'createdAt'])
@Index('idx_proposal_action_type', ['actionType', 'createdAt'])
@Index('idx_proposal_exercise', ['exercise', 'createdAt'])
@Index('idx_proposal_open_deadline', ['deadline'], { where: `status = 'open'` })
export class Proposal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** RRP-<year>-<sequence>, gap-free per year. */
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ name: 'action_type', type: 'varchar', length: 40 })
  actionType: ActionType;

  @Column({ name: 'decision_rule', type: 'varchar', length: 10 })
  decisionRule: DecisionRule;

  @Column({ type: 'timestamptz', precision: 3 })
  deadline: Date;

  @Column({ type: 'varchar', length: 10 })
  status: ProposalStatus;

  @Column({ type: 'varchar', length: 12, nullable: true })
  outcome: Outcome | null;

  @Column({ type: 'boolean', default: false })
  exercise: boolean;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_proposal_created_by' })
  creator?: User;

  /** Millisecond precision, so that a cursor made from it in JavaScript names the row exactly. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Who closed it early; null when it closed by itself at the deadline (or is not closed). */
  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'closed_by', foreignKeyConstraintName: 'fk_proposal_closed_by' })
  closer?: User;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** The tally the outcome was decided on; null until closed. */
  @Column({ name: 'final_tally', type: 'jsonb', nullable: true })
  finalTally: FinalTally | null;

  /** Members whose final position was support or support_with_reservations; null until closed. */
  @Column({ type: 'varchar', length: 8, array: true, nullable: true })
  signatories: string[] | null;

  @VersionColumn({ type: 'int', default: 1 })
  version: number;
}
