#!/usr/bin/env node
// Builds the docs site's browser app into dist/docs/assets (run by `npm run build`):
//   weir-docs.js   src/docs/app/main.ts bundled with esbuild into one classic script, with the
//                  @dagrejs/dagre layout library and weir's own selector code (src/graph), so the
//                  site opens from disk (file:// cannot load ES modules) and selects as the CLI does
//   weir-docs.css  the styles
// `weir docs generate` copies both next to index.html; nothing is fetched from a network.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'docs', 'assets');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src', 'docs', 'app', 'main.ts')],
  outfile: join(out, 'weir-docs.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
copyFileSync(join(root, 'src', 'docs', 'app', 'style.css'), join(out, 'weir-docs.css'));
