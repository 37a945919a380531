import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, WeirError } from '../core/errors.js';
import { buildDocsData, type Artifacts } from './site-data.js';
import type { DocsData } from './types.js';
import { toJson } from '../core/json.js';

/** The files of the site besides the data: the bundled app (with its layout library) and its styles. */
const ASSETS = ['weir-docs.js', 'weir-docs.css'];

export interface SiteOutcome {
  readonly dir: string;
  readonly index: string;
  readonly nodes: number;
}

/**
 * Builds target/docs from target/manifest.json, catalog.json and run_results.json, and nothing
 * else: index.html opens from disk (file://), so the data is a sibling script, never fetched.
 */
export async function writeDocsSite(targetDir: string, written: Partial<Artifacts> = {}): Promise<SiteOutcome> {
  const data = buildDocsData(await readArtifacts(targetDir, written));
  const dir = join(targetDir, 'docs');
  await mkdir(dir, { recursive: true });
  const assets = assetsDir();
  await Promise.all([
    ...ASSETS.map((name) => copyFile(join(assets, name), join(dir, name))),
    writeFile(join(dir, 'weir-docs-data.js'), dataScript(data)),
    writeFile(join(dir, 'index.html'), indexHtml(data)),
  ]);
  return { dir, index: join(dir, 'index.html'), nodes: data.nodes.length };
}

/**
 * The artifacts in target/, read from disk unless the caller has just written them and passes the
 * same data (a 10,000-model manifest takes a while to parse again).
 */
export async function readArtifacts(targetDir: string, written: Partial<Artifacts> = {}): Promise<Artifacts> {
  const [manifest, weirManifest, catalog, runResults, latestResults, sources, lineage] = await Promise.all([
    written.manifest ?? readJson(join(targetDir, 'manifest.json')),
    'weirManifest' in written ? written.weirManifest : readJson(join(targetDir, 'weir_manifest.json')),
    'catalog' in written ? written.catalog : readJson(join(targetDir, 'catalog.json')),
    'runResults' in written ? written.runResults : readJson(join(targetDir, 'run_results.json')),
    'latestResults' in written ? written.latestResults : readJson(join(targetDir, 'weir_latest_results.json')),
    'sources' in written ? written.sources : readJson(join(targetDir, 'sources.json')),
    'lineage' in written ? written.lineage : readJson(join(targetDir, 'lineage.json')),
  ]);
  if (!manifest) {
    throw new UsageError(`No manifest at ${join(targetDir, 'manifest.json')}`, { hint: 'run `weir docs generate` (or `weir compile`) first' });
  }
  // weir_manifest.json of another compile (its invocation differs) would draw edges that are not there.
  const same = obj(weirManifest?.metadata).invocation_id === obj(manifest.metadata).invocation_id;
  return { manifest, weirManifest: same ? weirManifest : undefined, catalog, runResults, latestResults, sources, lineage };
}

function obj(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new WeirError(`${path} is not valid JSON: ${(error as Error).message}`, { hint: 'delete it and run the command that writes it again' });
  }
}

/**
 * A script that sets the data; a string parsed by JSON.parse loads faster than a large literal.
 * `<` is escaped too, so the script stays inert text even if someone inlines it into HTML.
 */
export function dataScript(data: DocsData): string {
  const literal = JSON.stringify(toJson(data)).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `window.WEIR_DOCS = JSON.parse(${literal});\n`;
}

function indexHtml(data: DocsData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.project)} · weir docs</title>
<link rel="stylesheet" href="weir-docs.css">
</head>
<body>
<div id="app"><p class="loading">Loading ${data.nodes.length} nodes…</p></div>
<noscript>This page needs JavaScript to draw the lineage graph.</noscript>
<script src="weir-docs-data.js"></script>
<script src="weir-docs.js"></script>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** dist/docs/assets, written by the build (scripts/bundle-docs-app.mjs); from src/ (tests) the built copy. */
function assetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, 'assets'), join(here, '..', '..', 'dist', 'docs', 'assets')]) {
    if (existsSync(join(dir, ASSETS[0]!))) return dir;
  }
  throw new WeirError('The docs site app is missing from dist/docs/assets', { hint: 'run `npm run build`' });
}
