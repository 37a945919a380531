import { sha256 } from '../core/sha256.js';
import { sha256File } from '../core/file-stream.js';
import { toJson } from '../core/json.js';
import type { UnitTestSpec } from '../testing/unit-test-spec.js';
import type { EmptyRelation } from './relation-value.js';
import type { CompiledNode, Relation } from './types.js';

/**
 * What a node's build depends on, hashed in parts so `state:modified.body` / `.configs` / `.macros`
 * can say which part changed. Built from the compiled SQL rather than the file text: a changed var,
 * env var or upstream relation name changes what runs, so it changes the fingerprint; a reformatted
 * comment in a macro the node does not call does not.
 */
export interface Fingerprint {
  /** Compiled SQL (both variants for incrementals); a seed's CSV content. */
  readonly body: string;
  /** The resolved config, keys sorted. */
  readonly config: string;
  /** The macro files the node calls, directly or through other macros. */
  readonly macros: string;
  /** All three together: equal totals mean nothing that shapes the build changed. */
  readonly total: string;
}

const MACRO_DEF = /\{%-?\s*(?:macro|test)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;

/**
 * Hashes each macro file together with the files of every macro it mentions, transitively, so a
 * change to a macro deep in a chain marks every model that reaches it.
 */
function macroClosure(files: ReadonlyArray<{ readonly path: string; readonly text: string }>) {
  const fileOf = new Map<string, string>();
  for (const file of files) for (const match of file.text.matchAll(MACRO_DEF)) fileOf.set(match[1]!, file.path);
  const names = [...fileOf.keys()];
  const textOf = new Map(files.map((f) => [f.path, f.text]));
  const mentioned = (text: string) => new Set(names.filter((name) => text.includes(name)).map((name) => fileOf.get(name)!));
  const closure = new Map<string, Set<string>>();
  const reach = (path: string): Set<string> => {
    const known = closure.get(path);
    if (known) return known;
    const found = new Set<string>([path]);
    closure.set(path, found);
    const queue = [path];
    while (queue.length > 0) {
      for (const next of mentioned(textOf.get(queue.pop()!)!)) {
        if (!found.has(next)) {
          found.add(next);
          queue.push(next);
        }
      }
    }
    return found;
  };
  const fileHash = new Map(files.map((f) => [f.path, sha256(f.text)]));
  const hashOfSet = new Map<string, string>();
  /** The hash of every macro file `text` reaches; empty text reaches none. */
  return (text: string): string => {
    const reached = new Set<string>();
    if (names.length > 0) for (const path of mentioned(text)) for (const p of reach(path)) reached.add(p);
    const key = [...reached].sort().join('\n');
    let hash = hashOfSet.get(key);
    if (hash === undefined) hashOfSet.set(key, (hash = sha256(key.split('\n').map((p) => `${p}:${fileHash.get(p) ?? ''}`).join('\n'))));
    return hash;
  };
}

/**
 * `quoteRelation` spells relations as compiled SQL does, so relation names can be taken out of the
 * SQL before hashing: comparing a dev build with production's manifest must not mark every model
 * modified because one builds in `dev_ann` and the other in `analytics`.
 */
export function fingerprintNodes(
  nodes: ReadonlyMap<string, CompiledNode>,
  macroFiles: ReadonlyArray<{ readonly path: string; readonly text: string }>,
  quoteRelation: (relation: Relation) => string,
  /** A body hash known to be current (the partial-parse cache's), to skip hashing the SQL again. */
  knownBody: (node: CompiledNode) => string | undefined = () => undefined,
  /** `--empty`'s spelling of the relations read, taken out too: an empty run changes no fingerprint. */
  empty?: EmptyRelation,
  /** Only these nodes (the others' fingerprints are known): a recompile of edited templates. */
  only?: readonly string[],
): Map<string, Fingerprint> {
  const macrosOf = macroClosure(macroFiles);
  // A relation is spelt once, not once per node that reads it.
  const spelt = new WeakMap<Relation, string>();
  const spell = (relation: Relation) => {
    let quoted = spelt.get(relation);
    if (quoted === undefined) spelt.set(relation, (quoted = quoteRelation(relation)));
    return quoted;
  };
  // Many nodes share a config (a folder's defaults): hash each distinct one once.
  const configHashes = new Map<string, string>();
  const result = new Map<string, Fingerprint>();
  for (const node of only ? only.map((id) => nodes.get(id)!) : nodes.values()) {
    // A seed's CSV is hashed as it is read: a 2 GB seed must not cost 2 GB of memory.
    // A semantic model, metric or saved query is its yml entry (state:modified finds a changed metric).
    const body = node.unitTest ? unitTestBody(node.compiledCode, node.unitTest) : node.semantic ? sha256(JSON.stringify(node.semantic.spec)) : knownBody(node) ?? (node.resourceType === 'seed'
      ? sha256File(node.absolutePath)
      : sha256(withoutRelations(`${node.compiledCode}\0${node.incrementalCode ?? ''}`, node, nodes, spell, empty)));
    // The resolved config holds the configured schema/alias, not the target's schema: portable.
    // Key order is the order weir builds configs in, the same run after run.
    const configJson = JSON.stringify(node.config);
    let config = configHashes.get(configJson);
    if (config === undefined) configHashes.set(configJson, (config = sha256(configJson)));
    const macros = macrosOf(node.rawCode);
    result.set(node.uniqueId, { body, config, macros, total: sha256(`${body}${config}${macros}`) });
  }
  return result;
}

/**
 * A unit test is its rendered model SQL (against fixture tables in its own schema, the same on
 * every target) plus its given and expected rows; not where the real upstreams live.
 */
function unitTestBody(sql: string, spec: UnitTestSpec): string {
  const given = spec.given.map(({ upstream: _where, ...fixture }) => fixture);
  return sha256(`${sql}\0${toJson([given, spec.expect])}`);
}

/** Replaces the relations the node reads (through ephemerals too) and its own with `{{id}}`. */
function withoutRelations(
  sql: string,
  node: CompiledNode,
  nodes: ReadonlyMap<string, CompiledNode>,
  quoteRelation: (relation: Relation) => string,
  empty: EmptyRelation | undefined,
): string {
  const replacements = new Map<string, string>();
  if (node.relation) replacements.set(quoteRelation(node.relation), node.uniqueId);
  const queue = [...node.dependsOn.nodes];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const parent = nodes.get(queue.pop()!);
    if (!parent) continue;
    if (parent.relation) {
      const quoted = quoteRelation(parent.relation);
      replacements.set(quoted, parent.uniqueId);
      if (empty) replacements.set(empty(quoted, parent.relation.identifier), parent.uniqueId);
    } else for (const id of parent.dependsOn.nodes) if (!seen.has(id)) queue.push(id), seen.add(id);
  }
  let text = sql;
  // Longest first, so "a"."bc" is not half-replaced by "a"."b".
  for (const [relation, id] of [...replacements].sort((a, b) => b[0].length - a[0].length)) {
    text = text.split(relation).join(`{{${id}}}`);
  }
  return text;
}
