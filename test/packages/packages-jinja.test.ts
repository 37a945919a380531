import { readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';
import { gitRepo } from './helpers.js';

/** A git package whose folder name stands for a token: it must never be shown. */
function secretRepo() {
  const repo = gitRepo({ 'dbt_project.yml': "name: 'git_pkg'\nconfig-version: 2\n", 'macros/g.sql': '{% macro g() %}1{% endmacro %}' }, 'v1.0.0');
  const secret = `s3cr3t-${basename(repo.dir)}`;
  const dir = join(dirname(repo.dir), secret);
  renameSync(repo.dir, dir);
  return { base: dirname(repo.dir), secret };
}

describe('packages.yml and dependencies.yml are rendered with env_var, as dbt renders them', () => {
  it("fetches a git package whose URL and revision come from the environment; the lock file and the log keep the URL as written", () => {
    const { base, secret } = secretRepo();
    const gitUrl = "file://{{ env_var('KIT_BASE') }}/{{ env_var('DBT_ENV_SECRET_REPO') }}";
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'packages.yml': `packages:\n  - git: "${gitUrl}"\n    revision: "{{ env_var('KIT_REVISION', 'v1.0.0') }}"\n`,
      'models/m.sql': 'select {{ git_pkg.g() }} as one',
    });
    const env = { KIT_BASE: base, DBT_ENV_SECRET_REPO: secret };
    const installed = weir(['deps'], project, env);
    expect(installed.code, installed.output).toBe(0);
    expect(installed.output).not.toContain(secret);
    const lock = readFileSync(join(project, 'package-lock.yml'), 'utf8');
    expect(lock).toContain("{{ env_var('DBT_ENV_SECRET_REPO') }}");
    expect(lock).not.toContain(secret);
    expect(weir(['build'], project, env).code).toBe(0);
    // Installing again from the lock renders its URL again.
    const again = weir(['deps'], project, env);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('pins');
  });

  it('a git URL that does not answer is reported as written, never rendered (it may hold a token)', () => {
    const { base, secret } = secretRepo();
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'dependencies.yml': "packages:\n  - git: \"file://{{ env_var('KIT_BASE') }}/{{ env_var('DBT_ENV_SECRET_REPO') }}-wrong\"\n",
    });
    const failed = weir(['deps'], project, { KIT_BASE: base, DBT_ENV_SECRET_REPO: secret });
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("{{ env_var('DBT_ENV_SECRET_REPO') }}-wrong");
    expect(failed.output).not.toContain(secret);
  });

  it('an env var that is not set names the file and line', () => {
    const project = makeProject({
      'dbt_project.yml': 'name: shop\n',
      'packages.yml': "packages:\n  - local: ../a\n  - git: \"{{ env_var('NO_SUCH_VAR_FOR_WEIR') }}\"\n",
    });
    const failed = weir(['deps'], project);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/packages\.yml:3.*env var 'NO_SUCH_VAR_FOR_WEIR' is not set/);
  });
});
