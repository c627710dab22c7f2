import { listRoutes } from '../utils/routes.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** A readable list of every route and the permission it needs: a change to it shows up in review. */
describe('route permissions', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(() => test.close());

  it('declares an access rule on every route', () => {
    const routes = listRoutes(test.app);
    expect(routes.filter((route) => route.access.startsWith('NONE'))).toEqual([]);
    expect(
      routes.map((route) => `${route.method.padEnd(6)} ${route.path}  →  ${route.access}`).join('\n'),
    ).toMatchSnapshot();
  });
});
