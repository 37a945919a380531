import type { Adapter, Dialect, Session } from '../adapters/types.js';
import type { CompiledNode } from '../compile/types.js';
import { DatabaseError, errorMessage, type SqlPosition } from '../core/errors.js';

/** What `weir validate` found: every model's error with its file. */
export interface ValidationProblem {
  readonly node: string;
  readonly file: string;
  readonly message: string;
  /** Where the engine located it, when it did: the file's line (or only the compiled SQL's) and the column. */
  readonly line?: number;
  readonly compiledLine?: number;
  readonly column?: number;
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
    const query = inlineParents(adapter.dialect, node, inlined, byId);
    inlined.set(node.uniqueId, query.sql);
    try {
      await adapter.validateQuery!(session, query.sql);
    } catch (error) {
      const at = error instanceof DatabaseError && error.position ? query.own(offsetOf(query.sql, error.position)) : undefined;
      problems.push(at === undefined ? { node: node.uniqueId, file: node.path, message: errorMessage(error) } : located(node, at, errorMessage(error)));
    }
  }
  return { checked: nodes.length, problems };
}

/**
 * The model's SQL with each selected parent's relation (as the dialect writes it) replaced by
 * `(parent's query)`, and `own`: for an offset in it, the offset in the model's own SQL
 * (undefined inside a parent's query).
 */
function inlineParents(dialect: Dialect, node: CompiledNode, inlined: ReadonlyMap<string, string>, nodes: ReadonlyMap<string, CompiledNode>) {
  const own = node.compiledCode.replace(/[\s;]+$/, '');
  const swaps = node.dependsOn.nodes.flatMap((id) => {
    const parentSql = inlined.get(id);
    const parent = nodes.get(id);
    // Newlines keep a trailing `-- comment` in the parent from swallowing the closing parenthesis.
    return parentSql !== undefined && parent?.relation ? [{ name: dialect.relation(parent.relation), sql: `(\n${parentSql}\n)` }] : [];
  });
  let sql = '';
  const pieces: Array<{ readonly at: number; readonly from: number; readonly length: number }> = [];
  for (let from = 0; ;) {
    const next = swaps.map((swap) => ({ swap, index: own.indexOf(swap.name, from) })).filter((f) => f.index >= 0).sort((a, b) => a.index - b.index)[0];
    const end = next?.index ?? own.length;
    pieces.push({ at: sql.length, from, length: end - from });
    sql += own.slice(from, end);
    if (!next) break;
    sql += next.swap.sql;
    from = end + next.swap.name.length;
  }
  const ownOffset = (offset: number) => {
    const piece = pieces.find((p) => offset >= p.at && offset <= p.at + p.length);
    return piece && piece.from + offset - piece.at;
  };
  return { sql, own: ownOffset };
}

/** The 0-based offset of a 1-based line and column in `sql`. */
function offsetOf(sql: string, at: SqlPosition): number {
  let offset = 0;
  for (let line = 1; line < at.line; line++) offset = sql.indexOf('\n', offset) + 1;
  return offset + at.column - 1;
}

/**
 * A problem at `offset` of the model's compiled SQL: its line and column there, and the source
 * file's line when the template rendered line for line (same number of lines: Jinja that spans
 * lines, such as a `{% for %}` block, shifts them, and then the compiled line is given).
 */
function located(node: CompiledNode, offset: number, message: string): ValidationProblem {
  const sql = node.compiledCode;
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const text = sql.split('\n')[line - 1] ?? '';
  const lineForLine = node.rawCode.replace(/\s+$/, '').split('\n').length === sql.replace(/\s+$/, '').split('\n').length;
  // With the file's line, the caller writes file:line:column; else the compiled SQL's line is said here.
  const where = lineForLine ? '' : `line ${line}, column ${column} of the compiled SQL: `;
  return {
    node: node.uniqueId, file: node.path, message: `${where}${message}\n  ${text}\n  ${' '.repeat(Math.max(0, column - 1))}^`,
    ...(lineForLine ? { line } : { compiledLine: line }), column,
  };
}
