import { describe, expect, it } from 'vitest';
import { formatRowDiff, inferType, literal, parseCsvRows } from '../../src/testing/index.js';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

describe('unit test fixtures', () => {
  it('infers a column type from YAML values and from CSV text', () => {
    expect(inferType([1, 2, null], false)).toBe('INTEGER');
    expect(inferType([1, 3_000_000_000], false)).toBe('BIGINT');
    expect(inferType([1, 2.25, 0.5], false)).toBe('DECIMAL(18,2)');
    expect(inferType([1e21], false)).toBe('DOUBLE');
    expect(inferType([true, false], false)).toBe('BOOLEAN');
    expect(inferType(['2024-01-01', null], false)).toBe('DATE');
    expect(inferType(['2024-01-01 10:00:00'], false)).toBe('TIMESTAMP');
    expect(inferType(['2024-01-01T10:00:00Z'], false)).toBe('TIMESTAMP WITH TIME ZONE');
    expect(inferType(['42', 'x'], false)).toBe('VARCHAR');
    expect(inferType(['42'], false)).toBe('VARCHAR');
    expect(inferType(['42', ''], true)).toBe('INTEGER');
    expect(inferType(['1.5', 'TRUE'], true)).toBe('VARCHAR');
    expect(inferType([null, undefined], false)).toBe('VARCHAR');
  });

  it('writes values as literals cast to their column type, CSV empty cells as null', () => {
    expect(literal("o'neil", 'VARCHAR', false, quote)).toBe("cast('o''neil' as VARCHAR)");
    expect(literal('', 'INTEGER', true, quote)).toBe('cast(null as INTEGER)');
    expect(literal({ a: 1 }, 'JSON', false, quote)).toBe(`cast('{"a":1}' as JSON)`);
    expect(parseCsvRows('id,name\n1,a\n2,\n')).toEqual([{ id: '1', name: 'a' }, { id: '2', name: '' }]);
  });

  it('prints a diff with - for rows only expected, + for rows only returned, sorted so versions of a row sit together', () => {
    const diff = formatRowDiff(['id', 'total'], [{ id: '2', total: '5' }], [{ id: '2', total: '6' }, { id: '10', total: null }], [{ id: '1', total: '3' }]);
    expect(diff.split('\n')).toEqual([
      'actual differs from expected: 1 expected row not returned (-), 2 returned rows not expected (+)',
      '    | id | total |',
      '    | 1  | 3     |',
      '  - | 2  | 5     |',
      '  + | 2  | 6     |',
      '  + | 10 | null  |',
    ]);
  });
});
