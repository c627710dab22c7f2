import type { EntityManager } from 'typeorm';

/**
 * A common table expression, `reference (text)`, taking the next reference of the current year (UTC, from the
 * transaction's clock, as created_at is): RRM-2026-0001, the sequence padded to at least four digits. The
 * counter row stays locked until the transaction ends, and rolls back with it: no duplicates, no gaps.
 */
export const NEXT_REFERENCE = `reference AS (
  INSERT INTO notice_reference_counter (year, last)
  VALUES (EXTRACT(YEAR FROM now() AT TIME ZONE 'UTC')::int, 1)
  ON CONFLICT (year) DO UPDATE SET last = notice_reference_counter.last + 1
  RETURNING 'RRM-' || year || '-' || lpad(last::text, greatest(4, length(last::text)), '0') AS text)`;

/** The next reference on its own (creation takes it in the same statement as its insert). */
export async function nextReference(manager: EntityManager): Promise<string> {
  const [row] = (await manager.query(`WITH ${NEXT_REFERENCE} SELECT text FROM reference`)) as { text: string }[];
  return row.text;
}
