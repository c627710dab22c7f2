import { hasPermission } from '../auth/permissions.js';
import type { Actor, Role } from '../common/request-context.js';
import type { MeetingStatus, StoredMeetingStatus } from './meeting.entity.js';

/**
 * Who may see and touch which meeting. Every read path (one meeting, lists, agenda, attendance, calendar) and every
 * change loads the meeting through `visibleMeetings`; the pure functions state the same rules for single records.
 */

export type MeetingViewer = { sees: 'everything' } | { sees: 'member'; memberCode: string } | { sees: 'nothing' };

/** Staff oversee every meeting; focal points and observers see the meetings their member is invited to. */
const READS_AS: Record<Role, 'everything' | 'member'> = {
  admin: 'everything',
  secretariat: 'everything',
  auditor: 'everything',
  focal_point: 'member',
  observer: 'member',
};

export function meetingViewerOf(actor: Actor): MeetingViewer {
  const readsAs = READS_AS[actor.role];
  if (readsAs === 'everything') return { sees: 'everything' };
  // A member role without a member (which the users rules forbid) sees nothing rather than everything.
  if (readsAs !== 'member' || !actor.memberCode) return { sees: 'nothing' };
  return { sees: 'member', memberCode: actor.memberCode };
}

export function canSeeMeeting(viewer: MeetingViewer, meeting: { inviteeMemberCodes: string[] }): boolean {
  if (viewer.sees === 'everything') return true;
  if (viewer.sees === 'nothing') return false;
  return meeting.inviteeMemberCodes.includes(viewer.memberCode);
}

/** SQL twin of `canSeeMeeting` for the meeting aliased `alias`: a WHERE fragment and its named parameters. */
export function visibleMeetings(
  viewer: MeetingViewer,
  alias = 'm',
): { where: string; params: Record<string, unknown> } {
  if (viewer.sees === 'everything') return { where: 'TRUE', params: {} };
  if (viewer.sees === 'nothing') return { where: 'FALSE', params: {} };
  return {
    where: `${alias}.invitee_member_codes @> ARRAY[:viewerMember]::varchar[]`,
    params: { viewerMember: viewer.memberCode },
  };
}

/** A reply for `memberCode` comes from one of that member's focal points or observer representatives. */
export function mayReplyFor(actor: Actor, memberCode: string): boolean {
  return hasPermission(actor.role, 'meetings:attend') && actor.memberCode === memberCode;
}

/** `held` is not stored: a scheduled meeting is held once its end has passed. */
export function statusOf(meeting: { status: StoredMeetingStatus; endsAt: Date }, now = new Date()): MeetingStatus {
  if (meeting.status === 'cancelled') return 'cancelled';
  return meeting.endsAt.getTime() <= now.getTime() ? 'held' : 'scheduled';
}

/** SQL twin of `statusOf` = `status` for the meeting aliased `alias`. */
export function statusSql(status: MeetingStatus, alias = 'm'): string {
  switch (status) {
    case 'cancelled':
      return `${alias}.status = 'cancelled'`;
    case 'held':
      return `(${alias}.status = 'scheduled' AND ${alias}.ends_at <= now())`;
    case 'scheduled':
      return `(${alias}.status = 'scheduled' AND ${alias}.ends_at > now())`;
  }
}
