import type { Adapter, Dialect, Session } from '../adapters/types.js';
import type { CompiledNode } from '../compile/types.js';
import { errorMessage } from '../core/errors.js';

/** What `weir validate` found: every model's error with its file. */
export interface ValidationProblem {
  readonly node: string;
  readonly file: string;
  readonly message: string;
}

export interface ValidationOutcome {
  readonly checked: number;
  readonly problems: readonly ValidationProblem[];
}

/**
 * The dry run on engines without rolled-back DDL (Trino: a view created in a transaction is not
 * undone on every connector). Each model's query is bound with `validateQuery` (EXPLAIN (TYPE
 * VALIDATE)) in DAG order, and where it reads a model selected in this run, that model's own query
 * stands in its relation's place as a subquery, so a child sees its parent's new columns without
 * anything being created. Relations of models not selected are read as they are built.
 */
export async function validateInline(adapter: Adapter, session: Session, nodes: readonly CompiledNode[]): Promise<ValidationOutcome> {
  const problems: ValidationProblem[] = [];
  const inlined = new Map<string, string>();
  const byId = new Map(nodes.map((n) => [n.uniqueId, n]));
  for (const node of nodes) {
    const sql = inlineParents(adapter.dialect, node, inlined, byId);
    inlined.set(node.uniqueId, sql);
    try {
      await adapter.validateQuery!(session, sql);
    } catch (error) {
      problems.push({ node: node.uniqueId, file: node.path, message: errorMessage(error) });
    }
  }
  return { checked: nodes.length, problems };
}

/** The model's SQL with each selected parent's relation (as the dialect writes it) replaced by `(parent's query)`. */
function inlineParents(dialect: Dialect, node: CompiledNode, inlined: ReadonlyMap<string, string>, nodes: ReadonlyMap<string, CompiledNode>): string {
  let sql = node.compiledCode.replace(/[\s;]+$/, '');
  for (const parentId of node.dependsOn.nodes) {
    const parentSql = inlined.get(parentId);
    const parent = nodes.get(parentId);
    if (parentSql === undefined || !parent?.relation) continue;
    // Newlines keep a trailing `-- comment` in the parent from swallowing the closing parenthesis.
    sql = sql.split(dialect.relation(parent.relation)).join(`(\n${parentSql}\n)`);
  }
  return sql;
}
