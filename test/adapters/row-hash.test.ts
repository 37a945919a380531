import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { valueFamily } from '../../src/adapters/value-text.js';
import { DUCKDB, POSTGRES, TRINO, queryEngine, type TestEngine } from '../helpers/engines.js';
import { describePg } from '../helpers/postgres.js';
import { describeTrino } from '../helpers/trino.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('valueFamily', () => {
  it('reads every engine\'s spelling of a type', () => {
    const cases: Array<[string, string]> = [
      ['INTEGER', 'number'], ['DECIMAL(10,2)', 'number'], ['numeric', 'number'], ['double precision', 'number'], ['HUGEINT', 'number'],
      ['real', 'number'], ['boolean', 'boolean'], ['BOOLEAN', 'boolean'], ['date', 'date'],
      ['TIMESTAMP', 'timestamp'], ['timestamp without time zone', 'timestamp'], ['timestamp(6)', 'timestamp'],
      ['TIMESTAMP WITH TIME ZONE', 'timestamptz'], ['timestamp(3) with time zone', 'timestamptz'],
      ['VARCHAR', 'text'], ['character varying', 'text'], ['interval', 'text'], ['json', 'text'],
    ];
    expect(cases.map(([type]) => [type, valueFamily(type)])).toEqual(cases);
  });
});

// The same logical values, typed in SQL every engine reads, must come out as the same text (weir diff --target-b).
const VALUES: Array<[string, string, string | null]> = [
  ['cast(1.50 as decimal(10,2))', 'decimal(10,2)', '1.5000000000'],
  ['cast(-2 as integer)', 'integer', '-2.0000000000'],
  ['cast(0.5 as real)', 'real', '0.5000000000'],
  ['true', 'boolean', 'true'],
  ['false', 'boolean', 'false'],
  ["date '2024-02-29'", 'date', '2024-02-29'],
  ["timestamp '2024-01-06 10:00:00.123456'", 'timestamp', '2024-01-06T10:00:00.123456'],
  ["timestamp '2024-01-06 10:00:00'", 'timestamp', '2024-01-06T10:00:00.000000'],
  ["cast('2024-01-06 09:00:00.5 Europe/Berlin' as timestamp with time zone)", 'timestamp with time zone', '2024-01-06T08:00:00.500000'],
  ['cast(null as varchar)', 'varchar', null],
  ["''", 'varchar', ''],
  ["'été'", 'varchar', 'été'],
];

function canonicalText(engine: TestEngine) {
  it('writes each value as the same canonical text', async () => {
    const target = await engine.prepare();
    const dir = tempDir('weir-row-hash-');
    try {
      const adapter = await target.open(dir);
      const { rowHash } = adapter.dialect;
      await adapter.close();
      const select = VALUES.map(([sql, type], i) => `${rowHash.canonicalText(`(${sql})`, valueFamily(type))} as v${i}`).join(', ');
      const [row] = await queryEngine(target, dir, `select ${select}, ${rowHash.hexToBigint("'0cc175b9'")} as h`);
      expect(VALUES.map(([sql], i) => [sql, row![`v${i}`] ?? null])).toEqual(VALUES.map(([sql, , text]) => [sql, text]));
      expect(Number(row!.h)).toBe(0x0cc175b9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await target.cleanup();
    }
  });
}

describe('canonical text: duckdb', () => canonicalText(DUCKDB));
describePg('canonical text: postgres', () => canonicalText(POSTGRES));
describeTrino('canonical text: trino', () => canonicalText(TRINO));
