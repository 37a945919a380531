import { createHash } from 'node:crypto';
import type { CompiledNode } from '../compile/types.js';

type ConstraintProperties = NonNullable<CompiledNode['constraints']>[number];

/** A constraint as dbt's manifest writes it, every key present (`columns` on model-level ones). */
export function constraintEntry(c: ConstraintProperties, modelLevel: boolean): Record<string, unknown> {
  return {
    type: c.type, name: c.name ?? null, expression: c.expression ?? null, warn_unenforced: c.warn_unenforced ?? true,
    warn_unsupported: c.warn_unsupported ?? true, to: c.to ?? null, to_columns: [...(c.to_columns ?? [])],
    ...(modelLevel ? { columns: [...(c.columns ?? [])] } : {}),
  };
}

/** Python's repr of what dbt hashes: None, True, 'text', [..]. */
function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const text = String(value);
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `[ColumnLevelConstraint(type=<ConstraintType.not_null: 'not_null'>, name=None, ...)]`, as str() prints dbt's dataclasses. */
function constraintsRepr(constraints: readonly ConstraintProperties[], modelLevel: boolean): string {
  const one = (c: ConstraintProperties) => {
    const { type, ...rest } = constraintEntry(c, modelLevel);
    const fields = Object.entries(rest).map(([k, v]) => `${k}=${pyRepr(v)}`);
    return `${modelLevel ? 'Model' : 'Column'}LevelConstraint(type=<ConstraintType.${String(type)}: '${String(type)}'>, ${fields.join(', ')})`;
  };
  return `[${constraints.map(one).join(', ')}]`;
}

/**
 * dbt's `contract` of a model: its checksum (build_contract_checksum) hashes each column's name, type
 * and constraints by name, then, where the materialization enforces constraints, the
 * materialization and the model's constraints, all as Python prints them.
 */
export function contractEntry(node: CompiledNode): { enforced: boolean; alias_types: boolean; checksum: string | null } {
  const config = node.config.contract as { enforced?: boolean; alias_types?: boolean } | undefined;
  const enforced = config?.enforced === true;
  let checksum: string | null = null;
  if (enforced) {
    let state = '';
    for (const column of Object.values(node.columns).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      state += `|${column.name}${column.data_type ?? 'None'}${constraintsRepr(column.constraints ?? [], false)}`;
    }
    if (node.config.materialized === 'table' || node.config.materialized === 'incremental') {
      state += `${node.config.materialized}${constraintsRepr(node.constraints ?? [], true)}`;
    }
    checksum = createHash('sha256').update(state, 'utf8').digest('hex');
  }
  return { enforced, alias_types: config?.alias_types ?? true, checksum };
}

/**
 * dbt's infer_primary_key: a primary_key constraint's columns, else a column's, else the columns
 * with both a unique and a not_null test, else those with a unique test (or
 * dbt_utils.unique_combination_of_columns).
 */
export function primaryKey(node: CompiledNode, tests: readonly CompiledNode[]): string[] {
  const modelKey = (node.constraints ?? []).find((c) => c.type === 'primary_key');
  if (modelKey) return [...(modelKey.columns ?? [])];
  for (const [name, column] of Object.entries(node.columns)) if ((column.constraints ?? []).some((c) => c.type === 'primary_key')) return [name];
  const unique = new Set<string>();
  const notNull = new Set<string>();
  for (const test of tests) {
    if (test.test?.type !== 'generic') continue;
    const { name, kwargs } = test.test.metadata as { name: string; kwargs: Record<string, unknown> };
    const columns = typeof kwargs.column_name === 'string' ? [kwargs.column_name]
      : Array.isArray(kwargs.combination_of_columns) ? kwargs.combination_of_columns.filter((c): c is string => typeof c === 'string') : [];
    for (const column of columns) {
      if (name === 'unique' || name === 'unique_combination_of_columns') unique.add(column);
      else if (name === 'not_null') notNull.add(column);
    }
  }
  const both = [...notNull].filter((c) => unique.has(c));
  return both.length > 0 ? both : [...unique];
}
