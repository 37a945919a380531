import { describe, expect, it } from 'vitest';
import { streamJsonArray } from '../../src/ingest/json-array-stream.js';

/** Scans `text` cut into chunks of `size` characters; returns the parsed elements and the outcome. */
async function scan(text: string, path: string[] = [], size = 3, batchSize = 2) {
  async function* chunks() {
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const seen: unknown[] = [];
  const batches: number[] = [];
  const outcome = await streamJsonArray(chunks(), path, async (texts) => {
    batches.push(texts.length);
    seen.push(...texts.map((t) => JSON.parse(t)));
  }, { batchSize, encoding: 'utf8' });
  return { outcome, seen, batches };
}

describe('streaming the records array of a JSON document', () => {
  const records = [{ id: 1, s: 'a, "b"] {c} ünï €', nested: { x: [1, { y: '}' }] } }, { id: 2, s: '\\"' }, 3, 'four', null, [5]];

  it('hands on every element of a top-level array in batches, whatever the chunking', async () => {
    const text = JSON.stringify(records, null, 2);
    for (const size of [1, 2, 7, 1000]) {
      const { outcome, seen, batches } = await scan(text, [], size);
      expect(outcome).toEqual({ kind: 'streamed', elements: 6 });
      expect(seen).toEqual(records);
      expect(batches).toEqual([2, 2, 2]);
    }
  });

  it('finds the array at a path of keys, skipping look-alikes elsewhere and keys with escapes', async () => {
    const doc = { items: 'not here', meta: { data: { items: [0] } }, 'da\\"ta': 1, data: { count: 2, items: records }, after: [9] };
    const { outcome, seen } = await scan(JSON.stringify(doc), ['data', 'items'], 5, 4);
    expect(outcome).toEqual({ kind: 'streamed', elements: 6 });
    expect(seen).toEqual(records);
    expect((await scan('{"a\\u0062": [1, 2]}', ['ab'])).seen).toEqual([1, 2]);
    expect((await scan('[]')).outcome).toEqual({ kind: 'streamed', elements: 0 });
  });

  it('says when there is no array at the path, handing on nothing', async () => {
    for (const [text, path] of [
      ['{"data": {"items": {"id": 1}}}', ['data', 'items']],
      ['{"data": {"items": 5}}', ['data', 'items']],
      ['{"data": {"other": []}}', ['data', 'items']],
      ['{"data": [{"items": [1]}]}', ['data', 'items']],
      ['{"id": 1}', []],
      ['42', []],
      ['', []],
    ] as const) {
      const { outcome, seen } = await scan(text, [...path]);
      expect(outcome, text).toEqual({ kind: 'no-array' });
      expect(seen).toEqual([]);
    }
  });

  it('fails on a document that is cut off or has text after its end', async () => {
    await expect(scan('{"items": [1, 2', ['items'])).rejects.toThrow('the file ends before the records array closes');
    await expect(scan('{"items": [1, 2]', ['items'])).rejects.toThrow('the file ends before the JSON document closes');
    await expect(scan('[1] [2]')).rejects.toThrow("unexpected '[' after the end of the JSON document");
    await expect(scan('[1, {"a": }]')).rejects.toThrow(SyntaxError);
  });
});
