import { createHash } from 'node:crypto';
import { pythonStr } from '../jinja/index.js';

/**
 * dbt's synthesize_generic_test_names: the test's full name (its node name and unique_id) and the
 * short name its compiled file and stored-failures table get when the full one has 64 characters
 * or more (the first 30 of `<test>_<target>` and the md5 of the full name), since PostgreSQL cuts
 * identifiers at 63. Arguments count in the order of their names, each value printed as Python
 * prints it, so a project's tests are named exactly as dbt names them.
 */
export function genericTestNames(test: TestNaming): { readonly name: string; readonly alias: string } {
  if (typeof test.args.name === 'string' && test.args.name !== '') return { name: test.args.name, alias: test.args.name };
  const args: Record<string, unknown> = { ...test.args };
  delete args.name;
  delete args.description;
  if (test.column !== undefined) args.column_name = test.column;
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [value];
    flat.push(...parts.map((part) => pythonStr(part)));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const prefix = test.namespace ? `${test.namespace}_` : '';
  const identifier = `${prefix}${test.onSource ? 'source_' : ''}${test.test}_${test.target}`;
  const full = `${identifier}_${unique}`;
  if (full.length < 64) return { name: full, alias: full };
  return { name: full, alias: `${identifier.slice(0, 30)}_${createHash('md5').update(full).digest('hex')}` };
}

export interface TestNaming {
  /** The test's name without its package (`unique`, `expression_is_true`). */
  readonly test: string;
  /** `dbt_utils` in `dbt_utils.expression_is_true`. */
  readonly namespace?: string | undefined;
  /** The model or seed name; `<source>_<table>` for a source table. */
  readonly target: string;
  readonly onSource: boolean;
  readonly column: string | undefined;
  /** The test's arguments, without its config keys. */
  readonly args: Readonly<Record<string, unknown>>;
}
