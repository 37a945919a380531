import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/project/yaml-file.js';

const parsed = (text: string) => parseYaml(text, 'models/schema.yml').yaml?.value;

/** What PyYAML 6 (dbt's reader) gives for each text, run with yaml.safe_load. */
describe('block scalars at the end of a yml file', () => {
  it('have no final line break when the file has none, as PyYAML reads them', () => {
    expect(parsed('a: |\n  hello\n  world')).toEqual({ a: 'hello\nworld' });
    expect(parsed('a: >\n  hello\n  world')).toEqual({ a: 'hello world' });
    expect(parsed('a: |+\n  hello')).toEqual({ a: 'hello' });
    expect(parsed('x:\n  - description: |\n      one\n      two')).toEqual({ x: [{ description: 'one\ntwo' }] });
  });

  it('keep it when the file ends with one, or when the block is not last', () => {
    expect(parsed('a: |\n  hello\n  world\n')).toEqual({ a: 'hello\nworld\n' });
    expect(parsed('a: |\n  hello\nb: x')).toEqual({ a: 'hello\n', b: 'x' });
    expect(parsed('a: |-\n  hello')).toEqual({ a: 'hello' });
  });
});
