import { operations, relationDatabase } from '../compile/index.js';
import { operationFailure } from './operation-failure.js';
import { didYouMean } from '../core/closest.js';
import { UsageError } from '../core/errors.js';
import { sessionWarehouse } from '../execute/warehouse.js';
import { openProject, type CommonOptions } from './open-project.js';
import { connect } from './run-project.js';

/**
 * `weir run-operation <macro> --args '{...}'`: the macro runs with `execute` true on one session,
 * as dbt runs it; what it logs is shown, and a failure is an error naming the macro's file and line.
 */
export async function runOperation(options: CommonOptions, macro: string, args: Readonly<Record<string, unknown>>): Promise<void> {
  const opened = openProject({ ...options, command: 'run-operation' });
  const ops = operations(opened.project, opened.compiled, opened.compileOptions);
  const defined = ops.macros.find((m) => m.name === macro);
  if (!defined) {
    const close = didYouMean(macro, ops.macros.map((m) => m.name));
    throw new UsageError(`run-operation: there is no macro '${macro}' in this project`, {
      hint: close ?? 'define it with {% macro ' + macro + '(...) %} in a .sql file under macros/',
    });
  }
  const adapter = await connect(opened, 1);
  try {
    await adapter.withSession((session) =>
      ops.render({ kind: 'macro', name: defined.call, args }, defined.path, sessionWarehouse(adapter, session, relationDatabase(opened.project, opened.target))));
  } catch (error) {
    throw operationFailure(error, `macro '${macro}'`);
  } finally {
    await adapter.close();
  }
  options.logger.log({ level: 'info', code: 'operation_done', message: `Ran macro '${macro}' (${defined.path})`, data: { macro } });
}
