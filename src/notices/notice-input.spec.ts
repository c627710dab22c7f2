import { AppError } from '../common/errors/app-error.js';
import {
  checkMarking,
  normalizeAudience,
  normalizeDomain,
  normalizeIndicators,
  normalizeTags,
  normalizeTargetedCountries,
} from './notice-input.js';
import type { Indicator } from './notice.entity.js';

const fieldsOf = (work: () => unknown): string[] => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return (error as AppError).extras.errors!.map((e) => e.field);
  }
  throw new Error('expected a validation error');
};

describe('tag normalisation', () => {
  it('trims, collapses spaces, lower-cases and keeps each tag once, in order', () => {
    expect(normalizeTags(['  Spamouflage ', 'Inauthentic   Amplification', 'spamouflage', 'WeChat'])).toEqual([
      'spamouflage',
      'inauthentic amplification',
      'wechat',
    ]);
  });

  it('refuses blank and over-long tags, naming each', () => {
    expect(fieldsOf(() => normalizeTags(['ok', '   ', 'x'.repeat(51)]))).toEqual(['tags.1', 'tags.2']);
  });

  it('accepts 50 characters but not 51', () => {
    expect(normalizeTags(['y'.repeat(50)])).toHaveLength(1);
  });

  it('refuses control characters, tabs and line breaks included (they are not quietly made spaces)', () => {
    expect(fieldsOf(() => normalizeTags(['bell\u0007']))).toEqual(['tags.0']);
    expect(fieldsOf(() => normalizeTags(['fine', 'line\nbreak', 'tab\there']))).toEqual(['tags.1', 'tags.2']);
    expect(normalizeTags(['  two   spaces  '])).toEqual(['two spaces']);
  });

  it('counts tags after removing duplicates: 20 distinct pass, 21 do not', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(normalizeTags([...twenty, 'T0', ' t1 '])).toHaveLength(20);
    expect(fieldsOf(() => normalizeTags([...twenty, 'one more']))).toEqual(['tags']);
  });
});

describe('indicator validation', () => {
  const check = (kind: Indicator['kind'], value: string) => normalizeIndicators([{ kind, value }])[0]?.value;

  it.each([
    ['url', 'https://example.org/path?x=1', 'https://example.org/path?x=1'],
    ['url', 'http://198.51.100.7/login', 'http://198.51.100.7/login'],
    ['domain', 'News-Site.Example.COM.', 'news-site.example.com'],
    ['domain', 'bücher.example', 'xn--bcher-kva.example'],
    ['email', 'Press.Office@Example.ORG', 'Press.Office@example.org'],
    ['hashtag', 'StopTheSteal', '#StopTheSteal'],
    ['hashtag', '#élection2026', '#élection2026'],
    ['account', '@some_handle', '@some_handle'],
    ['account', 'telegram:channel_name', 'telegram:channel_name'],
    ['other', 'a free note, with spaces', 'a free note, with spaces'],
  ] as const)('accepts %s %s as %s', (kind, value, expected) => {
    expect(check(kind, value)).toBe(expected);
  });

  it.each([
    ['url', 'example.org/no-scheme'],
    ['url', 'ftp://example.org/file'],
    ['url', 'javascript:alert(1)'],
    ['domain', 'localhost'],
    ['domain', '-bad-.example'],
    ['domain', 'under_score.example'],
    ['domain', 'https://example.org'],
    ['email', 'not-an-email'],
    ['email', 'a@b'],
    ['hashtag', '#two words'],
    ['hashtag', '#'],
    ['account', 'has spaces'],
    ['other', '   '],
  ] as const)('refuses %s %j', (kind, value) => {
    expect(fieldsOf(() => normalizeIndicators([{ kind, value }]))).toEqual(['indicators.0.value']);
  });

  it('names every bad indicator by its index and keeps identical ones once', () => {
    expect(
      fieldsOf(() =>
        normalizeIndicators([
          { kind: 'domain', value: 'ok.example' },
          { kind: 'url', value: 'nope' },
          { kind: 'email', value: 'nope' },
        ]),
      ),
    ).toEqual(['indicators.1.value', 'indicators.2.value']);
    expect(
      normalizeIndicators([
        { kind: 'domain', value: 'Example.org' },
        { kind: 'domain', value: 'example.org' },
        { kind: 'other', value: 'example.org' },
      ]),
    ).toEqual([
      { kind: 'domain', value: 'example.org' },
      { kind: 'other', value: 'example.org' },
    ]);
  });

  it('normalises domains to lower-case ASCII or refuses them', () => {
    expect(normalizeDomain('EXAMPLE.org')).toBe('example.org');
    expect(normalizeDomain(`${'a'.repeat(64)}.example`)).toBeNull();
  });
});

describe('targeted countries', () => {
  it("takes countries' alpha-2 codes as they are and sends any other code to be checked as a member code", () => {
    expect(normalizeTargetedCountries(['UA', 'MD', 'UA', 'NATO', 'XK', 'EU', 'UK', 'ZZ'])).toEqual({
      codes: ['UA', 'MD', 'NATO', 'XK', 'EU', 'UK', 'ZZ'],
      memberCodesToCheck: ['NATO', 'EU', 'UK', 'ZZ'],
    });
  });

  it.each([['ua'], ['U'], ['U1'], ['Ukraine']])('refuses %s', (code) => {
    expect(fieldsOf(() => normalizeTargetedCountries(['FR', code]))).toEqual(['targetedCountries.1']);
  });
});

describe('audience and marking', () => {
  it('needs at least one code for a selected audience, and none for the others', () => {
    expect(normalizeAudience({ scope: 'selected', memberCodes: ['FR', 'AU', 'FR'] })).toEqual({
      scope: 'selected',
      memberCodes: ['FR', 'AU'],
    });
    expect(normalizeAudience({ scope: 'all' })).toEqual({ scope: 'all', memberCodes: [] });
    expect(fieldsOf(() => normalizeAudience({ scope: 'selected', memberCodes: [] }))).toEqual(['audience.memberCodes']);
    expect(fieldsOf(() => normalizeAudience({ scope: 'members', memberCodes: ['FR'] }))).toEqual([
      'audience.memberCodes',
    ]);
  });

  it('allows TLP:RED only to a selected audience', () => {
    expect(() => checkMarking('RED', 'selected')).not.toThrow();
    expect(fieldsOf(() => checkMarking('RED', 'all'))).toEqual(['audience.scope']);
    expect(fieldsOf(() => checkMarking('RED', 'members'))).toEqual(['audience.scope']);
    expect(() => checkMarking('AMBER_STRICT', 'members')).not.toThrow();
  });
});
