import { Matches, ValidateIf } from 'class-validator';

/**
 * Like @IsOptional(), but only an absent property is skipped: an explicit `null` is validated (and refused).
 * In a PATCH, absent means "unchanged".
 */
export const Present = () => ValidateIf((_, value) => value !== undefined);

/** Absent means "unchanged" and null means "none": both skip validation. For fields that may be cleared. */
export const PresentUnlessNull = () => ValidateIf((_, value) => value !== undefined && value !== null);

/** White space and invisible formatting characters only (zero-width spaces and joiners, direction marks). */
const INVISIBLE_ONLY = /^[\s\p{Cf}]*$/u;

/**
 * Text trimmed of white space; text made only of invisible characters is blank (""), as it looks. Invisible
 * characters within or around visible text are left alone: they can belong to it (a flag's tag sequence, a joiner
 * in an Indic script, a direction mark).
 */
export const trimText = (text: string) => (INVISIBLE_ONLY.test(text) ? '' : text.trim());

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
/** Text on one line: no line breaks nor control characters (NUL included, which PostgreSQL's text refuses). */
export const ONE_LINE = /^[^\p{Cc}\p{Zl}\p{Zp}]*$/u;

export const IsOneLine = () =>
  Matches(ONE_LINE, {
    message: '$property must be one line, without line breaks or control characters',
  });
