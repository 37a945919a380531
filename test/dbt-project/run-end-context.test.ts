import { expect, it } from 'vitest';
import { makeProject, weir } from '../helpers/project.js';

/**
 * What brooklyn-data/dbt_artifacts' on-run-end upload reads of dbt's context: each result's
 * timing (compile and execute steps with datetimes), node.config with dbt's None keys and no
 * undefined values, graph nodes' checksum, invocation_args_dict and dbt_metadata_envs.
 */
it("gives an on-run-end hook the results, graph and invocation facts dbt_artifacts reads", () => {
  const hook = [
    '{% for r in results %}',
    "{% set compile = (r.timing | selectattr('name', 'eq', 'compile') | first) %}",
    "{% set execute = (r.timing | selectattr('name', 'eq', 'execute') | first) %}",
    "{{ log('RESULT ' ~ r.node.name ~ ' full_refresh_none=' ~ (r.node.config.full_refresh is none) ~ ' timed=' ~ (compile.started_at.strftime('%Y') | length == 4) ~ ',' ~ (execute.completed_at >= execute.started_at), info=true) }}",
    "{{ log('UNDEFINED ' ~ (r.node.config.values() | reject('defined') | list | length), info=true) }}",
    '{% endfor %}',
    "{% for n in graph.nodes.values() %}{{ log('CHECKSUM ' ~ n.name ~ ' ' ~ n.checksum.name ~ ' ' ~ n.checksum.checksum[:12], info=true) }}{% endfor %}",
    "{{ log('ARGS ' ~ invocation_args_dict.which ~ ' ' ~ ('warn_error_options' in invocation_args_dict) ~ ' ENVS ' ~ dbt_metadata_envs, info=true) }}",
  ].join('');
  const dir = makeProject({
    'dbt_project.yml': `name: arts\nprofile: arts\non-run-end:\n  - ${JSON.stringify(hook)}\n`,
    'profiles.yml': 'arts:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: target/dev.duckdb\n',
    'models/m.sql': 'select 1 as id',
    'seeds/s.csv': 'a\n1\n',
  });
  const run = weir(['build'], dir, { DBT_ENV_CUSTOM_ENV_TEAM: 'data', DBT_ENV_SECRET_KEY: 'hunter2secret' });
  expect(run.code, run.output).toBe(0);
  const lines = (prefix: string) => run.output.split('\n').filter((l) => l.includes(`${prefix} `)).map((l) => l.slice(l.indexOf(prefix)));
  expect(lines('RESULT').sort()).toEqual(['RESULT m full_refresh_none=True timed=True,True', 'RESULT s full_refresh_none=True timed=True,True']);
  expect(lines('UNDEFINED')).toEqual(['UNDEFINED 0', 'UNDEFINED 0']);
  // dbt's checksums: sha256 of the stripped file text, computed apart with Python's hashlib.
  expect(lines('CHECKSUM').sort()).toEqual(['CHECKSUM m sha256 3ea0f972fa1b', 'CHECKSUM s sha256 4f395a2e9ea1']);
  expect(lines('ARGS')).toEqual(["ARGS build False ENVS {'TEAM': 'data'}"]);
  expect(run.output).not.toContain('hunter2secret');
}, 60_000);
