import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/core/json.js';

describe('toJson', () => {
  it('writes driver BigInts as numbers when exact and as text beyond 2^53, anywhere in the value', () => {
    expect(toJson({ n: 2n, rows: [{ big: 9007199254740993n, neg: -3n }], d: new Date(0) })).toBe(
      '{"n":2,"rows":[{"big":"9007199254740993","neg":-3}],"d":"1970-01-01T00:00:00.000Z"}',
    );
    expect(toJson([1n], 2)).toBe('[\n  1\n]');
  });
});
