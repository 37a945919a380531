import type { Adapter, ColumnInfo, Session } from '../adapters/types.js';
import { UsageError } from '../core/errors.js';
import { checkSide, diffKey, selectedForDiff, type DiffFlags, type ModelDiff } from './diff-checks.js';
import { hashDiff, type HashDiffSide } from './hash-diff.js';
import { openProject, type CommonOptions, type OpenedProject } from './open-project.js';
import { withColumnLineage } from './column-selection.js';
import { connect } from './run-project.js';

/** Rows of one side fetched from differing buckets unless --max-rows says otherwise. */
const DEFAULT_MAX_ROWS = 1_000_000;

/**
 * `weir diff -s model --target-b T`: each selected model's relation in this target (A) against
 * the same model's relation in target T (B), which may be another database or another engine.
 * The project is compiled for T too, so B's relation is where a build on T puts it.
 */
export async function diffTargets(options: CommonOptions, flags: DiffFlags & { targetB: string }): Promise<ModelDiff[]> {
  const opened = await withColumnLineage(openProject(options), options);
  const ids = selectedForDiff(opened, options);
  const openedB = openProject({ ...options, target: flags.targetB, state: undefined, partialParse: false });
  const [adapterA, adapterB] = [await connect(opened, 1), await connect(openedB, 1)];
  try {
    return await adapterA.withSession((sessionA) => adapterB.withSession(async (sessionB) => {
      const results: ModelDiff[] = [];
      for (const id of ids) {
        const node = opened.compiled.nodes.get(id)!;
        const nodeB = openedB.compiled.nodes.get(id);
        if (!nodeB?.relation) throw new UsageError(`${node.name} is not a model of target ${openedB.target.name}: nothing to compare it with`);
        const key = diffKey(node, flags.key);
        const sideA = await side(opened, adapterA, sessionA, node.relation!, key, node.name);
        const sideB = await side(openedB, adapterB, sessionB, nodeB.relation, key, node.name);
        const lower = (columns: readonly ColumnInfo[]) => new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
        const [namesA, namesB] = [lower(sideA.columns), lower(sideB.columns)];
        const keys = new Set(key.map((k) => k.toLowerCase()));
        const common = [...namesA.keys()].filter((c) => namesB.has(c) && !keys.has(c));
        const diff = await hashDiff({
          a: { ...sideA, key: key.map((k) => namesA.get(k.toLowerCase())!), compared: common.map((c) => namesA.get(c)!) },
          b: { ...sideB, key: key.map((k) => namesB.get(k.toLowerCase())!), compared: common.map((c) => namesB.get(c)!) },
          sampleSize: flags.sample,
          maxRows: flags.maxRows ?? DEFAULT_MAX_ROWS,
        });
        results.push({
          node: id, a: sideA.label, b: sideB.label, key,
          diff: {
            ...diff,
            columnsOnlyInA: sideA.columns.map((c) => c.name).filter((c) => !namesB.has(c.toLowerCase())),
            columnsOnlyInB: sideB.columns.map((c) => c.name).filter((c) => !namesA.has(c.toLowerCase())),
          },
        });
      }
      return results;
    }));
  } finally {
    await Promise.all([adapterA.close(), adapterB.close()]);
  }
}

async function side(opened: OpenedProject, adapter: Adapter, session: Session, ref: HashDiffSide['ref'], key: readonly string[], model: string) {
  const label = `${opened.dialect.relation(ref)} in ${opened.target.name} (${opened.target.type})`;
  const columns = await adapter.columns(session, ref);
  checkSide(opened.dialect.relation(ref), columns, key, model, ` in target ${opened.target.name}`);
  return { session, dialect: opened.dialect, ref, columns, label, key: [] as string[], compared: [] as string[] };
}
