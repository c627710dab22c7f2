/**
 * Every error the API can answer with, mapped to its HTTP status and RFC 9457 title.
 * The map is typed exhaustively: a code without a row does not compile.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'malformed_request'
  | 'request_timeout'
  | 'headers_too_large'
  | 'unauthenticated'
  | 'mfa_setup_required'
  | 'forbidden'
  | 'not_found'
  | 'route_not_found'
  | 'conflict'
  | 'invalid_state'
  | 'duplicate'
  | 'precondition_failed'
  | 'precondition_required'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_acceptable'
  | 'idempotency_key_reused'
  | 'idempotency_request_in_progress'
  | 'rate_limited'
  | 'service_unavailable'
  | 'internal_error';

export const ERROR_CODES: Record<ErrorCode, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'Validation failed' },
  malformed_request: { status: 400, title: 'Malformed request' },
  request_timeout: { status: 408, title: 'Request timeout' },
  headers_too_large: { status: 431, title: 'Request header fields too large' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  mfa_setup_required: { status: 403, title: 'Multi-factor authentication must be enabled first' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  invalid_state: { status: 409, title: 'Not allowed in the current state' },
  duplicate: { status: 409, title: 'Already exists' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  precondition_required: { status: 428, title: 'Precondition required' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused with a different request' },
  idempotency_request_in_progress: { status: 409, title: 'A request with this idempotency key is in progress' },
  rate_limited: { status: 429, title: 'Too many requests' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  internal_error: { status: 500, title: 'Internal server error' },
};

export const PROBLEM_TYPE_BASE = 'https://rrm.example.org/problems/';
