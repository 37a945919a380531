import { describe, expect, it } from 'vitest';
import { buildDag, selectNodes, SelectorError, type PriorRun } from '../../src/graph/index.js';
import { id, model, names } from './fixtures.js';

// raw (a source) -> a -> b -> c; d alone. a is public in finance, b private in finance, c and d have no access set.
const source = { ...model('raw'), uniqueId: 'source.shop.app.raw', resourceType: 'source', fqn: ['shop', 'app', 'raw'] };
const dag = buildDag([
  source,
  model('a', [], { dependsOn: ['source.shop.app.raw'], config: { access: 'public', group: 'finance' } }),
  model('b', ['a'], { config: { access: 'private', group: 'finance' } }),
  model('c', ['b']),
  model('d'),
]);
const pick = (select: string[], prior?: PriorRun) => names(selectNodes(dag, { select, prior }).selected).sort();

describe("dbt's access:, group:, unique_id:, result: and source_status: methods", () => {
  it('access: picks models by access, protected being the default', () => {
    expect(pick(['access:public'])).toEqual(['a']);
    expect(pick(['access:private+'])).toEqual(['b', 'c']);
    expect(pick(['access:protected'])).toEqual(['c', 'd']);
    expect(() => pick(['access:publik'])).toThrow(/unknown access 'publik' \(did you mean 'public'\?\); access: takes public, protected, private/);
  });

  it('group: and unique_id: with graph operators', () => {
    expect(pick(['group:finance'])).toEqual(['a', 'b']);
    expect(pick(['unique_id:model.shop.b+'])).toEqual(['b', 'c']);
    expect(pick(['+unique_id:model.shop.b'])).toEqual(['a', 'b', 'source.shop.app.raw']);
    expect(selectNodes(dag, { select: ['group:finanse'] }).warnings[0]).toMatch(/does not match any node; did you mean 'group:finance'/);
  });

  it('result: picks the nodes with that status in the earlier run, and result:error+ their descendants', () => {
    const prior: PriorRun = { results: new Map([['error', new Set([id('b')])], ['success', new Set([id('a'), id('d')])], ['skipped', new Set([id('c')])]]), fresher: 'n/a' };
    expect(pick(['result:error+'], prior)).toEqual(['b', 'c']);
    expect(pick(['result:success'], prior)).toEqual(['a', 'd']);
    expect(pick(['result:skipped', 'result:error'], prior)).toEqual(['b', 'c']);
    expect(pick(['result:fail'], prior)).toEqual([]);
    expect(() => pick(['result:error'])).toThrow(/'result:' reads an earlier run: pass --state <dir>, a folder holding that run's run_results.json/);
    expect(() => pick(['result:error'], { results: 'reads ..., but there is no /x/run_results.json', fresher: new Set() })).toThrow(/there is no \/x\/run_results.json/);
    expect(() => pick(['result:eror'], prior)).toThrow(SelectorError);
  });

  it('source_status:fresher picks sources only, and fresher+ what reads them', () => {
    const prior: PriorRun = { results: new Map(), fresher: new Set(['source.shop.app.raw', id('a')]) };
    expect(pick(['source_status:fresher'], prior)).toEqual(['source.shop.app.raw']);
    expect(pick(['source_status:fresher+'], prior)).toEqual(['a', 'b', 'c', 'source.shop.app.raw']);
    expect(() => pick(['source_status:stale'], prior)).toThrow(/source_status: takes fresher/);
  });
});
