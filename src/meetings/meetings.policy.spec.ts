import type { Actor, Role } from '../common/request-context.js';
import { canSeeMeeting, mayReplyFor, meetingViewerOf, statusOf, visibleMeetings } from './meetings.policy.js';

const actor = (role: Role, memberCode: string | null = null): Actor => ({ id: 'u', role, memberCode });
const meeting = { inviteeMemberCodes: ['FR', 'AU'] };

describe('meetings policy', () => {
  it.each<Role>(['admin', 'secretariat', 'auditor'])('lets %s see every meeting', (role) => {
    expect(canSeeMeeting(meetingViewerOf(actor(role)), meeting)).toBe(true);
    expect(visibleMeetings(meetingViewerOf(actor(role))).where).toBe('TRUE');
  });

  it('lets focal points and observers see only the meetings their member is invited to', () => {
    expect(canSeeMeeting(meetingViewerOf(actor('focal_point', 'FR')), meeting)).toBe(true);
    expect(canSeeMeeting(meetingViewerOf(actor('observer', 'AU')), meeting)).toBe(true);
    expect(canSeeMeeting(meetingViewerOf(actor('focal_point', 'DE')), meeting)).toBe(false);
    expect(canSeeMeeting(meetingViewerOf(actor('observer', 'NZ')), meeting)).toBe(false);
    const { where, params } = visibleMeetings(meetingViewerOf(actor('focal_point', 'DE')), 'x');
    expect(where).toBe('x.invitee_member_codes @> ARRAY[:viewerMember]::varchar[]');
    expect(params).toEqual({ viewerMember: 'DE' });
  });

  it('shows nothing to a member role without a member', () => {
    expect(canSeeMeeting(meetingViewerOf(actor('focal_point', null)), meeting)).toBe(false);
    expect(visibleMeetings(meetingViewerOf(actor('observer', null))).where).toBe('FALSE');
  });

  it('lets only focal points and observers of a member reply for it', () => {
    expect(mayReplyFor(actor('focal_point', 'FR'), 'FR')).toBe(true);
    expect(mayReplyFor(actor('observer', 'AU'), 'AU')).toBe(true);
    expect(mayReplyFor(actor('focal_point', 'DE'), 'FR')).toBe(false);
    expect(mayReplyFor(actor('secretariat'), 'FR')).toBe(false);
    expect(mayReplyFor(actor('admin'), 'FR')).toBe(false);
  });

  it('derives held from the clock, cancelled always winning', () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const endsAt = (iso: string) => new Date(iso);
    expect(statusOf({ status: 'scheduled', endsAt: endsAt('2030-01-01T12:00:01Z') }, now)).toBe('scheduled');
    expect(statusOf({ status: 'scheduled', endsAt: endsAt('2030-01-01T12:00:00Z') }, now)).toBe('held');
    expect(statusOf({ status: 'cancelled', endsAt: endsAt('2029-01-01T12:00:00Z') }, now)).toBe('cancelled');
  });
});
