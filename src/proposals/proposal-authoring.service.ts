import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fieldChanges } from '../audit/audit-actions.js';
import { invalidState } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Caller } from '../common/request-context.js';
import { touchRecord } from '../database/records.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { CreateProposalDto, UpdateProposalDto } from './dto/proposal.dto.js';
import { findVisibleProposal } from './proposal-finder.js';
import { checkDeadline, checkLinkedNotices } from './proposal-input.js';
import { ProposalNotice } from './proposal-notice.entity.js';
import { presentProposal } from './proposal-presenter.js';
import { nextProposalReference } from './proposal-references.js';
import { Proposal } from './proposal.entity.js';
import type { ProposalView } from './proposal.view.js';
import { viewerOf } from './proposals.policy.js';

/** Fields whose changes `proposal.updated` records. */
const EDITABLE: (keyof ProposalView)[] = [
  'title',
  'rationale',
  'actionType',
  'noticeIds',
  'decisionRule',
  'deadline',
  'exercise',
];

/** A snapshot for the audit trail: the record's fields, without the derived tally. */
const snapshot = ({ tally: _tally, ...fields }: ProposalView) => fields;

/** Drafting proposals: the secretariat writes them and may edit them until they are opened. */
@Injectable()
export class ProposalAuthoringService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  create(actor: Caller, input: CreateProposalDto): Promise<ProposalView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const deadline = checkDeadline(input.deadline);
      const noticeIds = await checkLinkedNotices(tx.manager, actor, input.noticeIds ?? []);
      const proposal = await tx.manager.save(
        tx.manager.create(Proposal, {
          reference: await nextProposalReference(tx.manager),
          title: input.title,
          rationale: input.rationale,
          actionType: input.actionType,
          decisionRule: input.decisionRule,
          deadline,
          status: 'draft',
          outcome: null,
          exercise: input.exercise ?? false,
          createdBy: actor.id,
          openedAt: null,
          closedAt: null,
          closedBy: null,
          withdrawnAt: null,
          finalTally: null,
          signatories: null,
        }),
      );
      await linkNotices(tx.manager, proposal.id, noticeIds);
      const view = await presentProposal(tx.manager, actor, proposal);
      tx.audit({
        action: 'proposal.created',
        entityType: 'proposal',
        entityId: proposal.id,
        changes: { after: snapshot(view) },
      });
      return view;
    });
  }

  /** Order of checks: 404 (not visible) → 412 (stale If-Match) → 409 (not a draft) → 400 (content). */
  update(actor: Caller, id: string, input: UpdateProposalDto, expectedVersion: number): Promise<ProposalView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const proposal = await findVisibleProposal(tx.manager, viewerOf(actor), id, { lock: true });
      assertVersion(proposal.version, expectedVersion);
      if (proposal.status !== 'draft') {
        throw invalidState(`Proposal ${proposal.reference} is ${proposal.status}; only a draft can be edited.`);
      }
      const before = await presentProposal(tx.manager, actor, proposal);
      const { noticeIds, deadline, ...plain } = input;
      const edits = Object.fromEntries(Object.entries(plain).filter(([, value]) => value !== undefined));
      Object.assign(proposal, edits);
      if (deadline !== undefined) proposal.deadline = checkDeadline(deadline);
      const links = noticeIds === undefined ? undefined : await checkLinkedNotices(tx.manager, actor, noticeIds);
      const after: ProposalView = {
        ...before,
        ...edits,
        deadline: proposal.deadline.toISOString(),
        noticeIds: links ?? before.noticeIds,
      };
      const changes = fieldChanges(before, after, EDITABLE);
      if (Object.keys(changes).length === 0) return before;
      const version = proposal.version;
      const saved = await tx.manager.save(proposal);
      if (changes.noticeIds) {
        await tx.manager.delete(ProposalNotice, { proposalId: id });
        await linkNotices(tx.manager, id, links!);
        // The links are rows of their own: changed alone, they leave the proposal's row as it was.
        if (saved.version === version) await touchRecord(tx.manager, Proposal, saved);
      }
      tx.audit({ action: 'proposal.updated', entityType: 'proposal', entityId: id, changes });
      return presentProposal(tx.manager, actor, saved);
    });
  }
}

async function linkNotices(manager: EntityManager, proposalId: string, noticeIds: string[]): Promise<void> {
  if (noticeIds.length === 0) return;
  await manager.insert(
    ProposalNotice,
    noticeIds.map((noticeId, position) => ({ proposalId, noticeId, position })),
  );
}
