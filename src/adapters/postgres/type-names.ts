/**
 * PostgreSQL's names for its types, as `format_type` reports them, keyed by every alias a person
 * may write in a contract's `data_type`. `float` is PostgreSQL's 8-byte double precision.
 */
const ALIASES: Readonly<Record<string, string>> = {
  int: 'integer', int4: 'integer', integer: 'integer', serial: 'integer',
  int8: 'bigint', bigint: 'bigint', bigserial: 'bigint', long: 'bigint',
  int2: 'smallint', smallint: 'smallint',
  text: 'text', string: 'text',
  varchar: 'character varying', 'character varying': 'character varying',
  char: 'character', character: 'character', bpchar: 'character',
  double: 'double precision', float8: 'double precision', 'double precision': 'double precision', float: 'double precision',
  float4: 'real', real: 'real',
  bool: 'boolean', boolean: 'boolean',
  decimal: 'numeric', numeric: 'numeric',
  timestamp: 'timestamp without time zone', datetime: 'timestamp without time zone', 'timestamp without time zone': 'timestamp without time zone',
  timestamptz: 'timestamp with time zone', 'timestamp with time zone': 'timestamp with time zone',
  time: 'time without time zone', 'time without time zone': 'time without time zone',
  timetz: 'time with time zone', 'time with time zone': 'time with time zone',
  blob: 'bytea', bytea: 'bytea',
};

/** The canonical spelling of a PostgreSQL type: `int4` -> `integer`, `decimal(10, 2)` -> `numeric(10,2)`. */
export function normalizePostgresType(type: string): string {
  const text = type.trim().toLowerCase().replace(/\s+/g, ' ');
  const list = /^(.*)\[\]$/.exec(text);
  if (list) return `${normalizePostgresType(list[1]!)}[]`;
  const params = /^([a-z][a-z0-9_ ]*?)\s*\((.*)\)(.*)$/.exec(text);
  if (params) {
    const base = ALIASES[`${params[1]!}${params[3]!}`.trim()] ?? ALIASES[params[1]!] ?? params[1]!;
    const args = params[2]!.split(',').map((a) => a.trim());
    if (base === 'numeric') return `numeric(${args[0]},${args[1] ?? '0'})`;
    if (base.startsWith('timestamp') || base.startsWith('time ')) return base;
    return `${base}(${args.join(',')})`;
  }
  return ALIASES[text] ?? text;
}
