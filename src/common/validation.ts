import { Matches, ValidateIf } from 'class-validator';

/**
 * Like @IsOptional(), but only an absent property is skipped: an explicit `null` is validated (and refused).
 * In a PATCH, absent means "unchanged".
 */
export const Present = () => ValidateIf((_, value) => value !== undefined);

/** Absent means "unchanged" and null means "none": both skip validation. For fields that may be cleared. */
export const PresentUnlessNull = () => ValidateIf((_, value) => value !== undefined && value !== null);

/**
 * Text without what cannot be seen at either end: white space and invisible formatting characters (zero-width
 * spaces and joiners, direction marks), so that text made only of them is blank, as it looks.
 */
export const trimText = (text: string) => text.replace(/^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu, '');

/** class-transformer step trimming a string (`trimText`; anything else is left for the validators to refuse). */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? trimText(value) : value);

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
  Matches(/^[^\p{Cc}\p{Zl}\p{Zp}]*$/u, {
    message: '$property must be one line, without line breaks or control characters',
  });
