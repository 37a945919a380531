import { UsageError } from '../core/errors.js';
import { diffRelations, type DataDiff } from './data-diff.js';
import { openProject, selectForCommand, type CommonOptions } from './open-project.js';
import { withColumnLineage } from './column-selection.js';
import { connect } from './run-project.js';

export interface ModelDiff {
  readonly node: string;
  readonly a: string;
  readonly b: string;
  readonly key: readonly string[];
  readonly diff: DataDiff;
}

/**
 * `weir diff -s model --state DIR`: each selected model's relation in this target (A) against
 * the relation the other run's manifest names for it (B), on this target's connection.
 */
export async function diffModels(options: CommonOptions, flags: { key?: readonly string[] | undefined; sample: number }): Promise<ModelDiff[]> {
  if (!options.state) throw new UsageError('weir diff compares with another run: pass --state <dir>, a folder holding its manifest.json');
  const opened = await withColumnLineage(openProject(options), options);
  const ids = [...selectForCommand(opened, options, ['model', 'seed', 'snapshot'], true)];
  if (ids.length === 0) throw new UsageError('weir diff needs --select naming the models to compare');
  const adapter = await connect(opened, 1);
  try {
    return await adapter.withSession(async (session) => {
      const results: ModelDiff[] = [];
      for (const id of ids) {
        const node = opened.compiled.nodes.get(id)!;
        const b = opened.previousState!.relations.get(id);
        if (!b) throw new UsageError(`${node.name} is not in ${opened.previousState!.manifestPath}: nothing to compare it with`);
        const key = flags.key?.length ? flags.key : node.config.unique_key;
        if (!key?.length) throw new UsageError(`${node.name} has no unique_key: say which columns identify a row with --key`, { hint: 'for example --key order_id' });
        const a = node.relation!;
        const [columnsA, columnsB] = [await adapter.columns(session, a), await adapter.columns(session, b)];
        for (const [ref, columns] of [[a, columnsA], [b, columnsB]] as const) {
          if (columns.length === 0) throw new UsageError(`${opened.dialect.relation(ref)} does not exist: build ${node.name} there first`);
          const missing = key.filter((k) => !columns.some((c) => c.name.toLowerCase() === k.toLowerCase()));
          if (missing.length) throw new UsageError(`${opened.dialect.relation(ref)} has no column ${missing.join(', ')} to match rows on`);
        }
        const diff = await diffRelations(session, opened.dialect, {
          a, b, key, columnsA: columnsA.map((c) => c.name), columnsB: columnsB.map((c) => c.name), sampleSize: flags.sample,
        });
        results.push({ node: id, a: opened.dialect.relation(a), b: opened.dialect.relation(b), key, diff });
      }
      return results;
    });
  } finally {
    await adapter.close();
  }
}

/** Whether any of the diffs found a difference (for --fail-on-diff). */
export function anyDifference(diffs: readonly ModelDiff[]): boolean {
  return diffs.some(({ diff }) => diff.onlyInA + diff.onlyInB + diff.changed > 0 || diff.rowsA !== diff.rowsB
    || diff.columnsOnlyInA.length + diff.columnsOnlyInB.length > 0);
}
