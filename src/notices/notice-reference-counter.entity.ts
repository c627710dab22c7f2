import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last reference number given in a year. Incrementing the row locks it until the creating transaction
 * ends, so references are unique and gap-free even under concurrent creation.
 */
@Entity({ name: 'notice_reference_counter' })
export class NoticeReferenceCounter {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  last: number;
}
