#!/usr/bin/env node
// The `prepare` script: compiles weir (`npm run build`) on `npm install`.
//
// Skipped when npx runs it. In this repository (the framework and its example project in one)
// `npx weir ...` installs the project itself into npm's npx cache before running its bin, and that
// install runs `prepare` again: a full TypeScript build (~6 s) on the first `npx weir` of a fresh
// clone, although `npm install` has just built dist/. npx's cached copy links back to this folder
// and never re-runs `prepare` afterwards, so skipping it when dist/ exists changes nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.npm_command === 'exec' && existsSync(join(root, 'dist', 'cli', 'main.js'))) process.exit(0);
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: true });
process.exit(build.status ?? 1);
