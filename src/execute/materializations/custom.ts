import type { MaterializationRunner } from '../../compile/materialization-render.js';
import { throwIfInterrupted, WeirError } from '../../core/errors.js';
import type { Warehouse } from '../../dbt-context/index.js';
import type { Materialize, MaterializeContext } from '../types.js';
import { sessionWarehouse } from '../warehouse.js';

/**
 * A `{% materialization %}` block run as dbt runs it: its statements on the node's session, each
 * `statement()` opening a transaction when none is open (auto_begin), `adapter.commit()` ending it.
 * What is left uncommitted at the end is rolled back, as dbt does when it releases the connection;
 * on a failure too, so a materialization written as dbt's leaves the previous relation as it was.
 */
export function customMaterialization(runner: MaterializationRunner, database: string | undefined): Materialize {
  return async (node, context) => {
    const session = transactionalWarehouse(context, sessionWarehouse(context.adapter, context.session, database));
    try {
      const outcome = await runner.run(node, session.warehouse);
      for (const event of outcome.logs) context.ingest.logger.log(event);
      if (session.isOpen()) {
        await session.rollback();
        context.ingest.logger.log({
          level: 'warn', code: 'materialization_uncommitted', data: { uniqueId: node.uniqueId },
          message: `materialization '${node.config.materialized}' of ${node.path} ended without {{ adapter.commit() }}: what it ran since its last commit was rolled back, as dbt does`,
        });
      }
      return {
        rowsAffected: outcome.response?.rowsAffected ?? undefined,
        action: outcome.response ? `${outcome.response.message} (${node.config.materialized})` : `built by materialization '${node.config.materialized}'`,
        relations: outcome.relations,
      };
    } catch (error) {
      if (session.isOpen()) await session.rollback().catch(() => undefined);
      throw error;
    }
  };
}

const CONTROL = /^\s*(begin|start\s+transaction|commit|end|rollback|abort)\b[\s;]*$/i;

/** The node's session as the materialization sees it, keeping track of the transaction its statements open. */
function transactionalWarehouse(context: MaterializeContext, base: Warehouse) {
  let open = false;
  const run = async (sql: string) => {
    throwIfInterrupted(context.signal);
    context.statements.push(sql);
    return context.session.execute(sql);
  };
  const warehouse: Warehouse = {
    ...base,
    async run(sql, fetch, autoBegin) {
      throwIfInterrupted(context.signal);
      if (autoBegin && !open) {
        await run('begin');
        open = true;
      }
      // A statement that is itself begin/commit (dbt's run_hooks sends `commit;`) moves the transaction too.
      const control = CONTROL.exec(sql)?.[1]?.toLowerCase();
      context.statements.push(sql);
      const outcome = await base.run(sql, fetch);
      if (control) open = control === 'begin' || control.startsWith('start');
      return outcome;
    },
    async commit() {
      if (!open) throw new WeirError('adapter.commit() was called but no transaction is open (a statement with auto_begin=True opens one)');
      await run('commit');
      open = false;
    },
  };
  return {
    warehouse,
    isOpen: () => open,
    async rollback() {
      open = false;
      context.statements.push('rollback');
      await context.session.execute('rollback');
    },
  };
}
