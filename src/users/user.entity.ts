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
import type { Role } from '../common/request-context.js';
import { Member } from '../members/member.entity.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A person who signs in: secretariat staff, a member's focal point, an observer's representative, an auditor. */
@Entity({ name: 'app_user' })
@Index('uq_app_user_email', ['email'], { unique: true })
@Index('idx_app_user_member_role', ['memberCode', 'role'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ name: 'member_code', type: 'varchar', length: 8, nullable: true })
  memberCode: string | null;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'member_code', foreignKeyConstraintName: 'fk_app_user_member' })
  member?: Member;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'preferred_language', type: 'varchar', length: 2, default: 'en' })
  preferredLanguage: Language;

  @Column({ name: 'password_hash', type: 'varchar', length: 200, nullable: true, select: false })
  passwordHash: string | null;

  @Column({ name: 'mfa_enabled', type: 'boolean', default: false })
  mfaEnabled: boolean;

  @Column({ name: 'mfa_secret', type: 'varchar', length: 64, nullable: true, select: false })
  mfaSecret: string | null;

  @Column({ name: 'mfa_pending_secret', type: 'varchar', length: 64, nullable: true, select: false })
  mfaPendingSecret: string | null;

  /** The last TOTP time step accepted: a code is never accepted twice. */
  @Column({ name: 'mfa_last_step', type: 'bigint', nullable: true, select: false })
  mfaLastStep: string | null;

  @Column({ name: 'failed_login_count', type: 'int', default: 0 })
  failedLoginCount: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @VersionColumn({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
