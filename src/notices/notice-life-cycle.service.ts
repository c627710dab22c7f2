import { Injectable } from '@nestjs/common';
import { fieldChanges, type AuditAction } from '../audit/audit-actions.js';
import { forbidden, invalidState } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Caller } from '../common/request-context.js';
import { recordUpdate } from '../database/records.js';
import { Transaction, UnitOfWork } from '../database/unit-of-work.js';
import type { MemberRecipient } from '../notifications/recipients.js';
import { factsOf, findVisibleNotice } from './notice-finder.js';
import { NoticeMail } from './notice-mail.js';
import { Notice, type NoticeStatus } from './notice.entity.js';
import { toNoticeView, type NoticeView } from './notice.view.js';
import { isAuthor, viewerOf } from './notices.policy.js';

interface Transition {
  action: Extract<AuditAction, 'notice.submitted' | 'notice.shared' | 'notice.rejected' | 'notice.archived'>;
  from: readonly NoticeStatus[];
  to: NoticeStatus;
  /** What the 409 says may happen, e.g. "only a submitted notice can be rejected". */
  rule: string;
}

/** The fields a life-cycle step may change (besides version and update time). */
const STEP_FIELDS = ['status', 'submittedAt', 'sharedAt', 'rejectedAt', 'archivedAt', 'rejectionReason'] as const;

/** draft → submitted → shared | rejected; shared → archived; the secretariat may share a draft directly. */
const TRANSITIONS = {
  submit: { action: 'notice.submitted', from: ['draft'], to: 'submitted', rule: 'only a draft can be submitted' },
  share: {
    action: 'notice.shared',
    from: ['draft', 'submitted'],
    to: 'shared',
    rule: 'only a draft or a submitted notice can be shared',
  },
  reject: {
    action: 'notice.rejected',
    from: ['submitted'],
    to: 'rejected',
    rule: 'only a submitted notice can be rejected',
  },
  archive: {
    action: 'notice.archived',
    from: ['shared'],
    to: 'archived',
    rule: 'only a shared notice can be archived',
  },
} as const satisfies Record<string, Transition>;

/** The notice's life cycle: each step its own use case, refused with 409 from the wrong status. */
@Injectable()
export class NoticeLifeCycleService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: NoticeMail,
  ) {}

  /** The author's member hands its draft to the secretariat. */
  submit(actor: Caller, id: string, expectedVersion?: number): Promise<NoticeView> {
    return this.transition(actor, id, expectedVersion, TRANSITIONS.submit, async (tx, notice) => {
      if (!isAuthor(actor, factsOf(notice))) throw forbidden('Only the author’s member may submit this notice.');
      return async () => {
        notice.submittedAt = new Date();
        await this.mail.submitted(tx, notice);
      };
    });
  }

  /** The secretariat shares it with its audience, who are mailed. */
  share(actor: Caller, id: string, expectedVersion?: number): Promise<NoticeView> {
    return this.transition<MemberRecipient[]>(
      actor,
      id,
      expectedVersion,
      TRANSITIONS.share,
      async (tx, notice, reachable) => async () => {
        notice.sharedAt = new Date();
        await this.mail.shared(tx, notice, reachable);
      },
      // Read with the notice, in the same exchange with the database.
      (tx) => this.mail.reachable(tx),
    );
  }

  reject(actor: Caller, id: string, reason: string, expectedVersion?: number): Promise<NoticeView> {
    return this.transition(actor, id, expectedVersion, TRANSITIONS.reject, async (_tx, notice) => async () => {
      notice.rejectedAt = new Date();
      notice.rejectionReason = reason;
    });
  }

  archive(actor: Caller, id: string, expectedVersion?: number): Promise<NoticeView> {
    return this.transition(actor, id, expectedVersion, TRANSITIONS.archive, async (_tx, notice) => async () => {
      notice.archivedAt = new Date();
    });
  }

  /**
   * Loads and locks the notice as the caller sees it (404 otherwise), lets `prepare` refuse (403), checks
   * If-Match (412) and the status (409), then applies the step, saves and audits it.
   */
  private transition<Preloaded = undefined>(
    actor: Caller,
    id: string,
    expectedVersion: number | undefined,
    step: Transition,
    prepare: (tx: Transaction, notice: Notice, preloaded: Preloaded) => Promise<() => Promise<void>>,
    preload?: (tx: Transaction) => Promise<Preloaded>,
  ): Promise<NoticeView> {
    return this.unitOfWork
      .run(actor, async (tx) => {
        const [notice, preloaded] = await Promise.all([
          findVisibleNotice(tx.manager, viewerOf(actor), id, { lock: 'update' }),
          preload?.(tx) as Promise<Preloaded>,
        ]);
        const apply = await prepare(tx, notice, preloaded);
        assertVersion(notice.version, expectedVersion);
        if (!step.from.includes(notice.status)) {
          throw invalidState(`Notice ${notice.reference} is ${notice.status}; ${step.rule}.`);
        }
        const before = { ...notice };
        notice.status = step.to;
        await apply();
        const changed = STEP_FIELDS.filter((field) => notice[field] !== before[field]);
        // Nothing here waits for the change: it leaves with its mail, its audit event and the commit.
        const stamped = tx.send<Pick<Notice, 'version' | 'updatedAt'>>(
          recordUpdate(tx.manager, Notice, id, Object.fromEntries(changed.map((field) => [field, notice[field]]))),
        );
        tx.audit({
          action: step.action,
          entityType: 'notice',
          entityId: id,
          changes: fieldChanges(before, notice, [...STEP_FIELDS]),
        });
        return { notice, stamped };
      })
      .then(async ({ notice, stamped }) => toNoticeView(Object.assign(notice, (await stamped)[0])));
  }
}
