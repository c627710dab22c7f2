import { hasPermission } from '../auth/permissions.js';
import type { Actor, Role } from '../common/request-context.js';
import type { MemberKind } from '../members/member.entity.js';
import type { AudienceScope, NoticeStatus, TlpMarking } from './notice.entity.js';

/**
 * Who may see and touch which notice. Every read path (one notice, lists, search, acknowledgements, reports)
 * filters with `visibleNotices`; the pure functions below state the same rules for single records.
 */

/** Whom a caller reads notices as: the whole network (staff), one member or observer, or nobody. */
export type NoticeViewer =
  { sees: 'everything' } | { sees: 'member'; memberCode: string; memberKind: MemberKind } | { sees: 'nothing' };

/** Staff oversee the whole network; member roles read as their member, whose kind follows from the role. */
const READS_AS: Record<Role, 'everything' | MemberKind> = {
  admin: 'everything',
  secretariat: 'everything',
  auditor: 'everything',
  focal_point: 'member',
  observer: 'observer',
};

export function viewerOf(actor: Actor): NoticeViewer {
  const readsAs = READS_AS[actor.role];
  if (readsAs === 'everything') return { sees: 'everything' };
  // A member role without a member (which the users rules forbid) sees nothing rather than everything.
  if (!readsAs || !actor.memberCode) return { sees: 'nothing' };
  return { sees: 'member', memberCode: actor.memberCode, memberKind: readsAs };
}

export interface NoticeAudience {
  scope: AudienceScope;
  memberCodes: string[];
}

/** The facts about a notice the rules look at. */
export interface NoticeFacts {
  status: NoticeStatus;
  tlp: TlpMarking;
  authorMemberCode: string | null;
  audience: NoticeAudience;
  sharedAt?: Date | null;
}

/** `all`: every member and observer; `members`: G7 members only; `selected`: the codes listed. */
export function audienceIncludes(audience: NoticeAudience, member: { code: string; kind: MemberKind }): boolean {
  switch (audience.scope) {
    case 'all':
      return true;
    case 'members':
      return member.kind === 'member';
    case 'selected':
      return audience.memberCodes.includes(member.code);
  }
}

/** Statuses in which a notice has reached its audience; archived notices stay readable to it. */
export const DELIVERED_STATUSES: readonly NoticeStatus[] = ['shared', 'archived'];

/** Whether the notice's audience holds the viewer's member (whatever the notice's status). */
export function isInAudience(viewer: NoticeViewer, notice: NoticeFacts): boolean {
  if (viewer.sees !== 'member') return false;
  // RED reaches only named recipients, whatever the scope says.
  if (notice.tlp === 'RED' && notice.audience.scope !== 'selected') return false;
  return audienceIncludes(notice.audience, { code: viewer.memberCode, kind: viewer.memberKind });
}

/**
 * `visibleNotices` for one notice, given when the viewer's member was deactivated (null while it is active): a
 * deactivated member's users read their own member's notices and what was shared before the deactivation.
 */
export function canSee(viewer: NoticeViewer, notice: NoticeFacts, memberDeactivatedAt: Date | null = null): boolean {
  if (viewer.sees === 'everything') return true;
  if (viewer.sees === 'nothing') return false;
  if (notice.authorMemberCode === viewer.memberCode) return true;
  const sharedInTime =
    memberDeactivatedAt === null || (notice.sharedAt != null && notice.sharedAt < memberDeactivatedAt);
  return DELIVERED_STATUSES.includes(notice.status) && isInAudience(viewer, notice) && sharedInTime;
}

/** SQL twin of `canSee` for the notice aliased `alias`: a WHERE fragment and its named parameters. */
export function visibleNotices(viewer: NoticeViewer, alias = 'n'): { where: string; params: Record<string, unknown> } {
  if (viewer.sees === 'everything') return { where: 'TRUE', params: {} };
  if (viewer.sees === 'nothing') return { where: 'FALSE', params: {} };
  return {
    where: visibleToMemberSql(alias, ':viewerMember', ':viewerKind'),
    params: { viewerMember: viewer.memberCode, viewerKind: viewer.memberKind },
  };
}

/**
 * `canSee` for a member viewer as SQL: `code` and `kind` are SQL expressions naming the member (bound parameters,
 * or columns of a joined `member` row when one query asks for several members at once, e.g. meeting invitees).
 */
export function visibleToMemberSql(alias: string, code: string, kind: string): string {
  const n = alias;
  return (
    `(${n}.author_member_code = ${code} OR (${n}.status IN ('shared', 'archived')` +
    ` AND (${n}.tlp <> 'RED' OR ${n}.audience_scope = 'selected')` +
    ` AND ${audienceIncludesSql(n, code, kind)}` +
    // A deactivated member is in no audience: its users read only what was shared before it was deactivated.
    ` AND ${n}.shared_at < COALESCE((SELECT viewer_member.deactivated_at FROM member viewer_member WHERE viewer_member.code = ${code}), 'infinity')))`
  );
}

/** SQL twin of `audienceIncludes`: `code` and `kind` are SQL expressions naming the member. */
export function audienceIncludesSql(alias: string, code: string, kind: string): string {
  return (
    `(${alias}.audience_scope = 'all' OR (${alias}.audience_scope = 'members' AND ${kind} = 'member')` +
    ` OR (${alias}.audience_scope = 'selected' AND ${alias}.audience_member_codes @> ARRAY[${code}]::varchar[]))`
  );
}

/** The author: the author's member, or for the secretariat's own notices, the secretariat. */
export function isAuthor(actor: Actor, notice: NoticeFacts): boolean {
  if (notice.authorMemberCode === null) return hasPermission(actor.role, 'notices:triage');
  return actor.memberCode === notice.authorMemberCode;
}

/**
 * The right by which a caller may edit: the secretariat until the notice is archived, the author while it
 * is a draft. `forbidden` when neither applies; `wrong_state` when the right exists but not in this status.
 */
export function editRight(actor: Actor, notice: NoticeFacts): 'allowed' | 'forbidden' | 'wrong_state' {
  if (hasPermission(actor.role, 'notices:triage')) return notice.status === 'archived' ? 'wrong_state' : 'allowed';
  if (!isAuthor(actor, notice)) return 'forbidden';
  return notice.status === 'draft' ? 'allowed' : 'wrong_state';
}

/** A recipient: a focal point or observer of a member in the notice's audience. */
export function isRecipient(actor: Actor, notice: NoticeFacts): boolean {
  return hasPermission(actor.role, 'notices:acknowledge') && isInAudience(viewerOf(actor), notice);
}
