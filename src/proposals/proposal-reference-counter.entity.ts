import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last proposal reference number given in a year: the notices' counter, kept apart so that RRM- and RRP-
 * numbers each run gap-free. Incrementing the row locks it until the creating transaction ends.
 */
@Entity({ name: 'proposal_reference_counter' })
export class ProposalReferenceCounter {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  last: number;
}
