import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { auditHash } from '../../src/audit/audit-hash.js';
import { hashPassword } from '../../src/auth/passwords.js';

export const BENCH_PASSWORD = 'benchmark passphrase for every user';
export const MEMBERS = ['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'US', 'EU'];
const OBSERVERS = ['AU', 'NZ', 'NATO', 'NL', 'SE'];

const WORDS = (
  'election campaign network accounts amplification narrative fraud voter registration ballot hashtag video ' +
  'falsified audio trolling coercion journalist diaspora intimidation university partnership technology transfer ' +
  'parliament member spamouflage wechat platform website hijacked coordinated inauthentic posting cluster bots ' +
  'disinformation interference foreign state media outlet translation telegram channel influencer payment ' +
  'cyber intrusion database party leak deepfake referendum municipal vote counting results observers mission ' +
  'harassment repression exile critic embassy pressure research grant laboratory export sanctions attribution'
).split(' ');

export interface BenchUsers {
  secretariatEmail: string;
  focalPointEmail: string;
  focalPointIds: Record<string, string>;
  secretariatId: string;
}

/** One secretariat user and one focal point (or observer) per member, all with BENCH_PASSWORD. */
export async function seedUsers(dataSource: DataSource): Promise<BenchUsers> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const focalPointIds: Record<string, string> = {};
  const secretariatId = randomUUID();
  await dataSource.query(
    `INSERT INTO app_user (id, email, display_name, role, member_code, password_hash) VALUES ($1, 'secretariat@bench.example', 'Secretariat', 'secretariat', NULL, $2)`,
    [secretariatId, hash],
  );
  for (const code of [...MEMBERS, ...OBSERVERS]) {
    const id = randomUUID();
    focalPointIds[code] = id;
    await dataSource.query(
      `INSERT INTO app_user (id, email, display_name, role, member_code, password_hash, preferred_language)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        `fp.${code.toLowerCase()}@bench.example`,
        `Focal point ${code}`,
        MEMBERS.includes(code) ? 'focal_point' : 'observer',
        code,
        hash,
        code === 'FR' ? 'fr' : 'en',
      ],
    );
  }
  return {
    secretariatEmail: 'secretariat@bench.example',
    focalPointEmail: 'fp.fr@bench.example',
    focalPointIds,
    secretariatId,
  };
}

/**
 * Adds notices `from`..`to` (1-based) in one SQL statement: every member, audience, marking and category, with
 * text built from a vocabulary of the domain, over the last three years.
 */
export async function seedNotices(dataSource: DataSource, users: BenchUsers, from: number, to: number): Promise<void> {
  const members = [...MEMBERS, ...OBSERVERS];
  const authors = members.map((code) => users.focalPointIds[code]);
  for (let start = from; start <= to; start += 20_000) {
    const end = Math.min(to, start + 19_999);
    await dataSource.query(
      `WITH base AS (
         SELECT g, (g * 7919) % 1000 AS r, $3::text[] AS words, $4::varchar[] AS codes, $5::uuid[] AS authors FROM generate_series($1::int, $2::int) g
       ), shaped AS (
         SELECT g, r, words, codes, authors,
           CASE WHEN r < 100 THEN 'RED' WHEN r < 300 THEN 'CLEAR' WHEN r < 600 THEN 'GREEN' WHEN r < 900 THEN 'AMBER' ELSE 'AMBER_STRICT' END AS tlp,
           CASE WHEN r < 100 THEN 'selected' WHEN r % 3 = 0 THEN 'all' WHEN r % 3 = 1 THEN 'members' ELSE 'selected' END AS scope,
           CASE WHEN r % 10 < 7 THEN 'shared' WHEN r % 10 = 7 THEN 'archived' WHEN r % 10 = 8 THEN 'draft' ELSE 'submitted' END AS status,
           1 + (g % 13) AS author_index,
           now() - ((g % 1095) || ' days')::interval - ((g % 86400) || ' seconds')::interval AS created
         FROM base
       )
       INSERT INTO notice (reference, title, summary, body, category, tlp, priority, audience_scope, audience_member_codes,
         tags, indicators, targeted_countries, source_member_code, author_member_code, status, exercise, created_by,
         created_at, updated_at, submitted_at, shared_at, archived_at)
       SELECT 'RRM-' || (2000 + g / 100000) || '-' || lpad((g % 100000)::text, 5, '0'),
         initcap(words[1 + g % 97 % array_length(words, 1)]) || ' ' || words[1 + g % 89 % array_length(words, 1)] || ' targeting ' || words[1 + g % 83 % array_length(words, 1)] || ' ' || g,
         array_to_string(ARRAY(SELECT words[1 + (g * i * 31) % array_length(words, 1)] FROM generate_series(1, 24) i), ' '),
         array_to_string(ARRAY(SELECT words[1 + (g * i * 17) % array_length(words, 1)] FROM generate_series(1, 80) i), ' '),
         (ARRAY['democratic_processes','disinformation_media','human_rights','economic_research_security'])[1 + g % 4],
         tlp,
         (ARRAY['routine','routine','routine','priority','flash'])[1 + g % 5],
         scope,
         CASE WHEN scope = 'selected' THEN ARRAY[codes[1 + g % 13], codes[1 + (g / 13) % 13]]::varchar[] ELSE '{}'::varchar[] END,
         ARRAY[words[1 + g % 71 % array_length(words, 1)], words[1 + g % 67 % array_length(words, 1)]],
         jsonb_build_array(jsonb_build_object('kind', 'domain', 'value', 'site' || (g % 500) || '.example')),
         ARRAY['MD', 'UA']::varchar[],
         codes[author_index], codes[author_index], status, g % 50 = 0, authors[author_index],
         created, created,
         CASE WHEN status <> 'draft' THEN created + interval '1 hour' END,
         CASE WHEN status IN ('shared', 'archived') THEN created + interval '3 hours' END,
         CASE WHEN status = 'archived' THEN created + interval '30 days' END
       FROM shaped`,
      [start, end, WORDS, members, authors],
    );
  }
  await settle(dataSource, 'notice');
}

/**
 * Vacuums and analyzes a table after a bulk load, as a system in service has long been: otherwise autovacuum
 * starts on it at some moment of the measurements and slows whichever scenario it overlaps.
 */
async function settle(dataSource: DataSource, ...tables: string[]): Promise<void> {
  for (const table of tables) await dataSource.query(`VACUUM (ANALYZE) ${table}`);
}

/** A valid hash chain of `count` audit events, appended after whatever the chain holds. */
export async function seedAuditEvents(dataSource: DataSource, count: number): Promise<void> {
  const [head] = await dataSource.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
  let seq = head ? Number(head.seq) : 0;
  let prevHash: string | null = head?.hash ?? null;
  const actions = [
    'notice.created',
    'notice.shared',
    'auth.login_succeeded',
    'proposal.reply_given',
    'meeting.updated',
  ];
  const start = Date.now() - count * 1000;
  for (let done = 0; done < count;) {
    const batch = Math.min(10_000, count - done);
    const columns: unknown[][] = Array.from({ length: 13 }, () => []);
    for (let index = 0; index < batch; index++) {
      seq++;
      const event = {
        id: randomUUID(),
        seq,
        occurredAt: new Date(start + seq * 1000).toISOString(),
        actorId: randomUUID(),
        actorRole: 'focal_point',
        action: actions[seq % actions.length],
        entityType: 'notice',
        entityId: randomUUID(),
        requestId: randomUUID(),
        ip: '127.0.0.1',
        changes: { status: { from: 'submitted', to: 'shared' } },
        prevHash,
      };
      const hash = auditHash(event);
      const row = [
        event.seq,
        event.id,
        event.occurredAt,
        event.actorId,
        event.actorRole,
        event.action,
        event.entityType,
        event.entityId,
        event.requestId,
        event.ip,
        JSON.stringify(event.changes),
        prevHash,
        hash,
      ];
      row.forEach((value, column) => columns[column].push(value));
      prevHash = hash;
    }
    await dataSource.query(
      `INSERT INTO audit_event (seq, id, occurred_at, actor_id, actor_role, action, entity_type, entity_id, request_id, ip, changes, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::uuid[], $5::varchar[], $6::varchar[], $7::varchar[],
         $8::varchar[], $9::varchar[], $10::varchar[], $11::jsonb[], $12::char(64)[], $13::char(64)[])`,
      columns,
    );
    done += batch;
  }
  await settle(dataSource, 'audit_event');
}

/** `count` proposals in every status, most of them closed, with current replies from some members. */
export async function seedProposals(dataSource: DataSource, users: BenchUsers, count: number): Promise<void> {
  const members = MEMBERS.map((code) => users.focalPointIds[code]);
  await dataSource.query(
    `INSERT INTO proposal (reference, title, rationale, action_type, decision_rule, deadline, status, outcome, created_by,
       created_at, opened_at, closed_at)
     SELECT 'RRP-2000-' || lpad(g::text, 5, '0'), 'Coordinated response ' || g,
       'Joint action in answer to an observed campaign against members.',
       (ARRAY['joint_statement','coordinated_attribution','deterrent_action','support_vulnerable_democracy','public_communication','other'])[1 + g % 6],
       CASE WHEN g % 2 = 0 THEN 'consensus' ELSE 'silence' END,
       now() + ((g % 40) - 30 || ' days')::interval,
       CASE WHEN g % 10 < 7 THEN 'closed' WHEN g % 10 < 9 THEN 'open' ELSE 'draft' END,
       CASE WHEN g % 10 < 7 THEN (CASE WHEN g % 3 = 0 THEN 'not_adopted' ELSE 'adopted' END) END,
       $2::uuid, now() - (g % 700 || ' days')::interval,
       CASE WHEN g % 10 < 9 THEN now() - (g % 700 || ' days')::interval END,
       CASE WHEN g % 10 < 7 THEN now() - (g % 690 || ' days')::interval END
     FROM generate_series(1, $1::int) g`,
    [count, users.secretariatId],
  );
  await dataSource.query(
    `INSERT INTO proposal_reply (proposal_id, member_code, position, comment, replied_by, replied_at)
     SELECT p.id, m.code, (ARRAY['support','support','abstain','support_with_reservations','object'])[1 + (abs(hashtext(p.id::text || m.code)) % 5)],
       'Position of ' || m.code, ($2::uuid[])[m.ordinality], now()
     FROM proposal p CROSS JOIN unnest($1::varchar[]) WITH ORDINALITY AS m(code, ordinality)
     WHERE p.status <> 'draft' AND abs(hashtext(p.id::text || m.code)) % 4 <> 0`,
    [MEMBERS, members],
  );
  await settle(dataSource, 'proposal', 'proposal_reply');
}

/** `count` focal point meetings over two years, inviting every member (and observers for one in three), each with an agenda. */
export async function seedMeetings(dataSource: DataSource, users: BenchUsers, count: number): Promise<void> {
  await dataSource.query(
    `INSERT INTO meeting (title, kind, starts_at, ends_at, time_zone, location, host_member_codes, invitee_member_codes,
       status, agenda_version, created_by)
     SELECT 'Focal point meeting ' || g, (ARRAY['regular','extraordinary','working_group'])[1 + g % 3],
       now() + ((g % 730) - 365 || ' days')::interval, now() + ((g % 730) - 365 || ' days')::interval + interval '2 hours',
       (ARRAY['America/Toronto','Europe/Paris','Asia/Tokyo','America/Los_Angeles'])[1 + g % 4], 'Ottawa',
       ARRAY['CA']::varchar[],
       CASE WHEN g % 3 = 0 THEN $2::varchar[] || $3::varchar[] ELSE $2::varchar[] END,
       CASE WHEN g % 20 = 0 THEN 'cancelled' ELSE 'scheduled' END, 1, $4::uuid
     FROM generate_series(1, $1::int) g`,
    [count, MEMBERS, OBSERVERS, users.secretariatId],
  );
  await dataSource.query(
    `INSERT INTO meeting_agenda_item (meeting_id, position, title, duration_minutes)
     SELECT m.id, i, 'Agenda item ' || i, 15 FROM meeting m CROSS JOIN generate_series(1, 6) i`,
  );
  await settle(dataSource, 'meeting', 'meeting_agenda_item');
}
