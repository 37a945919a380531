import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ROWS, inferType, sniffCsv } from '../../src/adapters/csv-sniff.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('weir-sniff-');
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const types = async (path: string, columnTypes: Record<string, string> = {}) =>
  (await sniffCsv(path, ',', columnTypes)).columns.map((c) => `${c.name}:${c.type}`);

describe('PostgreSQL CSV sniff', () => {
  it('infers types from plain and quoted samples alike, CRLF and a missing last newline included', async () => {
    const plain = 'id,amount,day,at,ok,name,blank\r\n1,1.5,2024-01-02,2024-01-02 10:00:00,true,ann,\r\n2,2,2024-01-03,2024-01-02T11:00,false,bob,';
    const expected = ['id:bigint', 'amount:double precision', 'day:date', 'at:timestamp', 'ok:boolean', 'name:text', 'blank:text'];
    expect(await types(file('plain.csv', plain))).toEqual(expected);
    expect(await types(file('quoted.csv', plain.replace('ann', '"a, ""n"""')))).toEqual(expected);
  });

  it('reads only the sample: a value past it does not change the type', async () => {
    const rows = Array.from({ length: SAMPLE_ROWS + 100 }, (_, i) => `${i}`);
    expect(await types(file('long.csv', `n\n${rows.join('\n')}\nnot a number\n`))).toEqual(['n:bigint']);
    expect(await types(file('short.csv', `n\n${rows.slice(0, 10).join('\n')}\nnot a number\n`))).toEqual(['n:text']);
  });

  it('lets column_types override, and names an empty file', async () => {
    expect(await types(file('o.csv', 'ID,b\n1,2\n'), { id: 'text' })).toEqual(['ID:text', 'b:bigint']);
    await expect(sniffCsv(file('empty.csv', ''), ',', {})).rejects.toThrow(/empty\.csv is empty/);
  });

  it('mixed dates and timestamps are text, as in DuckDB', () => {
    expect(inferType(['2024-01-01', '2024-01-01 10:00'])).toBe('text');
    expect(inferType(['1', '', '2'])).toBe('bigint');
    expect(inferType(['', ''])).toBe('text');
  });

  it('a one-digit hour is still a timestamp, as dbt (agate) and DuckDB read it', () => {
    expect(inferType(['2020-01-01 9:05:00', '2020-01-01 10:30:00'])).toBe('timestamp');
    expect(inferType(['2020-01-01T9:05'])).toBe('timestamp');
    expect(inferType(['2020-01-01 123:05:00'])).toBe('text');
  });
});
