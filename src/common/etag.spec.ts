import { AppError } from './errors/app-error.js';
import { assertVersion, etagOf, parseIfMatch, requireVersion } from './etag.js';

describe('ETag and If-Match', () => {
  it('makes strong ETags that If-Match parses back', () => {
    expect(parseIfMatch(etagOf(7))).toBe(7);
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it('tags a record with its version only', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(() => parseIfMatch('"7-3fa9c0d1e2b4"')).toThrow(AppError);
  });

  it('answers 412 for an If-Match that is not one of ours', () => {
    expect(() => parseIfMatch('W/"3"')).toThrow(AppError);
    expect(() => parseIfMatch('"abc"')).toThrow(AppError);
  });

  it('answers 428 when a PATCH has no If-Match', () => {
    try {
      requireVersion(undefined);
      throw new Error('expected a 428');
    } catch (error) {
      expect((error as AppError).status).toBe(428);
    }
  });

  it('answers 412 for a stale version and passes the current one', () => {
    expect(() => assertVersion(4, 4)).not.toThrow();
    expect(() => assertVersion(4, undefined)).not.toThrow();
    try {
      assertVersion(5, 4);
      throw new Error('expected a 412');
    } catch (error) {
      expect((error as AppError).status).toBe(412);
    }
  });
});
