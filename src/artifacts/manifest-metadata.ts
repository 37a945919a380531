import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { WEIR_MANIFEST } from './weir-manifest-file.js';
import { WEIR_VERSION } from '../core/version.js';

export const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

export interface ArtifactMetadata {
  readonly invocationId: string;
  readonly generatedAt: Date;
  readonly adapterType: string;
  readonly targetName: string;
  /** The target's schema: where nodes that build nothing (tests, analyses) are said to live. */
  readonly defaultSchema: string;
  /** The database relations are named with (a dbt project's target.database), for nodes that build nothing. */
  readonly defaultDatabase?: string | undefined;
  /** The partial-parse generation whose compile this manifest describes (see workflow/partial-parse.ts). */
  readonly partialParse?: string | undefined;
}

/** The manifest's `metadata`, always its first key (partial parse rewrites it in place). */
export function manifestMetadata(projectName: string, metadata: Omit<ArtifactMetadata, 'defaultSchema' | 'defaultDatabase'>) {
  return {
    dbt_schema_version: MANIFEST_SCHEMA,
    generated_at: metadata.generatedAt.toISOString(),
    invocation_id: metadata.invocationId,
    project_name: projectName,
    adapter_type: metadata.adapterType,
    env: {},
  };
}

/**
 * The metadata of target/weir_manifest.json, always its first key and of a fixed length (ids and ISO
 * times), so partial parse can rewrite it in place. `invocation_id` is the one manifest.json carries:
 * a reader knows the two files belong together.
 */
export function weirManifestMetadata(metadata: Omit<ArtifactMetadata, 'defaultSchema'>) {
  return {
    weir_version: WEIR_VERSION,
    generated_at: metadata.generatedAt.toISOString(),
    invocation_id: metadata.invocationId,
    ...(metadata.partialParse ? { partial_parse: metadata.partialParse } : {}),
    target_name: metadata.targetName,
    adapter_type: metadata.adapterType,
  };
}


const HEAD = '{"metadata":';
const AFTER = ',"nodes":';

/**
 * Rewrites only the `metadata` of target/manifest.json and target/weir_manifest.json (a new
 * invocation id and time) when the rest is known to be current: weir_manifest.json must carry the
 * partial-parse `generation` whose compile produced exactly this compile's output, and manifest.json
 * the same invocation id (the two were written together). The new metadata is as long as the old
 * (ids and ISO times have a fixed length), so it is written in place over the first bytes; anything
 * else returns false and writes nothing.
 */
export async function rewriteManifestMetadata(
  targetDir: string,
  generation: string,
  metadata: { readonly manifest: Record<string, unknown>; readonly weir: Record<string, unknown> },
): Promise<boolean> {
  if (!generation) return false;
  const handles: FileHandle[] = [];
  try {
    for (const name of ['manifest.json', WEIR_MANIFEST]) handles.push(await open(join(targetDir, name), 'r+'));
    const [manifest, weir] = [await readHead(handles[0]!), await readHead(handles[1]!)];
    if (!manifest || !weir || !sameCompile(manifest.old, weir.old, generation)) return false;
    const fresh = [Buffer.from(`${HEAD}${JSON.stringify(metadata.manifest)}`), Buffer.from(`${HEAD}${JSON.stringify(metadata.weir)}`)];
    if (fresh[0]!.length !== manifest.end || fresh[1]!.length !== weir.end) return false;
    // manifest.json first: a crash in between leaves ids that differ, and the next compile writes both.
    await handles[0]!.write(fresh[0]!, 0, fresh[0]!.length, 0);
    await handles[1]!.write(fresh[1]!, 0, fresh[1]!.length, 0);
    return true;
  } catch {
    return false;
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}

/** Whether the two heads were written together by the compile of partial-parse `generation`. */
const sameCompile = (manifest: Record<string, unknown>, weir: Record<string, unknown>, generation: string) =>
  weir.partial_parse === generation && weir.invocation_id === manifest.invocation_id;

/** Whether target/manifest.json is the output of the compile of partial-parse `generation` (see rewriteManifestMetadata). */
export async function manifestOfGeneration(targetDir: string, generation: string): Promise<boolean> {
  if (!generation) return false;
  const handles: FileHandle[] = [];
  try {
    for (const name of ['manifest.json', WEIR_MANIFEST]) handles.push(await open(join(targetDir, name), 'r'));
    const [manifest, weir] = [await readHead(handles[0]!), await readHead(handles[1]!)];
    return manifest !== undefined && weir !== undefined && sameCompile(manifest.old, weir.old, generation);
  } catch {
    return false;
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}

async function readHead(handle: FileHandle): Promise<{ old: Record<string, unknown>; end: number } | undefined> {
  const buffer = Buffer.alloc(4096);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  const head = buffer.subarray(0, bytesRead);
  const end = head.indexOf(AFTER);
  if (end < 0 || !head.subarray(0, HEAD.length).equals(Buffer.from(HEAD))) return undefined;
  try {
    return { old: JSON.parse(head.subarray(HEAD.length, end).toString('utf8')) as Record<string, unknown>, end };
  } catch {
    return undefined;
  }
}
