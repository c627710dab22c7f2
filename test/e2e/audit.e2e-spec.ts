import { spawnSync } from 'node:child_process';
import { auditHash } from '../../src/audit/audit-hash.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { Member } from '../../src/members/member.entity.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('audit trail', () => {
  let test: TestApp;
  let admin: TestUser;
  let auditor: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    admin = await signedIn(test, 'admin');
    auditor = await signedIn(test, 'auditor');
  });
  afterAll(() => test.close());

  const verify = async () => (await test.http.get('/api/v1/audit-events/verify').set(bearer(auditor)).expect(200)).body;

  it('records who did what to which record, with the request id, and lists it with filters', async () => {
    const created = await test.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('X-Request-Id', 'create-user-77')
      .send({
        email: 'audited@example.org',
        displayName: 'Audited',
        role: 'secretariat',
        password: 'a long audited passphrase',
      })
      .expect(201);
    const listed = await test.http
      .get(`/api/v1/audit-events?entityType=user&entityId=${created.body.id}`)
      .set(bearer(auditor))
      .expect(200);
    expect(listed.body.data).toEqual([
      {
        id: expect.any(String),
        seq: expect.any(Number),
        occurredAt: expect.any(String),
        actorId: admin.id,
        actorRole: 'admin',
        action: 'user.created',
        entityType: 'user',
        entityId: created.body.id,
        requestId: 'create-user-77',
        ip: expect.any(String),
        changes: { after: expect.objectContaining({ email: 'audited@example.org', role: 'secretariat' }) },
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    const byAction = await test.http
      .get('/api/v1/audit-events?action=auth.login_succeeded&limit=1')
      .set(bearer(auditor))
      .expect(200);
    expect(byAction.body.data).toHaveLength(1);
    expect(byAction.body.nextCursor).not.toBeNull();
    const next = await test.http
      .get(`/api/v1/audit-events?action=auth.login_succeeded&limit=1&cursor=${byAction.body.nextCursor}`)
      .set(bearer(auditor))
      .expect(200);
    expect(next.body.data[0].seq).toBeLessThan(byAction.body.data[0].seq);
    await test.http.get('/api/v1/audit-events?from=yesterday').set(bearer(auditor)).expect(400);
    // Instants carry their offset, as on every other list: a bare date or local time would depend on the server.
    for (const instant of ['2026-01-01', '2026-01-01T00:00:00', '2027-02-30T00:00:00Z']) {
      const refused = await test.http.get('/api/v1/audit-events').query({ to: instant }).set(bearer(auditor));
      expect([refused.status, refused.body.errors?.[0]?.field]).toEqual([400, 'to']);
    }
    await test.http
      .get('/api/v1/audit-events')
      .query({ to: '2099-01-01T00:00:00+02:00' })
      .set(bearer(auditor))
      .expect(200);
  });

  it('records the request behind each change, however many run at once, signed in or not', async () => {
    const head = await auditHead(test.dataSource);
    const codes = ['QA', 'QB', 'QC', 'QD', 'QE', 'QF', 'QG', 'QH'];
    await Promise.all([
      ...codes.map((code) =>
        test.http
          .post('/api/v1/members')
          .set(bearer(admin))
          .set('X-Request-Id', `join-${code}`)
          .send({ code, name: `Member ${code}`, kind: 'observer' })
          .expect(201),
      ),
      test.http
        .post('/api/v1/auth/login')
        .set('X-Request-Id', 'wrong-password-1')
        .send({ email: admin.email, password: 'not the passphrase at all' })
        .expect(401),
    ]);
    const events = await auditEventsSince(test.dataSource, head);
    for (const code of codes) {
      expect(events.filter((event) => event.entity_id === code)).toEqual([
        expect.objectContaining({
          action: 'member.created',
          actor_id: admin.id,
          actor_role: 'admin',
          request_id: `join-${code}`,
          ip: expect.any(String),
        }),
      ]);
    }
    expect(events.filter((event) => event.action === 'auth.login_failed')).toEqual([
      expect.objectContaining({ actor_id: null, actor_role: 'anonymous', request_id: 'wrong-password-1' }),
    ]);
  });

  it('writes nothing when the change rolls back', async () => {
    const head = await auditHead(test.dataSource);
    await expect(
      test.app.get(UnitOfWork).run(null, async (tx) => {
        tx.audit({ action: 'member.updated', entityType: 'member', entityId: 'CA', changes: {} });
        await tx.manager.query(`UPDATE member SET name = 'Changed' WHERE code = 'CA'`);
        throw new Error('the use case fails after its change');
      }),
    ).rejects.toThrow('the use case fails');
    expect(await auditEventsSince(test.dataSource, head)).toEqual([]);
    const [canada] = await test.dataSource.query(`SELECT name FROM member WHERE code = 'CA'`);
    expect(canada.name).toBe('Canada');

    // Ten racing creations of one member: one wins, the losers roll back with no event.
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        test.http.post('/api/v1/members').set(bearer(admin)).send({ code: 'LV', name: 'Latvia', kind: 'observer' }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.every((answer) => [201, 409].includes(answer.status))).toBe(true);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.filter((event) => event.action === 'member.created')).toHaveLength(1);
  });

  it('rolls back an entity saved through the ORM when the use case fails after it', async () => {
    const head = await auditHead(test.dataSource);
    await expect(
      test.app.get(UnitOfWork).run(null, async (tx) => {
        const canada = await tx.manager.findOneByOrFail(Member, { code: 'CA' });
        await tx.manager.save(Object.assign(canada, { name: 'Saved, then undone' }));
        tx.audit({ action: 'member.updated', entityType: 'member', entityId: 'CA', changes: {} });
        throw new Error('the use case fails after saving');
      }),
    ).rejects.toThrow('fails after saving');
    const [canada] = await test.dataSource.query(`SELECT name FROM member WHERE code = 'CA'`);
    expect(canada.name).toBe('Canada');
    expect(await auditEventsSince(test.dataSource, head)).toEqual([]);
  });

  it('writes nothing when the audit append with the commit fails, and the connection serves the next change', async () => {
    const head = await auditHead(test.dataSource);
    const unitOfWork = test.app.get(UnitOfWork);
    await expect(
      unitOfWork.run(null, async (tx) => {
        await tx.manager.query(`UPDATE member SET name = 'Changed' WHERE code = 'CA'`);
        // Too long for its column: the append fails in the database, in the same round trip as COMMIT.
        tx.audit({ action: 'member.updated', entityType: 'member'.repeat(10), entityId: 'CA', changes: {} });
      }),
    ).rejects.toThrow(/too long/);
    expect(await auditEventsSince(test.dataSource, head)).toEqual([]);
    const [canada] = await test.dataSource.query(`SELECT name FROM member WHERE code = 'CA'`);
    expect(canada.name).toBe('Canada');

    // Every pooled connection is back outside any transaction: a change through each commits for good.
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        unitOfWork.run(null, async (tx) => {
          tx.audit({ action: 'member.updated', entityType: 'member', entityId: `XX${index}`, changes: {} });
        }),
      ),
    );
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => event.entity_id).sort()).toEqual(
      Array.from({ length: 12 }, (_, index) => `XX${index}`).sort(),
    );
    expect(events.map((event) => Number(event.seq))).toEqual(Array.from({ length: 12 }, (_, i) => head + 1 + i));
    expect((await verify()).valid).toBe(true);
  });
  it("commits nothing when a write sent with the commit fails, and answers with that write's error", async () => {
    const head = await auditHead(test.dataSource);
    const unitOfWork = test.app.get(UnitOfWork);
    const rename = (code: string, name: string | null) => ({
      text: 'UPDATE member SET name = $2 WHERE code = $1',
      values: [code, name],
    });
    for (const audited of [true, false]) {
      await expect(
        unitOfWork.run(null, async (tx) => {
          void tx.send(rename('DE', 'Renamed, then undone'));
          void tx.send(rename('FR', null)); // refused by the database: the name is required
          if (audited) tx.audit({ action: 'member.updated', entityType: 'member', entityId: 'DE', changes: {} });
        }),
      ).rejects.toThrow(/null value/);
    }
    // A value the client cannot encode is refused before anything leaves: the use case fails at once.
    await expect(
      unitOfWork.run(null, async (tx) => {
        void tx.send(rename('DE', 'Renamed, then undone'));
        tx.send({
          text: 'SELECT $1::text',
          values: [
            {
              toPostgres: () => {
                throw new Error('not encodable');
              },
            },
          ],
        });
      }),
    ).rejects.toThrow('not encodable');
    const names = await test.dataSource.query(`SELECT code, name FROM member WHERE code IN ('DE', 'FR') ORDER BY code`);
    expect(names).toEqual([
      { code: 'DE', name: 'Germany' },
      { code: 'FR', name: 'France' },
    ]);
    expect(await auditEventsSince(test.dataSource, head)).toEqual([]);

    // The answers of sent writes are there after commit, and each pooled connection serves the next change.
    const renamed = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        unitOfWork.run(null, async (tx) => {
          const answer = tx.send<{ name: string }>({
            text: `UPDATE member SET name = name WHERE code = 'DE' RETURNING name || $1 AS name`,
            values: [` ${index}`],
          });
          tx.audit({ action: 'member.updated', entityType: 'member', entityId: `YY${index}`, changes: {} });
          return { answer };
        }),
      ),
    );
    expect(await Promise.all(renamed.map(async ({ answer }) => (await answer)[0].name))).toEqual(
      Array.from({ length: 12 }, (_, index) => `Germany ${index}`),
    );
    expect(await auditEventsSince(test.dataSource, head)).toHaveLength(12);
    expect((await verify()).valid).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the application connection', async () => {
    await expect(test.dataSource.query(`UPDATE audit_event SET action = 'x' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(test.dataSource.query('DELETE FROM audit_event WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(test.dataSource.query('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
    // Nor does a session that says it replicates (which skips ordinary triggers) get past them.
    for (const statement of [
      `UPDATE audit_event SET action = 'x' WHERE seq = 1`,
      'DELETE FROM audit_event WHERE seq = 1',
    ]) {
      const session = test.dataSource.createQueryRunner();
      await session.connect();
      try {
        await session.startTransaction();
        await session.query('SET LOCAL session_replication_role = replica');
        await expect(session.query(statement)).rejects.toThrow(/append-only/);
      } finally {
        await session.rollbackTransaction();
        await session.release();
      }
    }
    expect((await verify()).valid).toBe(true);
  });

  it('reports tampering with one event at exactly its seq, and a deleted event where it is missing', async () => {
    const before = await verify();
    expect(before).toEqual(expect.objectContaining({ valid: true, firstBrokenSeq: null }));
    expect(before.checked).toBe(await auditHead(test.dataSource));
    expect(before.headSeq).toBe(before.checked);

    const isolated = await startTestApp();
    try {
      const staff = await signedIn(isolated, 'auditor');
      for (let index = 0; index < 5; index++) {
        await isolated.http.post('/api/v1/auth/login').send({ email: `nobody${index}@example.org`, password: 'x' });
      }
      const check = async () =>
        (await isolated.http.get('/api/v1/audit-events/verify').set(bearer(staff)).expect(200)).body;
      const intact = await check();
      expect(intact.valid).toBe(true);
      // As a database superuser would: with the append-only triggers switched off.
      const alter = async (sql: string, params: unknown[]) => {
        await isolated.dataSource.transaction(async (manager) => {
          await manager.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
          await manager.query(sql, params);
          await manager.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
        });
      };
      await alter(`UPDATE audit_event SET changes = '{"reason":"locked"}' WHERE seq = $1`, [3]);
      expect(await check()).toEqual(expect.objectContaining({ valid: false, firstBrokenSeq: 3, checked: 2 }));
      await alter('DELETE FROM audit_event WHERE seq = $1', [3]);
      expect(await check()).toEqual(expect.objectContaining({ valid: false, firstBrokenSeq: 3 }));
    } finally {
      await isolated.close();
    }
  });

  it('verifies from the shell in several processes exactly as in one, wherever the chain breaks', async () => {
    const isolated = await startTestApp();
    try {
      const staff = await signedIn(isolated, 'auditor');
      for (let index = 0; (await auditHead(isolated.dataSource)) < 12; index++) {
        await isolated.http.post('/api/v1/auth/login').send({ email: `nobody${index}@example.org`, password: 'x' });
      }
      const end = await auditHead(isolated.dataSource);
      const verdict = (result: Record<string, unknown>) => ({
        valid: result.valid,
        checked: result.checked,
        firstBrokenSeq: result.firstBrokenSeq,
        headSeq: result.headSeq,
        headHash: result.headHash,
      });
      const shell = (processes: number) => {
        const run = spawnSync(process.execPath, ['dist/src/audit/verify-cli.js', '--processes', String(processes)], {
          env: { PATH: process.env.PATH, DATABASE_URL: isolated.databaseUrl },
          encoding: 'utf8',
        });
        const output = JSON.parse(run.stdout) as Record<string, unknown>;
        expect([run.status, output.processes]).toEqual([output.valid ? 0 : 1, processes]);
        return verdict(output);
      };
      const endpoint = async () =>
        verdict((await isolated.http.get('/api/v1/audit-events/verify').set(bearer(staff)).expect(200)).body);
      const agree = async () => {
        const inOne = await endpoint();
        for (const processes of [1, 3, 5]) expect(shell(processes)).toEqual(inOne);
        return inOne;
      };
      const alter = async (sql: string, params: unknown[]) => {
        await isolated.dataSource.transaction(async (manager) => {
          await manager.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
          await manager.query(sql, params);
          await manager.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
        });
      };
      expect(await agree()).toEqual(expect.objectContaining({ valid: true, checked: end, headSeq: end }));

      // An event re-linked to a forged predecessor, with a hash that matches its own content: only the link
      // between stretches (or events) gives it away.
      const [stored] = await isolated.dataSource.query('SELECT * FROM audit_event WHERE seq = $1', [5]);
      const forgedPrev = 'f'.repeat(64);
      const forgedHash = auditHash({
        id: stored.id,
        seq: 5,
        occurredAt: new Date(stored.occurred_at).toISOString(),
        actorId: stored.actor_id,
        actorRole: stored.actor_role,
        action: stored.action,
        entityType: stored.entity_type,
        entityId: stored.entity_id,
        requestId: stored.request_id,
        ip: stored.ip,
        changes: stored.changes,
        prevHash: forgedPrev,
      });
      await alter('UPDATE audit_event SET prev_hash = $2, hash = $3 WHERE seq = $1', [5, forgedPrev, forgedHash]);
      expect(await agree()).toEqual(expect.objectContaining({ valid: false, firstBrokenSeq: 5, checked: 4 }));
      await alter('UPDATE audit_event SET prev_hash = $2, hash = $3 WHERE seq = $1', [
        5,
        stored.prev_hash,
        stored.hash,
      ]);
      expect((await agree()).valid).toBe(true);

      await alter(`UPDATE audit_event SET action = 'auth.login_succeeded' WHERE seq = $1`, [end - 1]);
      expect(await agree()).toEqual(expect.objectContaining({ valid: false, firstBrokenSeq: end - 1 }));
      await alter('DELETE FROM audit_event WHERE seq = $1', [3]);
      expect(await agree()).toEqual(expect.objectContaining({ valid: false, firstBrokenSeq: 3, checked: 2 }));
    } finally {
      await isolated.close();
    }
  });

  it('keeps one unbroken chain under 200 concurrent writes from two app instances', async () => {
    const second = await startTestApp({}, { url: test.databaseUrl });
    try {
      const head = await auditHead(test.dataSource);
      const writes = Array.from({ length: 200 }, (_, index) =>
        (index % 2 === 0 ? test : second).http
          .post('/api/v1/auth/login')
          .send({ email: `racer${index}@example.org`, password: 'not a password' }),
      );
      const answers = await Promise.all(writes);
      expect(answers.every((answer) => answer.status === 401)).toBe(true);
      const events = await auditEventsSince(test.dataSource, head);
      expect(events).toHaveLength(200);
      expect(events.map((event) => Number(event.seq))).toEqual(Array.from({ length: 200 }, (_, i) => head + i + 1));
      const result = await verify();
      expect(result).toEqual(expect.objectContaining({ valid: true, firstBrokenSeq: null }));
      expect(result.checked).toBe(head + 200);
    } finally {
      await second.app.close();
    }
  });

  it('verifies from the shell, also against an outside checkpoint', async () => {
    const result = await verify();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['dist/src/audit/verify-cli.js', ...args], {
        env: { PATH: process.env.PATH, DATABASE_URL: test.databaseUrl },
        encoding: 'utf8',
      });
    const intact = run('--expect-head', `${result.headSeq}:${result.headHash}`);
    expect(intact.status).toBe(0);
    expect(JSON.parse(intact.stdout)).toEqual(
      expect.objectContaining({ valid: true, checkpoint: 'checkpoint matches' }),
    );
    const wrong = run('--expect-head', `${result.headSeq}:${'0'.repeat(64)}`);
    expect(wrong.status).toBe(1);
    expect(run('--expect-head', 'nonsense').status).toBe(2);
  });
});
