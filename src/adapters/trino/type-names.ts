/**
 * Trino's names for its types, as information_schema.columns reports them, keyed by the aliases a
 * person may write in a contract's `data_type`. Iceberg stores timestamps with microseconds, so a
 * bare `timestamp` is `timestamp(6)`.
 */
const ALIASES: Readonly<Record<string, string>> = {
  int: 'integer', int4: 'integer', integer: 'integer',
  int8: 'bigint', bigint: 'bigint', long: 'bigint',
  int2: 'smallint', smallint: 'smallint', tinyint: 'tinyint',
  text: 'varchar', string: 'varchar', varchar: 'varchar',
  double: 'double', 'double precision': 'double', float8: 'double', float: 'double',
  real: 'real', float4: 'real',
  bool: 'boolean', boolean: 'boolean',
  decimal: 'decimal', numeric: 'decimal',
  timestamp: 'timestamp(6)', datetime: 'timestamp(6)',
  timestamptz: 'timestamp(6) with time zone', 'timestamp with time zone': 'timestamp(6) with time zone',
  date: 'date', time: 'time(6)', uuid: 'uuid', varbinary: 'varbinary', blob: 'varbinary', json: 'json',
};

/** The canonical spelling of a Trino type: `int` -> `integer`, `numeric(10, 2)` -> `decimal(10,2)`. */
export function normalizeTrinoType(type: string): string {
  const text = type.trim().toLowerCase().replace(/\s+/g, ' ');
  const params = /^([a-z][a-z0-9_ ]*?)\s*\((.*)\)(.*)$/.exec(text);
  if (params) {
    const base = ALIASES[params[1]!] ?? params[1]!;
    const args = params[2]!.split(',').map((a) => a.trim());
    if (base === 'decimal') return `decimal(${args[0]},${args[1] ?? '0'})`;
    if (base.startsWith('timestamp')) return `timestamp(${args[0]})${params[3]!.trimEnd()}`;
    return `${base}(${args.join(',')})`;
  }
  return ALIASES[text] ?? text;
}
