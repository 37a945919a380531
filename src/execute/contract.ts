import type { ColumnInfo, RelationRef } from '../adapters/types.js';
import type { CompiledNode, Contract } from '../compile/types.js';
import { WeirError } from '../core/errors.js';
import type { MaterializeContext } from './types.js';

/**
 * Checks a freshly built relation (still under its temporary name) against the model's contract:
 * same column names (in any order) and the same types once the engine's dialect has normalised
 * aliases. Throws naming every difference, so the caller rolls back and the previous relation stays.
 */
export async function checkContractColumns(node: CompiledNode, context: MaterializeContext, built: RelationRef): Promise<void> {
  const contract = node.contract;
  if (!contract) return;
  const actual = await context.adapter.columns(context.session, built);
  const problems = contractDifferences(contract, actual, context.adapter.dialect.normalizeType);
  if (problems.length === 0) return;
  throw new WeirError(
    `The contract of model '${node.name}' is not met (${problems.length} difference${problems.length === 1 ? '' : 's'}); nothing was replaced:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    { hint: `change the model's SQL (cast a column, e.g. cast(x as integer)) or its columns in ${contract.file}` },
  );
}

/** The differences between a contract and the columns a model returned, one line each. */
export function contractDifferences(contract: Contract, actual: readonly ColumnInfo[], normalize: (type: string) => string): string[] {
  const problems: string[] = [];
  const byName = new Map(actual.map((c) => [c.name.toLowerCase(), c]));
  const declared = new Set(contract.columns.map((c) => c.name.toLowerCase()));
  for (const column of contract.columns) {
    const found = byName.get(column.name.toLowerCase());
    if (!found) problems.push(`missing column '${column.name}' (contract: ${column.dataType}): the model does not return it`);
    else if (!sameType(column.dataType, found.dataType, normalize)) {
      problems.push(`column '${column.name}' has type ${found.dataType}, the contract says ${column.dataType}`);
    }
  }
  for (const column of actual) {
    if (!declared.has(column.name.toLowerCase())) problems.push(`extra column '${column.name}' (${column.dataType}): not in the contract`);
  }
  return problems;
}

/** Equal once normalised; a type declared without parameters (`decimal`) matches any (`DECIMAL(18,3)`). */
function sameType(declared: string, actual: string, normalize: (type: string) => string): boolean {
  const want = normalize(declared);
  const got = normalize(actual);
  return want === got || (!want.includes('(') && got.replace(/\(.*\)$/, '') === want);
}

/**
 * Enforces the contract's constraints on a built table in one query: `not_null`, `check`, and
 * `unique` / `primary_key` (no duplicates, no nulls). `foreign_key` and `custom` are documentation.
 * `rows` checks what each row alone decides (for new incremental rows), `keys` only uniqueness.
 */
export async function checkConstraints(node: CompiledNode, context: MaterializeContext, built: RelationRef, scope: 'all' | 'rows' | 'keys'): Promise<void> {
  const checks = constraintChecks(node.contract, context.adapter.dialect.quoteIdentifier, context.adapter.dialect.relation(built), scope);
  if (checks.length === 0) return;
  const sql = `select ${checks.map((c, i) => `(${c.sql}) as c${i}`).join(',\n  ')}`;
  context.statements.push(sql);
  const { rows } = await context.session.query(sql);
  const broken = checks.map((c, i) => ({ ...c, count: Number(rows[0]?.[`c${i}`] ?? 0) })).filter((c) => c.count > 0);
  if (broken.length === 0) return;
  throw new WeirError(
    `Model '${node.name}' breaks its contract's constraints; nothing was replaced:\n${broken.map((b) => `  - ${b.describe(b.count)}`).join('\n')}`,
    { hint: `fix the rows in the model's SQL (filter or coalesce them), or the constraints in ${node.contract!.file}` },
  );
}

interface ConstraintCheck {
  readonly sql: string;
  describe(count: number): string;
}

function constraintChecks(contract: Contract | undefined, quote: (name: string) => string, relation: string, scope: 'all' | 'rows' | 'keys'): ConstraintCheck[] {
  const checks: ConstraintCheck[] = [];
  const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  const notNull = (column: string, type: string) => checks.push({
    sql: `select count(*) from ${relation} where ${quote(column)} is null`,
    describe: (n) => `column '${column}' is ${type}, but ${rows(n)} ha${n === 1 ? 's' : 've'} null`,
  });
  for (const c of contract?.constraints ?? []) {
    if (scope !== 'keys' && (c.type === 'not_null' || c.type === 'primary_key')) for (const column of c.columns) notNull(column, c.type);
    if (scope !== 'keys' && c.type === 'check') {
      checks.push({ sql: `select count(*) from ${relation} where not (${c.expression})`, describe: (n) => `check (${c.expression}) fails on ${rows(n)}` });
    }
    if (scope !== 'rows' && (c.type === 'unique' || c.type === 'primary_key')) {
      const cols = c.columns.map(quote).join(', ');
      checks.push({
        sql: `select count(*) from (select ${cols} from ${relation} where ${c.columns.map((x) => `${quote(x)} is not null`).join(' and ')} group by ${cols} having count(*) > 1) as duplicates`,
        describe: (n) => `${c.type} (${c.columns.join(', ')}): ${n} value${n === 1 ? '' : 's'} appear${n === 1 ? 's' : ''} more than once`,
      });
    }
  }
  return checks;
}
