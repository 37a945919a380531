import { describe, expect, it } from 'vitest';
import { normalizeDuckDbType } from '../../src/adapters/duckdb/type-names.js';
import { contractDifferences } from '../../src/execute/contract.js';

describe('DuckDB type names', () => {
  it('maps aliases onto the names the catalog reports', () => {
    const cases: Record<string, string> = {
      int: 'INTEGER', int4: 'INTEGER', Integer: 'INTEGER', int8: 'BIGINT', text: 'VARCHAR', string: 'VARCHAR',
      'varchar(20)': 'VARCHAR', 'character varying': 'VARCHAR', float8: 'DOUBLE', 'double precision': 'DOUBLE',
      float: 'FLOAT', real: 'FLOAT', bool: 'BOOLEAN', 'numeric(10, 2)': 'DECIMAL(10,2)', 'decimal(12)': 'DECIMAL(12,0)',
      numeric: 'DECIMAL', timestamptz: 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP  WITH TIME ZONE': 'TIMESTAMP WITH TIME ZONE',
      datetime: 'TIMESTAMP', 'int[]': 'INTEGER[]', 'text[]': 'VARCHAR[]', bytea: 'BLOB', date: 'DATE', uuid: 'UUID',
    };
    for (const [written, canonical] of Object.entries(cases)) expect([written, normalizeDuckDbType(written)]).toEqual([written, canonical]);
  });

  it('lists every difference between a contract and the columns returned', () => {
    const contract = {
      file: 'models/p.yml', constraints: [],
      columns: [{ name: 'id', dataType: 'int' }, { name: 'Amount', dataType: 'numeric' }, { name: 'gone', dataType: 'date' }, { name: 'price', dataType: 'decimal(10,2)' }],
    };
    const actual = [
      { name: 'id', dataType: 'BIGINT' }, { name: 'amount', dataType: 'DECIMAL(18,3)' }, { name: 'price', dataType: 'DECIMAL(12,2)' }, { name: 'extra', dataType: 'VARCHAR' },
    ];
    expect(contractDifferences(contract, actual, normalizeDuckDbType)).toEqual([
      "column 'id' has type BIGINT, the contract says int",
      "missing column 'gone' (contract: date): the model does not return it",
      "column 'price' has type DECIMAL(12,2), the contract says decimal(10,2)",
      "extra column 'extra' (VARCHAR): not in the contract",
    ]);
  });
});
