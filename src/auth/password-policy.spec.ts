import { passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it('accepts a long passphrase without any composition rule', () => {
    expect(passwordProblem('plain lower case words only')).toBeNull();
  });

  it('refuses passwords under 15 characters', () => {
    expect(passwordProblem('fourteen chars')).toMatch(/at least 15/);
  });

  it('accepts 128 characters and does not truncate: a different last character is a different password', () => {
    const long = 'a quiet river '.repeat(9) + 'xx';
    expect(long.length).toBeGreaterThanOrEqual(128);
    expect(passwordProblem(long)).toBeNull();
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('ééééééé ààààààà')).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    expect(passwordProblem('PasswordPassword')).toMatch(/common/);
    expect(passwordProblem('123456789012345')).toMatch(/common/);
  });

  it('sets no rule on which characters are used: only length and the common-password list decide', () => {
    expect(passwordProblem('a'.repeat(128))).toBeNull();
    expect(passwordProblem(`${'a'.repeat(199)}b`)).toBeNull();
    expect(passwordProblem('xy'.repeat(100))).toBeNull();
  });
});
