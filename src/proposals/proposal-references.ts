import type { EntityManager } from 'typeorm';

/** RRP-2026-0001: the year, then the sequence padded to at least four digits. */
export const formatProposalReference = (year: number, sequence: number) =>
  `RRP-${year}-${String(sequence).padStart(4, '0')}`;

/**
 * The next proposal reference of the current year (UTC, from the transaction's clock, as created_at is). The
 * counter row stays locked until the caller's transaction ends, and rolls back with it: no duplicates, no gaps.
 */
export async function nextProposalReference(manager: EntityManager): Promise<string> {
  const [row] = (await manager.query(
    `INSERT INTO proposal_reference_counter (year, last)
     VALUES (EXTRACT(YEAR FROM now() AT TIME ZONE 'UTC')::int, 1)
     ON CONFLICT (year) DO UPDATE SET last = proposal_reference_counter.last + 1
     RETURNING year, last`,
  )) as { year: number; last: number }[];
  return formatProposalReference(row.year, row.last);
}
