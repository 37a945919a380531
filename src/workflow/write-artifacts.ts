import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildManifest, manifestMetadata, type ArtifactMetadata } from '../artifacts/manifest.js';
import { rewriteManifestMetadata } from '../artifacts/manifest-metadata.js';
import { writeAtomically } from '../artifacts/write.js';
import { writeCompiledSql } from '../execute/write-sql.js';
import { openProject, type CommonOptions, type OpenedProject } from './open-project.js';
import { toJson } from '../core/json.js';

/** Compiles and writes the manifest and compiled SQL; no database needed. */
export async function compileOnly(options: CommonOptions): Promise<OpenedProject> {
  const opened = openProject(options);
  await writeArtifacts(opened);
  return opened;
}

function metadataOf(opened: OpenedProject): ArtifactMetadata {
  return {
    invocationId: opened.invocationId, generatedAt: opened.startedAt, adapterType: opened.target.type, targetName: opened.target.name,
    partialParse: opened.partialParse?.generation,
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
    const metadata = manifestMetadata(compiled.projectName, metadataOf(opened));
    if (await rewriteManifestMetadata(join(project.targetDir, 'manifest.json'), opened.partialParse.generation, metadata)) return;
  }
  await writeArtifactsWithManifest(opened);
}

/**
 * Writes target/compiled and target/manifest.json; returns the manifest written. The manifest is
 * put in place after the SQL files, so a manifest that names a partial-parse generation always
 * comes with that generation's compiled SQL.
 */
export async function writeArtifactsWithManifest(opened: OpenedProject): Promise<Record<string, unknown>> {
  const { compiled, dialect, project } = opened;
  const sql = writeCompiledSql(project.targetDir, compiled.nodes.values());
  const manifest = buildManifest(compiled, metadataOf(opened), (node) => (node.relation ? dialect.relation(node.relation) : undefined), opened.fingerprints);
  const text = toJson(manifest);
  await sql;
  await mkdir(project.targetDir, { recursive: true });
  await writeAtomically(join(project.targetDir, 'manifest.json'), text);
  return manifest;
}
