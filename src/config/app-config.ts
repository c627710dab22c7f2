import { randomBytes } from 'node:crypto';
import { passwordProblem } from '../auth/password-policy.js';

/** Typed, validated configuration. Built once at boot from the environment. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  databaseUrl: string | null;
  dataDir: string;
  /** Port of the embedded PostgreSQL, started when DATABASE_URL is unset. */
  embeddedPgPort: number;
  jwtSecret: string;
  jwtSecretGenerated: boolean;
  appBaseUrl: string;
  adminEmail: string | null;
  adminPassword: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  mfaRequired: boolean;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  corsOrigins: string[];
  logLevel: string;
  mailWorkerEnabled: boolean;
  databasePoolSize: number;
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  /** Whether this process closes proposals at their deadline and sends their reminders. */
  proposalWorkerEnabled: boolean;
  /** True when main.ts started the embedded PostgreSQL because DATABASE_URL was unset. */
  embeddedDatabase: boolean;
}

/** The placeholders .env.example shows: a production server copied from it unchanged must not start. */
const EXAMPLE_VALUES = new Set([
  'change-me-to-a-long-random-secret-of-64-characters-or-more',
  'choose-a-long-passphrase-here',
]);

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/** A passphrase as given: its spaces are part of it, as in every password the API takes. */
function passphrase(env: Env, name: string): string | null {
  const value = env[name];
  return value && value.trim() ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return Number(raw);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(name, 'must be true or false');
}

function url(env: Env, name: string, protocols: string[], needsHost = true): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use one of ${protocols.join(', ')}`);
  }
  if (needsHost && parsed.hostname === '') throw new ConfigError(name, 'must name a host');
  return raw;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const envName = text(env, 'NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(envName)) {
    throw new ConfigError('NODE_ENV', 'must be development, production or test');
  }
  const production = envName === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);

  let jwtSecret = text(env, 'JWT_SECRET');
  let jwtSecretGenerated = false;
  if (jwtSecret !== null && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  }
  if (production && jwtSecret !== null && EXAMPLE_VALUES.has(jwtSecret)) {
    throw new ConfigError('JWT_SECRET', 'is the example from .env.example: choose a secret of your own in production');
  }
  if (jwtSecret === null) {
    if (production) throw new ConfigError('JWT_SECRET', 'is required in production');
    jwtSecret = randomBytes(48).toString('base64url');
    jwtSecretGenerated = true;
  }

  const adminEmail = text(env, 'ADMIN_EMAIL');
  if (adminEmail !== null && !EMAIL.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'must be an email address');
  }
  const adminPassword = passphrase(env, 'ADMIN_PASSWORD');
  // The first admin's password meets the policy every other password meets (length, not a common password).
  const adminPasswordProblem = adminPassword === null ? null : passwordProblem(adminPassword, adminEmail ?? undefined);
  if (adminPasswordProblem !== null) throw new ConfigError('ADMIN_PASSWORD', adminPasswordProblem);
  if (production && adminPassword !== null && EXAMPLE_VALUES.has(adminPassword)) {
    throw new ConfigError('ADMIN_PASSWORD', 'is the example from .env.example: choose a passphrase of your own');
  }

  const mailFrom = text(env, 'MAIL_FROM') ?? 'RRM Secretariat <no-reply@rrm.example.org>';
  if (!/[^\s@<]+@[^\s@>]+/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', 'must contain an email address');
  }

  const corsOrigins = (text(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin === 'null' || !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError('CORS_ORIGINS', 'must be a comma-separated list of http(s) origins');
    }
  }

  const logLevel = text(env, 'LOG_LEVEL') ?? (envName === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', 'must be one of fatal, error, warn, info, debug, trace, silent');
  }

  return {
    env: envName as AppConfig['env'],
    port,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], false),
    dataDir: text(env, 'DATA_DIR') ?? '.data',
    embeddedPgPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    jwtSecret,
    jwtSecretGenerated,
    appBaseUrl: (url(env, 'APP_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/$/, ''),
    adminEmail,
    adminPassword,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    mfaRequired: boolean(env, 'MFA_REQUIRED', production),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000),
    corsOrigins,
    logLevel,
    mailWorkerEnabled: boolean(env, 'MAIL_WORKER_ENABLED', true),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    httpHeadersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 15_000, 1_000, 600_000),
    httpRequestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 3_600_000),
    proposalWorkerEnabled: boolean(env, 'PROPOSAL_WORKER_ENABLED', true),
    embeddedDatabase: false,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
