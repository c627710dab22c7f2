import { hasPermission } from '../auth/permissions.js';
import type { Actor, Role } from '../common/request-context.js';
import type { ProposalStatus } from './proposal.entity.js';

/**
 * Who may see and touch which proposal. Every read path (one proposal, lists, replies) and every change loads
 * proposals through `visibleProposals`; the pure functions below state the same rules for single records.
 */

/** Staff see every proposal; a member's focal points what was put to the members; observers follow, read-only. */
export type ProposalViewer = { sees: 'everything' } | { sees: 'member' } | { sees: 'observer' } | { sees: 'nothing' };

const READS_AS: Record<Role, 'everything' | 'member' | 'observer'> = {
  admin: 'everything',
  secretariat: 'everything',
  auditor: 'everything',
  focal_point: 'member',
  observer: 'observer',
};

export function viewerOf(actor: Actor): ProposalViewer {
  const readsAs = READS_AS[actor.role];
  if (readsAs === 'everything') return { sees: 'everything' };
  // A member role without a member (which the users rules forbid) sees nothing rather than everything.
  if (!readsAs || !actor.memberCode) return { sees: 'nothing' };
  return { sees: readsAs };
}

/** The facts about a proposal the rules look at. */
export interface ProposalFacts {
  status: ProposalStatus;
  openedAt: Date | null;
}

/**
 * Drafts stay with the staff, and so does a draft withdrawn before it was ever opened: it never reached the
 * members. Focal points see what was put to them, including a proposal withdrawn while open; observers see
 * open and closed proposals only.
 */
export function canSee(viewer: ProposalViewer, proposal: ProposalFacts): boolean {
  switch (viewer.sees) {
    case 'everything':
      return true;
    case 'nothing':
      return false;
    case 'observer':
      return proposal.status === 'open' || proposal.status === 'closed';
    case 'member':
      return (
        proposal.status === 'open' ||
        proposal.status === 'closed' ||
        (proposal.status === 'withdrawn' && proposal.openedAt !== null)
      );
  }
}

/** SQL twin of `canSee` for the proposal aliased `alias`: a WHERE fragment (no parameters needed). */
export function visibleProposals(
  viewer: ProposalViewer,
  alias = 'p',
): { where: string; params: Record<string, never> } {
  const p = alias;
  switch (viewer.sees) {
    case 'everything':
      return { where: 'TRUE', params: {} };
    case 'nothing':
      return { where: 'FALSE', params: {} };
    case 'observer':
      return { where: `${p}.status IN ('open', 'closed')`, params: {} };
    case 'member':
      return {
        where: `(${p}.status IN ('open', 'closed') OR (${p}.status = 'withdrawn' AND ${p}.opened_at IS NOT NULL))`,
        params: {},
      };
  }
}

/** A reply for a member is given by one of that member's focal points (primary or alternate), nobody else. */
export function mayReplyFor(actor: Actor, memberCode: string): boolean {
  return hasPermission(actor.role, 'proposals:reply') && actor.memberCode !== null && actor.memberCode === memberCode;
}
