import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Focal point meetings, their agenda items and attendance replies. Generated from the entities; nothing hand-added.
 * The agenda's unique (meeting_id, position) is DEFERRABLE INITIALLY IMMEDIATE, so it is checked at the end of each
 * statement and one UPDATE can shift or permute positions. `proposal_id` has no foreign key until proposals land.
 */
export class CreateMeetings1795328741176 implements MigrationInterface {
  name = 'CreateMeetings1795328741176';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meeting" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(300) NOT NULL, "kind" character varying(20) NOT NULL, "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "time_zone" character varying(64) NOT NULL, "location" character varying(300), "virtual_url" character varying(2048), "host_member_codes" character varying(8) array NOT NULL, "invitee_member_codes" character varying(8) array NOT NULL, "status" character varying(10) NOT NULL, "agenda_version" integer NOT NULL DEFAULT '0', "calendar_sequence" integer NOT NULL DEFAULT '0', "minutes_text" text, "minutes_action_items" jsonb, "minutes_updated_at" TIMESTAMP(3) WITH TIME ZONE, "minutes_updated_by" uuid, "exercise" boolean NOT NULL DEFAULT false, "created_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "cancelled_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "chk_meeting_ends_after_start" CHECK ("ends_at" > "starts_at"), CONSTRAINT "PK_dccaf9e4c0e39067d82ccc7bb83" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_meeting_invitees" ON "meeting" USING gin ("invitee_member_codes") `);
    await queryRunner.query(`CREATE INDEX "idx_meeting_status" ON "meeting"  ("status", "starts_at") `);
    await queryRunner.query(`CREATE INDEX "idx_meeting_starts" ON "meeting"  ("starts_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_agenda_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "position" integer NOT NULL, "title" character varying(300) NOT NULL, "description" text NOT NULL DEFAULT '', "presenter_member_code" character varying(8), "duration_minutes" integer, "notice_id" uuid, "proposal_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "uq_meeting_agenda_item_position" UNIQUE ("meeting_id", "position") DEFERRABLE INITIALLY IMMEDIATE, CONSTRAINT "PK_31a218d0ca2eda48d596d11f821" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_meeting_agenda_item_notice" ON "meeting_agenda_item"  ("notice_id") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "member_code" character varying(8) NOT NULL, "response" character varying(10) NOT NULL, "attendees" jsonb NOT NULL, "replied_by" uuid NOT NULL, "replied_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1ece13054cdfcd65f8487e71267" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_meeting_attendance_member" ON "meeting_attendance"  ("meeting_id", "member_code") `,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting" ADD CONSTRAINT "fk_meeting_minutes_updated_by" FOREIGN KEY ("minutes_updated_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting" ADD CONSTRAINT "fk_meeting_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_agenda_item" ADD CONSTRAINT "fk_meeting_agenda_item_meeting" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_agenda_item" ADD CONSTRAINT "fk_meeting_agenda_item_presenter" FOREIGN KEY ("presenter_member_code") REFERENCES "member"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_agenda_item" ADD CONSTRAINT "fk_meeting_agenda_item_notice" FOREIGN KEY ("notice_id") REFERENCES "notice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ADD CONSTRAINT "fk_meeting_attendance_meeting" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ADD CONSTRAINT "fk_meeting_attendance_member" FOREIGN KEY ("member_code") REFERENCES "member"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ADD CONSTRAINT "fk_meeting_attendance_replied_by" FOREIGN KEY ("replied_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_attendance" DROP CONSTRAINT "fk_meeting_attendance_replied_by"`);
    await queryRunner.query(`ALTER TABLE "meeting_attendance" DROP CONSTRAINT "fk_meeting_attendance_member"`);
    await queryRunner.query(`ALTER TABLE "meeting_attendance" DROP CONSTRAINT "fk_meeting_attendance_meeting"`);
    await queryRunner.query(`ALTER TABLE "meeting_agenda_item" DROP CONSTRAINT "fk_meeting_agenda_item_notice"`);
    await queryRunner.query(`ALTER TABLE "meeting_agenda_item" DROP CONSTRAINT "fk_meeting_agenda_item_presenter"`);
    await queryRunner.query(`ALTER TABLE "meeting_agenda_item" DROP CONSTRAINT "fk_meeting_agenda_item_meeting"`);
    await queryRunner.query(`ALTER TABLE "meeting" DROP CONSTRAINT "fk_meeting_created_by"`);
    await queryRunner.query(`ALTER TABLE "meeting" DROP CONSTRAINT "fk_meeting_minutes_updated_by"`);
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_attendance_member"`);
    await queryRunner.query(`DROP TABLE "meeting_attendance"`);
    await queryRunner.query(`DROP INDEX "public"."idx_meeting_agenda_item_notice"`);
    await queryRunner.query(`DROP TABLE "meeting_agenda_item"`);
    await queryRunner.query(`DROP INDEX "public"."idx_meeting_starts"`);
    await queryRunner.query(`DROP INDEX "public"."idx_meeting_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_meeting_invitees"`);
    await queryRunner.query(`DROP TABLE "meeting"`);
  }
}
