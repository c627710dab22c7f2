import { findHostileInput, MAX_NESTING } from './hostile-input.js';

describe('findHostileInput', () => {
  it('finds prototype keys at any depth, as JSON.parse leaves them', () => {
    expect(findHostileInput(JSON.parse('{"a":1,"__proto__":{"admin":true}}'))?.field).toBe('__proto__');
    expect(findHostileInput(JSON.parse('{"a":{"b":[{"constructor":{"prototype":{}}}]}}'))?.field).toBe(
      'a.b.0.constructor',
    );
    expect(findHostileInput({ prototype: 1 })?.field).toBe('prototype');
  });

  it('finds NUL characters in values', () => {
    expect(findHostileInput({ name: 'a\u0000b' })).toEqual({
      field: 'name',
      message: 'must not contain NUL characters',
    });
    expect(findHostileInput({ tags: ['ok', '\u0000'] })?.field).toBe('tags.1');
  });

  it('finds lone surrogates', () => {
    expect(findHostileInput({ email: 'a\ud800@b.org' })?.message).toBe('must be well-formed Unicode text');
    expect(findHostileInput({ name: 'emoji 🇨🇦 ok' })).toBeNull();
  });

  it('stops at nesting no request needs, before it could exhaust the stack', () => {
    const nest = (levels: number) => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`) as unknown;
    expect(findHostileInput({ a: nest(MAX_NESTING - 1) })).toBeNull();
    expect(findHostileInput({ a: nest(MAX_NESTING) })?.message).toBe(
      `must not nest more than ${MAX_NESTING} levels deep`,
    );
    expect(findHostileInput(nest(100_000))?.field).toMatch(/^0(\.0)+$/);
  });

  it('passes ordinary bodies', () => {
    expect(findHostileInput({ title: 'constructor', tags: ['__proto__'], nested: { a: [1, 2] } })).toBeNull();
    expect(findHostileInput(undefined)).toBeNull();
  });
});
