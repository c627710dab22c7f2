import type { Actor, Role } from '../common/request-context.js';
import type { ProposalStatus } from './proposal.entity.js';
import { canSee, mayReplyFor, viewerOf, visibleProposals, type ProposalFacts } from './proposals.policy.js';

const actor = (role: Role, memberCode: string | null = null): Actor => ({ id: `${role}-id`, role, memberCode });
const proposal = (status: ProposalStatus, opened = status !== 'draft'): ProposalFacts => ({
  status,
  openedAt: opened ? new Date('2026-01-01T00:00:00Z') : null,
});

describe('proposal viewers', () => {
  it.each(['admin', 'secretariat', 'auditor'] as const)('%s sees every proposal', (role) => {
    expect(viewerOf(actor(role))).toEqual({ sees: 'everything' });
    expect(visibleProposals(viewerOf(actor(role))).where).toBe('TRUE');
  });

  it('a focal point reads as a member, an observer as an observer', () => {
    expect(viewerOf(actor('focal_point', 'FR'))).toEqual({ sees: 'member' });
    expect(viewerOf(actor('observer', 'AU'))).toEqual({ sees: 'observer' });
  });

  it('a member role without a member sees nothing (fails closed)', () => {
    expect(viewerOf(actor('focal_point'))).toEqual({ sees: 'nothing' });
    expect(visibleProposals(viewerOf(actor('observer'))).where).toBe('FALSE');
  });
});

describe('proposal visibility', () => {
  const cases: [string, ProposalFacts, { member: boolean; observer: boolean }][] = [
    ['draft', proposal('draft'), { member: false, observer: false }],
    ['open', proposal('open'), { member: true, observer: true }],
    ['closed', proposal('closed'), { member: true, observer: true }],
    ['withdrawn while open', proposal('withdrawn', true), { member: true, observer: false }],
    ['withdrawn as a draft', proposal('withdrawn', false), { member: false, observer: false }],
  ];

  it.each(cases)('%s', (_, facts, expected) => {
    expect(canSee({ sees: 'everything' }, facts)).toBe(true);
    expect(canSee({ sees: 'member' }, facts)).toBe(expected.member);
    expect(canSee({ sees: 'observer' }, facts)).toBe(expected.observer);
    expect(canSee({ sees: 'nothing' }, facts)).toBe(false);
  });

  it('names the alias in its SQL twin', () => {
    expect(visibleProposals({ sees: 'member' }, 'x').where).toContain('x.opened_at IS NOT NULL');
    expect(visibleProposals({ sees: 'observer' }, 'x').where).toBe(`x.status IN ('open', 'closed')`);
  });
});

describe('who replies for a member', () => {
  it('any focal point of that member, and only of that member', () => {
    expect(mayReplyFor(actor('focal_point', 'FR'), 'FR')).toBe(true);
    expect(mayReplyFor(actor('focal_point', 'DE'), 'FR')).toBe(false);
    expect(mayReplyFor(actor('focal_point'), 'FR')).toBe(false);
  });

  it.each(['observer', 'secretariat', 'admin', 'auditor'] as const)('never a %s', (role) => {
    expect(mayReplyFor(actor(role, role === 'observer' ? 'AU' : null), 'AU')).toBe(false);
    expect(mayReplyFor(actor(role, 'FR'), 'FR')).toBe(false);
  });
});
