import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fieldChanges } from '../audit/audit-actions.js';
import { forbidden, invalidFields, invalidState } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { CreateNoticeDto, UpdateNoticeDto } from './dto/notice.dto.js';
import { factsOf, findVisibleNotice } from './notice-finder.js';
import {
  checkMarking,
  normalizeAudience,
  normalizeIndicators,
  normalizeTags,
  normalizeTargetedCountries,
} from './notice-input.js';
import { NoticeMail } from './notice-mail.js';
import { insertNotice } from './notice-insert.js';
import { Notice } from './notice.entity.js';
import { toNoticeView, type NoticeView } from './notice.view.js';
import { editRight, viewerOf } from './notices.policy.js';

/** Canada runs the permanent secretariat: notices the secretariat writes itself come from CA. */
export const SECRETARIAT_MEMBER_CODE = 'CA';

/** Fields whose changes `notice.updated` records. */
const EDITABLE: (keyof NoticeView)[] = [
  'title',
  'summary',
  'body',
  'category',
  'tlp',
  'priority',
  'audience',
  'tags',
  'indicators',
  'targetedCountries',
  'exercise',
];

/** Writing notices: drafting by a member or the secretariat, and later edits. */
@Injectable()
export class NoticeAuthoringService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: NoticeMail,
  ) {}

  create(actor: Caller, input: CreateNoticeDto): Promise<NoticeView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const audience = normalizeAudience(input.audience);
      checkMarking(input.tlp, audience.scope);
      const countries = normalizeTargetedCountries(input.targetedCountries ?? []);
      await checkMemberCodes(tx.manager, audience.memberCodes, countries.memberCodesToCheck);
      const view = toNoticeView(
        await insertNotice(tx.manager, {
          title: input.title,
          summary: input.summary,
          body: input.body ?? '',
          category: input.category,
          tlp: input.tlp,
          priority: input.priority ?? 'routine',
          audienceScope: audience.scope,
          audienceMemberCodes: audience.memberCodes,
          tags: normalizeTags(input.tags ?? []),
          indicators: normalizeIndicators(input.indicators ?? []),
          targetedCountries: countries.codes,
          sourceMemberCode: actor.memberCode ?? SECRETARIAT_MEMBER_CODE,
          authorMemberCode: actor.memberCode,
          exercise: input.exercise ?? false,
          createdBy: actor.id,
        }),
      );
      tx.audit({ action: 'notice.created', entityType: 'notice', entityId: view.id, changes: { after: { ...view } } });
      return view;
    });
  }

  update(actor: Caller, id: string, input: UpdateNoticeDto, expectedVersion: number): Promise<NoticeView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const notice = await findVisibleNotice(tx.manager, viewerOf(actor), id, { lock: 'update' });
      const right = editRight(actor, factsOf(notice));
      if (right === 'forbidden') throw forbidden('Only the author’s member or the secretariat may edit this notice.');
      assertVersion(notice.version, expectedVersion);
      if (right === 'wrong_state') {
        throw invalidState(
          `Notice ${notice.reference} is ${notice.status}; ` +
            (notice.status === 'archived'
              ? 'an archived notice cannot be edited.'
              : 'its author may edit drafts only.'),
        );
      }
      const before = toNoticeView(notice);
      await this.apply(tx.manager, notice, input);
      const changes = fieldChanges(before, toNoticeView(notice), EDITABLE);
      if (Object.keys(changes).length === 0) return before;
      const saved = await tx.manager.save(notice);
      tx.audit({ action: 'notice.updated', entityType: 'notice', entityId: id, changes });
      // A shared notice whose audience grew reaches its new recipients; the others are not mailed twice.
      if (saved.status === 'shared' && changes.audience) await this.mail.shared(tx, saved);
      return toNoticeView(saved);
    });
  }

  private async apply(manager: EntityManager, notice: Notice, input: UpdateNoticeDto): Promise<void> {
    const { audience, tags, indicators, targetedCountries, ...plain } = input;
    for (const [field, value] of Object.entries(plain)) {
      if (value !== undefined) Object.assign(notice, { [field]: value });
    }
    let audienceCodes: string[] = [];
    if (audience !== undefined) {
      const normalized = normalizeAudience(audience);
      notice.audienceScope = normalized.scope;
      notice.audienceMemberCodes = normalized.memberCodes;
      audienceCodes = normalized.memberCodes;
    }
    checkMarking(notice.tlp, notice.audienceScope);
    if (tags !== undefined) notice.tags = normalizeTags(tags);
    if (indicators !== undefined) notice.indicators = normalizeIndicators(indicators);
    let countryCodes: string[] = [];
    if (targetedCountries !== undefined) {
      const countries = normalizeTargetedCountries(targetedCountries);
      notice.targetedCountries = countries.codes;
      countryCodes = countries.memberCodesToCheck;
    }
    await checkMemberCodes(manager, audienceCodes, countryCodes);
  }
}

/** Audience codes must name active members or observers; long targeted-country codes must name members. */
async function checkMemberCodes(manager: EntityManager, audience: string[], countries: string[]): Promise<void> {
  const wanted = [...new Set([...audience, ...countries])];
  if (wanted.length === 0) return;
  const rows = (await manager.query('SELECT code, active FROM member WHERE code = ANY($1)', [wanted])) as {
    code: string;
    active: boolean;
  }[];
  const known = new Map(rows.map((row) => [row.code, row.active]));
  const errors = [
    ...audience
      .filter((code) => known.get(code) !== true)
      .map((code) => ({ field: 'audience.memberCodes', message: `${code} is not an active member or observer` })),
    ...countries
      .filter((code) => !known.has(code))
      .map((code) => ({ field: 'targetedCountries', message: `${code} is neither a country code nor a member code` })),
  ];
  if (errors.length) throw invalidFields(errors);
}
