import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, weir } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

/** npm and npx as a user runs them in their project; offline, since weir's dependencies are in the npm cache. */
function npm(command: 'npm' | 'npx', args: string[], cwd: string) {
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('weir in your own project', { timeout: 300_000 }, () => {
  it('init says how to install weir; installed from a local checkout as a dev dependency, npx weir build builds', () => {
    const parent = tempDir('weir-own-');
    expect(parent.startsWith(REPO_ROOT)).toBe(false);
    const init = weir(['init', 'demo'], parent);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`npm install --save-dev ${REPO_ROOT} && npx weir build`);
    const dir = join(parent, 'demo');

    // --ignore-scripts: the checkout's dist/ is built already; its `prepare` would rebuild it under running tests.
    const install = npm('npm', ['install', '--save-dev', '--ignore-scripts', REPO_ROOT], dir);
    expect(install.code, install.output).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).devDependencies.weir).toMatch(/^file:/);
    const build = npm('npx', ['weir', 'build'], dir);
    expect(build.output).toContain('PASS=5 WARN=0 ERROR=0');
    expect(build.code).toBe(0);

    // Where weir is installed, init's advice is plain npx.
    const again = npm('npx', ['weir', 'init', 'second'], dir);
    expect(again.code).toBe(0);
    expect(again.output).toContain('Next: cd second && npx weir build');
    expect(again.output).not.toContain('npm install');
  });
});
