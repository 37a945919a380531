import { existsSync } from 'node:fs';
import { dbtNodePaths, packageRelative, packageRoots } from '../dbt-project/dbt-paths.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildManifest, manifestMetadata, type ArtifactMetadata } from '../artifacts/manifest.js';
import { rewriteManifestMetadata } from '../artifacts/manifest-metadata.js';
import { buildWeirManifest, WEIR_MANIFEST, weirManifestMetadata } from '../artifacts/weir-manifest.js';
import { writeAtomically } from '../artifacts/write.js';
import { writeCompiledSql } from '../execute/write-sql.js';
import { openProject, type CommonOptions, type OpenedProject } from './open-project.js';
import { toJson } from '../core/json.js';
import type { CompiledNode } from '../compile/types.js';

/** Compiles and writes the manifest and compiled SQL; no database needed. */
export async function compileOnly(options: CommonOptions): Promise<OpenedProject> {
  const opened = openProject(options);
  await writeArtifacts(opened);
  return opened;
}

function metadataOf(opened: OpenedProject): ArtifactMetadata {
  return {
    invocationId: opened.invocationId, generatedAt: opened.startedAt, adapterType: opened.target.type, targetName: opened.target.name,
    defaultSchema: opened.target.schema, partialParse: opened.partialParse?.generation,
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
  await writeArtifactsWithManifest(opened);
}

/**
 * Writes target/compiled, target/manifest.json and target/weir_manifest.json; returns the manifest
 * written. The manifests are put in place after the SQL files, and weir_manifest.json (which names
 * the partial-parse generation) last, so that generation always comes with its compiled SQL and manifest.
 */
export async function writeArtifactsWithManifest(opened: OpenedProject): Promise<Record<string, unknown>> {
  const { compiled, dialect, project } = opened;
  const sql = writeCompiledSql(project.targetDir, compiled.nodes.values(), packageRoots(project));
  const quote = (node: CompiledNode) => (node.relation ? dialect.relation(node.relation) : undefined);
  const manifest = buildManifest(compiled, metadataOf(opened), quote, { node: (node) => dbtNodePaths(project, node), file: (path) => packageRelative(project, path) });
  const text = toJson(manifest);
  const weir = toJson(buildWeirManifest(compiled, metadataOf(opened), quote, opened.fingerprints));
  await sql;
  await mkdir(project.targetDir, { recursive: true });
  await writeAtomically(join(project.targetDir, 'manifest.json'), text);
  await writeAtomically(join(project.targetDir, WEIR_MANIFEST), weir);
  return manifest;
}
