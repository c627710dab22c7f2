import { SetMetadata } from '@nestjs/common';

export const SEALED_ANSWER = 'rrm:sealed-answer';

/**
 * For POSTs whose request or answer holds a secret (a password, a token, a new API key, a TOTP secret): they are
 * idempotent like every POST (whose requests are all fingerprinted with a keyed hash), and the answer is kept
 * encrypted under a key drawn from the server's secret and the request itself (`AnswerSeal`), so the idempotency
 * table holds nothing a reader of the database could use.
 */
export const SealedAnswer = () => SetMetadata(SEALED_ANSWER, true);
