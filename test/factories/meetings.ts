import { bearer, type TestUser } from './users.js';
import type { TestApp } from '../utils/app.js';

/** A valid meeting body (hosted by CA and FR, inviting DE and AU too); override any field. */
export function meetingInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'RRM focal point meeting',
    kind: 'regular',
    startsAt: '2030-04-20T09:00:00-04:00',
    endsAt: '2030-04-20T11:00:00-04:00',
    timeZone: 'America/New_York',
    location: 'Lester B. Pearson Building, Ottawa',
    virtualUrl: 'https://meet.example.org/rrm-fp',
    hostMemberCodes: ['CA'],
    inviteeMemberCodes: ['FR', 'DE', 'AU'],
    ...overrides,
  };
}

export interface MeetingBody {
  id: string;
  version: number;
  status: string;
  agendaVersion: number;
  inviteeMemberCodes: string[];
  agenda: AgendaItemBody[];
  [field: string]: unknown;
}

export interface AgendaItemBody {
  id: string;
  position: number;
  title: string;
  version: number;
  [field: string]: unknown;
}

/** A meeting scheduled by `admin` (201 expected). */
export async function scheduleMeeting(
  test: TestApp,
  admin: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<MeetingBody> {
  const response = await test.http.post('/api/v1/meetings').set(bearer(admin)).send(meetingInput(overrides));
  if (response.status !== 201) throw new Error(`schedule: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Adds agenda items with these titles, in order (201 expected each). */
export async function addAgendaItems(
  test: TestApp,
  user: TestUser,
  meetingId: string,
  titles: string[],
): Promise<AgendaItemBody[]> {
  const items: AgendaItemBody[] = [];
  for (const title of titles) {
    const response = await test.http
      .post(`/api/v1/meetings/${meetingId}/agenda-items`)
      .set(bearer(user))
      .send({ title });
    if (response.status !== 201) throw new Error(`agenda item: ${response.status} ${JSON.stringify(response.body)}`);
    items.push(response.body);
  }
  return items;
}

/** Moves a meeting into the past (test set-up: the API never schedules one that has ended). */
export async function makeHeld(test: TestApp, meetingId: string): Promise<void> {
  await test.dataSource.query(
    `UPDATE meeting SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`,
    [meetingId],
  );
}
