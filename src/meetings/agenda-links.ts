import type { EntityManager } from 'typeorm';
import { invalidFields } from '../common/errors/app-error.js';
import type { ActionItem } from './meeting.entity.js';
import { visibleToMemberSql } from '../notices/notices.policy.js';
import type { ProposalStatus } from '../proposals/proposal.entity.js';
import { canSee as canSeeProposal } from '../proposals/proposals.policy.js';

/**
 * What an agenda item may point at. A link must not tell an invited member about a record it may not see, so a
 * notice is linked only when every invited member may see it (the notices policy decides, per member), and a member
 * joins the invitees only if it may see what the agenda links. What an invitee can no longer see later (a narrowed
 * audience, a withdrawn proposal) is hidden from it when the agenda is read (`agenda-presenter.ts`). Problems are
 * 400s naming the field: the caller (staff) sees every notice, so "not found" would say nothing useful.
 */

/** The notice exists and every invitee may see it. `field` names the offending input, e.g. `noticeId`. */
export async function assertNoticeLinkAllowed(
  manager: EntityManager,
  noticeId: string | null,
  inviteeCodes: string[],
  field = 'noticeId',
): Promise<void> {
  if (noticeId === null) return;
  const [notice] = (await manager.query('SELECT reference FROM notice WHERE id = $1', [noticeId])) as {
    reference: string;
  }[];
  if (!notice) throw invalidFields([{ field, message: 'names no notice' }]);
  const blind = (await manager.query(
    `SELECT m.code FROM member m
     WHERE m.code = ANY($2) AND NOT EXISTS (
       SELECT 1 FROM notice n WHERE n.id = $1 AND ${visibleToMemberSql('n', 'm.code', 'm.kind')})
     ORDER BY m.code`,
    [noticeId, inviteeCodes],
  )) as { code: string }[];
  if (blind.length > 0) {
    throw invalidFields([
      {
        field,
        message:
          `notice ${notice.reference} is not visible to ${blind.map((row) => row.code).join(', ')}; ` +
          'every invited member must be able to see a linked notice',
      },
    ]);
  }
}

/**
 * Members joining the invitees must see every notice already on the agenda: a 400 on `inviteeMemberCodes` names
 * each item and member that would break the rule. `IS NOT TRUE`, not `NOT`: the predicate is NULL, not false, for
 * a notice without an author member (the secretariat's), which `NOT` would have let through.
 */
export async function assertAgendaNoticesVisibleTo(
  manager: EntityManager,
  meetingId: string,
  joiningCodes: string[],
): Promise<void> {
  if (joiningCodes.length === 0) return;
  const blind = (await manager.query(
    `SELECT i.position, n.reference, string_agg(m.code, ', ' ORDER BY m.code) AS codes
     FROM meeting_agenda_item i
     JOIN notice n ON n.id = i.notice_id
     JOIN member m ON m.code = ANY($2)
     WHERE i.meeting_id = $1 AND ${visibleToMemberSql('n', 'm.code', 'm.kind')} IS NOT TRUE
     GROUP BY i.position, n.reference
     ORDER BY i.position`,
    [meetingId, joiningCodes],
  )) as { position: number; reference: string; codes: string }[];
  if (blind.length > 0) {
    throw invalidFields(
      blind.map((row) => ({
        field: 'inviteeMemberCodes',
        message: `agenda item ${row.position} links notice ${row.reference}, which ${row.codes} may not see`,
      })),
    );
  }
}

/**
 * The proposal exists and every invitee may see it under the proposals policy: members see proposals put to them
 * (open, closed, withdrawn after opening), observers open and closed ones; drafts are the staff's.
 */
export async function assertProposalLinkAllowed(
  manager: EntityManager,
  proposalId: string | null,
  inviteeCodes: string[],
  field = 'proposalId',
): Promise<void> {
  if (proposalId === null) return;
  const [proposal] = (await manager.query('SELECT reference, status, opened_at FROM proposal WHERE id = $1', [
    proposalId,
  ])) as { reference: string; status: ProposalStatus; opened_at: Date | null }[];
  if (!proposal) throw invalidFields([{ field, message: 'names no proposal' }]);
  const blind = blindTo(await membersOf(manager, inviteeCodes), proposal);
  if (blind.length > 0) {
    throw invalidFields([
      {
        field,
        message:
          `proposal ${proposal.reference} is not visible to ${blind.join(', ')}; ` +
          'every invited member must be able to see a linked proposal',
      },
    ]);
  }
}

type MemberOfKind = { code: string; kind: 'member' | 'observer' };

/** The members with these codes, in code order. */
const membersOf = async (manager: EntityManager, codes: string[]): Promise<MemberOfKind[]> =>
  (await manager.query('SELECT code, kind FROM member WHERE code = ANY($1) ORDER BY code', [codes])) as MemberOfKind[];

/** The codes of the members that may not see the proposal, under the proposals policy. */
function blindTo(members: MemberOfKind[], proposal: { status: ProposalStatus; opened_at: Date | null }): string[] {
  return members
    .filter(
      (member) =>
        !canSeeProposal(
          { sees: member.kind === 'observer' ? 'observer' : 'member' },
          { status: proposal.status, openedAt: proposal.opened_at },
        ),
    )
    .map((member) => member.code);
}

/** Members joining the invitees must see every proposal already on the agenda too. */
export async function assertAgendaProposalsVisibleTo(
  manager: EntityManager,
  meetingId: string,
  joiningCodes: string[],
): Promise<void> {
  if (joiningCodes.length === 0) return;
  const linked = (await manager.query(
    `SELECT i.position, p.reference, p.status, p.opened_at FROM meeting_agenda_item i
     JOIN proposal p ON p.id = i.proposal_id WHERE i.meeting_id = $1 ORDER BY i.position`,
    [meetingId],
  )) as { position: number; reference: string; status: ProposalStatus; opened_at: Date | null }[];
  if (linked.length === 0) return;
  const joining = await membersOf(manager, joiningCodes);
  const problems = linked
    .map((item) => ({ item, blind: blindTo(joining, item) }))
    .filter(({ blind }) => blind.length > 0)
    .map(({ item, blind }) => ({
      field: 'inviteeMemberCodes',
      message: `agenda item ${item.position} links proposal ${item.reference}, which ${blind.join(', ')} may not see`,
    }));
  if (problems.length > 0) throw invalidFields(problems);
}

/**
 * A member named by the agenda (an item's presenter) or the minutes (an action item's owner) must stay invited:
 * they were checked when named, and an uninvited member could no longer read the meeting that names them.
 */
export function assertNamedMembersStayInvited(
  agenda: { position: number; presenterMemberCode: string | null }[],
  actionItems: ActionItem[] | null,
  inviteeCodes: string[],
): void {
  const uninvited = (code: string | null): code is string => code !== null && !inviteeCodes.includes(code);
  const errors = [
    ...agenda
      .filter((item) => uninvited(item.presenterMemberCode))
      .map((item) => `agenda item ${item.position} is presented by ${item.presenterMemberCode}`),
    ...(actionItems ?? [])
      .filter((item) => uninvited(item.ownerMemberCode))
      .map((item) => `action item "${item.title}" of the minutes is owned by ${item.ownerMemberCode}`),
  ];
  if (errors.length > 0) {
    throw invalidFields(
      errors.map((message) => ({ field: 'inviteeMemberCodes', message: `${message}, who would no longer be invited` })),
    );
  }
}
