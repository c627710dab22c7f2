import { Matches, ValidateIf } from 'class-validator';

/**
 * Like @IsOptional(), but only an absent property is skipped: an explicit `null` is validated (and refused).
 * In a PATCH, absent means "unchanged".
 */
export const Present = () => ValidateIf((_, value) => value !== undefined);

/** Absent means "unchanged" and null means "none": both skip validation. For fields that may be cleared. */
export const PresentUnlessNull = () => ValidateIf((_, value) => value !== undefined && value !== null);

/** class-transformer step trimming a string (anything else is left for the validators to refuse). */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A member or observer code as the API writes it: upper-case, 2 to 8 letters (`CA`, `NATO`). DTOs write this
 * regex literally in `@Matches`, so that the OpenAPI document states it as the field's pattern (the Swagger
 * plugin reads literals only).
 */
export const MEMBER_CODE = /^[A-Z]{2,8}$/;

/**
 * A title or name: one line, without line breaks or other control characters, as subjects, calendar entries and
 * lists show it (free text fields such as a body or a rationale keep their lines).
 */
export const IsOneLine = () =>
  Matches(/^\P{Cc}*$/u, { message: '$property must be one line, without line breaks or control characters' });
