import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Fingerprint } from '../compile/fingerprint.js';
import type { Relation } from '../compile/types.js';
import { UsageError } from '../core/errors.js';
import { WEIR_MANIFEST } from '../artifacts/weir-manifest.js';
import type { StateSets } from '../graph/index.js';
import { dbtChecksum, dbtNodeState, type DbtNodeState } from '../artifacts/dbt-checksum.js';
import type { CompiledNode } from '../compile/types.js';

/** What weir keeps from an earlier run's manifest.json to compare with and defer to. */
export interface PreviousState {
  readonly manifestPath: string;
  /** Node id -> its fingerprint then; `undefined` for a manifest written before fingerprints. */
  readonly fingerprints: ReadonlyMap<string, Fingerprint | undefined>;
  /** Node id -> where it was built then (models and seeds that have a relation). */
  readonly relations: ReadonlyMap<string, Relation>;
  /** Set when the folder has no weir_manifest.json of that manifest: what it means, for the log. */
  readonly warning?: string;
  /**
   * A manifest without weir's fingerprints (dbt wrote it): node id -> what dbt's own state:modified
   * compares, so a project moving from dbt can select against dbt's production manifest.
   */
  readonly dbt?: ReadonlyMap<string, DbtNodeState>;
  /** Said once in the log when `dbt` is what nodes are compared by. */
  readonly notice?: string;
}

/** The manifest's sections besides `nodes` that hold nodes of the graph. */
const APART = ['sources', 'unit_tests', 'exposures', 'metrics', 'semantic_models', 'saved_queries'] as const;

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
  let manifest: { nodes?: Record<string, ManifestNode> } & Partial<Record<typeof APART[number], Record<string, ManifestNode>>>;
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
  // dbt's layout keeps unit tests, exposures and the semantic layer apart from nodes; they are nodes
  // to select all the same. Ingest nodes are in weir_manifest.json only.
  const all = [manifest.nodes, ...APART.map((key) => manifest[key]), weir?.nodes].flatMap((group) => Object.entries(group ?? {}));
  for (const [id, node] of all) {
    // Manifests of weir before 0.1 kept the fingerprint on the node.
    fingerprints.set(id, weir?.fingerprints?.[id] ?? node.weir_fingerprint);
    if (node.relation_name && node.schema && node.alias) relations.set(id, { schema: node.schema, identifier: node.alias });
  }
  const legacy = all.some(([, node]) => node.weir_fingerprint !== undefined);
  if (weir || legacy) return { manifestPath, fingerprints, relations };
  const dbt = new Map<string, DbtNodeState>();
  for (const [id, node] of all) {
    const state = dbtNodeState(node);
    if (state) dbt.set(id, state);
  }
  if (dbt.size > 0) {
    return {
      manifestPath, fingerprints, relations, dbt,
      notice: `--state ${dir}: a manifest without weir's ${WEIR_MANIFEST} (written by dbt?): nodes are compared as dbt compares them, by file checksum and config; a changed macro does not mark the nodes that call it`,
    };
  }
  return {
    manifestPath, fingerprints, relations,
    warning: `--state ${dir}: no ${WEIR_MANIFEST} of that run beside its manifest.json, so every node counts as modified; copy target/${WEIR_MANIFEST} along with target/manifest.json`,
  };
}

/** dbt's state:modified for one node: modified.body by checksum, modified.configs by config; sources count as unmodified. */
function compareWithDbt(sets: Record<'unmodified' | 'modified' | 'modified.body' | 'modified.configs', Set<string>>, id: string, then: DbtNodeState | undefined, node: CompiledNode): void {
  const now = dbtNodeState({ resource_type: node.resourceType, checksum: dbtChecksum(node), config: node.config });
  if (node.resourceType === 'source' || (then && now && then.checksum === now.checksum && then.config === now.config)) {
    sets.unmodified.add(id);
    return;
  }
  sets.modified.add(id);
  if (!then || !now || then.checksum !== now.checksum) sets['modified.body'].add(id);
  if (!then || !now || then.config !== now.config) sets['modified.configs'].add(id);
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
export function compareState(previous: PreviousState, current: ReadonlyMap<string, Fingerprint>, nodes?: ReadonlyMap<string, CompiledNode>): StateSets {
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
    const dbtThen = previous.dbt?.get(id);
    const node = nodes?.get(id);
    if (previous.dbt && node) {
      compareWithDbt(sets, id, dbtThen, node);
      continue;
    }
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
