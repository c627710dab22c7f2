import { bearer, type TestUser } from './users.js';
import type { TestApp } from '../utils/app.js';

/** The eight G7 members of the reference data: the members whose replies decide. */
export const G7 = ['CA', 'DE', 'EU', 'FR', 'GB', 'IT', 'JP', 'US'];

/** An instant `seconds` from now, as the API takes it. */
export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** A valid proposal body; override any field. */
export function proposalInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Joint statement on the interference campaign ahead of the Moldovan election',
    rationale: 'Several notices describe a coordinated campaign; a joint statement would expose it before the vote.',
    actionType: 'joint_statement',
    decisionRule: 'consensus',
    deadline: inSeconds(7 * 24 * 3600),
    ...overrides,
  };
}

export interface ProposalBody {
  id: string;
  reference: string;
  status: string;
  version: number;
  noticeIds: string[];
  tally: { support: number; support_with_reservations: number; abstain: number; object: number; notReplied: string[] };
  [field: string]: unknown;
}

/** A draft written by the secretariat (201 expected). */
export async function draftProposal(
  test: TestApp,
  secretariat: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<ProposalBody> {
  const response = await test.http.post('/api/v1/proposals').set(bearer(secretariat)).send(proposalInput(overrides));
  if (response.status !== 201) throw new Error(`draft: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A proposal drafted and opened by the secretariat. */
export async function openProposal(
  test: TestApp,
  secretariat: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<ProposalBody> {
  const draft = await draftProposal(test, secretariat, overrides);
  const opened = await test.http.post(`/api/v1/proposals/${draft.id}/open`).set(bearer(secretariat));
  if (opened.status !== 200) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body;
}

/** A member's reply by one of its focal points; the raw response. */
export function replyTo(test: TestApp, focalPoint: TestUser, proposalId: string, body: Record<string, unknown>) {
  return test.http
    .put(`/api/v1/proposals/${proposalId}/replies/${focalPoint.memberCode}`)
    .set(bearer(focalPoint))
    .send(body);
}

/** Polls `check` every 250 ms until it holds, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
