import { nextProposalReference } from '../../src/proposals/proposal-references.js';
import { draftProposal, openProposal, proposalInput } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('proposals: lists, filters and concurrency', () => {
  let test: TestApp;
  let secretariat: TestUser;
  let fr: TestUser;
  let frAlternate: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await startTestApp();
    [secretariat, fr, frAlternate] = await Promise.all([
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'FR'),
    ]);
    ids.draftConsensus = (await draftProposal(test, secretariat)).id;
    ids.openSilence = (await openProposal(test, secretariat, { decisionRule: 'silence' })).id;
    ids.openAttribution = (await openProposal(test, secretariat, { actionType: 'coordinated_attribution' })).id;
    ids.exercise = (await openProposal(test, secretariat, { exercise: true, actionType: 'other' })).id;
    ids.closed = (await openProposal(test, secretariat, { decisionRule: 'silence' })).id;
    await test.http.post(`/api/v1/proposals/${ids.closed}/close`).set(bearer(secretariat)).expect(200);
  });
  afterAll(() => test.close());

  const list = async (query: Record<string, string | number>, user = secretariat) =>
    (await test.http.get('/api/v1/proposals').query(query).set(bearer(user)).expect(200)).body;
  const idsOf = (page: { data: { id: string }[] }) => page.data.map((proposal) => proposal.id);

  it('lists newest first and walks every page with the cursor, each proposal once', async () => {
    const all = await list({ limit: 100 });
    expect(idsOf(all)).toEqual([ids.closed, ids.exercise, ids.openAttribution, ids.openSilence, ids.draftConsensus]);
    expect(all.nextCursor).toBeNull();
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.data.length).toBeLessThanOrEqual(2);
      walked.push(...idsOf(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(idsOf(all));
  });

  it.each([
    ['status', { status: 'open' }, ['exercise', 'openAttribution', 'openSilence']],
    ['status closed', { status: 'closed' }, ['closed']],
    ['decisionRule', { decisionRule: 'silence' }, ['closed', 'openSilence']],
    ['actionType', { actionType: 'coordinated_attribution' }, ['openAttribution']],
    ['exercise', { exercise: 'true' }, ['exercise']],
    ['exercise false and status', { exercise: 'false', status: 'draft' }, ['draftConsensus']],
  ])('filters by %s', async (_, query, expected) => {
    expect(idsOf(await list({ limit: 100, ...query }))).toEqual(expected.map((name) => ids[name]));
  });

  it('filters by creation time, from inclusive and to exclusive', async () => {
    const all = (await list({ limit: 100 })).data as { id: string; createdAt: string }[];
    const pivot = all.find((proposal) => proposal.id === ids.openAttribution)!.createdAt;
    expect(idsOf(await list({ limit: 100, from: pivot }))).toEqual([ids.closed, ids.exercise, ids.openAttribution]);
    expect(idsOf(await list({ limit: 100, to: pivot }))).toEqual([ids.openSilence, ids.draftConsensus]);
  });

  it.each([
    ['a bad status', { status: 'pending' }],
    ['a date without offset', { from: '2026-01-01T00:00:00' }],
    ['an unknown parameter', { member: 'FR' }],
    ['a limit of 0', { limit: 0 }],
    ['a limit of 101', { limit: 101 }],
    ['a cursor the API did not issue', { cursor: 'bm90LWEtY3Vyc29y' }],
  ])('refuses %s with a 400', async (_, query) => {
    const response = await test.http.get('/api/v1/proposals').query(query).set(bearer(secretariat)).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('keeps one current reply and the whole history when a member’s focal points reply at once', async () => {
    const id = ids.openSilence;
    const positions = ['support', 'abstain', 'support', 'abstain', 'support', 'abstain'];
    const responses = await Promise.all(
      positions.map((position, index) =>
        test.http
          .put(`/api/v1/proposals/${id}/replies/FR`)
          .set(bearer(index % 2 ? frAlternate : fr))
          .send({ position }),
      ),
    );
    expect(responses.every((response) => [200, 201].includes(response.status))).toBe(true);
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    const rows = (await test.dataSource.query(
      `SELECT current FROM proposal_reply WHERE proposal_id = $1 AND member_code = 'FR'`,
      [id],
    )) as { current: boolean }[];
    expect(rows.filter((row) => row.current)).toHaveLength(1);
    const history = await test.http.get(`/api/v1/proposals/${id}/replies?history=true`).set(bearer(fr)).expect(200);
    expect(history.body.data).toHaveLength(rows.length);
    const events = await test.dataSource.query(
      `SELECT count(*) AS n FROM audit_event WHERE action = 'proposal.reply_given' AND entity_id = $1`,
      [id],
    );
    expect(Number(events[0].n)).toBe(rows.length);
  });

  it('gives unique, gap-free references under concurrent creation, and takes back a rolled-back number', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        test.http
          .post('/api/v1/proposals')
          .set(bearer(secretariat))
          .send(proposalInput({ title: `Concurrent ${i}` })),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    const numbers = ((await test.dataSource.query('SELECT reference FROM proposal')) as { reference: string }[])
      .map((row) => Number(row.reference.split('-')[2]))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));

    const runner = test.dataSource.createQueryRunner();
    await runner.startTransaction();
    const reserved = await nextProposalReference(runner.manager);
    await runner.rollbackTransaction();
    await runner.release();
    expect((await draftProposal(test, secretariat)).reference).toBe(reserved);
  });
});
