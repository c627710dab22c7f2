import { bearer, PASSWORD, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { walkPages } from '../utils/pages.js';

type Operation = { responses: Record<string, unknown> };

describe('foundation', () => {
  let test: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    admin = await signedIn(test, 'admin');
  });
  afterAll(() => test.close());

  const expectProblem = (body: Record<string, unknown>, status: number) => {
    expect(body).toEqual(
      expect.objectContaining({
        type: expect.any(String),
        title: expect.any(String),
        status,
        detail: expect.any(String),
      }),
    );
    expect(body.instance).toEqual(expect.stringMatching(/^\//));
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|QueryFailedError|SELECT |INSERT /);
  };

  it('answers liveness and readiness', async () => {
    await test.http.get('/health').expect(200, { status: 'ok' });
    await test.http.get('/health?probe=kubelet').expect(200, { status: 'ok' });
    const ready = await test.http.get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.info.migrations.status).toBe('up');
  });

  it('publishes Prometheus metrics with request durations and the pool', async () => {
    await test.http.get('/api/v1/members').set(bearer(admin)).expect(200);
    const metrics = await test.http.get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/members"[^}]*status="200"/,
    );
    expect(metrics.text).toMatch(/db_pool_in_use \d+/);
    expect(metrics.text).toMatch(/db_pool_waiting \d+/);
  });

  it('counts the requests refused before any handler: 401, 403, 404 and 413 by route', async () => {
    const focalPoint = await signedIn(test, 'focal_point', 'FR');
    await test.http.get('/api/v1/users').expect(401);
    await test.http.get('/api/v1/users').set(bearer(focalPoint)).expect(403);
    await test.http.get(`/api/v1/nothing-here/${'x'.repeat(8)}`).expect(404);
    await test.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'x'.repeat(1_100_000) }))
      .expect(413);
    const metrics = (await test.http.get('/metrics').expect(200)).text;
    const count = (route: string, status: number) =>
      Number(
        new RegExp(
          `http_request_duration_seconds_count\\{method="[A-Z]+",route="${route}",status="${status}"\\} (\\d+)`,
        ).exec(metrics)?.[1] ?? 0,
      );
    expect(count('/api/v1/users', 401)).toBeGreaterThanOrEqual(1);
    expect(count('/api/v1/users', 403)).toBeGreaterThanOrEqual(1);
    expect(count('unmatched', 404)).toBeGreaterThanOrEqual(1);
    expect(count('unmatched', 413)).toBeGreaterThanOrEqual(1);
    // Paths are never labels: they hold ids.
    expect(metrics).not.toContain('nothing-here');
  });

  it('serves the OpenAPI document with the bearer scheme and Swagger UI', async () => {
    const doc = await test.http.get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/members', '/api/v1/members/{code}']));
    expect(doc.body.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'instance']);
    const list = doc.body.paths['/api/v1/members'].get;
    expect(list.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/MemberPage');
    expect(list.responses['4XX'].content['application/problem+json']).toBeDefined();
    const patch = doc.body.paths['/api/v1/members/{code}'].patch;
    expect(patch.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'If-Match', required: true })]),
    );
    // The answers a client must handle are named, and single records carry their ETag.
    expect(Object.keys(patch.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '412', '413', '415', '428', '429']),
    );
    expect(patch.responses['200'].headers.ETag).toBeDefined();
    // A body sent where none is taken is refused as any body is: too large (413), not JSON (415).
    const bodiless = doc.body.paths['/api/v1/auth/api-keys/{id}'].delete;
    expect(Object.keys(bodiless.responses)).toEqual(expect.arrayContaining(['413', '415']));
    await test.http
      .delete('/api/v1/auth/api-keys/00000000-0000-4000-8000-000000000000')
      .set(bearer(admin))
      .set('Content-Type', 'text/plain')
      .send('revoke it')
      .expect(415);
    // If-Match is documented exactly where the server reads it: optional on state changes, minutes and the agenda.
    const ifMatch = Object.entries(doc.body.paths as Record<string, Record<string, { parameters?: object[] }>>)
      .flatMap(([path, item]) =>
        Object.entries(item).flatMap(([method, operation]) =>
          (operation.parameters ?? [])
            .filter((parameter) => (parameter as { name: string }).name === 'If-Match')
            .map((parameter) => `${method} ${path} ${(parameter as { required?: boolean }).required === true}`),
        ),
      )
      .filter((line) => !line.startsWith('patch '));
    expect(ifMatch.sort()).toEqual([
      'delete /api/v1/meetings/{id}/agenda-items/{itemId} false',
      'post /api/v1/meetings/{id}/agenda-items false',
      'post /api/v1/meetings/{id}/agenda/circulate false',
      'post /api/v1/meetings/{id}/cancel false',
      'post /api/v1/notices/{id}/acknowledgements false',
      'post /api/v1/notices/{id}/archive false',
      'post /api/v1/notices/{id}/reject false',
      'post /api/v1/notices/{id}/share false',
      'post /api/v1/notices/{id}/submit false',
      'post /api/v1/proposals/{id}/close false',
      'post /api/v1/proposals/{id}/open false',
      'post /api/v1/proposals/{id}/withdraw false',
      'put /api/v1/meetings/{id}/agenda-order false',
      'put /api/v1/meetings/{id}/minutes false',
    ]);
    expect(Object.keys(doc.body.paths['/api/v1/meetings/{id}/minutes'].put.responses)).toContain('412');
    // Every answer names X-Request-Id; a 429 its Retry-After, a 401 its scheme, a replayable answer its replay.
    const answers = Object.values(doc.body.paths as Record<string, Record<string, { responses: object }>>).flatMap(
      (item) => Object.values(item).flatMap((operation) => Object.entries(operation.responses)),
    ) as [string, { headers?: Record<string, unknown> }][];
    expect(answers.filter(([, answer]) => !answer.headers?.['X-Request-Id'])).toEqual([]);
    expect(answers.filter(([status, answer]) => status === '429' && !answer.headers?.['Retry-After'])).toEqual([]);
    expect(answers.filter(([status, answer]) => status === '401' && !answer.headers?.['WWW-Authenticate'])).toEqual([]);
    expect(doc.body.paths['/api/v1/notices'].post.responses['201'].headers['Idempotent-Replayed']).toBeDefined();
    expect(doc.body.paths['/api/v1/notices'].post.responses['5XX'].headers['Retry-After']).toBeDefined();
    // A conditional GET may answer 304 where the version covers the whole answer; never for proposals and meetings.
    const notModified = (path: string) =>
      Object.keys(doc.body.paths[path].get.responses).includes('304') &&
      doc.body.paths[path].get.parameters.some((parameter: { name: string }) => parameter.name === 'If-None-Match');
    expect(['/api/v1/notices/{id}', '/api/v1/users/{id}', '/api/v1/members/{code}'].map(notModified)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['/api/v1/proposals/{id}', '/api/v1/meetings/{id}', '/api/v1/notices'].map(notModified)).toEqual([
      false,
      false,
      false,
    ]);
    expect(doc.body.paths['/api/v1/notices/{id}'].get.responses['200'].headers.ETag).toBeDefined();
    expect(list.responses['200'].headers.ETag).toBeUndefined();
    expect(Object.keys(doc.body.paths['/api/v1/notices/{id}/share'].post.responses)).toEqual(
      expect.arrayContaining(['404', '409', '412', '422', '429']),
    );
    // Conflicts (409) on every write, a reused Idempotency-Key (422) on every signed-in POST and PUT, Accept (406) where an
    // answer comes in several media types, and 400 wherever unknown query parameters are refused.
    for (const [path, item] of Object.entries(doc.body.paths as Record<string, Record<string, Operation>>)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, operation] of Object.entries(item)) {
        const statuses = Object.keys(operation.responses);
        expect([path, method, statuses.includes('400')]).toEqual([path, method, true]);
        expect([path, method, statuses.includes('409')]).toEqual([path, method, method !== 'get']);
        const signedIn = (operation as { security?: unknown }).security !== undefined;
        expect([path, method, statuses.includes('422')]).toEqual([
          path,
          method,
          ['post', 'put'].includes(method) && signedIn,
        ]);
      }
    }
    expect(doc.body.paths['/api/v1/reports/notices'].get.responses['406']).toBeDefined();
    // Request bodies are closed, as the server refuses unknown properties, nested ones included.
    const schemas = doc.body.components.schemas;
    expect([schemas.CreateNoticeDto.additionalProperties, schemas.AudienceDto.additionalProperties]).toEqual([
      false,
      false,
    ]);
    // Whole numbers are documented as integers.
    expect(list.parameters.find((p: { name: string }) => p.name === 'limit').schema.type).toBe('integer');
    expect(schemas.MemberView.properties.version.type).toBe('integer');
    const ui = await test.http.get('/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('sends the security headers on every answer: records, errors, probes and pages', async () => {
    const answers = [
      await test.http.get('/api/v1/members/FR').set(bearer(admin)).expect(200),
      await test.http.get('/api/v1/members/FR').expect(401),
      await test.http.get('/api/v1/no-such-thing').set(bearer(admin)).expect(404),
      await test.http.get('/health').expect(200),
      await test.http.get('/docs/').expect(200),
    ];
    for (const answer of answers) {
      expect(answer.headers).toEqual(
        expect.objectContaining({
          'content-security-policy': expect.stringContaining("default-src 'self'"),
          'strict-transport-security': 'max-age=31536000; includeSubDomains',
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-resource-policy': 'same-origin',
        }),
      );
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('echoes a given X-Request-Id and makes one otherwise', async () => {
    const given = await test.http.get('/health').set('X-Request-Id', 'trace-42').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-42');
    const made = await test.http.get('/health').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each(['/api/v1/no-such-thing', '/no-such-thing', '/api', '/api/v2/users', '/docs/no-such-page', '/health/x'])(
    'renders the unknown route %s as problem+json 404',
    async (path) => {
      const response = await test.http.get(path).set(bearer(admin)).expect(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expectProblem(response.body, 404);
    },
  );

  it('names the Bearer scheme on every 401', async () => {
    const anonymous = await test.http.get('/api/v1/members/FR').expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="rrm"');
    expectProblem(anonymous.body, 401);
    const badToken = await test.http.get('/api/v1/members/FR').set('Authorization', 'Bearer nonsense').expect(401);
    expect(badToken.headers['www-authenticate']).toBe('Bearer realm="rrm"');
  });

  it.each([
    ['text/plain', '{"name":"Francia"}'],
    ['application/x-www-form-urlencoded', 'name=Francia'],
    ['application/xml', '<member><name>Francia</name></member>'],
  ])('refuses a %s body with a 415 and changes nothing', async (type, body) => {
    const before = await test.http.get('/api/v1/members/FR').set(bearer(admin)).expect(200);
    const response = await test.http
      .patch('/api/v1/members/FR')
      .set(bearer(admin))
      .set('If-Match', before.headers.etag)
      .set('Content-Type', type)
      .send(body)
      .expect(415);
    expectProblem(response.body, 415);
    const after = await test.http.get('/api/v1/members/FR').set(bearer(admin)).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('takes JSON bodies whatever their parameters, and bodiless calls without a Content-Type', async () => {
    const signIn = await test.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ email: admin.email, password: PASSWORD }));
    expect(signIn.status).toBe(200);
    expect(signIn.body.accessToken).toEqual(expect.any(String));
    await test.http.post('/api/v1/auth/mfa/setup').set(bearer(admin)).expect(200);
  });

  it('refuses malformed JSON with a 400 and stores nothing', async () => {
    const response = await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .set('Content-Type', 'application/json')
      .send('{"code": "XX", "name": ')
      .expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expectProblem(response.body, 400);
    // The parser's own words (tokens, positions) are not the client's concern.
    expect(response.body.detail).toBe('The request body is not a valid JSON object.');
    // Well-formed JSON that is not an object is refused on `body`, as an array is, on calls with a body or without.
    for (const [path, body] of [
      ['/api/v1/members', 'null'],
      ['/api/v1/members', '"a string"'],
      ['/api/v1/members', '42'],
      ['/api/v1/auth/logout-all', 'true'],
    ]) {
      const scalar = await test.http
        .post(path)
        .set(bearer(admin))
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expectProblem(scalar.body, 400);
      expect(scalar.body.errors).toEqual([{ field: 'body', message: 'the body must be a JSON object' }]);
    }
    await test.http.get('/api/v1/members/XX').set(bearer(admin)).expect(404);
  });

  it('refuses an array where a body is taken, naming the body, and creates nothing', async () => {
    const response = await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .send([{ code: 'XX', name: 'Nowhere', kind: 'observer' }])
      .expect(400);
    expectProblem(response.body, 400);
    expect(response.body.errors).toEqual([{ field: 'body', message: 'the body must be a JSON object' }]);
    await test.http.get('/api/v1/members/XX').set(bearer(admin)).expect(404);
  });

  it('refuses unknown fields with a 400 naming them, and stores nothing', async () => {
    const response = await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .send({ code: 'XY', name: 'Somewhere', kind: 'observer', secretField: 1 })
      .expect(400);
    expectProblem(response.body, 400);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'secretField' })]));
    await test.http.get('/api/v1/members/XY').set(bearer(admin)).expect(404);
  });

  it.each([
    '{"code":"PL","name":"Poland","kind":"observer","__proto__":{"admin":true}}',
    '{"code":"PL","name":"Poland","kind":"observer","constructor":{"prototype":{"polluted":1}}}',
  ])('refuses prototype keys such as %s and stores nothing', async (body) => {
    const response = await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400);
    expectProblem(response.body, 400);
    await test.http.get('/api/v1/members/PL').set(bearer(admin)).expect(404);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses bodies over 1 MB with a 413 and stores nothing', async () => {
    const response = await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .send({ code: 'ZZ', name: 'x'.repeat(1_100_000), kind: 'observer' })
      .expect(413);
    expectProblem(response.body, 413);
    await test.http.get('/api/v1/members/ZZ').set(bearer(admin)).expect(404);
  });

  it('lists the reference members and observers', async () => {
    const response = await test.http.get('/api/v1/members?limit=100').set(bearer(admin)).expect(200);
    const codes = response.body.data.map((member: { code: string }) => member.code);
    expect(codes.sort()).toEqual(['AU', 'CA', 'DE', 'EU', 'FR', 'GB', 'IT', 'JP', 'NATO', 'NL', 'NZ', 'SE', 'US']);
    expect(response.body.nextCursor).toBeNull();
    const eu = await test.http.get('/api/v1/members/EU').set(bearer(admin)).expect(200);
    expect(eu.body).toEqual(
      expect.objectContaining({ code: 'EU', name: 'European Union', kind: 'member', active: true }),
    );
    expect(eu.headers.etag).toBe(`"${eu.body.version}"`);
    const nato = await test.http.get('/api/v1/members/NATO').set(bearer(admin)).expect(200);
    expect(nato.body.kind).toBe('observer');
  });

  it('pages with a cursor, each member once', async () => {
    const seen = (await walkPages<{ code: string }>(test, admin, '/api/v1/members', { limit: 5 })).map(
      (member) => member.code,
    );
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
  });

  it.each(['0', '101', 'ten'])('refuses limit=%s with a 400', async (limit) => {
    const response = await test.http.get(`/api/v1/members?limit=${limit}`).set(bearer(admin)).expect(400);
    expectProblem(response.body, 400);
  });

  it('refuses a cursor it did not issue', async () => {
    await test.http.get('/api/v1/members?cursor=not-a-cursor').set(bearer(admin)).expect(400);
  });
});
