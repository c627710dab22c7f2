import {
  breaksSilence,
  decide,
  decidingMembers,
  signatoriesOf,
  tallyReplies,
  type CurrentReply,
  type MemberStanding,
} from './decision-rules.js';
import type { Position } from './proposal.entity.js';

/** The reference data: eight G7 members and five observers, all active. */
const G7 = ['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'US', 'EU'];
const OBSERVERS = ['AU', 'NZ', 'NATO', 'NL', 'SE'];
const network = (inactive: string[] = []): MemberStanding[] => [
  ...G7.map((code) => ({ code, kind: 'member' as const, active: !inactive.includes(code) })),
  ...OBSERVERS.map((code) => ({ code, kind: 'observer' as const, active: true })),
];
const replies = (positions: Record<string, Position>): CurrentReply[] =>
  Object.entries(positions).map(([memberCode, position]) => ({ memberCode, position }));
const everyone = (position: Position) => Object.fromEntries(G7.map((code) => [code, position]));

const outcomes = (members: MemberStanding[], given: CurrentReply[]) => {
  const tally = tallyReplies(members, given);
  return { consensus: decide('consensus', tally), silence: decide('silence', tally) };
};

describe('deciding members', () => {
  it('are the active G7 members, in code order; observers never decide', () => {
    expect(decidingMembers(network())).toEqual([...G7].sort());
    expect(decidingMembers(network(['IT']))).not.toContain('IT');
    expect(decidingMembers(network())).not.toContain('AU');
  });

  it('only an objection breaks silence', () => {
    expect(breaksSilence('object')).toBe(true);
    for (const position of ['support', 'support_with_reservations', 'abstain'] as const) {
      expect(breaksSilence(position)).toBe(false);
    }
  });
});

describe('tally', () => {
  it('counts each deciding member once and lists who has not replied', () => {
    const tally = tallyReplies(
      network(),
      replies({ FR: 'support', DE: 'support_with_reservations', IT: 'abstain', JP: 'object' }),
    );
    expect(tally).toEqual({
      support: 1,
      support_with_reservations: 1,
      abstain: 1,
      object: 1,
      notReplied: ['CA', 'EU', 'GB', 'US'],
    });
  });

  it('ignores replies of observers and of inactive members, who are not waited for either', () => {
    const tally = tallyReplies(network(['IT']), replies({ AU: 'object', IT: 'object', FR: 'support' }));
    expect(tally).toEqual({
      support: 1,
      support_with_reservations: 0,
      abstain: 0,
      object: 0,
      notReplied: ['CA', 'DE', 'EU', 'GB', 'JP', 'US'],
    });
  });

  it('with no replies, every deciding member has not replied', () => {
    expect(tallyReplies(network(), []).notReplied).toEqual([...G7].sort());
  });
});

describe('decision rules', () => {
  it.each([
    // [case, replies, inactive members, consensus, silence]
    ['all support', everyone('support'), [], 'adopted', 'adopted'],
    ['all support with reservations', everyone('support_with_reservations'), [], 'adopted', 'adopted'],
    ['all reply, one objects', { ...everyone('support'), JP: 'object' }, [], 'not_adopted', 'not_adopted'],
    ['all object', everyone('object'), [], 'not_adopted', 'not_adopted'],
    [
      'all reply, some abstain, none objects',
      { ...everyone('support'), IT: 'abstain', EU: 'abstain' },
      [],
      'adopted',
      'adopted',
    ],
    ['all abstain (nobody objects)', everyone('abstain'), [], 'adopted', 'adopted'],
    ['one member missing, the rest support', { ...everyone('support'), US: undefined }, [], 'not_adopted', 'adopted'],
    ['nobody replied', {}, [], 'not_adopted', 'adopted'],
    ['only an objection so far', { GB: 'object' }, [], 'not_adopted', 'not_adopted'],
    [
      'one missing, another objects',
      { ...everyone('support'), US: undefined, DE: 'object' },
      [],
      'not_adopted',
      'not_adopted',
    ],
    ['an inactive member has not replied', { ...everyone('support'), IT: undefined }, ['IT'], 'adopted', 'adopted'],
    ['an inactive member objected', { ...everyone('support'), IT: 'object' }, ['IT'], 'adopted', 'adopted'],
    ['an observer objected', { ...everyone('support'), AU: 'object' }, [], 'adopted', 'adopted'],
    ['every member inactive', {}, G7, 'not_adopted', 'adopted'],
  ] as const)('%s → consensus %s, silence %s', (_, given, inactive, consensus, silence) => {
    const defined = Object.fromEntries(Object.entries(given).filter(([, position]) => position !== undefined));
    expect(outcomes(network([...inactive]), replies(defined as Record<string, Position>))).toEqual({
      consensus,
      silence,
    });
  });
});

describe('signatories', () => {
  it('are the deciding members whose final position supports, with or without reservations', () => {
    const given = replies({
      US: 'support',
      FR: 'support_with_reservations',
      DE: 'abstain',
      JP: 'object',
      AU: 'support',
      IT: 'support',
    });
    expect(signatoriesOf(network(['IT']), given)).toEqual(['FR', 'US']);
  });

  it('are empty when nobody supports', () => {
    expect(signatoriesOf(network(), replies({ FR: 'abstain', DE: 'object' }))).toEqual([]);
  });
});
