import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('gives working defaults for a development start', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.mfaRequired).toBe(false);
    expect(config.rateLimitPerMinute).toBe(600);
    expect(config.loginRateLimitPerMinute).toBe(20);
    expect(config.jwtSecretGenerated).toBe(true);
    expect(config.appBaseUrl).toBe('http://localhost:3000');
  });

  it('requires MFA and an explicit JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(config.mfaRequired).toBe(true);
  });

  it.each([
    ['JWT_SECRET', 'change-me-to-a-long-random-secret-of-64-characters-or-more'],
    ['ADMIN_PASSWORD', 'choose-a-long-passphrase-here'],
  ])('refuses the .env.example placeholder %s in production, not in development', (name, value) => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), [name]: value };
    expect(() => loadConfig(production)).toThrow(new RegExp(`${name} is the example from .env.example`));
    expect(() => loadConfig({ [name]: value })).not.toThrow();
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['JWT_SECRET', 'short'],
    ['APP_BASE_URL', 'ftp://example.org'],
    ['ADMIN_EMAIL', 'nobody'],
    ['ADMIN_PASSWORD', 'too-short'],
    ['ADMIN_PASSWORD', 'passwordpassword'],
    ['SMTP_URL', 'http://mail'],
    ['SMTP_URL', 'smtp://'],
    ['APP_BASE_URL', 'https://'],
    ['MFA_REQUIRED', 'yes'],
    ['PROPOSAL_WORKER_ENABLED', '1'],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['LOGIN_RATE_LIMIT_PER_MINUTE', '0'],
    ['CORS_ORIGINS', 'null'],
    ['NODE_ENV', 'staging'],
    ['EMBEDDED_PG_PORT', 'abc'],
    ['EMBEDDED_PG_PORT', '70000'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(name);
  });

  it('takes a first admin password that meets the password policy', () => {
    expect(loadConfig({ ADMIN_PASSWORD: 'a long and quiet river at dawn' }).adminPassword).toBe(
      'a long and quiet river at dawn',
    );
    expect(() => loadConfig({ ADMIN_PASSWORD: 'PasswordPassword' })).toThrow(/ADMIN_PASSWORD.*too common/);
  });

  it('keeps the first admin password exactly as given, spaces included, as the API keeps every password', () => {
    expect(loadConfig({ ADMIN_PASSWORD: '  spaced admin passphrase 9  ' }).adminPassword).toBe(
      '  spaced admin passphrase 9  ',
    );
    expect(loadConfig({ ADMIN_PASSWORD: '   ' }).adminPassword).toBeNull();
  });

  it('parses CORS origins and turns rate limiting off with 0', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', RATE_LIMIT_PER_MINUTE: '0' });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.rateLimitPerMinute).toBe(0);
  });
});
