import { VerifiedTokens } from './verified-tokens.js';

const claims = (n: number, exp = 2_000) => ({ sub: `user-${n}`, sid: `session-${n}`, exp });

describe('VerifiedTokens', () => {
  it('recalls a verified token by its exact text until the second it expires', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims(1));
    expect(tokens.recall('a.b.c', 1_999_999)).toEqual(claims(1));
    expect(tokens.recall('a.b.C', 1_999_999)).toBeNull();
    expect(tokens.recall('a.b.c', 2_000_000)).toBeNull();
    // Once found expired it is forgotten, even if the clock were to go back.
    expect(tokens.recall('a.b.c', 1_000_000)).toBeNull();
  });

  it('keeps only what it was told, not the whole of the claims', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t', { ...claims(1), role: 'admin' } as never);
    expect(tokens.recall('t', 0)).toEqual(claims(1));
  });

  it('forgets the oldest token once full', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('first', claims(1));
    tokens.remember('second', claims(2));
    tokens.remember('third', claims(3));
    expect(tokens.recall('first', 0)).toBeNull();
    expect(tokens.recall('second', 0)).toEqual(claims(2));
    expect(tokens.recall('third', 0)).toEqual(claims(3));
  });
});
