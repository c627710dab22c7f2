import { NoticeJsonCache } from './notice-json-cache.js';

const state = (index: number, version = 1) => ({
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  version,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('NoticeJsonCache', () => {
  it('answers only for the exact state it was given: a new version or update time is a miss', () => {
    const cache = new NoticeJsonCache();
    cache.set(state(1), '{"v":1}');
    expect(cache.get(state(1))).toBe('{"v":1}');
    expect(cache.get(state(1, 2))).toBeUndefined();
    expect(cache.get({ ...state(1), updatedAt: '2026-01-01T00:00:00.001Z' })).toBeUndefined();
  });

  it('keeps at most 5,000 entries, dropping the oldest first', () => {
    const cache = new NoticeJsonCache();
    for (let index = 0; index <= 5_000; index++) cache.set(state(index), `{"n":${index}}`);
    expect(cache.get(state(0))).toBeUndefined();
    expect(cache.get(state(1))).toBe('{"n":1}');
    expect(cache.get(state(5_000))).toBe('{"n":5000}');
  });
});
