import type { Actor, Role } from '../common/request-context.js';
import {
  audienceIncludes,
  canSee,
  editRight,
  isAuthor,
  isRecipient,
  viewerOf,
  visibleNotices,
  type NoticeAudience,
  type NoticeFacts,
} from './notices.policy.js';

const actor = (role: Role, memberCode: string | null = null): Actor => ({ id: `${role}-id`, role, memberCode });
const notice = (facts: Partial<NoticeFacts> = {}): NoticeFacts => ({
  status: 'shared',
  tlp: 'GREEN',
  authorMemberCode: 'FR',
  audience: { scope: 'all', memberCodes: [] },
  ...facts,
});

describe('notice viewers', () => {
  it.each(['admin', 'secretariat', 'auditor'] as const)('%s sees every notice', (role) => {
    expect(viewerOf(actor(role))).toEqual({ sees: 'everything' });
    expect(visibleNotices(viewerOf(actor(role))).where).toBe('TRUE');
  });

  it('a focal point reads as its member, an observer as its observer organisation', () => {
    expect(viewerOf(actor('focal_point', 'DE'))).toEqual({ sees: 'member', memberCode: 'DE', memberKind: 'member' });
    expect(viewerOf(actor('observer', 'AU'))).toEqual({ sees: 'member', memberCode: 'AU', memberKind: 'observer' });
  });

  it('a member role without a member sees nothing (fails closed)', () => {
    expect(viewerOf(actor('focal_point', null))).toEqual({ sees: 'nothing' });
    expect(visibleNotices(viewerOf(actor('observer', null))).where).toBe('FALSE');
  });

  it('binds the viewer as parameters, never into the SQL text', () => {
    const { where, params } = visibleNotices(viewerOf(actor('focal_point', 'DE')), 'x');
    expect(where).not.toContain('DE');
    expect(where).toContain('x.author_member_code = :viewerMember');
    expect(params).toEqual({ viewerMember: 'DE', viewerKind: 'member' });
  });
});

describe('audiences', () => {
  const member = { code: 'DE', kind: 'member' as const };
  const observer = { code: 'AU', kind: 'observer' as const };
  const selected = (...memberCodes: string[]): NoticeAudience => ({ scope: 'selected', memberCodes });

  it.each([
    [{ scope: 'all', memberCodes: [] }, true, true],
    [{ scope: 'members', memberCodes: [] }, true, false],
    [selected('DE'), true, false],
    [selected('AU'), false, true],
    [selected('FR', 'NZ'), false, false],
  ] as [NoticeAudience, boolean, boolean][])('%j holds a member: %s, an observer: %s', (audience, m, o) => {
    expect(audienceIncludes(audience, member)).toBe(m);
    expect(audienceIncludes(audience, observer)).toBe(o);
  });
});

describe('who sees a notice', () => {
  const de = viewerOf(actor('focal_point', 'DE'));
  const au = viewerOf(actor('observer', 'AU'));

  it('the author member sees its notices in every status, whatever the audience', () => {
    for (const status of ['draft', 'submitted', 'rejected', 'shared', 'archived'] as const) {
      expect(
        canSee(de, notice({ status, authorMemberCode: 'DE', audience: { scope: 'selected', memberCodes: ['FR'] } })),
      ).toBe(true);
    }
  });

  it('the audience sees shared and archived notices only', () => {
    for (const status of ['draft', 'submitted', 'rejected'] as const)
      expect(canSee(de, notice({ status }))).toBe(false);
    expect(canSee(de, notice({ status: 'shared' }))).toBe(true);
    expect(canSee(de, notice({ status: 'archived' }))).toBe(true);
  });

  it('observers never see members-scoped notices', () => {
    expect(canSee(au, notice({ audience: { scope: 'members', memberCodes: [] } }))).toBe(false);
    expect(canSee(de, notice({ audience: { scope: 'members', memberCodes: [] } }))).toBe(true);
  });

  it('RED reaches named recipients only, even if a bad record said "all"', () => {
    expect(canSee(de, notice({ tlp: 'RED', audience: { scope: 'selected', memberCodes: ['DE'] } }))).toBe(true);
    expect(canSee(au, notice({ tlp: 'RED', audience: { scope: 'selected', memberCodes: ['DE'] } }))).toBe(false);
    expect(canSee(de, notice({ tlp: 'RED', audience: { scope: 'all', memberCodes: [] } }))).toBe(false);
  });

  it('a deactivated member reads what was shared before, and its own notices, but nothing shared after', () => {
    const deactivated = new Date('2026-06-01T00:00:00Z');
    const sharedAt = (iso: string) => notice({ sharedAt: new Date(iso) });
    expect(canSee(de, sharedAt('2026-05-31T23:59:59Z'), deactivated)).toBe(true);
    expect(canSee(de, sharedAt('2026-06-01T00:00:01Z'), deactivated)).toBe(false);
    expect(canSee(de, sharedAt('2026-06-01T00:00:01Z'), null)).toBe(true);
    expect(canSee(de, notice({ status: 'draft', authorMemberCode: 'DE' }), deactivated)).toBe(true);
  });

  it('a secretariat notice (no author member) is not Canada’s to see before it is shared', () => {
    const ca = viewerOf(actor('focal_point', 'CA'));
    expect(canSee(ca, notice({ status: 'draft', authorMemberCode: null }))).toBe(false);
  });
});

describe('record-level rights', () => {
  it('the author member edits drafts only; the secretariat edits until archived; others never', () => {
    const draft = notice({ status: 'draft', authorMemberCode: 'DE' });
    expect(editRight(actor('focal_point', 'DE'), draft)).toBe('allowed');
    expect(editRight(actor('focal_point', 'DE'), { ...draft, status: 'submitted' })).toBe('wrong_state');
    expect(editRight(actor('focal_point', 'FR'), draft)).toBe('forbidden');
    expect(editRight(actor('secretariat'), { ...draft, status: 'shared' })).toBe('allowed');
    expect(editRight(actor('secretariat'), { ...draft, status: 'archived' })).toBe('wrong_state');
    expect(editRight(actor('auditor'), draft)).toBe('forbidden');
  });

  it('the secretariat authors its own notices; members author theirs', () => {
    expect(isAuthor(actor('secretariat'), notice({ authorMemberCode: null }))).toBe(true);
    expect(isAuthor(actor('focal_point', 'CA'), notice({ authorMemberCode: null }))).toBe(false);
    expect(isAuthor(actor('secretariat'), notice({ authorMemberCode: 'CA' }))).toBe(false);
    expect(isAuthor(actor('observer', 'AU'), notice({ authorMemberCode: 'AU' }))).toBe(true);
  });

  it('recipients are focal points and observers of audience members', () => {
    const selectedFr = notice({ audience: { scope: 'selected', memberCodes: ['FR', 'NZ'] } });
    expect(isRecipient(actor('focal_point', 'FR'), selectedFr)).toBe(true);
    expect(isRecipient(actor('observer', 'NZ'), selectedFr)).toBe(true);
    expect(isRecipient(actor('focal_point', 'DE'), selectedFr)).toBe(false);
    expect(isRecipient(actor('secretariat'), selectedFr)).toBe(false);
  });
});
