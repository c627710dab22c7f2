import { locationOf, RecordLocation } from './record-location.js';
import { SerializedRecord } from './serialized-answer.js';

describe('locationOf', () => {
  it("fills the route's fields from the record, encoded as path segments", () => {
    expect(locationOf('/api/v1/members/:code', { code: 'NATO', name: 'NATO' })).toBe('/api/v1/members/NATO');
    expect(locationOf('/api/v1/things/:id', { id: 'a/b c' })).toBe('/api/v1/things/a%2Fb%20c');
  });

  it('reads a record whose JSON is already written', () => {
    const id = '4b0c7a8e-0d7e-4c56-9a4e-1f1d2b1c3d4e';
    expect(locationOf('/api/v1/notices/:id', new SerializedRecord(JSON.stringify({ id, version: 1 }), 1))).toBe(
      `/api/v1/notices/${id}`,
    );
  });

  it('names nothing when the record lacks the field, or is not a record', () => {
    expect(locationOf('/api/v1/notices/:id', { code: 'FR' })).toBeUndefined();
    expect(locationOf('/api/v1/notices/:id', { id: '' })).toBeUndefined();
    expect(locationOf('/api/v1/notices/:id', { id: 42 })).toBeUndefined();
    expect(locationOf('/api/v1/notices/:id', null)).toBeUndefined();
    expect(locationOf('/api/v1/notices/:id', undefined)).toBeUndefined();
  });
});

describe('RecordLocation', () => {
  it('refuses a route that is not a path naming the record', () => {
    expect(() => RecordLocation('api/v1/notices/:id')).toThrow(/expected a path/);
    expect(() => RecordLocation('/api/v1/notices')).toThrow(/expected a path/);
  });
});
