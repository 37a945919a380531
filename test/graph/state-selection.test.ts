import { describe, expect, it } from 'vitest';
import { buildDag, selectNodes, SelectorError, STATE_VALUES, type StateSets } from '../../src/graph/index.js';
import { id, model, names } from './fixtures.js';

// a -> b -> c, and d alone.
const dag = buildDag([model('a'), model('b', ['a']), model('c', ['b']), model('d')]);

function state(sets: Partial<Record<(typeof STATE_VALUES)[number], string[]>>): StateSets {
  return Object.fromEntries(STATE_VALUES.map((v) => [v, new Set((sets[v] ?? []).map(id))])) as unknown as StateSets;
}

describe('state: selection', () => {
  const sets = state({ modified: ['b', 'd'], new: ['d'], 'modified.body': ['b'], unmodified: ['a', 'c'], old: ['a', 'b', 'c'] });

  it('selects by state value, with graph operators, unions and intersections', () => {
    const pick = (...select: string[]) => names(selectNodes(dag, { select, state: sets }).selected);
    expect(pick('state:modified')).toEqual(['b', 'd']);
    expect(pick('state:modified+')).toEqual(['b', 'c', 'd']);
    expect(pick('+state:modified.body')).toEqual(['a', 'b']);
    expect(pick('state:new')).toEqual(['d']);
    expect(pick('state:modified,state:old')).toEqual(['b']);
    expect(names(selectNodes(dag, { select: ['state:modified+'], exclude: ['state:new'], state: sets }).selected)).toEqual(['b', 'c']);
  });

  it('refuses state: without state, and unknown state values with a suggestion', () => {
    expect(() => selectNodes(dag, { select: ['state:modified'] })).toThrow(/pass --state <dir>/);
    expect(() => selectNodes(dag, { select: ['state:modifed'], state: sets })).toThrow(SelectorError);
    expect(() => selectNodes(dag, { select: ['state:modifed'], state: sets })).toThrow(/did you mean 'modified'/);
  });
});
