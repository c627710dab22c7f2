import { validateSync } from 'class-validator';
import { IsInstant, NotBeforeFrom } from './instants.js';

class Window {
  @IsInstant()
  from: string;

  @IsInstant()
  @NotBeforeFrom()
  to: string;
}

const window = (from: string, to: string) => Object.assign(new Window(), { from, to });
const messages = (value: Window) => validateSync(value).flatMap((error) => Object.values(error.constraints ?? {}));

describe('instants', () => {
  it('takes ISO 8601 instants with an offset', () => {
    expect(messages(window('2026-03-01T09:00:00Z', '2026-03-01T10:00:00.250+01:00'))).toEqual([]);
  });

  it('says once what is wrong with an instant: its form, or a day that does not exist', () => {
    expect(messages(window('x', '2026-02-30T00:00:00Z'))).toEqual([
      'from must be an ISO 8601 instant with an offset',
      'to must be an ISO 8601 instant with an offset, on a day that exists',
    ]);
    expect(messages(window('2026-03-01T09:00:00', '2026-03-01'))).toEqual([
      'from must be an ISO 8601 instant with an offset',
      'to must be an ISO 8601 instant with an offset',
    ]);
  });

  it('refuses a window that ends before it starts, naming its end', () => {
    expect(messages(window('2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z'))).toEqual(['to must not be before from']);
  });
});
