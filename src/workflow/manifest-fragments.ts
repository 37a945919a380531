import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { weirBuild } from '../core/build-id.js';
import { envForKey } from '../core/env-key.js';
import { sha256 } from '../core/sha256.js';
import type { Fingerprint } from '../compile/fingerprint.js';
import type { CachedTemplate, TemplateCache } from '../compile/render-cache.js';
import type { CompiledNode } from '../compile/types.js';
import type { CompileOptions } from '../compile/index.js';
import type { CachedFile } from '../project/source-reader.js';
import type { Project } from '../project/types.js';
import type { EntrySpans } from '../artifacts/manifest-text.js';
import { isRecord } from './partial-parse-shape.js';

/**
 * target/partial_parse_manifest.txt: the last manifest.json a compile wrote, after one line that
 * says where each node's and source's entry is in it and the key it was built under. The next
 * compile splices an entry whose key is unchanged into its manifest instead of building and
 * serialising it again (a 10,000-model manifest is 14 MB). A copy, not manifest.json itself:
 * dbt or a person may replace manifest.json, never this file.
 */
export const FRAGMENTS_FILE = 'partial_parse_manifest.txt';
// 2: entries carry the database of dbt projects' relations, contract, constraints and primary_key.
// 3: spans count bytes (the text is copied as bytes, never decoded).
const FORMAT = 3;

interface Header {
  readonly format: number;
  readonly build: string;
  /** What every entry depends on alike (see fragmentsKey). */
  readonly key: string;
  /** Unique id -> [the entry's key (see fragmentKey), start, end] in the bytes after the header line. */
  readonly entries: Record<string, readonly [string, number, number]>;
}

export interface ManifestFragments {
  /** The entry's JSON (UTF-8) from the last compile when it was built under `key`. */
  get(id: string, key: string): Buffer | undefined;
}

const NONE: ManifestFragments = { get: () => undefined };

/**
 * A hash of everything the entries depend on alike, beside each node's own file: every file the
 * compile read that is no cached template's (project and properties files, macros, doc blocks),
 * the installed packages' settings, the target, vars, the environment and the command's options.
 * Any change to one of them rebuilds every entry.
 */
export function fragmentsKey(
  files: ReadonlyMap<string, CachedFile>,
  templates: Pick<TemplateCache, 'key' | 'macros' | 'entries'>,
  project: Pick<Project, 'packages'>,
  options: Pick<CompileOptions, 'target' | 'vars' | 'env' | 'invocation'>,
): string {
  const hash = createHash('sha256');
  const { id: _id, ...invocation } = options.invocation ?? { id: '' };
  const env = envForKey(options.env ?? process.env);
  const packages = (project.packages ?? []).map(({ macros: _macros, ...rest }) => rest);
  const withMaps = (_key: string, value: unknown) => (value instanceof Map ? [...value] : value);
  hash.update(JSON.stringify([weirBuild(), templates.key, templates.macros, options.target, options.vars ?? null, env, invocation, packages], withMaps));
  for (const [path, file] of files) if (!templates.entries.has(path)) hash.update(`${path}\0${file.hash}\n`);
  return hash.digest('hex');
}

/**
 * What a node's entry depends on besides fragmentsKey, hashed; undefined when the entry is not
 * cached (unit tests, exposures, generic tests, nodes without a cached render or with ephemeral
 * CTEs in front of it). A cached template's render is a function of its file, `this` and what its
 * refs and sources printed (vars, env and macros are in fragmentsKey).
 */
export function fragmentKey(node: CompiledNode, relationName: string | undefined, fingerprint: Fingerprint | undefined, entry: CachedTemplate | undefined): string | undefined {
  if (!fingerprint || node.unitTest || node.exposure) return undefined;
  // 64 bits of each sha256 are as many as the key keeps: hashing all 256 only costs time.
  const common = [node.resourceType, node.path, relationName ?? '', fingerprint.config.slice(0, 16), ...node.dependsOn.nodes, '', ...node.dependsOn.macros, ''];
  if (node.resourceType === 'source') return hash64(common);
  // A seed's body is its CSV's content hash.
  if (node.resourceType === 'seed') return hash64([...common, fingerprint.body.slice(0, 16)]);
  const render = entry?.render;
  if (!render || node.test?.type === 'generic' || render.sql !== node.compiledCode || render.incrementalSql !== node.incrementalCode) return undefined;
  const parts = [...common, entry.hash, render.self];
  const printed = (values: Readonly<Record<string, string>> | undefined) => {
    for (const name in values) parts.push(name, values[name]!);
    parts.push('');
  };
  printed(render.refs);
  printed(render.sources);
  parts.push(render.incremental ? 'i' : '', fingerprint.body.slice(0, 16));
  return hash64(parts);
}

/** The fragments written with `key`, or none (a missing, foreign or damaged file is ignored). */
export function readFragments(targetDir: string, key: string): ManifestFragments {
  let bytes: Buffer;
  let header: Header;
  let body: number;
  try {
    // As bytes: decoding 15-20 MB of UTF-8 to cut entries out of it costs more than the copy.
    bytes = readFileSync(join(targetDir, FRAGMENTS_FILE));
    body = bytes.indexOf(0x0a) + 1;
    header = JSON.parse(bytes.toString('utf8', 0, body)) as Header;
  } catch {
    return NONE;
  }
  if (!isRecord(header) || header.format !== FORMAT || header.build !== weirBuild() || header.key !== key || !isRecord(header.entries)) return NONE;
  return {
    get(id, nodeKey) {
      const found = header.entries[id];
      if (!Array.isArray(found) || found[0] !== nodeKey) return undefined;
      const [, start, end] = found;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || body + end > bytes.length) return undefined;
      const json = bytes.subarray(body + start, body + end);
      return json[0] === 0x7b && json[json.length - 1] === 0x7d ? json : undefined;
    },
  };
}

/** Writes the fragments file for the manifest just written (`text`, as UTF-8), replacing the old one atomically. */
export async function writeFragments(targetDir: string, key: string, text: Buffer, spans: EntrySpans, keys: ReadonlyMap<string, string>): Promise<void> {
  const entries: Record<string, readonly [string, number, number]> = {};
  for (const [id, nodeKey] of keys) {
    const span = spans.get(id);
    if (span) entries[id] = [nodeKey, span[0], span[1]];
  }
  const header: Header = { format: FORMAT, build: weirBuild(), key, entries };
  const path = join(targetDir, FRAGMENTS_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(header)}\n`);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/**
 * 64 bits of the sha256 of the parts, each ended by a NUL: the keys are compared, never trusted as
 * secrets. Node's one-shot hash of the joined parts costs ~30% less than hashing them in JavaScript.
 */
function hash64(parts: readonly string[]): string {
  return sha256(`${parts.join('\0')}\0`).slice(0, 16);
}
