import { isISO8601, ValidateBy } from 'class-validator';

/**
 * ISO 8601 instant with an offset (Z or ±hh:mm, at most ±14:00, the widest in use), as the API takes instants
 * everywhere.
 */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

/**
 * An instant as the API takes it: ISO 8601 with an offset, on a day that exists. One message, naming the field:
 * what is wrong with the form, or that the day does not exist.
 */
export const IsInstant = (what = 'an ISO 8601 instant with an offset') =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && INSTANT.test(value) && isISO8601(value, { strict: true }),
      defaultMessage: (args) =>
        typeof args?.value === 'string' && INSTANT.test(args.value)
          ? `${args.property} must be ${what}, on a day that exists`
          : `${args?.property} must be ${what}`,
    },
  });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A period's bound given as a date (YYYY-MM-DD) read as a whole UTC day: `from` its first instant, `to` the first
 * instant of the next day (the day itself included). Instants, and dates that do not exist, are left as they are
 * for validation to judge.
 */
export function dayBound(bound: 'from' | 'to') {
  return ({ value }: { value: unknown }): unknown => {
    const match = typeof value === 'string' ? DATE.exec(value) : null;
    if (!match) return value;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const start = new Date(Date.UTC(year, month - 1, day));
    if (start.getUTCMonth() !== month - 1 || start.getUTCDate() !== day) return value;
    if (bound === 'to') start.setUTCDate(start.getUTCDate() + 1);
    return start.toISOString();
  };
}

/**
 * The end of a window (`to`), not before its start (`from`) when both are given: a window that ends before it
 * starts is a mistake to point out, not a question whose answer is empty. Runs after `dayBound`.
 */
export const NotBeforeFrom = () =>
  ValidateBy({
    name: 'notBeforeFrom',
    validator: {
      validate: (to: unknown, args) => {
        const from = (args?.object as { from?: unknown }).from;
        // An instant that is not one is `IsInstant`'s to point out, once.
        if (typeof to !== 'string' || typeof from !== 'string' || !INSTANT.test(to) || !INSTANT.test(from)) return true;
        const [start, end] = [Date.parse(from), Date.parse(to)];
        return Number.isNaN(start) || Number.isNaN(end) || end >= start;
      },
      defaultMessage: () => 'to must not be before from',
    },
  });
