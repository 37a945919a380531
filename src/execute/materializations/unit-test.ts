import { runUnitTest } from '../../testing/run-unit-test.js';
import type { Materialize } from '../types.js';
import { WeirError } from '../../core/errors.js';

/**
 * A unit test runs on its sandbox (the context's adapter): an in-memory DuckDB, or on PostgreSQL
 * the warehouse in a transaction that is rolled back. Its verdict is pass or fail, and a failure's
 * message is the diff of rows.
 */
export const runUnitTestNode: Materialize = async (node, context) => {
  if (node.unitTest?.deferredError) throw new WeirError(`unit test '${node.unitTest.name}' (${node.unitTest.place}): ${node.unitTest.deferredError}`);
  const outcome = await runUnitTest(node.unitTest!, {
    adapter: context.adapter,
    session: context.session,
    record: (sql) => context.statements.push(sql),
    catalog: context.catalog,
    rollback: context.adapter.type === 'postgres',
  });
  return { rowsAffected: undefined, action: outcome.message, test: { status: outcome.status, failures: outcome.differences, sample: undefined } };
};
