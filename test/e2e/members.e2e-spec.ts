import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('members', () => {
  let test: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    admin = await signedIn(test, 'admin');
  });
  afterAll(() => test.close());

  it('lets an admin add an observer, with an audit event', async () => {
    const head = await auditHead(test.dataSource);
    const created = await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .send({ code: 'NO', name: 'Norway', kind: 'observer' })
      .expect(201);
    expect(created.body).toEqual({ code: 'NO', name: 'Norway', kind: 'observer', active: true, version: 1 });
    expect(await auditEventsSince(test.dataSource, head)).toEqual([
      expect.objectContaining({ action: 'member.created', entity_type: 'member', entity_id: 'NO', actor_id: admin.id }),
    ]);
    await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .send({ code: 'NO', name: 'Again', kind: 'observer' })
      .expect(409);
    await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .send({ code: 'no', name: 'x', kind: 'observer' })
      .expect(400);
    await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .send({ code: 'PL', name: 'x', kind: 'friend' })
      .expect(400);
  });

  it('deactivates a member with If-Match (428 without, 412 stale)', async () => {
    await test.http.patch('/api/v1/members/IT').set(bearer(admin)).send({ active: false }).expect(428);
    await test.http
      .patch('/api/v1/members/IT')
      .set(bearer(admin))
      .set('If-Match', '"99"')
      .send({ active: false })
      .expect(412);
    const current = await test.http.get('/api/v1/members/IT').set(bearer(admin)).expect(200);
    const head = await auditHead(test.dataSource);
    const updated = await test.http
      .patch('/api/v1/members/IT')
      .set(bearer(admin))
      .set('If-Match', current.headers.etag)
      .send({ active: false })
      .expect(200);
    expect(updated.body).toEqual(
      expect.objectContaining({ code: 'IT', active: false, version: current.body.version + 1 }),
    );
    expect(await auditEventsSince(test.dataSource, head)).toEqual([
      expect.objectContaining({ action: 'member.updated', changes: { active: { from: true, to: false } } }),
    ]);
    await test.http
      .patch('/api/v1/members/QQ')
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .send({ active: false })
      .expect(404);
  });

  it('lists the active focal points of a member', async () => {
    const focalPoint = await signedIn(test, 'focal_point', 'GB');
    await signedIn(test, 'focal_point', 'FR');
    const response = await test.http.get('/api/v1/members/GB/focal-points').set(bearer(focalPoint)).expect(200);
    expect(response.body.data).toEqual([expect.objectContaining({ id: focalPoint.id, memberCode: 'GB' })]);
    expect(JSON.stringify(response.body)).not.toMatch(/password|hash/i);
    await test.http.get('/api/v1/members/ZZ/focal-points').set(bearer(focalPoint)).expect(404);
  });

  it('answers 404 for what is not a member code without repeating it, and names a code that is one', async () => {
    const long = 'X'.repeat(300);
    for (const path of ['/api/v1/members/%00', `/api/v1/members/${long}`, '/api/v1/members/%00/focal-points']) {
      const missing = await test.http.get(path).set(bearer(admin)).expect(404);
      expect(missing.body.detail).toBe('Member was not found.');
    }
    const edit = await test.http
      .patch('/api/v1/members/%00')
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .send({ name: 'Nowhere' })
      .expect(404);
    expect(edit.body.detail).toBe('Member was not found.');
    const unknown = await test.http.get('/api/v1/members/QQ').set(bearer(admin)).expect(404);
    expect(unknown.body.detail).toBe('Member QQ was not found.');
  });

  it('explains a bad filter in words, not with the pattern it failed', async () => {
    const users = await test.http.get('/api/v1/users?memberCode=fr').set(bearer(admin)).expect(400);
    expect(users.body.errors).toEqual([
      { field: 'memberCode', message: 'memberCode must be an upper-case member code' },
    ]);
    const auditor = await signedIn(test, 'auditor');
    const audit = await test.http
      .get('/api/v1/audit-events?action=Notice&entityType=Notice')
      .set(bearer(auditor))
      .expect(400);
    expect(audit.body.errors).toEqual([
      { field: 'entityType', message: 'entityType must be a record type such as notice or api_key' },
      { field: 'action', message: 'action must be an action such as notice.shared' },
    ]);
  });

  describe('Idempotency-Key', () => {
    const post = (key: string, body: Record<string, unknown>) =>
      test.http.post('/api/v1/members').set(bearer(admin)).set('Idempotency-Key', key).send(body);

    it('replays the first answer to a retry and acts once', async () => {
      const body = { code: 'PT', name: 'Portugal', kind: 'observer' };
      const first = await post('create-pt', body).expect(201);
      const retry = await post('create-pt', body).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const [row] = await test.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'member.created' AND entity_id = 'PT'`,
      );
      expect(row.n).toBe(1);
    });

    it('answers 422 when the same key comes with another body', async () => {
      await post('create-es', { code: 'ES', name: 'Spain', kind: 'observer' }).expect(201);
      const reused = await post('create-es', { code: 'BE', name: 'Belgium', kind: 'observer' }).expect(422);
      expect(reused.headers['content-type']).toMatch(/problem\+json/);
      await test.http.get('/api/v1/members/BE').set(bearer(admin)).expect(404);
    });

    it('creates one record under 10 parallel retries', async () => {
      const body = { code: 'DK', name: 'Denmark', kind: 'observer' };
      const answers = await Promise.all(Array.from({ length: 10 }, () => post('create-dk', body)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
      const [row] = await test.dataSource.query(`SELECT count(*)::int AS n FROM member WHERE code = 'DK'`);
      expect(row.n).toBe(1);
    });

    it('runs a retry again when the first attempt failed', async () => {
      await post('create-fi', { code: 'fi', name: 'Finland', kind: 'observer' }).expect(400);
      await post('create-fi', { code: 'fi', name: 'Finland', kind: 'observer' }).expect(400);
      await post('create-fi-2', { code: 'FI', name: 'Finland', kind: 'observer' }).expect(201);
    });

    it('refuses a key longer than 255 characters', async () => {
      await post('k'.repeat(256), { code: 'IE', name: 'Ireland', kind: 'observer' }).expect(400);
      await test.http.get('/api/v1/members/IE').set(bearer(admin)).expect(404);
    });
  });
});
