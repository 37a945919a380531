import { z } from 'zod';

/**
 * The built-in generic tests: dbt's four and the dbt_utils ones teams reach for daily. Each turns
 * its arguments into one query that returns the failing rows (none means the test passes).
 */
export interface GenericTestContext {
  /** The tested relation, already narrowed by `where` when configured. */
  readonly model: string;
  /** The quoted column, for column tests. */
  readonly column: string | undefined;
  readonly quote: (identifier: string) => string;
  readonly literal: (value: string) => string;
  /** Resolves a `ref('x')` / `source('a','b')` argument to a relation. */
  readonly relation: (reference: string) => string;
}

export interface GenericTest<A = Record<string, unknown>> {
  readonly args: z.ZodType<A>;
  readonly needsColumn: boolean;
  /** Arguments naming other nodes (`to`, `compare_model`): they become dependencies. */
  readonly references: (args: A) => string[];
  readonly sql: (context: GenericTestContext, args: A) => string;
}

const none = z.object({}).strict();
// A whole number written as a float (1.0) arrives as a boxed Python float (project/yaml-floats.ts).
const value = z.union([z.string(), z.number(), z.boolean(), z.custom<number>((v) => v instanceof Number)]);

function define<A>(test: GenericTest<A>): GenericTest<Record<string, unknown>> {
  return test as unknown as GenericTest<Record<string, unknown>>;
}

export const GENERIC_TESTS: Readonly<Record<string, GenericTest>> = {
  unique: define({
    args: none, needsColumn: true, references: () => [],
    sql: ({ model, column }) =>
      `select ${column} as unique_field, count(*) as n_records\nfrom ${model} as tested\nwhere ${column} is not null\ngroup by ${column}\nhaving count(*) > 1`,
  }),
  not_null: define({
    args: none, needsColumn: true, references: () => [],
    sql: ({ model, column }) => `select *\nfrom ${model} as tested\nwhere ${column} is null`,
  }),
  accepted_values: define({
    args: z.object({ values: z.array(value).min(1), quote: z.boolean().default(true) }).strict(),
    needsColumn: true, references: () => [],
    sql: ({ model, column, literal }, args) => {
      const list = args.values.map((v) => (args.quote ? literal(String(v)) : String(v))).join(', ');
      return `select ${column} as value_field, count(*) as n_records\nfrom ${model} as tested\nwhere ${column} is not null and ${column} not in (${list})\ngroup by ${column}`;
    },
  }),
  relationships: define({
    args: z.object({ to: z.string().min(1), field: z.string().min(1) }).strict(),
    needsColumn: true, references: (args) => [args.to],
    sql: ({ model, column, quote, relation }, args) =>
      `select child.${column} as from_field\nfrom ${model} as child\nleft join (select ${quote(args.field)} as to_field from ${relation(args.to)}) as parent\n  on child.${column} = parent.to_field\nwhere child.${column} is not null and parent.to_field is null`,
  }),
  expression_is_true: define({
    args: z.object({ expression: z.string().min(1) }).strict(), needsColumn: false, references: () => [],
    sql: ({ model, column }, args) => `select *\nfrom ${model} as tested\nwhere not (${column ? `${column} ` : ''}${args.expression})`,
  }),
  unique_combination_of_columns: define({
    args: z.object({ combination_of_columns: z.array(z.string()).min(1) }).strict(), needsColumn: false, references: () => [],
    sql: ({ model, quote }, args) => {
      const columns = args.combination_of_columns.map(quote).join(', ');
      return `select ${columns}, count(*) as n_records\nfrom ${model} as tested\ngroup by ${columns}\nhaving count(*) > 1`;
    },
  }),
  accepted_range: define({
    args: z.object({ min_value: z.union([z.number(), z.string()]).optional(), max_value: z.union([z.number(), z.string()]).optional(), inclusive: z.boolean().default(true) })
      .strict().refine((a) => a.min_value !== undefined || a.max_value !== undefined, 'give min_value, max_value or both'),
    needsColumn: true, references: () => [],
    sql: ({ model, column }, args) => {
      const [ge, le] = args.inclusive ? ['>=', '<='] : ['>', '<'];
      const checks = [
        args.min_value !== undefined ? `${column} ${ge} ${args.min_value}` : undefined,
        args.max_value !== undefined ? `${column} ${le} ${args.max_value}` : undefined,
      ].filter(Boolean);
      return `select *\nfrom ${model} as tested\nwhere not (${checks.join(' and ')})`;
    },
  }),
  not_empty: define({
    args: none, needsColumn: false, references: () => [],
    sql: ({ model }) => `select count(*) as row_count\nfrom ${model} as tested\nhaving count(*) = 0`,
  }),
  equal_rowcount: define({
    args: z.object({ compare_model: z.string().min(1) }).strict(), needsColumn: false, references: (a) => [a.compare_model],
    sql: ({ model, relation }, args) =>
      `select a.n as model_rows, b.n as compare_model_rows\nfrom (select count(*) as n from ${model} as tested) as a\ncross join (select count(*) as n from ${relation(args.compare_model)}) as b\nwhere a.n <> b.n`,
  }),
  recency: define({
    args: z.object({ datepart: z.enum(['minute', 'hour', 'day', 'week', 'month', 'year']), field: z.string().min(1), interval: z.number().int().positive() }).strict(),
    needsColumn: false, references: () => [],
    sql: ({ model, quote }, args) =>
      `select max(${quote(args.field)}) as most_recent\nfrom ${model} as tested\nhaving max(${quote(args.field)}) is null\n    or max(${quote(args.field)}) < cast(current_timestamp as timestamp) - interval '${args.interval} ${args.datepart}'`,
  }),
};

/** `ref('x')`, `ref("x")`, `source('a', 'b')` or a bare name, as written in a test argument. */
export function parseReference(text: string): { kind: 'ref'; name: string } | { kind: 'source'; source: string; table: string } | undefined {
  const ref = /^\s*(?:\{\{\s*)?ref\(\s*['"]([^'"]+)['"]\s*\)(?:\s*\}\})?\s*$/.exec(text);
  if (ref) return { kind: 'ref', name: ref[1]! };
  const source = /^\s*(?:\{\{\s*)?source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)(?:\s*\}\})?\s*$/.exec(text);
  if (source) return { kind: 'source', source: source[1]!, table: source[2]! };
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(text.trim())) return { kind: 'ref', name: text.trim() };
  return undefined;
}
