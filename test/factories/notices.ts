import { bearer, type TestUser } from './users.js';
import type { TestApp } from '../utils/app.js';
import { patchCurrent } from './records.js';

/** A valid notice body; override any field. */
export function noticeInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Inauthentic amplification of a narrative about the election',
    summary: 'A network of accounts amplifies claims of fraud ahead of the vote.',
    body: 'Observed since Monday: coordinated posting at regular intervals from newly created accounts.',
    category: 'disinformation_media',
    tlp: 'GREEN',
    priority: 'routine',
    audience: { scope: 'all' },
    tags: ['Inauthentic Amplification', 'elections'],
    indicators: [{ kind: 'domain', value: 'news-site.example' }],
    targetedCountries: ['MD'],
    ...overrides,
  };
}

export interface NoticeBody {
  id: string;
  reference: string;
  status: string;
  version: number;
  [field: string]: unknown;
}

/** A draft written by `author` (201 expected). */
export async function draftNotice(
  test: TestApp,
  author: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<NoticeBody> {
  const response = await test.http.post('/api/v1/notices').set(bearer(author)).send(noticeInput(overrides));
  if (response.status !== 201) throw new Error(`draft: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A notice drafted by `author` and shared by `secretariat` (submitted first when the author is a member). */
export async function sharedNotice(
  test: TestApp,
  author: TestUser,
  secretariat: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<NoticeBody> {
  const draft = await draftNotice(test, author, overrides);
  if (author.role !== 'secretariat') {
    await test.http.post(`/api/v1/notices/${draft.id}/submit`).set(bearer(author)).expect(200);
  }
  const shared = await test.http.post(`/api/v1/notices/${draft.id}/share`).set(bearer(secretariat));
  if (shared.status !== 200) throw new Error(`share: ${shared.status} ${JSON.stringify(shared.body)}`);
  return shared.body;
}

/** Changes a notice's audience as `secretariat`, with the notice's current ETag (200 expected). */
export const setAudience = (
  test: TestApp,
  secretariat: TestUser,
  noticeId: string,
  audience: Record<string, unknown>,
) => patchCurrent(test, secretariat, `/api/v1/notices/${noticeId}`, { audience });
