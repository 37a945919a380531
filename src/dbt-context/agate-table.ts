/**
 * What dbt's `run_query()` and `load_result(...).table` return: an agate Table, as far as
 * templates use it. `table.rows[0][0]`, `row['name']`, `table.columns[0].values()`,
 * `table.columns['name'].values()`, `table.column_names`, `for row in table.rows`, `print_table()`.
 */
import { PyDateTime, pythonDateTime, pythonStr, tuple } from '../jinja/index.js';

/** A database value as a template sees it (agate's types: numbers, text, datetimes, booleans, None). */
export function pythonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return pythonDateTime(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'toString' in value && !isPlain(value)) return String(value);
  return value;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A sequence also reachable by name (agate's MappedSequence): a list with named fields. */
function mapped<T>(values: T[], names: readonly string[], extra: Record<string, unknown>): T[] {
  const list = tuple(values);
  names.forEach((name, i) => {
    if (!/^\d+$/.test(name) && !(name in list)) Object.defineProperty(list, name, { value: values[i], enumerable: false });
  });
  for (const [key, value] of Object.entries(extra)) Object.defineProperty(list, key, { value, enumerable: false });
  // agate's MappedSequence is also a Mapping: dbt_utils' get_query_results_as_dict reads columns.items().
  const mapping: Record<string, unknown> = {
    keys: () => tuple([...names]),
    items: () => tuple(names.map((name, i) => tuple([name, values[i]]))),
    get: (key: unknown, fallback: unknown = null) => {
      const i = names.indexOf(String(key));
      return i >= 0 ? values[i] : fallback;
    },
  };
  for (const [key, value] of Object.entries(mapping)) if (!(key in list)) Object.defineProperty(list, key, { value, enumerable: false });
  return list;
}

/** agate's Column (Python's class name, for messages). */
class Column {
  constructor(
    readonly name: string,
    private readonly cells: readonly unknown[],
    readonly data_type: string,
  ) {}
  values(): unknown[] {
    return tuple([...this.cells]);
  }
  values_without_nulls(): unknown[] {
    return tuple(this.cells.filter((v) => v !== null));
  }
  toString(): string {
    return `<agate.Column: ${this.name}>`;
  }
}

/** agate's Table (Python's class name, for messages). */
class Table {
  readonly column_names: string[];
  readonly rows: unknown[][];
  readonly columns: Column[];
  readonly column_types: string[];

  constructor(names: readonly string[], records: ReadonlyArray<Readonly<Record<string, unknown>>>) {
    const cells = records.map((r) => names.map((n) => pythonValue(r[n])));
    this.column_names = tuple([...names]);
    this.column_types = tuple(names.map((_n, i) => agateType(cells.map((row) => row[i]))));
    this.rows = tuple(cells.map((row) => mapped(row, names, rowMethods(names, row))));
    this.columns = mapped(names.map((n, i) => new Column(n, cells.map((row) => row[i]), this.column_types[i]!)), names, {});
  }

  /** `for row in table`: dbt_utils.get_relations_by_pattern iterates load_result(...)['table'] so. */
  [Symbol.iterator](): Iterator<unknown[]> {
    return this.rows[Symbol.iterator]();
  }

  /** agate's `print_table()`: an aligned text table on standard output (dbt shows it in the log). */
  print_table(...args: unknown[]): null {
    process.stdout.write(`${this.text(Number(args.find((a) => typeof a === 'number') ?? 20))}\n`);
    return null;
  }

  text(maxRows = 20): string {
    const shown = this.rows.slice(0, maxRows).map((row) => row.map((v) => (v === null ? '' : pythonStr(v))));
    const widths = this.column_names.map((n, i) => Math.max(n.length, ...shown.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
    return [line(this.column_names), rule, ...shown.map(line), ...(this.rows.length > maxRows ? [`| ... (${this.rows.length - maxRows} more rows)`] : [])].join('\n');
  }

  toString(): string {
    return `<agate.table.Table object>`;
  }
}

function rowMethods(names: readonly string[], row: unknown[]): Record<string, unknown> {
  return {
    keys: () => tuple([...names]),
    values: () => tuple([...row]),
    items: () => names.map((n, i) => tuple([n, row[i]])),
    dict: () => Object.fromEntries(names.map((n, i) => [n, row[i]])),
    get: (key: unknown, fallback: unknown = null) => {
      const i = typeof key === 'number' ? key : names.indexOf(String(key));
      return i >= 0 && i < row.length ? row[i] : fallback;
    },
  };
}

/** agate's type names, guessed from the values as agate does. */
function agateType(values: readonly unknown[]): string {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return 'Text';
  if (present.every((v) => typeof v === 'number')) return 'Number';
  if (present.every((v) => typeof v === 'boolean')) return 'Boolean';
  if (present.every((v) => v instanceof PyDateTime)) return 'DateTime';
  return 'Text';
}

export { Table as AgateTable, Column as AgateColumn };
