import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkAgendaItemsToProposals1795331100473 implements MigrationInterface {
  name = 'LinkAgendaItemsToProposals1795331100473';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "meeting_agenda_item" ADD CONSTRAINT "fk_meeting_agenda_item_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_agenda_item" DROP CONSTRAINT "fk_meeting_agenda_item_proposal"`);
  }
}
