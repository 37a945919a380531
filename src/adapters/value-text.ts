import type { RowHashSql, ValueFamily } from './types.js';

/**
 * The family of a catalog type name (any engine's spelling: `DECIMAL(10,2)`, `numeric`,
 * `timestamp(3) with time zone`, `character varying`...), to pick how its values become text.
 */
export function valueFamily(dataType: string): ValueFamily {
  const type = dataType.toLowerCase().trim();
  if (/^(tinyint|smallint|integer|int|int[248]|bigint|hugeint|u(tiny|small|big|huge)?int(eger)?|decimal|numeric|real|double|float[48]?|float)\b/.test(type)) return 'number';
  if (/^bool(ean)?\b/.test(type)) return 'boolean';
  if (type === 'date') return 'date';
  if (/^timestamp.*with time zone|^timestamptz/.test(type)) return 'timestamptz';
  if (/^timestamp/.test(type)) return 'timestamp';
  return 'text';
}

/** DuckDB and PostgreSQL spell the casts alike; only timestamps differ (strftime vs to_char). */
export function castingRowHash(timestamp: (expr: string, utc: boolean) => string, hexToBigint: (hex: string) => string, text = 'varchar'): RowHashSql {
  return {
    canonicalText: (expr, family) => {
      switch (family) {
        // A fixed scale: 1.5, 1.50 and 1.5e0 are one value; floats round at the 10th decimal.
        case 'number': return `cast(cast(${expr} as decimal(38,10)) as ${text})`;
        case 'boolean': return `case when ${expr} then 'true' when not ${expr} then 'false' end`;
        case 'date': return `cast(${expr} as ${text})`;
        case 'timestamp': return timestamp(expr, false);
        case 'timestamptz': return timestamp(expr, true);
        case 'text': return `cast(${expr} as ${text})`;
      }
    },
    hexToBigint,
  };
}
