import { domainToASCII } from 'node:url';
import { isCountryCode } from '../common/country-codes.js';
import { invalidFields, type FieldError } from '../common/errors/app-error.js';
import { MEMBER_CODE, trimText } from '../common/validation.js';
import type { AudienceScope, Indicator, IndicatorKind, TlpMarking } from './notice.entity.js';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;
export const MAX_INDICATORS = 200;
export const MAX_TARGETED_COUNTRIES = 50;
export const MAX_AUDIENCE_CODES = 50;

// Control characters (C0, DEL, C1) and line or paragraph separators have no place in a tag or an indicator.
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/**
 * One tag as stored and compared: composed (NFC, so "é" typed either way is one tag), trimmed, inner spaces
 * collapsed, lower-case.
 */
export const normalizeTag = (raw: string) => trimText(raw.normalize('NFC')).replace(/\s+/g, ' ').toLowerCase();

/** Tags are free text, normalised by `normalizeTag`, without duplicates; order kept. */
export function normalizeTags(tags: string[]): string[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  tags.forEach((raw, index) => {
    const tag = normalizeTag(raw);
    // Checked before spaces are collapsed: a tab or line break is refused, not turned into a space.
    if (CONTROL.test(raw)) errors.push({ field: `tags.${index}`, message: 'must not hold control characters' });
    else if (tag === '') errors.push({ field: `tags.${index}`, message: 'must not be blank' });
    else if (tag.length > MAX_TAG_LENGTH) {
      errors.push({ field: `tags.${index}`, message: `must be at most ${MAX_TAG_LENGTH} characters` });
    } else seen.add(tag);
  });
  if (errors.length) throw invalidFields(errors);
  if (seen.size > MAX_TAGS) throw invalidFields([{ field: 'tags', message: `must hold at most ${MAX_TAGS} tags` }]);
  return [...seen];
}

const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const EMAIL = /^[^\s@"<>(),;:\\[\]]{1,64}@([^\s@]+)$/;
const HASHTAG = /^#?([\p{L}\p{M}\p{N}_]{1,139})$/u;

/** A host name in ASCII (IDNs become punycode), lower-case; null when it is not one. */
export function normalizeDomain(value: string): string | null {
  const ascii = domainToASCII(value.trim().replace(/\.$/, '').toLowerCase());
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  return TLD.test(labels[labels.length - 1]) ? ascii : null;
}

type Check = (value: string) => string | { problem: string };

/** Per kind: the normalised value, or what is wrong with it. */
const INDICATOR_CHECKS: Record<IndicatorKind, Check> = {
  url(value) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return { problem: 'must be an absolute http(s) URL' };
    }
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) {
      return { problem: 'must be an absolute http(s) URL' };
    }
    return value;
  },
  domain(value) {
    return normalizeDomain(value) ?? { problem: 'must be a domain name such as example.org' };
  },
  email(value) {
    const match = EMAIL.exec(value);
    const domain = match ? normalizeDomain(match[1]) : null;
    if (!match || !domain) return { problem: 'must be an email address' };
    return `${value.slice(0, value.lastIndexOf('@'))}@${domain}`;
  },
  hashtag(value) {
    const match = HASHTAG.exec(value);
    return match ? `#${match[1]}` : { problem: 'must be a hashtag: letters, digits or _ after an optional #' };
  },
  account(value) {
    return /\s/.test(value) ? { problem: 'must not contain spaces (e.g. @handle or platform:handle)' } : value;
  },
  other(value) {
    return value;
  },
};

/** Validates each indicator by its kind and normalises it; identical indicators are kept once. */
export function normalizeIndicators(indicators: Indicator[]): Indicator[] {
  if (indicators.length > MAX_INDICATORS) {
    throw invalidFields([{ field: 'indicators', message: `must hold at most ${MAX_INDICATORS} indicators` }]);
  }
  const errors: FieldError[] = [];
  const result = new Map<string, Indicator>();
  indicators.forEach(({ kind, value: raw }, index) => {
    const value = trimText(raw);
    if (value === '' || CONTROL.test(value)) {
      errors.push({ field: `indicators.${index}.value`, message: 'must be non-blank text without control characters' });
      return;
    }
    const checked = INDICATOR_CHECKS[kind](value);
    if (typeof checked !== 'string') errors.push({ field: `indicators.${index}.value`, message: checked.problem });
    else result.set(`${kind}\n${checked}`, { kind, value: checked });
  });
  if (errors.length) throw invalidFields(errors);
  return [...result.values()];
}

/**
 * Targeted countries: ISO 3166-1 alpha-2 codes of countries (`isCountryCode`) or member codes (EU, NATO…).
 * Returns the codes, deduplicated, and those that are no country's, to be checked against the members.
 */
export function normalizeTargetedCountries(codes: string[]): { codes: string[]; memberCodesToCheck: string[] } {
  const unique = [...new Set(codes)];
  if (unique.length > MAX_TARGETED_COUNTRIES) {
    throw invalidFields([{ field: 'targetedCountries', message: `must hold at most ${MAX_TARGETED_COUNTRIES} codes` }]);
  }
  const errors: FieldError[] = [];
  codes.forEach((code, index) => {
    if (!MEMBER_CODE.test(code)) {
      errors.push({ field: `targetedCountries.${index}`, message: 'must be an ISO 3166-1 alpha-2 or a member code' });
    }
  });
  if (errors.length) throw invalidFields(errors);
  return { codes: unique, memberCodesToCheck: unique.filter((code) => !isCountryCode(code)) };
}

export interface AudienceInput {
  scope: AudienceScope;
  memberCodes?: string[];
}

/** `selected` names one or more codes; `all` and `members` name none. Returns the codes, deduplicated. */
export function normalizeAudience(audience: AudienceInput): { scope: AudienceScope; memberCodes: string[] } {
  const memberCodes = [...new Set(audience.memberCodes ?? [])];
  if (audience.scope === 'selected' && memberCodes.length === 0) {
    throw invalidFields([
      { field: 'audience.memberCodes', message: 'must name at least one member for a selected audience' },
    ]);
  }
  if (audience.scope !== 'selected' && memberCodes.length > 0) {
    throw invalidFields([
      { field: 'audience.memberCodes', message: `must be empty when the scope is ${audience.scope}` },
    ]);
  }
  return { scope: audience.scope, memberCodes };
}

/** TLP:RED goes to named recipients only. */
export function checkMarking(tlp: TlpMarking, scope: AudienceScope): void {
  if (tlp === 'RED' && scope !== 'selected') {
    throw invalidFields([{ field: 'audience.scope', message: 'must be selected for a TLP:RED notice' }]);
  }
}
