import { UsageError } from '../core/errors.js';
import { diffRelations } from './data-diff.js';
import { openProject, type CommonOptions } from './open-project.js';
import { diffTargets } from './diff-targets.js';
import { checkSide, diffKey, selectedForDiff, type DiffFlags, type ModelDiff } from './diff-checks.js';
import { withColumnLineage } from './column-selection.js';
import { connect } from './run-project.js';

export type { DiffFlags, ModelDiff };

/**
 * `weir diff -s model --state DIR`: each selected model's relation in this target (A) against
 * the relation the other run's manifest names for it (B), on this target's connection.
 * With --target-b, see diff-targets.ts.
 */
export async function diffModels(options: CommonOptions, flags: DiffFlags): Promise<ModelDiff[]> {
  if (flags.targetB !== undefined) return diffTargets(options, { ...flags, targetB: flags.targetB });
  if (!options.state) throw new UsageError('weir diff compares with another run: pass --state <dir>, a folder holding its manifest.json');
  const opened = await withColumnLineage(openProject(options), options);
  const ids = selectedForDiff(opened, options);
  const adapter = await connect(opened, 1);
  try {
    return await adapter.withSession(async (session) => {
      const results: ModelDiff[] = [];
      for (const id of ids) {
        const node = opened.compiled.nodes.get(id)!;
        const b = opened.previousState!.relations.get(id);
        if (!b) throw new UsageError(`${node.name} is not in ${opened.previousState!.manifestPath}: nothing to compare it with`);
        const key = diffKey(node, flags.key);
        const a = node.relation!;
        const [columnsA, columnsB] = [await adapter.columns(session, a), await adapter.columns(session, b)];
        checkSide(opened.dialect.relation(a), columnsA, key, node.name);
        checkSide(opened.dialect.relation(b), columnsB, key, node.name);
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
