import { bearer } from '../factories/users.js';
import type { TestApp } from './app.js';

/**
 * Every item of a list, walked page by page with `nextCursor` (each page answered 200), in the order the pages
 * give them.
 */
export async function walkPages<T>(
  test: TestApp,
  user: { token: string },
  path: string,
  query: Record<string, string | number> = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { data: T[]; nextCursor: string | null } } = await test.http
      .get(path)
      .query({ ...query, ...(cursor ? { cursor } : {}) })
      .set(bearer(user))
      .expect(200);
    items.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}
