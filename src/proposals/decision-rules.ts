import type { MemberKind } from '../members/member.entity.js';
import type { DecisionRule, FinalTally, Outcome, Position } from './proposal.entity.js';

/**
 * How a proposal is decided, as pure functions over the members and their current replies. Only active members
 * of kind `member` take part: observers never decide, and a deactivated member neither counts nor blocks.
 */

export interface MemberStanding {
  code: string;
  kind: MemberKind;
  active: boolean;
}

export interface CurrentReply {
  memberCode: string;
  position: Position;
}

export type Tally = FinalTally;

/** The members whose replies decide: active G7 members, in code order. */
export function decidingMembers(members: MemberStanding[]): string[] {
  return members
    .filter((member) => member.kind === 'member' && member.active)
    .map((member) => member.code)
    .sort();
}

/** Objecting is "breaking silence"; every other position, abstaining included, lets a proposal through. */
export const breaksSilence = (position: Position) => position === 'object';

/** Counts the current replies of the deciding members; `notReplied` lists the deciding members yet to reply. */
export function tallyReplies(members: MemberStanding[], replies: CurrentReply[]): Tally {
  const byMember = new Map(replies.map((reply) => [reply.memberCode, reply.position]));
  const tally: Tally = { support: 0, support_with_reservations: 0, abstain: 0, object: 0, notReplied: [] };
  for (const code of decidingMembers(members)) {
    const position = byMember.get(code);
    if (position) tally[position] += 1;
    else tally.notReplied.push(code);
  }
  return tally;
}

const replied = (tally: Tally) => tally.support + tally.support_with_reservations + tally.abstain + tally.object;

/**
 * consensus: adopted when every deciding member has replied and none objects (abstentions do not block; with no
 * deciding member at all nothing can be agreed). silence: adopted unless some member objects, whoever has not
 * replied. The same rule applies at the deadline and when the secretariat closes early: an early consensus is
 * adopted only if all have already replied without objection; an early silence unless an objection is in.
 */
export function decide(rule: DecisionRule, tally: Tally): Outcome {
  const objected = tally.object > 0;
  switch (rule) {
    case 'consensus':
      return !objected && tally.notReplied.length === 0 && replied(tally) > 0 ? 'adopted' : 'not_adopted';
    case 'silence':
      return objected ? 'not_adopted' : 'adopted';
  }
}

/** The deciding members whose final position was support or support with reservations, in code order. */
export function signatoriesOf(members: MemberStanding[], replies: CurrentReply[]): string[] {
  const deciding = new Set(decidingMembers(members));
  return replies
    .filter((reply) => deciding.has(reply.memberCode))
    .filter((reply) => reply.position === 'support' || reply.position === 'support_with_reservations')
    .map((reply) => reply.memberCode)
    .sort();
}
