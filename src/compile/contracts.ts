import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import type { ConstraintProperties } from '../project/column-schema.js';
import type { NodeProperties } from '../project/schemas.js';
import type { Located } from '../project/types.js';
import type { Contract, ResolvedConfig } from './types.js';

type LineOf = (file: string, fromLine: number | undefined, word: string) => number | undefined;

/**
 * `contract: {enforced: true}`: every column needs a `data_type`, constraints must name declared
 * columns, and the model must be built (a view, table or incremental). Mistakes are diagnostics
 * pointing at the properties file; a good contract becomes plain data the build checks against.
 */
export function compileContract(
  model: { readonly name: string; readonly path: string; readonly config: ResolvedConfig },
  props: Located<NodeProperties> | undefined,
  lineOf: LineOf,
  diagnostics: Diagnostic[],
): Contract | undefined {
  const enforced = (model.config.contract as { enforced?: boolean } | undefined)?.enforced === true;
  if (!enforced) return undefined;
  const error = (message: string, hint: string, file = props?.file ?? model.path, line?: number) =>
    void diagnostics.push({ severity: 'error', file, ...(line ? { line } : {}), message, hint });
  if (model.config.materialized === 'ephemeral') {
    return error(`model '${model.name}' enforces a contract but is ephemeral, so nothing is built to check`, "materialize it as a view, table or incremental, or set contract: {enforced: false}");
  }
  const columns = props?.value.columns ?? [];
  if (!props || columns.length === 0) {
    return error(`model '${model.name}' enforces a contract but declares no columns`, `list its columns with name and data_type under 'columns:' in a properties file (models/*.yml)`, props?.file ?? model.path, props?.line);
  }
  const file = props.file;
  const untyped = columns.filter((c) => !c.data_type?.trim());
  for (const column of untyped) {
    error(`column '${column.name}' of model '${model.name}' has no data_type, and the model enforces a contract`, `add data_type (e.g. data_type: integer) to '${column.name}', or remove the column from the contract`, file, lineOf(file, props.line, column.name));
  }
  const names = columns.map((c) => c.name);
  const constraints: Array<Contract['constraints'][number]> = [];
  const add = (constraint: ConstraintProperties, columnsOf: string[], near: string) => {
    const line = lineOf(file, props.line, near);
    if (constraint.type === 'check' && !constraint.expression?.trim()) {
      return error(`a check constraint on model '${model.name}' has no expression`, "write it like {type: check, expression: 'amount >= 0'}", file, line);
    }
    if ((constraint.type === 'not_null' || constraint.type === 'unique' || constraint.type === 'primary_key') && columnsOf.length === 0) {
      return error(`a ${constraint.type} constraint on model '${model.name}' names no column`, `declare it under the column, or give columns: [...]`, file, line);
    }
    for (const column of columnsOf) {
      if (names.some((n) => n.toLowerCase() === column.toLowerCase())) continue;
      error(`a ${constraint.type} constraint on model '${model.name}' names column '${column}', which the contract does not declare`, didYouMean(column, names) ?? `declared columns: ${names.join(', ')}`, file, line);
    }
    constraints.push({ type: constraint.type, columns: columnsOf, expression: constraint.expression });
  };
  for (const column of columns) for (const c of column.constraints ?? []) add(c, c.columns ?? [column.name], column.name);
  for (const c of props.value.constraints ?? []) add(c, c.columns ?? [], c.type);
  if (untyped.length > 0) return undefined;
  return { columns: columns.map((c) => ({ name: c.name, dataType: c.data_type!.trim() })), constraints, file };
}
