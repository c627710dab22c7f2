import { SetMetadata } from '@nestjs/common';

export const SKIP_IDEMPOTENCY = 'rrm:skip-idempotency';

/**
 * For POSTs whose answer holds a secret shown once (tokens, new API keys): such answers are never stored,
 * so a retry under the same key acts again instead of replaying.
 */
export const SkipIdempotency = () => SetMetadata(SKIP_IDEMPOTENCY, true);
