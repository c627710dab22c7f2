import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** ISO 8601 instant with an offset (Z or ±hh:mm), as the API takes instants everywhere. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A filter's instant: ISO 8601 with an offset, on a day that exists; the message names the parameter. */
export const IsInstant = () =>
  applyDecorators(
    Matches(INSTANT, { message: ({ property }) => `${property} must be an ISO 8601 instant with an offset` }),
    IsISO8601({ strict: true }),
  );
