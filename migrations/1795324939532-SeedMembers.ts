import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The reference data the RRM starts with: the G7 members and the observers. */
export class SeedMembers1795324939532 implements MigrationInterface {
  name = 'SeedMembers1795324939532';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO "member" ("code", "name", "kind") VALUES
      ('CA', 'Canada', 'member'),
      ('FR', 'France', 'member'),
      ('DE', 'Germany', 'member'),
      ('IT', 'Italy', 'member'),
      ('JP', 'Japan', 'member'),
      ('GB', 'United Kingdom', 'member'),
      ('US', 'United States', 'member'),
      ('EU', 'European Union', 'member'),
      ('AU', 'Australia', 'observer'),
      ('NZ', 'New Zealand', 'observer'),
      ('NATO', 'North Atlantic Treaty Organization', 'observer'),
      ('NL', 'Netherlands', 'observer'),
      ('SE', 'Sweden', 'observer')
      ON CONFLICT ("code") DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "member" WHERE "code" IN ('CA','FR','DE','IT','JP','GB','US','EU','AU','NZ','NATO','NL','SE')`,
    );
  }
}
