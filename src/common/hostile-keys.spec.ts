import { findHostileKey } from './hostile-keys.js';

describe('findHostileKey', () => {
  it('finds prototype keys at any depth, as JSON.parse leaves them', () => {
    expect(findHostileKey(JSON.parse('{"a":1,"__proto__":{"admin":true}}'))).toBe('__proto__');
    expect(findHostileKey(JSON.parse('{"a":{"b":[{"constructor":{"prototype":{}}}]}}'))).toBe('a.b[0].constructor');
    expect(findHostileKey({ prototype: 1 })).toBe('prototype');
  });

  it('passes ordinary bodies', () => {
    expect(findHostileKey({ title: 'constructor', tags: ['__proto__'], nested: { a: [1, 2] } })).toBeNull();
    expect(findHostileKey(undefined)).toBeNull();
  });
});
