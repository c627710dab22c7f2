import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proposals, the notices they answer, members' replies and the per-year RRP reference counter. Generated from
 * the entities, then hand-edited for what TypeORM cannot express: a trigger that keeps replies as history (a
 * reply row never changes, except from current to superseded, and is never deleted on its own).
 */
export class CreateProposals1795328843583 implements MigrationInterface {
  name = 'CreateProposals1795328843583';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "proposal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(20) NOT NULL, "title" character varying(300) NOT NULL, "rationale" text NOT NULL, "action_type" character varying(40) NOT NULL, "decision_rule" character varying(10) NOT NULL, "deadline" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status" character varying(10) NOT NULL, "outcome" character varying(12), "exercise" boolean NOT NULL DEFAULT false, "created_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "opened_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "final_tally" jsonb, "signatories" character varying(8) array, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_ca872ecfe4fef5720d2d39e4275" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_proposal_open_deadline" ON "proposal"  ("deadline") WHERE status = 'open'`,
    );
    await queryRunner.query(`CREATE INDEX "idx_proposal_exercise" ON "proposal"  ("exercise", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_proposal_action_type" ON "proposal"  ("action_type", "created_at") `);
    await queryRunner.query(
      `CREATE INDEX "idx_proposal_decision_rule" ON "proposal"  ("decision_rule", "created_at") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_proposal_status" ON "proposal"  ("status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_proposal_created" ON "proposal"  ("created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_proposal_reference" ON "proposal"  ("reference") `);
    await queryRunner.query(
      `CREATE TABLE "proposal_notice" ("proposal_id" uuid NOT NULL, "notice_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_04f3801264cc4ec5be227731e0a" PRIMARY KEY ("proposal_id", "notice_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_proposal_notice_notice" ON "proposal_notice"  ("notice_id") `);
    await queryRunner.query(
      `CREATE TABLE "proposal_reference_counter" ("year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_990e8cd5894247a5249e67d2a87" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "proposal_reply" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "member_code" character varying(8) NOT NULL, "position" character varying(30) NOT NULL, "comment" character varying(4000), "replied_by" uuid NOT NULL, "replied_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "current" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_52b3d95b8e7d5a4a8ddd2cf55f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_proposal_reply_member" ON "proposal_reply"  ("member_code") `);
    await queryRunner.query(
      `CREATE INDEX "idx_proposal_reply_proposal" ON "proposal_reply"  ("proposal_id", "replied_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_proposal_reply_current" ON "proposal_reply"  ("proposal_id", "member_code") WHERE "current"`,
    );
    // Hand-written: earlier replies are history. Deleting the proposal itself (which the API never does) still
    // cascades, since a row-level trigger cannot tell a cascade apart: the proposal's own audit trail remains.
    await queryRunner.query(`CREATE FUNCTION proposal_reply_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ROW(NEW.id, NEW.proposal_id, NEW.member_code, NEW.position, NEW.comment, NEW.replied_by, NEW.replied_at)
             IS DISTINCT FROM ROW(OLD.id, OLD.proposal_id, OLD.member_code, OLD.position, OLD.comment, OLD.replied_by,
             OLD.replied_at)
           OR (NEW.current AND NOT OLD.current) THEN
          RAISE EXCEPTION 'proposal replies are history: only current may change, from true to false';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER proposal_reply_keep_history BEFORE UPDATE ON "proposal_reply"
      FOR EACH ROW EXECUTE FUNCTION proposal_reply_keep_history()`);
    await queryRunner.query(
      `ALTER TABLE "proposal" ADD CONSTRAINT "fk_proposal_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposal" ADD CONSTRAINT "fk_proposal_closed_by" FOREIGN KEY ("closed_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposal_notice" ADD CONSTRAINT "fk_proposal_notice_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposal_notice" ADD CONSTRAINT "fk_proposal_notice_notice" FOREIGN KEY ("notice_id") REFERENCES "notice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposal_reply" ADD CONSTRAINT "fk_proposal_reply_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposal_reply" ADD CONSTRAINT "fk_proposal_reply_member" FOREIGN KEY ("member_code") REFERENCES "member"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposal_reply" ADD CONSTRAINT "fk_proposal_reply_replied_by" FOREIGN KEY ("replied_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "proposal_reply" DROP CONSTRAINT "fk_proposal_reply_replied_by"`);
    await queryRunner.query(`ALTER TABLE "proposal_reply" DROP CONSTRAINT "fk_proposal_reply_member"`);
    await queryRunner.query(`ALTER TABLE "proposal_reply" DROP CONSTRAINT "fk_proposal_reply_proposal"`);
    await queryRunner.query(`ALTER TABLE "proposal_notice" DROP CONSTRAINT "fk_proposal_notice_notice"`);
    await queryRunner.query(`ALTER TABLE "proposal_notice" DROP CONSTRAINT "fk_proposal_notice_proposal"`);
    await queryRunner.query(`ALTER TABLE "proposal" DROP CONSTRAINT "fk_proposal_closed_by"`);
    await queryRunner.query(`ALTER TABLE "proposal" DROP CONSTRAINT "fk_proposal_created_by"`);
    await queryRunner.query(`DROP TRIGGER proposal_reply_keep_history ON "proposal_reply"`);
    await queryRunner.query('DROP FUNCTION proposal_reply_keep_history()');
    await queryRunner.query(`DROP INDEX "public"."uq_proposal_reply_current"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_reply_proposal"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_reply_member"`);
    await queryRunner.query(`DROP TABLE "proposal_reply"`);
    await queryRunner.query(`DROP TABLE "proposal_reference_counter"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_notice_notice"`);
    await queryRunner.query(`DROP TABLE "proposal_notice"`);
    await queryRunner.query(`DROP INDEX "public"."uq_proposal_reference"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_decision_rule"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_action_type"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_exercise"`);
    await queryRunner.query(`DROP INDEX "public"."idx_proposal_open_deadline"`);
    await queryRunner.query(`DROP TABLE "proposal"`);
  }
}
