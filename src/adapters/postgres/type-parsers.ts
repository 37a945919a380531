import pg from 'pg';

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114 } as const;

/**
 * How result values come back, close to what the DuckDB adapter returns: bigints and decimals as
 * numbers (bigints beyond 2^53 as BigInt), dates as 'YYYY-MM-DD' text (no time zone shift), and
 * timestamps without time zone read as UTC.
 */
export const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case OID.int8:
        return (value: string) => {
          const n = Number(value);
          return Number.isSafeInteger(n) ? n : BigInt(value);
        };
      case OID.numeric:
        return (value: string) => Number(value);
      case OID.date:
        return (value: string) => value;
      case OID.timestamp:
        return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
      default:
        return pg.types.getTypeParser(oid, format ?? 'text');
    }
  },
} as pg.CustomTypesConfig;
