import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('lets the limit through, then asks to wait until the oldest call leaves the window', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, () => now);
    expect(limiter.take('a')).toBe(0);
    now += 15_000;
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    expect(limiter.take('a')).toBe(45);
    expect(limiter.take('b')).toBe(0);
    now += 45_001;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(15);
  });

  it('does not reset at a minute boundary', () => {
    let now = 59_900;
    const limiter = new RateLimiter(2, () => now);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    now = 60_100;
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('a')).toBe(0);
  });
});
