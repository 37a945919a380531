import { describe, expect, it } from 'vitest';
import {
  ancestors,
  buildDag,
  CycleError,
  descendants,
  findCycle,
  topologicalOrder,
  UnknownNodeError,
  type Dag,
} from '../../src/graph/index.js';
import { chain, id, model, names } from './fixtures.js';

//   a   b
//    \ / \
//     c   d
//     |
//     e
const diamond = (): Dag =>
  buildDag([model('e', ['c']), model('d', ['b']), model('c', ['a', 'b']), model('b'), model('a')]);

describe('buildDag', () => {
  it('records parents and children, sorted by id', () => {
    const dag = diamond();
    expect(dag.nodes.size).toBe(5);
    expect(names(dag.parents.get(id('c'))!)).toEqual(['a', 'b']);
    expect(names(dag.children.get(id('b'))!)).toEqual(['c', 'd']);
    expect(dag.parents.get(id('a'))).toEqual([]);
  });

  it('ignores a dependency listed twice', () => {
    const dag = buildDag([model('a'), model('b', ['a', 'a'])]);
    expect(names(dag.parents.get(id('b'))!)).toEqual(['a']);
    expect(names(dag.children.get(id('a'))!)).toEqual(['b']);
  });

  it('throws on an unknown dependency, naming both nodes and suggesting a close id', () => {
    const build = () => buildDag([model('stg_users'), model('orders', ['stg_user'])]);
    expect(build).toThrow(UnknownNodeError);
    expect(build).toThrow(
      "Node 'model.shop.orders' (models/orders.sql) depends on 'model.shop.stg_user', which is not a node of the graph; did you mean 'model.shop.stg_users'?",
    );
  });

  it('throws on a duplicate id', () => {
    expect(() => buildDag([model('a'), model('a', [], { path: 'models/other/a.sql' })])).toThrow(
      "Two nodes have the id 'model.shop.a': models/a.sql and models/other/a.sql",
    );
  });

  it('handles a 30,000-node chain, with and without a cycle, without recursion', () => {
    const nodes = chain(30_000);
    const dag = buildDag(nodes);
    expect(topologicalOrder(dag).at(-1)).toBe(id('n29999'));
    expect(findCycle(dag)).toBeUndefined();
    const looped = nodes.map((n) => (n.name === 'n0' ? model('n0', ['n29999']) : n));
    expect(() => buildDag(looped)).toThrow(CycleError);
  });
});

describe('cycles', () => {
  it('reports the cycle by name with one line per node and its path', () => {
    const nodes = [model('a', ['c']), model('b', ['a']), model('c', ['b']), model('d', ['c'])];
    const error = captureError(() => buildDag(nodes));
    expect(error).toBeInstanceOf(CycleError);
    const cycle = error as CycleError;
    expect(cycle.cycle).toEqual([id('a'), id('b'), id('c'), id('a')]);
    expect(cycle.nodes.map((n) => n.name)).toEqual(['a', 'b', 'c']);
    expect(cycle.message).toBe(
      ['Found a cycle: a -> b -> c -> a', '  a  (models/a.sql)', '  b  (models/b.sql)', '  c  (models/c.sql)'].join('\n'),
    );
  });

  it('reports a node that depends on itself', () => {
    expect(() => buildDag([model('a', ['a'])])).toThrow('Found a cycle: a -> a\n  a  (models/a.sql)');
  });

  it('findCycle returns undefined for a DAG and finds a cycle at the end of a 10,000-node chain', () => {
    expect(findCycle(diamond())).toBeUndefined();
    // n5000 also reads from n9999: the loop n5000 -> ... -> n9999 -> n5000 is 5,000 nodes long.
    const looped = chain(10_000).map((n) => (n.name === 'n5000' ? model('n5000', ['n4999', 'n9999']) : n));
    const error = captureError(() => buildDag(looped));
    expect(error).toBeInstanceOf(CycleError);
    const cycle = (error as CycleError).cycle;
    expect(cycle.length).toBe(5_001);
    expect(cycle[0]).toBe(id('n5000'));
    expect(cycle[1]).toBe(id('n5001'));
    expect(cycle.at(-1)).toBe(id('n5000'));
  });
});

describe('topologicalOrder', () => {
  it('puts parents first and breaks ties by unique id', () => {
    expect(names(topologicalOrder(diamond()))).toEqual(['a', 'b', 'c', 'd', 'e']);
    const dag = buildDag([model('z'), model('y', ['z']), model('x'), model('w', ['x'])]);
    expect(names(topologicalOrder(dag))).toEqual(['x', 'w', 'z', 'y']);
  });

  it('does not depend on input order', () => {
    const nodes = [model('e', ['c']), model('d', ['b']), model('c', ['a', 'b']), model('b'), model('a')];
    expect(topologicalOrder(buildDag([...nodes].reverse()))).toEqual(topologicalOrder(buildDag(nodes)));
  });

  it('handles a 10,000-node chain without recursion', () => {
    const order = topologicalOrder(buildDag(chain(10_000)));
    expect(order.length).toBe(10_000);
    expect(order[0]).toBe(id('n0'));
    expect(order[9_999]).toBe(id('n9999'));
  });

  it('returns a fresh array each time', () => {
    const dag = diamond();
    topologicalOrder(dag).reverse();
    expect(names(topologicalOrder(dag))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('ancestors and descendants', () => {
  it('walk all the way by default, excluding the node itself', () => {
    const dag = diamond();
    expect(names(ancestors(dag, id('e'))).sort()).toEqual(['a', 'b', 'c']);
    expect(names(descendants(dag, id('b'))).sort()).toEqual(['c', 'd', 'e']);
    expect(ancestors(dag, id('a')).size).toBe(0);
  });

  it('stop at the given depth', () => {
    const dag = diamond();
    expect(names(ancestors(dag, id('e'), 1))).toEqual(['c']);
    expect(names(descendants(dag, id('a'), 1))).toEqual(['c']);
    expect(names(descendants(dag, id('a'), 2)).sort()).toEqual(['c', 'e']);
    expect(descendants(dag, id('a'), 0).size).toBe(0);
  });

  it('walk a 10,000-node chain', () => {
    const dag = buildDag(chain(10_000));
    expect(ancestors(dag, id('n9999')).size).toBe(9_999);
    expect(descendants(dag, id('n0'), 10).size).toBe(10);
  });

  it('throw on an unknown id', () => {
    expect(() => ancestors(diamond(), 'model.shop.nope')).toThrow("Unknown node 'model.shop.nope'");
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
