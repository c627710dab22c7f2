import type { DataSource } from 'typeorm';
import type { Scenario } from './load.js';

/** Scenarios of features beyond notices; each is measured only when its feature is there. */
export async function extraScenarios(
  dataSource: DataSource,
  base: string,
  tokens: { focalPoint: string; secretariat: string },
): Promise<Scenario[]> {
  void dataSource;
  void base;
  void tokens;
  return [];
}
