import type { DataSource } from 'typeorm';
import type { Scenario } from './load.js';

async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, string>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

/** Scenarios of features beyond notices; each is measured only when its feature is there. */
export async function extraScenarios(
  dataSource: DataSource,
  base: string,
  tokens: { focalPoint: string; secretariat: string },
): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  const tables = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
  )) as { table_name: string }[];
  const has = (name: string) => tables.some((table) => table.table_name === name);
  if (has('proposal')) {
    const proposal = await call(base, tokens.secretariat, 'POST', '/api/v1/proposals', {
      title: 'Joint statement on the benchmark campaign',
      rationale: 'Coordinated inauthentic behaviour targets several members.',
      actionType: 'joint_statement',
      decisionRule: 'silence',
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    await call(base, tokens.secretariat, 'POST', `/api/v1/proposals/${proposal.id}/open`);
    scenarios.push({
      name: 'put a proposal reply (focal point)',
      url: base,
      writes: true,
      token: tokens.focalPoint,
      requests: [
        {
          method: 'PUT',
          path: `/api/v1/proposals/${proposal.id}/replies/FR`,
          body: JSON.stringify({ position: 'support', comment: 'France supports the statement.' }),
        },
      ],
    });
  }
  if (has('meeting')) {
    scenarios.push({
      name: 'list meetings (focal point)',
      url: base,
      token: tokens.focalPoint,
      path: '/api/v1/meetings',
    });
  }
  return scenarios;
}
