/**
 * DuckDB's names for its types, as `information_schema.columns` reports them, keyed by every alias
 * a person may write in a contract's `data_type`. Note `float` is DuckDB's 4-byte FLOAT, not a
 * double as in PostgreSQL: which is why each dialect owns this table.
 */
const ALIASES: Readonly<Record<string, string>> = {
  int: 'INTEGER', int4: 'INTEGER', integer: 'INTEGER', signed: 'INTEGER', int32: 'INTEGER',
  int8: 'BIGINT', bigint: 'BIGINT', long: 'BIGINT', int64: 'BIGINT',
  int2: 'SMALLINT', smallint: 'SMALLINT', short: 'SMALLINT', int16: 'SMALLINT',
  int1: 'TINYINT', tinyint: 'TINYINT',
  int128: 'HUGEINT', hugeint: 'HUGEINT',
  varchar: 'VARCHAR', text: 'VARCHAR', string: 'VARCHAR', char: 'VARCHAR', bpchar: 'VARCHAR', nvarchar: 'VARCHAR',
  'character varying': 'VARCHAR', character: 'VARCHAR',
  double: 'DOUBLE', float8: 'DOUBLE', 'double precision': 'DOUBLE', float64: 'DOUBLE',
  float: 'FLOAT', float4: 'FLOAT', real: 'FLOAT', float32: 'FLOAT',
  bool: 'BOOLEAN', boolean: 'BOOLEAN', logical: 'BOOLEAN',
  decimal: 'DECIMAL', numeric: 'DECIMAL',
  timestamp: 'TIMESTAMP', datetime: 'TIMESTAMP', 'timestamp without time zone': 'TIMESTAMP',
  timestamptz: 'TIMESTAMP WITH TIME ZONE', 'timestamp with time zone': 'TIMESTAMP WITH TIME ZONE',
  time: 'TIME', 'time without time zone': 'TIME', timetz: 'TIME WITH TIME ZONE', 'time with time zone': 'TIME WITH TIME ZONE',
  blob: 'BLOB', bytea: 'BLOB', binary: 'BLOB', varbinary: 'BLOB',
};

/** The canonical spelling of a DuckDB type: `int4` -> `INTEGER`, `numeric(10, 2)` -> `DECIMAL(10,2)`. */
export function normalizeDuckDbType(type: string): string {
  const text = type.trim().toLowerCase().replace(/\s+/g, ' ');
  const list = /^(.*)\[(\d*)\]$/.exec(text);
  if (list) return `${normalizeDuckDbType(list[1]!)}[${list[2]}]`;
  const params = /^([a-z][a-z0-9_ ]*?)\s*\((.*)\)$/.exec(text);
  if (params) {
    const base = ALIASES[params[1]!] ?? params[1]!.toUpperCase();
    const args = params[2]!.split(',').map((a) => a.trim());
    if (base === 'DECIMAL') return `DECIMAL(${args[0]},${args[1] ?? '0'})`;
    // DuckDB ignores a string length: varchar(10) is VARCHAR.
    if (base === 'VARCHAR') return 'VARCHAR';
    if (base === 'TIMESTAMP' || base === 'TIME') return base;
    return `${base}(${params[2]!.toUpperCase()})`;
  }
  return ALIASES[text] ?? text.toUpperCase();
}
