import { ValidateIf } from 'class-validator';

/**
 * Like @IsOptional(), but only an absent property is skipped: an explicit `null` is validated (and refused)
 * unless the field really means "none".
 */
export const IsOptionalNotNull = () => ValidateIf((_, value) => value !== undefined);
