import { COMMON_PASSWORD_SET } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 256;

/** How the OpenAPI document describes a password being chosen (the policy below decides). */
export const NEW_PASSWORD = {
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, no composition rules; common passwords are refused.`,
};

/**
 * NIST SP 800-63B style: length only, no composition rules, no truncation, and no password from the
 * common-password list. Returns the reason a password is refused, or null.
 */
export function passwordProblem(password: string, email?: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const normalised = password.toLowerCase();
  if (COMMON_PASSWORD_SET.has(normalised)) return 'is too common; choose another';
  if (email && normalised.includes(email.toLowerCase().split('@')[0]) && email.split('@')[0].length >= 8) {
    return 'must not contain your email address';
  }
  return null;
}
