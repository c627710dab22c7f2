import { startTestApp, type TestApp } from '../utils/app.js';

describe('CORS', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ CORS_ORIGINS: 'https://portal.rrm.example' });
  });
  afterAll(() => test.close());

  it('allows only the configured origins', async () => {
    const allowed = await test.http.get('/health').set('Origin', 'https://portal.rrm.example').expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.rrm.example');
    const other = await test.http.get('/health').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets a browser on an allowed origin read the headers answers carry', async () => {
    const response = await test.http.get('/health').set('Origin', 'https://portal.rrm.example').expect(200);
    expect(response.headers['access-control-expose-headers']?.split(',')).toEqual([
      'ETag',
      'X-Request-Id',
      'Retry-After',
      'Idempotent-Replayed',
      'Location',
    ]);
  });

  it('never allows the null origin', async () => {
    const response = await test.http
      .options('/api/v1/members')
      .set('Origin', 'null')
      .set('Access-Control-Request-Method', 'GET');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows no origin at all by default', async () => {
    const closed = await startTestApp();
    try {
      const response = await closed.http.get('/health').set('Origin', 'https://portal.rrm.example');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});
