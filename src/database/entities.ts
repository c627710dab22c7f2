import { ApiKey } from '../auth/api-key.entity.js';
import { PasswordToken } from '../auth/password-token.entity.js';
import { AuthSession, RefreshToken } from '../auth/session.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity.js';
import { MeetingAgendaItem } from '../meetings/meeting-agenda-item.entity.js';
import { MeetingAttendance } from '../meetings/meeting-attendance.entity.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { Member } from '../members/member.entity.js';
import { NoticeAcknowledgement } from '../notices/notice-acknowledgement.entity.js';
import { NoticeReferenceCounter } from '../notices/notice-reference-counter.entity.js';
import { Notice } from '../notices/notice.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { ProposalNotice } from '../proposals/proposal-notice.entity.js';
import { ProposalReferenceCounter } from '../proposals/proposal-reference-counter.entity.js';
import { ProposalReply } from '../proposals/proposal-reply.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, listed once for the app, the tests and the CLI. */
export const ENTITIES = [
  Member,
  User,
  AuthSession,
  RefreshToken,
  ApiKey,
  PasswordToken,
  AuditEvent,
  OutboxMessage,
  IdempotencyRecord,
  Notice,
  NoticeAcknowledgement,
  NoticeReferenceCounter,
  Proposal,
  ProposalNotice,
  ProposalReply,
  ProposalReferenceCounter,
  Meeting,
  MeetingAgendaItem,
  MeetingAttendance,
];
