import { meetingInput } from '../factories/meetings.js';
import { noticeInput } from '../factories/notices.js';
import { proposalInput } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';

type Operation = { responses: Record<string, { headers?: Record<string, { required?: boolean }> }> };

/** A 201 that creates a record with a route of its own names it in Location (RFC 9110 §15.3.2). */
describe('Location of created records', () => {
  let test: TestApp;
  let callers: Record<'admin' | 'secretariat' | 'focalPoint', TestUser>;
  let auditor: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    const [admin, secretariat, focalPoint] = await Promise.all([
      signedIn(test, 'admin'),
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
    ]);
    callers = { admin, secretariat, focalPoint };
    auditor = await signedIn(test, 'auditor');
  });
  afterAll(() => test.close());

  interface CreateCase {
    collection: string;
    caller: keyof typeof callers;
    /** The field naming the record in its address. */
    key: 'id' | 'code';
    entityType: string;
    body: () => Record<string, unknown>;
    /** A body the route refuses with a 400. */
    invalid: Record<string, unknown>;
  }

  let userCount = 0;
  const cases: CreateCase[] = [
    {
      collection: 'users',
      caller: 'admin',
      key: 'id',
      entityType: 'user',
      body: () => ({
        email: `located.${++userCount}@example.org`,
        displayName: 'Located user',
        role: 'focal_point',
        memberCode: 'DE',
        password: 'a long and quiet river at dawn',
      }),
      invalid: { email: 'not an address', displayName: 'x', role: 'focal_point' },
    },
    {
      collection: 'members',
      caller: 'admin',
      key: 'code',
      entityType: 'member',
      body: () => ({ code: 'MD', name: 'Moldova', kind: 'observer' }),
      invalid: { code: 'md', name: 'Moldova', kind: 'observer' },
    },
    {
      collection: 'notices',
      caller: 'focalPoint',
      key: 'id',
      entityType: 'notice',
      body: () => noticeInput(),
      invalid: noticeInput({ tlp: 'PURPLE' }),
    },
    {
      collection: 'proposals',
      caller: 'secretariat',
      key: 'id',
      entityType: 'proposal',
      body: () => proposalInput(),
      invalid: proposalInput({ decisionRule: 'majority' }),
    },
    {
      collection: 'meetings',
      caller: 'admin',
      key: 'id',
      entityType: 'meeting',
      body: () => meetingInput(),
      invalid: meetingInput({ kind: 'social' }),
    },
  ];

  it.each(cases)(
    'POST /api/v1/$collection names the new record, the same on a replay, and a 4xx names none',
    async ({ collection, caller, key, entityType, body, invalid }) => {
      const user = callers[caller];
      const post = (idempotencyKey: string, payload: Record<string, unknown>) =>
        test.http.post(`/api/v1/${collection}`).set(bearer(user)).set('Idempotency-Key', idempotencyKey).send(payload);
      const head = await auditHead(test.dataSource);
      const payload = body();

      const created = await post(`create-${collection}`, payload).expect(201);
      const name = created.body[key] as string;
      expect(created.headers.location).toBe(`/api/v1/${collection}/${name}`);
      const read = await test.http.get(created.headers.location).set(bearer(user)).expect(200);
      expect(read.body).toEqual(created.body);

      const replay = await post(`create-${collection}`, payload).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.headers.location).toBe(created.headers.location);
      expect(replay.body).toEqual(created.body);
      // One record, created once.
      expect(await auditEventsSince(test.dataSource, head)).toEqual([
        expect.objectContaining({ action: `${entityType}.created`, entity_type: entityType, entity_id: name }),
      ]);

      const refused = await post(`refused-${collection}`, invalid).expect(400);
      expect(refused.headers.location).toBeUndefined();
      const reused = await post(`create-${collection}`, invalid).expect(422);
      expect(reused.headers.location).toBeUndefined();
      const forbidden = await test.http.post(`/api/v1/${collection}`).set(bearer(auditor)).send(body()).expect(403);
      expect(forbidden.headers.location).toBeUndefined();
      expect(await auditEventsSince(test.dataSource, head)).toHaveLength(1);
    },
  );

  it('documents Location on every 201 creating a record that has a GET route of its own, and nowhere else', async () => {
    const paths = (await test.http.get('/docs-json').expect(200)).body.paths as Record<
      string,
      Record<string, Operation>
    >;
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => Object.values(operation.responses).some((answer) => answer.headers?.Location))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    // The POSTs answering 201 whose record can be read at `<path>/{param}`, found from the document itself.
    const creatingReadable = Object.entries(paths)
      .filter(([, item]) => item.post?.responses['201'])
      .filter(([path]) => Object.entries(paths).some(([other, item]) => item.get && isChildOf(other, path)))
      .map(([path]) => `POST ${path}`);
    expect(documented.sort()).toEqual(creatingReadable.sort());
    expect(documented.sort()).toEqual(cases.map(({ collection }) => `POST /api/v1/${collection}`).sort());
    const location = paths['/api/v1/members'].post.responses['201'].headers!.Location;
    expect(location).toEqual(
      expect.objectContaining({ required: true, description: expect.stringContaining('/api/v1/members/{code}') }),
    );
    // The route travels to the document in an extension that the published document does not keep.
    expect(JSON.stringify(paths)).not.toContain('x-rrm-record-route');
  });
});

/** Whether `path` is `parent/{param}`: a record of the collection at `parent`. */
function isChildOf(path: string, parent: string): boolean {
  return path.startsWith(`${parent}/`) && /^\{\w+\}$/.test(path.slice(parent.length + 1));
}
