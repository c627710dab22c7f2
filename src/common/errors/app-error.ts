import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface FieldError {
  field: string;
  message: string;
}

/** An error the application means to report to the client; rendered as problem+json by ProblemFilter. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.status = ERROR_CODES[code].status;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
export const forbidden = (detail = 'You are not allowed to do this.') => new AppError('forbidden', detail);
export const invalidState = (detail: string) => new AppError('invalid_state', detail);
/** A JSON body that is not an object: it has no fields to read. */
export const NOT_AN_OBJECT: FieldError = { field: 'body', message: 'the body must be a JSON object' };

/** A 400 naming each field and what is wrong with it; the detail lists them all. */
export const invalidFields = (errors: FieldError[]) =>
  new AppError(
    'validation_failed',
    errors.map((error) => `${error.field}: ${error.message}`).join('; ') || 'The request is not valid.',
    { errors },
  );
export const validationFailed = (field: string, message: string) => invalidFields([{ field, message }]);
