import { describe, expect, it } from 'vitest';
import { buildDag, runGraph, type Dag, type GraphNode, type NodeOutcome } from '../../src/graph/index.js';
import { chain, id, model, names } from './fixtures.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Result = { ok: boolean; name: string };

/** Runs with results `{ ok, name }`; a name in `failing` fails, one in `throwing` throws. */
function run(
  dag: Dag,
  selected: Iterable<string>,
  options: {
    threads?: number;
    failFast?: boolean;
    delay?: (node: GraphNode) => number;
    failing?: string[];
    throwing?: string[];
    signal?: AbortSignal;
    onStart?: (node: GraphNode) => void;
    onSkip?: (node: GraphNode, cause: GraphNode) => void;
  } = {},
) {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const outcome = runGraph<Result>(dag, new Set(selected), {
    threads: options.threads ?? 4,
    failFast: options.failFast ?? false,
    isFailure: (r) => !r.ok,
    onError: (node, error) => ({ ok: false, name: `${node.name}: ${(error as Error).message}` }),
    ...(options.onSkip ? { onSkip: options.onSkip } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    execute: async (node) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      log.push(`start ${node.name}`);
      options.onStart?.(node);
      try {
        await sleep(options.delay?.(node) ?? 1);
        if (options.throwing?.includes(node.name)) throw new Error('boom');
        return { ok: !options.failing?.includes(node.name), name: node.name };
      } finally {
        log.push(`end ${node.name}`);
        inFlight--;
      }
    },
  });
  return { outcome, log, maxInFlight: () => maxInFlight };
}

const statuses = (outcomes: Map<string, NodeOutcome<Result>>): Record<string, string> =>
  Object.fromEntries(
    [...outcomes].map(([key, o]) => [
      names([key])[0],
      o.status === 'done' ? (o.result.ok ? 'ok' : 'failed') : o.status === 'skipped' ? `skipped by ${names([o.cause])[0]}` : o.status,
    ]),
  );

const all = (dag: Dag) => dag.nodes.keys();

describe('runGraph', () => {
  it('never runs more than `threads` nodes at once, and uses all of them', async () => {
    const nodes = Array.from({ length: 24 }, (_, i) => model(`m${String(i).padStart(2, '0')}`));
    const dag = buildDag(nodes);
    const { outcome, maxInFlight } = run(dag, all(dag), { threads: 3, delay: (n) => 3 + (n.name.charCodeAt(2) % 5) * 2 });
    const outcomes = await outcome;
    expect(outcomes.size).toBe(24);
    expect([...outcomes.values()].every((o) => o.status === 'done')).toBe(true);
    expect(maxInFlight()).toBe(3);
  });

  it('starts a node only after all its parents finished', async () => {
    //   a   b
    //    \ / \
    //     c   d
    //      \ /
    //       e
    const dag = buildDag([model('a'), model('b'), model('c', ['a', 'b']), model('d', ['b']), model('e', ['c', 'd'])]);
    const { outcome, log } = run(dag, all(dag), {
      threads: 4,
      delay: (n) => (n.name === 'a' ? 60 : 1),
    });
    const outcomes = await outcome;
    for (const [child, parent] of [['c', 'a'], ['c', 'b'], ['d', 'b'], ['e', 'c'], ['e', 'd']]) {
      expect(log.indexOf(`start ${child}`), `${child} after ${parent}`).toBeGreaterThan(log.indexOf(`end ${parent}`));
    }
    // a is slow and d only needs b: d runs and ends while a is still going.
    expect(log.indexOf('end d')).toBeLessThan(log.indexOf('end a'));
    expect(statuses(outcomes)).toEqual({ a: 'ok', b: 'ok', c: 'ok', d: 'ok', e: 'ok' });
  });

  it('runs independent branches in parallel', async () => {
    const dag = buildDag([model('a1'), model('a2', ['a1']), model('b1'), model('b2', ['b1'])]);
    const { outcome, log, maxInFlight } = run(dag, all(dag), { threads: 4, delay: () => 20 });
    await outcome;
    expect(maxInFlight()).toBe(2);
    expect(log.slice(0, 2).sort()).toEqual(['start a1', 'start b1']);
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
    expect(log.indexOf('start b2')).toBeGreaterThan(log.indexOf('end b1'));
  });

  it('picks ready nodes in topological order', async () => {
    const dag = buildDag([model('z'), model('y', ['z']), model('x'), model('w')]);
    const { outcome, log } = run(dag, all(dag), { threads: 1 });
    await outcome;
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start w', 'start x', 'start z', 'start y']);
  });

  it("starts released nodes after those already waiting, as dbt's thread pool does", async () => {
    // Roots a and c wait from the start; b, released when a finishes, joins the line behind c.
    const dag = buildDag([model('a'), model('b', ['a']), model('c')]);
    const { outcome, log } = run(dag, all(dag), { threads: 1 });
    await outcome;
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start a', 'start c', 'start b']);
  });

  it('orders nodes released together by their depth among selected nodes, then by id', async () => {
    // r -> s -> t -> b and p -> b, p -> y. p is slow: when it ends, it releases b (depth 2) and y
    // (depth 1) together, and y goes first though 'b' < 'y'. Depth counts through an unselected node (s).
    const dag = buildDag([model('r'), model('s', ['r']), model('t', ['s']), model('p'), model('b', ['p', 't']), model('y', ['p'])]);
    const { outcome, log } = run(dag, [id('r'), id('t'), id('p'), id('b'), id('y')], { threads: 2, delay: (n) => (n.name === 'p' ? 40 : 1) });
    await outcome;
    const starts = log.filter((l) => l.startsWith('start'));
    expect(starts.slice(-2)).toEqual(['start y', 'start b']);
    expect(starts).not.toContain('start s');
  });

  it('skips only the descendants of a failed node, naming the cause', async () => {
    //  a -> b -> c -> e      x -> y
    //   \-> d
    const dag = buildDag([
      model('a'), model('b', ['a']), model('c', ['b']), model('d', ['a']), model('e', ['c']), model('x'), model('y', ['x']),
    ]);
    const skips: string[] = [];
    const { outcome, log } = run(dag, all(dag), {
      failing: ['b'],
      onSkip: (node, cause) => skips.push(`${node.name} because ${cause.name}`),
    });
    const outcomes = await outcome;
    expect(statuses(outcomes)).toEqual({
      a: 'ok', b: 'failed', c: 'skipped by b', d: 'ok', e: 'skipped by b', x: 'ok', y: 'ok',
    });
    expect(skips).toEqual(['c because b', 'e because b']);
    expect(log).not.toContain('start c');
  });

  it('turns a throw into a result through onError and treats it as a failure', async () => {
    const dag = buildDag([model('a'), model('b', ['a']), model('c')]);
    const { outcome } = run(dag, all(dag), { throwing: ['a'] });
    const outcomes = await outcome;
    expect(outcomes.get(id('a'))).toEqual({ status: 'done', result: { ok: false, name: 'a: boom' } });
    expect(outcomes.get(id('b'))).toEqual({ status: 'skipped', cause: id('a') });
    expect(outcomes.get(id('c'))).toEqual({ status: 'done', result: { ok: true, name: 'c' } });
  });

  it('handles an execute that throws synchronously', async () => {
    const dag = buildDag([model('a')]);
    const outcomes = await runGraph(dag, new Set([id('a')]), {
      threads: 1, failFast: false, isFailure: () => false,
      onError: (_node, error) => `caught ${(error as Error).message}`,
      execute: () => {
        throw new Error('sync');
      },
    });
    expect(outcomes.get(id('a'))).toEqual({ status: 'done', result: 'caught sync' });
  });

  it('with failFast, starts nothing after the first failure and cancels the rest', async () => {
    // threads 2: a (slow) and b (fails fast) start together; a still finishes; c, d never start.
    const dag = buildDag([model('a'), model('b'), model('c'), model('d'), model('b_child', ['b'])]);
    const { outcome, log } = run(dag, all(dag), {
      threads: 2, failFast: true, failing: ['b'], delay: (n) => (n.name === 'a' ? 30 : 1),
    });
    const outcomes = await outcome;
    expect(statuses(outcomes)).toEqual({ a: 'ok', b: 'failed', c: 'cancelled', d: 'cancelled', b_child: 'skipped by b' });
    expect(log).toEqual(['start a', 'start b', 'end b', 'end a']);
  });

  it('stops like failFast when the signal aborts', async () => {
    const dag = buildDag([model('a'), model('b'), model('c')]);
    const controller = new AbortController();
    const { outcome } = run(dag, all(dag), {
      threads: 1, signal: controller.signal, onStart: (n) => (n.name === 'a' ? controller.abort() : undefined),
    });
    expect(statuses(await outcome)).toEqual({ a: 'ok', b: 'cancelled', c: 'cancelled' });

    const aborted = AbortSignal.abort();
    const { outcome: none, log } = run(dag, all(dag), { signal: aborted });
    expect(statuses(await none)).toEqual({ a: 'cancelled', b: 'cancelled', c: 'cancelled' });
    expect(log).toEqual([]);
  });

  it('runs only selected nodes, ordered transitively through unselected ones', async () => {
    // a -> b -> c with only a and c selected: c still waits for a, and b never runs.
    const dag = buildDag([model('a'), model('b', ['a']), model('c', ['b']), model('other')]);
    const { outcome, log } = run(dag, [id('a'), id('c'), id('other')], { threads: 4, delay: (n) => (n.name === 'a' ? 25 : 1) });
    const outcomes = await outcome;
    // Completion order, as dbt's run_results: `other` (1 ms) ends before a (25 ms), c after a.
    expect([...outcomes.keys()]).toEqual([id('other'), id('a'), id('c')]);
    expect(log).not.toContain('start b');
    expect(log.indexOf('start c')).toBeGreaterThan(log.indexOf('end a'));
    expect(log.indexOf('start other')).toBeLessThan(log.indexOf('end a'));
  });

  it('lists outcomes in completion order: a skip when its cause fails, cancelled nodes last', async () => {
    // threads 2 (ready nodes start in id order): a_slow (40 ms) and b_bad (fails at 1 ms) start together;
    // b_bad's child is skipped at once, c_fast starts in b_bad's place and ends before a_slow.
    const dag = buildDag([model('a_slow'), model('b_bad'), model('c_fast'), model('d_child', ['b_bad'])]);
    const options = { threads: 2, failing: ['b_bad'], delay: (n: GraphNode) => (n.name === 'a_slow' ? 40 : 1) };
    const { outcome } = run(dag, all(dag), options);
    expect([...(await outcome).keys()]).toEqual([id('b_bad'), id('d_child'), id('c_fast'), id('a_slow')]);

    // failFast: c_fast never starts, so it is cancelled and listed last.
    const { outcome: stopped } = run(dag, all(dag), { ...options, failFast: true });
    const outcomes = await stopped;
    expect([...outcomes.keys()]).toEqual([id('b_bad'), id('d_child'), id('a_slow'), id('c_fast')]);
    expect(statuses(outcomes)).toEqual({ a_slow: 'ok', b_bad: 'failed', c_fast: 'cancelled', d_child: 'skipped by b_bad' });
  });

  it('skips selected descendants through unselected nodes', async () => {
    const dag = buildDag([model('a'), model('b', ['a']), model('c', ['b'])]);
    const { outcome } = run(dag, [id('a'), id('c')], { failing: ['a'] });
    expect(statuses(await outcome)).toEqual({ a: 'failed', c: 'skipped by a' });
  });

  it('returns an empty map for an empty selection and rejects unknown ids', async () => {
    const dag = buildDag([model('a')]);
    expect((await run(dag, []).outcome).size).toBe(0);
    await expect(run(dag, ['model.shop.nope']).outcome).rejects.toThrow("Cannot run 'model.shop.nope'");
  });

  // Speed is measured in bench/, not here: this pins that large graphs complete, in order.
  it('schedules 10,000 nodes, chained and wide, each once and after its parents', async () => {
    const chainDag = buildDag(chain(10_000));
    const wide = buildDag(Array.from({ length: 10_000 }, (_, i) => model(`w${i}`, i < 100 ? [] : [`w${i % 100}`])));
    for (const dag of [chainDag, wide]) {
      const finished = new Set<string>();
      const outcomes = await runGraph(dag, new Set(all(dag)), {
        threads: 8, failFast: false, isFailure: () => false, onError: () => undefined,
        execute: async (node) => {
          for (const parent of dag.parents.get(node.uniqueId) ?? []) if (!finished.has(parent)) throw new Error(`${node.uniqueId} ran before ${parent}`);
          finished.add(node.uniqueId);
        },
      });
      expect(outcomes.size).toBe(10_000);
      expect([...outcomes.values()].every((o) => o.status === 'done')).toBe(true);
      expect(finished.size).toBe(10_000);
    }
  });

  it('runs a node once when its only parent is an unselected root', async () => {
    const dag = buildDag([model('s'), model('a', ['s']), model('t', ['a'])]);
    const calls: string[] = [];
    const outcomes = await runGraph(dag, new Set([id('a')]), {
      threads: 4, failFast: false, isFailure: () => false, onError: () => undefined,
      execute: async (node) => void calls.push(node.uniqueId),
    });
    expect(calls).toEqual([id('a')]);
    expect(outcomes.size).toBe(1);
  });
});
