#!/usr/bin/env node
// The artifacts step of a cold compile alone, in one process: `node bench/write-artifacts.js WEIR_DIR PROJECT [REPEAT]`.
// Opens PROJECT with WEIR_DIR's built dist/, then REPEAT times empties target/ and awaits writeArtifacts
// (manifest.json, weir_manifest.json, the fragments file, compiled SQL), printing the process's CPU
// milliseconds (process.cpuUsage: the compiled-SQL worker's included) and wall milliseconds of each call.
// Alternate two builds (a worktree of main and this one) in the same minutes; the first call is a real
// compile's (nothing warmed up), later ones show the steady state. PROJECT's target/ is deleted.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';

const [weirDir, project, repeat = '3'] = process.argv.slice(2);
if (!weirDir || !project) {
  console.error('usage: node bench/write-artifacts.js WEIR_DIR PROJECT [REPEAT]');
  process.exit(2);
}
const load = (path) => import(pathToFileURL(join(resolve(weirDir), 'dist', path)).href);
const [{ openProject }, { writeArtifacts }, { silentLogger }] = await Promise.all([
  load('workflow/open-project.js'), load('workflow/write-artifacts.js'), load('core/logger.js'),
]);
const target = join(resolve(project), 'target');
rmSync(target, { recursive: true, force: true });
const opened = openProject({ projectDir: project, logger: silentLogger });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const runs = [];
for (let i = 0; i < Number(repeat); i++) {
  rmSync(target, { recursive: true, force: true });
  const [c, t] = [cpu(), performance.now()];
  await writeArtifacts(opened);
  runs.push(`${(cpu() - c).toFixed(0)}/${(performance.now() - t).toFixed(0)}`);
}
console.log(`${weirDir}: writeArtifacts CPU/wall ms ${runs.join(' ')} (load ${loadavg()[0].toFixed(2)})`);
