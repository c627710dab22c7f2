import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSchema1795324939531 implements MigrationInterface {
  name = 'CreateSchema1795324939531';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member" ("code" character varying(8) NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(10) NOT NULL, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_87dbb39d7c7c430faa5bf1af3bb" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "display_name" character varying(200) NOT NULL, "role" character varying(20) NOT NULL, "member_code" character varying(8), "active" boolean NOT NULL DEFAULT true, "preferred_language" character varying(2) NOT NULL DEFAULT 'en', "password_hash" character varying(200), "mfa_enabled" boolean NOT NULL DEFAULT false, "mfa_secret" character varying(64), "mfa_pending_secret" character varying(64), "mfa_last_step" bigint, "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_app_user_member_role" ON "app_user"  ("member_code", "role") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_key_hash" ON "api_key"  ("key_hash") `);
    await queryRunner.query(`CREATE INDEX "idx_api_key_user" ON "api_key"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "password_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" character varying(12) NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4b36905cda55c809d6c39cb74f1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_password_token_hash" ON "password_token"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "idx_password_token_user" ON "password_token"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "auth_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_auth_session_user" ON "auth_session"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_refresh_token_hash" ON "refresh_token"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "idx_refresh_token_session" ON "refresh_token"  ("session_id") `);
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("seq" bigint NOT NULL, "id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_role" character varying(20), "action" character varying(64) NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" character varying(64), "request_id" character varying(128), "ip" character varying(64), "changes" jsonb, "prev_hash" character(64), "hash" character(64) NOT NULL, CONSTRAINT "PK_53300da00860bdf4dc3ef7daae6" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_audit_event_id" ON "audit_event"  ("id") `);
    await queryRunner.query(`CREATE INDEX "idx_audit_event_occurred_at" ON "audit_event"  ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "idx_audit_event_action" ON "audit_event"  ("action", "seq") `);
    await queryRunner.query(
      `CREATE INDEX "idx_audit_event_entity" ON "audit_event"  ("entity_type", "entity_id", "seq") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_audit_event_actor" ON "audit_event"  ("actor_id", "seq") `);
    await queryRunner.query(
      `CREATE TABLE "idempotency_record" ("scope" character varying(100) NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "state" character varying(10) NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_43ea3d50a854b79e2f59aaad8a8" PRIMARY KEY ("scope", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_idempotency_record_created_at" ON "idempotency_record"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dedupe_key" character varying(300) NOT NULL, "recipient_user_id" uuid, "recipient_email" character varying(320) NOT NULL, "language" character varying(2) NOT NULL, "template" character varying(60) NOT NULL, "subject" character varying(500) NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "attachments" jsonb NOT NULL DEFAULT '[]', "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_message_dedupe_key" ON "outbox_message"  ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "idx_outbox_message_status" ON "outbox_message"  ("status", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "fk_app_user_member" FOREIGN KEY ("member_code") REFERENCES "member"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_key" ADD CONSTRAINT "fk_api_key_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "password_token" ADD CONSTRAINT "fk_password_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_session" ADD CONSTRAINT "fk_auth_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "fk_refresh_token_session" FOREIGN KEY ("session_id") REFERENCES "auth_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "fk_refresh_token_session"`);
    await queryRunner.query(`ALTER TABLE "auth_session" DROP CONSTRAINT "fk_auth_session_user"`);
    await queryRunner.query(`ALTER TABLE "password_token" DROP CONSTRAINT "fk_password_token_user"`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "fk_api_key_user"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "fk_app_user_member"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outbox_message_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_outbox_message_dedupe_key"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
    await queryRunner.query(`DROP INDEX "public"."idx_idempotency_record_created_at"`);
    await queryRunner.query(`DROP TABLE "idempotency_record"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_event_actor"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_event_entity"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_event_action"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_event_occurred_at"`);
    await queryRunner.query(`DROP INDEX "public"."uq_audit_event_id"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`DROP INDEX "public"."idx_refresh_token_session"`);
    await queryRunner.query(`DROP INDEX "public"."uq_refresh_token_hash"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."idx_auth_session_user"`);
    await queryRunner.query(`DROP TABLE "auth_session"`);
    await queryRunner.query(`DROP INDEX "public"."idx_password_token_user"`);
    await queryRunner.query(`DROP INDEX "public"."uq_password_token_hash"`);
    await queryRunner.query(`DROP TABLE "password_token"`);
    await queryRunner.query(`DROP INDEX "public"."idx_api_key_user"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_key_hash"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP INDEX "public"."uq_app_user_email"`);
    await queryRunner.query(`DROP INDEX "public"."idx_app_user_member_role"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "member"`);
  }
}
