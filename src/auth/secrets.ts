import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret with a readable prefix (rrm_key_…, rrm_rt_…). */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** High-entropy secrets are stored as their SHA-256; a slow hash is only needed for passwords. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export const API_KEY_PREFIX = 'rrm_key_';
export const REFRESH_TOKEN_PREFIX = 'rrm_rt_';
export const PASSWORD_TOKEN_PREFIX = 'rrm_pw_';
