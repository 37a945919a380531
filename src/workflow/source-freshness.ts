import { buildSourcesArtifact, writeArtifact, type FreshnessEntry } from '../artifacts/index.js';
import type { CompiledNode, FreshnessPeriod } from '../compile/types.js';
import { errorMessage } from '../core/errors.js';
import { openProject, selectForCommand, type CommonOptions } from './open-project.js';
import { connect } from './run-project.js';

export type FreshnessStatus = 'pass' | 'warn' | 'error' | 'runtime error';

export interface FreshnessResult extends FreshnessEntry {
  readonly source: string;
}

const SECONDS: Record<FreshnessPeriod['period'], number> = { minute: 60, hour: 3600, day: 86_400 };

/** pass / warn / error for a table whose newest row is `ageSeconds` old, as dbt's source freshness. */
export function freshnessStatus(ageSeconds: number, criteria: FreshnessResult['criteria']): 'pass' | 'warn' | 'error' {
  const limit = (p: FreshnessPeriod | undefined) => (p ? p.count * SECONDS[p.period] : Infinity);
  if (ageSeconds > limit(criteria.errorAfter)) return 'error';
  if (ageSeconds > limit(criteria.warnAfter)) return 'warn';
  return 'pass';
}

/**
 * `weir source freshness`: for each selected source with `loaded_at_field` and `freshness`, how old
 * its newest row is, against warn_after / error_after. Writes target/sources.json as dbt does.
 */
export async function sourceFreshness(options: CommonOptions): Promise<FreshnessResult[]> {
  const opened = openProject(options);
  const selected = [...selectForCommand(opened, options, ['source'], false)]
    .map((id) => opened.compiled.nodes.get(id)!)
    // Without loaded_at_field there is nothing to measure on these engines (dbt skips such a source too).
    .filter((n): n is CompiledNode & { freshness: NonNullable<CompiledNode['freshness']> & { loadedAtField: string } } => n.freshness?.loadedAtField !== undefined);
  const adapter = await connect(opened, 1);
  const results: FreshnessResult[] = [];
  const snapshotted = new Date();
  const started = performance.now();
  try {
    for (const node of selected) {
      const { freshness } = node;
      const criteria = { warnAfter: freshness.warnAfter, errorAfter: freshness.errorAfter, filter: freshness.filter };
      const startedAt = new Date().toISOString();
      const timed = <T extends object>(r: T) => ({ ...r, startedAt, completedAt: new Date().toISOString() });
      const base = { uniqueId: node.uniqueId, source: `${node.sourceName}.${node.name}`, criteria };
      const sql = `select max(${freshness.loadedAtField}) as max_loaded_at from ${opened.dialect.relation(node.relation!)}${freshness.filter ? ` where ${freshness.filter}` : ''}`;
      try {
        const { rows } = await adapter.withSession((s) => s.query(sql));
        const value = rows[0]?.max_loaded_at;
        if (value === null || value === undefined) {
          results.push(timed({ ...base, status: 'error', maxLoadedAt: undefined, ageSeconds: undefined, message: `no rows with ${freshness.loadedAtField} in ${node.relation!.schema}.${node.relation!.identifier}` }));
          continue;
        }
        const at = value instanceof Date ? value : new Date(String(value));
        const age = Math.max(0, (snapshotted.getTime() - at.getTime()) / 1000);
        const status = freshnessStatus(age, criteria);
        results.push(timed({ ...base, status, maxLoadedAt: at.toISOString(), ageSeconds: age, message: `newest ${freshness.loadedAtField} is ${describeAge(age)} old (${at.toISOString()})` }));
      } catch (error) {
        results.push(timed({ ...base, status: 'runtime error', maxLoadedAt: undefined, ageSeconds: undefined, message: `${errorMessage(error).split('\n')[0]} (SQL: ${sql})` }));
      }
    }
  } finally {
    await adapter.close();
  }
  await writeArtifact(opened.project.targetDir, 'sources.json', buildSourcesArtifact(results, {
    invocationId: opened.invocationId, snapshottedAt: snapshotted, elapsedTime: (performance.now() - started) / 1000,
  }));
  return results;
}

function describeAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}
