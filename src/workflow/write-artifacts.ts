import { existsSync } from 'node:fs';
import { dbtNodePaths, packageRelative, packageRoots } from '../compile/dbt-paths.js';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildManifest, manifestMetadata, type ArtifactMetadata, type EntryMaker, type ManifestFiles } from '../artifacts/manifest.js';
import { manifestText } from '../artifacts/manifest-text.js';
import { rewriteManifestMetadata } from '../artifacts/manifest-metadata.js';
import { buildWeirManifest, WEIR_MANIFEST, weirManifestMetadata } from '../artifacts/weir-manifest.js';
import { writeAtomically } from '../artifacts/write.js';
import { compiledPathFor, writeCompiledSql } from '../execute/write-sql.js';
import { openProject, type CommonOptions, type OpenedProject } from './open-project.js';
import { toJson } from '../core/json.js';
import type { CompiledNode } from '../compile/types.js';
import { fragmentKey, readFragments, writeFragments } from './manifest-fragments.js';
import { relationDatabase } from '../compile/index.js';

/** Compiles and writes the manifest and compiled SQL; no database needed. */
export async function compileOnly(options: CommonOptions): Promise<OpenedProject> {
  const opened = openProject(options);
  await writeArtifacts(opened);
  return opened;
}

function metadataOf(opened: OpenedProject): ArtifactMetadata {
  return {
    invocationId: opened.invocationId, generatedAt: opened.startedAt, adapterType: opened.target.type, targetName: opened.target.name,
    defaultSchema: opened.target.schema, defaultDatabase: relationDatabase(opened.project, opened.target), partialParse: opened.partialParse?.generation,
  };
}

/**
 * Writes target/compiled and target/manifest.json. When the partial-parse cache says this compile's
 * output is the one the manifest on disk was written from, only the manifest's metadata is rewritten
 * and the compiled SQL (written before that manifest) is left as it is.
 */
export async function writeArtifacts(opened: OpenedProject): Promise<void> {
  const { compiled, project } = opened;
  if (opened.partialParse?.unchanged && existsSync(join(project.targetDir, 'compiled', compiled.projectName))) {
    const metadata = { manifest: manifestMetadata(compiled.projectName, metadataOf(opened)), weir: weirManifestMetadata(metadataOf(opened)) };
    if (await rewriteManifestMetadata(project.targetDir, opened.partialParse.generation, metadata)) return;
  }
  if (opened.manifestKey !== undefined) await writeArtifactsFromFragments(opened, opened.manifestKey);
  else await writeArtifactsWithManifest(opened);
}

const manifestFiles = (opened: OpenedProject): ManifestFiles => {
  const roots = packageRoots(opened.project);
  const targetPath = relative(opened.project.root, opened.project.targetDir) || '.';
  return {
    node: (node) => dbtNodePaths(opened.project, node), file: (path) => packageRelative(opened.project, path),
    compiledPath: (node) => join(targetPath, compiledPathFor(node, 'compiled', roots)),
    root: opened.project.root,
    checksum: (node) => {
      const checksum = opened.partialParse?.seedChecksums?.get(node.path);
      return checksum === undefined ? undefined : { name: 'sha256', checksum };
    },
  };
};

/**
 * Writes target/compiled, target/manifest.json and target/weir_manifest.json; returns the manifest
 * written. The manifests are put in place after the SQL files, and weir_manifest.json (which names
 * the partial-parse generation) last, so that generation always comes with its compiled SQL and manifest.
 */
export async function writeArtifactsWithManifest(opened: OpenedProject): Promise<Record<string, unknown>> {
  return (await writeManifests(opened)).manifest;
}

/**
 * As writeArtifactsWithManifest, with the entries of the last manifest whose inputs did not change
 * copied in as bytes (see manifest-fragments.ts), and their compiled SQL files, which that compile
 * wrote, not read back; then keeps this manifest's entries for the next compile.
 */
async function writeArtifactsFromFragments(opened: OpenedProject, key: string): Promise<void> {
  const previous = readFragments(opened.project.targetDir, key);
  const templates = opened.compiled.templateCache?.entries;
  const keys = new Map<string, string>();
  const reused = new Map<string, Buffer>();
  for (const node of opened.compiled.nodes.values()) {
    const nodeKey = fragmentKey(node, node.relation && opened.dialect.relation(node.relation), opened.fingerprints.get(node.uniqueId), templates?.get(node.path));
    if (nodeKey === undefined) continue;
    keys.set(node.uniqueId, nodeKey);
    const json = previous.get(node.uniqueId, nodeKey);
    if (json !== undefined) reused.set(node.uniqueId, json);
  }
  const entry: EntryMaker = (node, _relationName, build) => reused.get(node.uniqueId) ?? toJson(build());
  const { text, spans } = await writeManifests(opened, entry, (node) => reused.has(node.uniqueId));
  opened.compileOptions.logger.log({
    level: 'debug', code: 'partial_parse_manifest',
    message: `partial parse: ${reused.size} of ${keys.size} manifest entries reused`, data: { reused: reused.size, cacheable: keys.size },
  });
  await writeFragments(opened.project.targetDir, key, text, spans!, keys);
}

/**
 * `entry`: each node's and source's entry as JSON text (then the manifest is spliced from them);
 * `written`: nodes whose compiled SQL file the last compile wrote as it is now.
 */
async function writeManifests(opened: OpenedProject, entry?: EntryMaker, written?: (node: CompiledNode) => boolean) {
  const { compiled, dialect, project } = opened;
  const sql = writeCompiledSql(project.targetDir, compiled.nodes.values(), packageRoots(project), written);
  const quote = (node: CompiledNode) => (node.relation ? dialect.relation(node.relation) : undefined);
  const manifest = buildManifest(compiled, metadataOf(opened), quote, manifestFiles(opened), entry);
  const spliced = entry ? manifestText(manifest) : undefined;
  // Encoded once: the fragments file holds the same bytes.
  const text = spliced?.text ?? Buffer.from(toJson(manifest));
  const weir = toJson(buildWeirManifest(compiled, metadataOf(opened), quote, opened.fingerprints));
  await sql;
  await mkdir(project.targetDir, { recursive: true });
  await writeAtomically(join(project.targetDir, 'manifest.json'), text);
  await writeAtomically(join(project.targetDir, WEIR_MANIFEST), weir);
  return { manifest, text, spans: spliced?.spans };
}
