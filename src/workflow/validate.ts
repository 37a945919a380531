import type { Adapter, Session } from '../adapters/types.js';
import type { CompiledNode } from '../compile/types.js';
import { errorMessage } from '../core/errors.js';
import { openProject, selectForCommand, type CommonOptions } from './open-project.js';
import { withColumnLineage } from './column-selection.js';
import { connect } from './run-project.js';
import { validateInline, type ValidationOutcome, type ValidationProblem } from './validate-inline.js';

export type { ValidationOutcome, ValidationProblem };

/**
 * A dry run: every selected model is bound by the warehouse, in DAG order, as a view in its own
 * relation's place (so a child sees its parent's new columns), inside one transaction that is
 * always rolled back. Binding reads no rows. A model that fails is reported and the transaction
 * is started again with the models bound so far, so every mistake is found in one run.
 * Engines that cannot roll DDL back bind queries instead (validate-inline.ts).
 */
export async function validateProject(options: CommonOptions): Promise<ValidationOutcome> {
  const opened = await withColumnLineage(openProject(options), options);
  const selected = selectForCommand(opened, options, ['model', 'snapshot'], true);
  const nodes = [...selected].map((id) => opened.compiled.nodes.get(id)!).filter((n) => n.resourceType === 'model');
  const adapter = await connect(opened, 1);
  try {
    return await adapter.withSession((session) => (adapter.validateQuery ? validateInline(adapter, session, nodes) : bindAll(adapter, session, nodes)));
  } finally {
    await adapter.close();
  }
}

async function bindAll(adapter: Adapter, session: Session, nodes: readonly CompiledNode[]): Promise<ValidationOutcome> {
  const problems: ValidationProblem[] = [];
  const bound: string[][] = [];
  await session.execute('begin');
  try {
    for (const node of nodes) {
      const statements = await placeView(adapter, session, node);
      try {
        for (const sql of statements) await session.execute(sql);
        bound.push(statements);
      } catch (error) {
        problems.push({ node: node.uniqueId, file: node.path, message: errorMessage(error) });
        // The failed statement aborted the transaction: start again with what bound before it.
        await session.execute('rollback');
        await session.execute('begin');
        for (const replay of bound) for (const sql of replay) await session.execute(sql);
      }
    }
  } finally {
    await session.execute('rollback');
  }
  return { checked: nodes.length, problems };
}

/** Statements that put the model's query, as a view, where its relation is (dropping what is there). */
async function placeView(adapter: Adapter, session: Session, node: CompiledNode): Promise<string[]> {
  const { dialect } = adapter;
  const ref = node.relation!;
  const existing = await adapter.relationKind(session, ref);
  return [
    `create schema if not exists ${dialect.quoteIdentifier(ref.schema)}`,
    // PostgreSQL refuses to drop a relation other views read; the transaction is rolled back anyway.
    ...(existing ? [`${dialect.drop(existing, ref)}${adapter.type === 'postgres' ? ' cascade' : ''}`] : []),
    dialect.createView(ref, node.compiledCode),
  ];
}
