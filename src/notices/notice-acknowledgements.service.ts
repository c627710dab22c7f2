import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forbidden, invalidState } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Actor, Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Member } from '../members/member.entity.js';
import { NoticeAcknowledgement } from './notice-acknowledgement.entity.js';
import { factsOf, findVisibleNotice } from './notice-finder.js';
import { toAcknowledgementView, type AcknowledgementView, type AcknowledgementsView } from './notice.view.js';
import { audienceIncludes, DELIVERED_STATUSES, isRecipient, viewerOf } from './notices.policy.js';

/** Receipts of shared notices: one per recipient member, the first of its users to acknowledge. */
@Injectable()
export class NoticeAcknowledgementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** `created` is false when the member had already acknowledged: the existing receipt is returned. */
  acknowledge(
    actor: Caller,
    id: string,
    expectedVersion?: number,
  ): Promise<{ acknowledgement: AcknowledgementView; created: boolean }> {
    return this.unitOfWork.run(actor, async (tx) => {
      const notice = await findVisibleNotice(tx.manager, viewerOf(actor), id, { lock: 'share' });
      // A deactivated member is out of every audience: its users may still read, but no longer acknowledge.
      const recipient =
        isRecipient(actor, factsOf(notice)) &&
        (await tx.manager.findOneBy(Member, { code: actor.memberCode! }))?.active === true;
      if (!recipient) {
        throw forbidden('Only recipients of this notice (active members of its audience) acknowledge it.');
      }
      // If-Match, when sent, acknowledges the version the caller read.
      assertVersion(notice.version, expectedVersion);
      if (notice.status !== 'shared') {
        throw invalidState(`Notice ${notice.reference} is ${notice.status}; only a shared notice can be acknowledged.`);
      }
      const memberCode = actor.memberCode!;
      const inserted = (await tx.manager.query(
        `INSERT INTO notice_acknowledgement (notice_id, member_code, user_id) VALUES ($1, $2, $3)
         ON CONFLICT (notice_id, member_code) DO NOTHING RETURNING id`,
        [id, memberCode, actor.id],
      )) as { id: string }[];
      const acknowledgement = await tx.manager.findOneByOrFail(NoticeAcknowledgement, { noticeId: id, memberCode });
      if (inserted.length === 1) {
        tx.audit({ action: 'notice.acknowledged', entityType: 'notice', entityId: id, changes: { memberCode } });
      }
      return { acknowledgement: toAcknowledgementView(acknowledgement), created: inserted.length === 1 };
    });
  }

  /** Who acknowledged, and which active audience members have not (none until the notice is shared). */
  async list(actor: Actor, id: string): Promise<AcknowledgementsView> {
    const manager = this.dataSource.manager;
    const notice = await findVisibleNotice(manager, viewerOf(actor), id);
    const acknowledgements = await manager.find(NoticeAcknowledgement, {
      where: { noticeId: id },
      order: { acknowledgedAt: 'ASC', memberCode: 'ASC' },
    });
    const acknowledged = new Set(acknowledgements.map((ack) => ack.memberCode));
    let pending: string[] = [];
    if (DELIVERED_STATUSES.includes(notice.status)) {
      const { audience } = factsOf(notice);
      const members = await manager.find(Member, { where: { active: true }, order: { code: 'ASC' } });
      pending = members
        .filter((member) => audienceIncludes(audience, member) && !acknowledged.has(member.code))
        .map((member) => member.code);
    }
    return { acknowledged: acknowledgements.map(toAcknowledgementView), pending };
  }
}
