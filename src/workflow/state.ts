import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Fingerprint } from '../compile/fingerprint.js';
import type { Relation } from '../compile/types.js';
import { UsageError } from '../core/errors.js';
import { WEIR_MANIFEST } from '../artifacts/weir-manifest.js';
import type { StateSets } from '../graph/index.js';

/** What weir keeps from an earlier run's manifest.json to compare with and defer to. */
export interface PreviousState {
  readonly manifestPath: string;
  /** Node id -> its fingerprint then; `undefined` for a manifest written before fingerprints. */
  readonly fingerprints: ReadonlyMap<string, Fingerprint | undefined>;
  /** Node id -> where it was built then (models and seeds that have a relation). */
  readonly relations: ReadonlyMap<string, Relation>;
  /** Set when the folder has no weir_manifest.json of that manifest: what it means, for the log. */
  readonly warning?: string;
}

interface ManifestNode {
  readonly resource_type?: string;
  readonly schema?: string | null;
  readonly alias?: string | null;
  readonly relation_name?: string | null;
  readonly weir_fingerprint?: Fingerprint;
}

/** Reads `<dir>/manifest.json`; a missing or foreign file is a usage error saying what to pass. */
export function loadState(dir: string, cwd: string): PreviousState {
  const manifestPath = join(resolve(cwd, dir), 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new UsageError(`--state ${dir}: there is no manifest.json in ${resolve(cwd, dir)}`, {
      hint: 'point --state at a folder holding the target/manifest.json and weir_manifest.json of the run to compare with (copy both aside after a production run)',
    });
  }
  let manifest: { nodes?: Record<string, ManifestNode>; sources?: Record<string, ManifestNode>; unit_tests?: Record<string, ManifestNode> };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new UsageError(`--state ${dir}: ${manifestPath} is not valid JSON (${(error as Error).message})`, { hint: 'write it again with weir compile' });
  }
  if (!manifest || typeof manifest.nodes !== 'object') {
    throw new UsageError(`--state ${dir}: ${manifestPath} is not a weir/dbt manifest (it has no 'nodes')`);
  }
  const fingerprints = new Map<string, Fingerprint | undefined>();
  const relations = new Map<string, Relation>();
  const weir = readWeirManifest(join(resolve(cwd, dir), WEIR_MANIFEST), (manifest as { metadata?: { invocation_id?: unknown } }).metadata?.invocation_id);
  // dbt's layout keeps unit tests apart from nodes; they are nodes to select all the same. Ingest
  // nodes are in weir_manifest.json only.
  const all = [manifest.nodes, manifest.sources, manifest.unit_tests, weir?.nodes].flatMap((group) => Object.entries(group ?? {}));
  for (const [id, node] of all) {
    // Manifests of weir before 0.1 kept the fingerprint on the node.
    fingerprints.set(id, weir?.fingerprints?.[id] ?? node.weir_fingerprint);
    if (node.relation_name && node.schema && node.alias) relations.set(id, { schema: node.schema, identifier: node.alias });
  }
  const legacy = all.some(([, node]) => node.weir_fingerprint !== undefined);
  if (weir || legacy) return { manifestPath, fingerprints, relations };
  return {
    manifestPath, fingerprints, relations,
    warning: `--state ${dir}: no ${WEIR_MANIFEST} of that run beside its manifest.json, so every node counts as modified; copy target/${WEIR_MANIFEST} along with target/manifest.json`,
  };
}

interface WeirManifest {
  readonly nodes?: Record<string, ManifestNode>;
  readonly fingerprints?: Record<string, Fingerprint>;
}

/**
 * target/weir_manifest.json beside the manifest, when it was written with it (same invocation id):
 * without it every node counts as modified, the safe side.
 */
function readWeirManifest(path: string, invocationId: unknown): WeirManifest | undefined {
  try {
    const weir = JSON.parse(readFileSync(path, 'utf8')) as WeirManifest & { metadata?: { invocation_id?: unknown } };
    return weir.metadata?.invocation_id === invocationId ? weir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which nodes each `state:` value picks. As in dbt, a new node counts as modified; a node the old
 * manifest has without a fingerprint counts as modified too (building too much beats too little).
 */
export function compareState(previous: PreviousState, current: ReadonlyMap<string, Fingerprint>): StateSets {
  const sets = {
    new: new Set<string>(), old: new Set<string>(), modified: new Set<string>(), unmodified: new Set<string>(),
    'modified.body': new Set<string>(), 'modified.configs': new Set<string>(), 'modified.macros': new Set<string>(),
    // Answered from column lineage (workflow/column-state.ts); this node-level set is not read.
    'modified.columns': new Set<string>(),
  };
  for (const [id, now] of current) {
    if (!previous.fingerprints.has(id)) {
      sets.new.add(id);
      sets.modified.add(id);
      continue;
    }
    sets.old.add(id);
    const then = previous.fingerprints.get(id);
    if (then?.total === now.total) {
      sets.unmodified.add(id);
      continue;
    }
    sets.modified.add(id);
    if (!then || then.body !== now.body) sets['modified.body'].add(id);
    if (!then || then.config !== now.config) sets['modified.configs'].add(id);
    if (!then || then.macros !== now.macros) sets['modified.macros'].add(id);
  }
  return sets;
}
