import { judge } from '../../testing/thresholds.js';
import type { CompiledNode } from '../../compile/types.js';
import { didYouMean } from '../../core/closest.js';
import { WeirError } from '../../core/errors.js';
import type { Materialize, MaterializeContext } from '../types.js';
import { inTransaction, run } from '../statements.js';

const SAMPLE_ROWS = 5;

/**
 * A data test is one query returning failing rows: count them (within `limit`), judge the count
 * against severity and thresholds, and keep the first rows to show a person what is wrong.
 */
export const runDataTest: Materialize = async (node, context) => {
  const { session, adapter } = context;
  const limit = typeof node.config.limit === 'number' ? node.config.limit : undefined;
  const failing = limit === undefined ? node.compiledCode : adapter.dialect.limit(node.compiledCode, limit);
  // dbt's fail_calc: what counts as failures (dbt_utils.equality sums its diff counts); none when no row.
  const failCalc = typeof node.config.fail_calc === 'string' ? node.config.fail_calc : 'count(*)';
  const countSql = `select ${failCalc} as failures from (\n${failing}\n) as weir_test`;
  context.statements.push(countSql);
  let rows: Awaited<ReturnType<typeof session.query>>['rows'];
  try {
    ({ rows } = await session.query(countSql));
  } catch (error) {
    throw await explainMissingColumn(node, context, error);
  }
  const failures = Number(rows[0]?.failures ?? 0);
  const status = judge(failures, {
    severity: node.config.severity === 'warn' ? 'warn' : 'error',
    warn_if: String(node.config.warn_if ?? DEFAULT_THRESHOLD),
    error_if: String(node.config.error_if ?? DEFAULT_THRESHOLD),
  });
  const sample = failures > 0 ? await session.query(adapter.dialect.limit(failing, SAMPLE_ROWS)) : undefined;
  if (storesFailures(node, context.storeFailures)) await storeFailures(node, context, failing);
  const action = status === 'pass' ? 'passed' : testMessage(node, failures, status);
  return { rowsAffected: undefined, action, test: { status, failures, sample } };
};

/** dbt's default warn_if and error_if, as it writes them. */
const DEFAULT_THRESHOLD = '!= 0';

/**
 * dbt's message for a test that warns or fails: "Got 0 results, configured to fail if <1". A warning
 * turned into a failure (--warn-error) names warn_if, as dbt does.
 */
export function testMessage(node: CompiledNode, failures: number, status: 'warn' | 'fail', warningFailed = false): string {
  const got = `Got ${failures} result${failures === 1 ? '' : 's'}`;
  const errorIf = status === 'fail' && !warningFailed;
  const threshold = String((errorIf ? node.config.error_if : node.config.warn_if) ?? DEFAULT_THRESHOLD);
  return `${got}, configured to ${status} if ${threshold}`;
}

/** A test on a column the model does not have fails in SQL; say that plainly, naming both. */
async function explainMissingColumn(node: CompiledNode, context: MaterializeContext, error: unknown): Promise<unknown> {
  const column = node.test?.columnName;
  const relation = node.test?.type === 'generic' ? node.test.attachedRelation : undefined;
  if (!column || !relation) return error;
  const columns = await context.adapter.columns(context.session, relation).catch(() => undefined);
  if (!columns || columns.length === 0 || columns.some((c) => c.name.toLowerCase() === column.toLowerCase())) return error;
  const model = node.test?.attachedNode?.split('.').pop();
  const close = didYouMean(column, columns.map((c) => c.name));
  return new WeirError(`test '${node.name}' is on column '${column}', which '${model}' does not have`, {
    hint: `${close ? `${close} ` : ''}its columns: ${columns.map((c) => c.name).join(', ')}; fix the column name in ${node.path}`,
    cause: error,
  });
}

/** The schema failing rows are stored in, as dbt names it: `<target schema>_dbt_test__audit`. */
export function auditSchema(targetSchema: string): string {
  return `${targetSchema}_dbt_test__audit`;
}

/**
 * `store_failures: true`: the failing rows (all of them, within `limit`) land in a table named
 * after the test, replaced on every run, so a person can query them after the run.
 */
async function storeFailures(node: CompiledNode, context: MaterializeContext, failing: string): Promise<void> {
  const { adapter } = context;
  // A long test name has dbt's short alias (see compile/test-names.ts): PostgreSQL cuts identifiers at 63.
  const ref = { schema: auditSchema(adapter.defaultSchema), identifier: typeof node.config.alias === 'string' ? node.config.alias : node.name };
  await adapter.ensureSchema(context.session, ref.schema);
  await inTransaction(context, async () => {
    await run(context, adapter.dialect.drop('table', ref));
    await run(context, adapter.dialect.createTableAs(ref, failing));
  });
}

/** dbt's should_store_failures(): the test's own config wins; unset, the --store-failures flag decides. */
export function storesFailures(node: CompiledNode, flag: boolean | undefined): boolean {
  const own = node.config.store_failures;
  return own === true || ((own === undefined || own === null) && flag === true);
}
