import { existsSync, lstatSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { installPackages, type DepsOptions } from '../../src/packages/index.js';
import { makeProject, weir } from '../helpers/project.js';
import { gitRepo, makePackage, serve, tarballOf } from './helpers.js';

const deps = (projectDir: string, extra: Partial<DepsOptions> = {}) => {
  const log: string[] = [];
  const run = installPackages({ projectDir, installPath: 'dbt_packages', env: {}, dbtVersionOk: () => true, log: (m) => log.push(m), ...extra });
  return { run, log };
};
const lockOf = (dir: string) => parse(readFileSync(join(dir, 'package-lock.yml'), 'utf8')) as { packages: Array<Record<string, string>>; sha1_hash: string };

/** A fake dbt Hub index for `name` with these versions, each downloading `tarball` from the server. */
function hubIndex(base: string, name: string, versions: Record<string, string>) {
  return JSON.stringify({
    name, namespace: name.split('/')[0], latest: Object.keys(versions).at(-1),
    versions: Object.fromEntries(Object.entries(versions).map(([v, path]) => [v, { name, version: v, downloads: { tarball: `${base}${path}` } }])),
  });
}

describe('weir deps', () => {
  it('links a local: package into dbt_packages/ under its dbt_project.yml name and writes package-lock.yml as dbt does', async () => {
    const pkg = makePackage('my_utils', { 'macros/m.sql': '{% macro hello() %}hi{% endmacro %}' });
    const project = makeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': `packages:\n  - local: ${pkg}\n` });
    const { run } = deps(project);
    expect((await run).map((p) => p.name)).toEqual(['my_utils']);
    expect(lstatSync(join(project, 'dbt_packages/my_utils')).isSymbolicLink()).toBe(true);
    expect(realpathSync(join(project, 'dbt_packages/my_utils'))).toBe(realpathSync(pkg));
    const lock = lockOf(project);
    expect(lock.packages).toEqual([{ local: expect.stringContaining('..'), name: 'my_utils' }]);
    expect(lock.sha1_hash).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(join(project, 'package-lock.yml'), 'utf8')).toMatch(/^packages:\n- local: /);
  });

  it('clones a git: package at a tag, keeps its subdirectory, pins the commit, and follows its own packages.yml', async () => {
    const inner = makePackage('inner_pkg');
    const repo = gitRepo({
      'sub/dbt_project.yml': "name: 'git_pkg'\nconfig-version: 2\n",
      'sub/macros/g.sql': '{% macro g() %}1{% endmacro %}',
      'sub/packages.yml': `packages:\n  - local: ${inner}\n`,
    }, 'v1.0.0');
    const project = makeProject({
      'dbt_project.yml': 'name: shop\npackages-install-path: vendor\n',
      'packages.yml': `packages:\n  - git: "file://${repo.dir}"\n    revision: v1.0.0\n    subdirectory: sub\n`,
    });
    const { run } = deps(project, { installPath: 'vendor' });
    expect((await run).map((p) => p.name)).toEqual(['git_pkg', 'inner_pkg']);
    expect(readFileSync(join(project, 'vendor/git_pkg/macros/g.sql'), 'utf8')).toContain('macro g');
    expect(existsSync(join(project, 'vendor/git_pkg/.git'))).toBe(false);
    expect(lockOf(project).packages).toEqual([
      { git: `file://${repo.dir}`, name: 'git_pkg', revision: repo.commit, subdirectory: 'sub' },
      { local: expect.any(String), name: 'inner_pkg' },
    ]);
  });

  it('says which revisions exist when revision: names none, and leaves what was installed', async () => {
    const repo = gitRepo({ 'dbt_project.yml': "name: 'git_pkg'\n" }, 'v1.0.0');
    const project = makeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': `packages:\n  - git: "file://${repo.dir}"\n    revision: v9.9.9\n`, 'dbt_packages/old/dbt_project.yml': 'name: old\n' });
    await expect(deps(project).run).rejects.toThrow(/packages\.yml:2\): revision 'v9\.9\.9' is not a branch, tag or commit/);
    await expect(deps(project).run).rejects.toMatchObject({ hint: expect.stringContaining('v1.0.0') });
    expect(existsSync(join(project, 'dbt_packages/old/dbt_project.yml'))).toBe(true);
  });

  it('downloads a tarball: package from an HTTP server', async () => {
    const pkg = makePackage('tar_pkg', { 'macros/t.sql': '{% macro t() %}t{% endmacro %}' });
    const server = await serve(new Map([['/tar_pkg.tar.gz', await tarballOf(pkg)]]));
    try {
      const project = makeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': `packages:\n  - tarball: ${server.url}/tar_pkg.tar.gz\n    name: tar_pkg\n` });
      await deps(project).run;
      expect(readFileSync(join(project, 'dbt_packages/tar_pkg/macros/t.sql'), 'utf8')).toContain('macro t');
      expect(lockOf(project).packages).toEqual([{ tarball: `${server.url}/tar_pkg.tar.gz`, name: 'tar_pkg' }]);
    } finally {
      await server.close();
    }
  });

  it('resolves dbt Hub ranges as dbt does (newest release within every spec, no prereleases), transitively, then installs from the lock', async () => {
    const routes = new Map<string, Buffer | string>();
    const server = await serve(routes);
    try {
      const utils = makePackage('dbt_utils', { 'packages.yml': 'packages:\n  - package: acme/helpers\n    version: ">=0.2.0"\n' });
      const helpers = makePackage('helpers');
      routes.set('/utils.tar.gz', await tarballOf(utils));
      routes.set('/helpers.tar.gz', await tarballOf(helpers));
      routes.set('/api/v1/dbt-labs/dbt_utils.json', hubIndex(server.url, 'dbt-labs/dbt_utils', {
        '0.9.0': '/none', '1.0.0': '/none', '1.2.0': '/utils.tar.gz', '1.3.0-b1': '/none', '2.0.0': '/none',
      }));
      routes.set('/api/v1/acme/helpers.json', hubIndex(server.url, 'acme/helpers', { '0.1.0': '/none', '0.3.1': '/helpers.tar.gz' }));
      const project = makeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n' });
      const env = { DBT_PACKAGE_HUB_URL: server.url };
      await deps(project, { env }).run;
      expect(lockOf(project).packages).toEqual([
        { name: 'dbt_utils', package: 'dbt-labs/dbt_utils', version: '1.2.0' },
        { name: 'helpers', package: 'acme/helpers', version: '0.3.1' },
      ]);
      // With the lock matching packages.yml, a second run installs the pinned versions.
      routes.set('/api/v1/dbt-labs/dbt_utils.json', hubIndex(server.url, 'dbt-labs/dbt_utils', { '1.2.0': '/utils.tar.gz', '1.9.0': '/none' }));
      const again = deps(project, { env });
      await again.run;
      expect(again.log).toContain('installing the versions package-lock.yml pins');
      expect(existsSync(join(project, 'dbt_packages/helpers/dbt_project.yml'))).toBe(true);
      // --upgrade resolves again: 1.9.0 is newest now, and its download is missing (HTTP 404).
      await expect(deps(project, { env, upgrade: true }).run).rejects.toThrow(/dbt-labs\/dbt_utils 1\.9\.0: .*answered HTTP 404/);
    } finally {
      await server.close();
    }
  });

  it('names conflicting version ranges with where each was asked for', async () => {
    const routes = new Map<string, Buffer | string>();
    const server = await serve(routes);
    try {
      routes.set('/a.tar.gz', await tarballOf(makePackage('a', { 'packages.yml': 'packages:\n  - package: acme/b\n    version: "<1.0.0"\n' })));
      routes.set('/api/v1/acme/a.json', hubIndex(server.url, 'acme/a', { '1.0.0': '/a.tar.gz' }));
      routes.set('/b.tar.gz', await tarballOf(makePackage('b')));
      routes.set('/api/v1/acme/b.json', hubIndex(server.url, 'acme/b', { '0.5.0': '/b.tar.gz', '1.5.0': '/b.tar.gz' }));
      const project = makeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - package: acme/b\n    version: [">=1.0.0"]\n  - package: acme/a\n    version: 1.0.0\n' });
      await expect(deps(project, { env: { DBT_PACKAGE_HUB_URL: server.url } }).run).rejects.toThrow(
        /package 'acme\/b' is asked for in versions that cannot both hold: >=1\.0\.0 \(packages\.yml:2\) and <1\.0\.0 \(.*\/packages\.yml:2\)/,
      );
      const unknown = makeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - package: acme/nope\n    version: 1.0.0\n' });
      await expect(deps(unknown, { env: { DBT_PACKAGE_HUB_URL: server.url } }).run).rejects.toThrow("'acme/nope' is not a package on dbt Hub");
    } finally {
      await server.close();
    }
  });

  it('says it is offline when the Hub cannot be reached, and keeps the installed packages, which still load', async () => {
    const server = await serve(new Map());
    const closed = server.url;
    await server.close();
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.0.0\n',
      'dbt_packages/dbt_utils/dbt_project.yml': 'name: dbt_utils\n', 'models/a.sql': 'select 1 as x',
    });
    const result = weir(['deps'], project, { DBT_PACKAGE_HUB_URL: closed });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("could not download the dbt Hub index of 'dbt-labs/dbt_utils': 127.0.0.1");
    expect(result.output).toMatch(/could not be reached \(ECONNREFUSED\)[\s\S]*offline\?[\s\S]*weir build never needs the network/);
    expect(existsSync(join(project, 'dbt_packages/dbt_utils/dbt_project.yml'))).toBe(true);
    expect(weir(['compile'], project, { DBT_PACKAGE_HUB_URL: closed }).code).toBe(0);
  });

  it('names packages.yml and the line of a bad entry, a bad version range, and missing packages at build', async () => {
    const bad = (text: string) => deps(makeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': text })).run;
    await expect(bad('packages:\n  - package: dbt-labs/dbt_utils\n    version: "~1.0"\n')).rejects.toThrow(/packages\.yml:3.*'~1\.0' is not a version dbt understands/);
    await expect(bad('packages:\n  - local: ../x\n  - gti: https://x\n')).rejects.toThrow(/packages\.yml:3.*needs one of package:, git:, local: or tarball:/);
    await expect(bad('packages:\n  - git: https://x\n    revison: v1\n')).rejects.toThrow(/packages\.yml:3.*unknown key 'revison'[\s\S]*did you mean 'revision'/);
    const project = makeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.0.0\n', 'models/a.sql': 'select 1 as x' });
    const result = weir(['compile'], project);
    expect(result.code).toBe(2);
    expect(result.output).toContain('packages.yml:1: packages.yml lists packages that are not installed in dbt_packages/');
    expect(result.output).toContain('run weir deps');
    writeFileSync(join(project, 'packages.yml'), 'packages:\n  - local: ./nowhere\n');
    expect(weir(['deps'], project).output).toMatch(/local package '\.\/nowhere' \(packages\.yml:2\): there is no folder/);
  });

  it("names a package an installed package's packages.yml needs and that is not installed, at its line", () => {
    // dbt-project-evaluator's packages.yml asks for dbt_utils; installed without it, its models only said "'dbt_utils' is undefined".
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - local: ./evaluator\n',
      'dbt_packages/evaluator/dbt_project.yml': 'name: evaluator\n',
      'dbt_packages/evaluator/packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n',
      'models/a.sql': 'select 1 as x',
    });
    const result = weir(['compile'], project);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("Warning: dbt_packages/evaluator/packages.yml:2: package 'evaluator' needs dbt-labs/dbt_utils, which is not installed in dbt_packages/");
    expect(result.output).toContain('run weir deps');
  });
});
