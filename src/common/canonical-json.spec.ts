import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('writes dates as ISO instants and drops undefined members', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.006Z'), gone: undefined })).toBe(
      '{"at":"2026-01-02T03:04:05.006Z"}',
    );
  });
});
