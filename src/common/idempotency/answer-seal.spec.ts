import { createHash } from 'node:crypto';
import { AnswerSeal } from './answer-seal.js';

describe('AnswerSeal', () => {
  const seal = new AnswerSeal('a server secret of at least thirty-two characters');
  const answer = { accessToken: 'eyJ.secret.token', refreshToken: 'rrm_rt_secret', expiresIn: 900 };
  const context = 'user-1\nkey-1\nPOST /api/v1/auth/refresh\n{"refreshToken":"rrm_rt_old"}';

  it('opens what it sealed for the same request, and keeps no part of it readable', () => {
    const sealed = seal.seal(answer, context);
    expect(JSON.stringify(sealed)).not.toContain('secret');
    expect(seal.open(sealed, context)).toEqual(answer);
    // Two seals of the same answer differ (a fresh nonce each time).
    expect(seal.seal(answer, context).sealed).not.toBe(sealed.sealed);
  });

  it('does not open for another request, under another secret, or once altered', () => {
    const sealed = seal.seal(answer, context);
    expect(seal.open(sealed, context.replace('rrm_rt_old', 'rrm_rt_other'))).toBeUndefined();
    expect(new AnswerSeal('another server secret, also long enough').open(sealed, context)).toBeUndefined();
    const [version, iv, tag, text] = sealed.sealed.split('.');
    const flipped = `${text[0] === 'A' ? 'B' : 'A'}${text.slice(1)}`;
    expect(seal.open({ sealed: [version, iv, tag, flipped].join('.') }, context)).toBeUndefined();
    expect(seal.open({ sealed: 'v1.x' }, context)).toBeUndefined();
    expect(seal.open(answer, context)).toBeUndefined();
  });

  it('fingerprints every request with a keyed hash: a plain hash of a password is quick to guess', () => {
    const request = 'POST /api/v1/users\n{"email":"a@example.org","password":"a long and quiet river"}';
    const plain = createHash('sha256').update(request).digest('hex');
    expect(seal.fingerprint(request)).toMatch(/^[0-9a-f]{64}$/);
    expect(seal.fingerprint(request)).not.toBe(plain);
    expect(seal.fingerprint(request)).toBe(seal.fingerprint(request));
    expect(new AnswerSeal('another server secret, also long enough').fingerprint(request)).not.toBe(
      seal.fingerprint(request),
    );
  });
});
