import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * The floor: the same notice list a focal point gets (same visibility predicate, page size, order and JSON) from a
 * bare node:http server using pg directly — what the query costs with no framework around it. `GET /<id>` answers
 * one notice the same way (same predicate, the notice's JSON and its version as ETag): what reading one costs.
 */
/** A notice row as `pg` returns it. */
type FloorRow = pg.QueryResult['rows'][number];

export function serveFloor(
  databaseUrl: string,
  port: number,
  viewer: { member: string; kind: string },
): Promise<Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // The columns the API shows (not the search vector, which no response carries).
  const select = `SELECT n.id, n.reference, n.title, n.summary, n.body, n.category, n.tlp, n.priority, n.audience_scope,
      n.audience_member_codes, n.tags, n.indicators, n.targeted_countries, n.source_member_code, n.status, n.exercise,
      n.created_by, n.created_at, n.updated_at, n.submitted_at, n.shared_at, n.rejected_at, n.archived_at,
      n.rejection_reason, n.version
    FROM notice n
    WHERE (n.author_member_code = $1 OR (n.status IN ('shared', 'archived') AND (n.tlp <> 'RED' OR n.audience_scope = 'selected')
      AND (n.audience_scope = 'all' OR (n.audience_scope = 'members' AND $2 = 'member')
        OR (n.audience_scope = 'selected' AND n.audience_member_codes @> ARRAY[$1]::varchar[]))
      AND n.shared_at < COALESCE((SELECT m.deactivated_at FROM member m WHERE m.code = $1), 'infinity')))`;
  // Planned on every request, as in every run recorded in docs/performance.md (the API prepares its hot reads).
  const list = `${select} ORDER BY n.created_at DESC, n.id DESC LIMIT 26`;
  const one = `${select} AND n.id = $3`;
  const iso = (value: Date | null) => (value ? value.toISOString() : null);
  const view = (n: FloorRow) => ({
    id: n.id,
    reference: n.reference,
    title: n.title,
    summary: n.summary,
    body: n.body,
    category: n.category,
    tlp: n.tlp,
    priority: n.priority,
    audience: { scope: n.audience_scope, memberCodes: n.audience_member_codes },
    tags: n.tags,
    indicators: n.indicators,
    targetedCountries: n.targeted_countries,
    sourceMemberCode: n.source_member_code,
    status: n.status,
    exercise: n.exercise,
    createdBy: n.created_by,
    createdAt: iso(n.created_at),
    updatedAt: iso(n.updated_at),
    submittedAt: iso(n.submitted_at),
    sharedAt: iso(n.shared_at),
    rejectedAt: iso(n.rejected_at),
    archivedAt: iso(n.archived_at),
    rejectionReason: n.rejection_reason,
    version: n.version,
  });
  const fail = (response: ServerResponse) => () => {
    response.writeHead(500);
    response.end();
  };
  const answerOne = (id: string, response: ServerResponse) =>
    pool
      .query(one, [viewer.member, viewer.kind, id])
      .then(({ rows: [notice] }) => {
        if (!notice) {
          response.writeHead(404);
          response.end();
          return;
        }
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ETag: `"${notice.version}"` });
        response.end(JSON.stringify(view(notice)));
      })
      .catch(fail(response));
  const server = createServer((request, response) => {
    if (request.url !== '/') return void answerOne(request.url!.slice(1), response);
    pool
      .query(list, [viewer.member, viewer.kind])
      .then(({ rows }) => {
        const page = rows.slice(0, 25);
        const data = page.map(view);
        const last = page[page.length - 1];
        const nextCursor =
          rows.length > 25
            ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url')
            : null;
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ data, nextCursor }));
      })
      .catch(fail(response));
  });
  server.on('close', () => void pool.end());
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/**
 * Starts the floor as its own process, as the API runs in its own: the load generator's work then weighs on
 * neither. Resolves once it listens.
 */
export async function startFloor(
  databaseUrl: string,
  port: number,
  viewer: { member: string; kind: string },
): Promise<ChildProcess> {
  const floor = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), databaseUrl, String(port), viewer.member, viewer.kind],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    floor.stdout!.once('data', () => resolve());
    floor.once('exit', (code) => reject(new Error(`the floor exited with ${code}`)));
  });
  return floor;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [databaseUrl, port, member, kind] = process.argv.slice(2);
  await serveFloor(databaseUrl, Number(port), { member, kind });
  console.log('listening');
  process.on('SIGTERM', () => process.exit(0));
}
