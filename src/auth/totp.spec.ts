import { base32Decode, base32Encode, matchTotp, newTotpSecret, totpAt } from './totp.js';

// RFC 6238 appendix B, SHA-1 key "12345678901234567890", truncated to 6 digits.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC 6238 vector at T=%i', (seconds, code) => {
    expect(totpAt(RFC_SECRET, Math.floor(seconds / 30))).toBe(code);
  });

  it('round-trips base32', () => {
    const secret = newTotpSecret();
    expect(base32Encode(base32Decode(secret))).toBe(secret);
  });

  it('accepts the current code once and refuses its replay', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    const code = totpAt(RFC_SECRET, step);
    expect(matchTotp(RFC_SECRET, code, null, now)).toBe(step);
    expect(matchTotp(RFC_SECRET, code, step, now)).toBeNull();
  });

  it('tolerates one step of drift but not more', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step - 1), null, now)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step - 3), null, now)).toBeNull();
    expect(matchTotp(RFC_SECRET, 'abcdef', null, now)).toBeNull();
  });
});
