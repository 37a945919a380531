import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { queryDuckDb } from '../helpers/duckdb.js';

// Anscombe's first set as a seed, and a category for group comparisons.
const X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const Y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
const CSV = `x,y,side\n${X.map((x, i) => `${x},${Y[i]},${x >= 9 ? 'high' : 'low'}`).join('\n')}\n`;

const PROJECT = {
  'project.yml': 'name: lab\n',
  'seeds/anscombe.csv': CSV,
  'models/points.sql': "select x, y, side from {{ ref('anscombe') }}",
  'analyses/x_vs_y.sql': "select x, y from {{ ref('points') }}",
  'analyses/y_by_side.sql': "select y, side from {{ ref('points') }}",
  'analyses/tiny.sql': "select x, y from {{ ref('points') }} where x > 13",
  'analyses/analyses.yml': [
    'analyses:',
    '  - name: x_vs_y',
    '    description: Anscombe <I> & "friends"',
    '    kind: correlation',
    '    columns: {x: x, y: y}',
    '    chart: {title: "y against x"}',
    '  - name: y_by_side',
    '    kind: group_comparison',
    '    columns: {value: y, group: side}',
    '  - name: tiny',
    '    kind: correlation',
    '    columns: {x: x, y: y}',
    '    method: pearson',
    '    chart: {png: false}',
    '',
  ].join('\n'),
};

const runsOf = (dir: string, name: string) => readdirSync(join(dir, 'target/analyses', name)).filter((d) => d !== 'latest').sort();

describe('analyses end to end on DuckDB', () => {
  it('weir build runs analyses after their models: files, warehouse rows, index; weir analyse appends a run', async () => {
    const dir = makeProject(PROJECT);
    const build = weir(['build'], dir);
    expect(build.output).toContain('PASS=4 WARN=1 ERROR=0 SKIP=0 NO-OP=0 TOTAL=5');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/OK analysed x_vs_y: Pearson r = 0\.816 \(95% CI 0\.424 to 0\.951\), p = 0\.0022, n = 11/);
    expect(build.stdout).toMatch(/WARN analysed tiny: too few rows: 1 complete row, and a correlation needs at least 3/);

    const [stamp] = runsOf(dir, 'x_vs_y');
    for (const folder of [stamp!, 'latest']) {
      const base = join(dir, 'target/analyses/x_vs_y', folder);
      expect(readdirSync(base).sort()).toEqual(['chart.png', 'chart.svg', 'data.csv', 'result.json']);
    }
    const record = JSON.parse(readFileSync(join(dir, 'target/analyses/x_vs_y/latest/result.json'), 'utf8'));
    expect(record).toMatchObject({ analysis: 'x_vs_y', uniqueId: 'analysis.lab.x_vs_y', sqlFile: 'analyses/x_vs_y.sql', ymlFile: 'analyses/analyses.yml' });
    expect(record.result.correlations[0].coefficient).toBeCloseTo(0.8164205, 6);
    expect(record.result.correlations[0].pValue).toBeCloseTo(0.00217, 5);
    expect(record.result.regression.slope).toBeCloseTo(0.5001, 4);
    expect(record.result.regression.intercept).toBeCloseTo(3.0001, 4);
    const svg = readFileSync(join(dir, 'target/analyses/x_vs_y/latest/chart.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('y against x');
    const csv = readFileSync(join(dir, 'target/analyses/x_vs_y/latest/data.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('x,y');
    expect(csv).toHaveLength(12);
    expect(existsSync(join(dir, 'target/analyses/tiny/latest/chart.png'))).toBe(false);
    const tiny = JSON.parse(readFileSync(join(dir, 'target/analyses/tiny/latest/result.json'), 'utf8'));
    expect(tiny.result).toMatchObject({ status: 'insufficient_data', n: 1 });
    expect(JSON.stringify(tiny)).not.toContain('NaN');

    const groups = JSON.parse(readFileSync(join(dir, 'target/analyses/y_by_side/latest/result.json'), 'utf8')).result;
    expect(groups.groups.map((g: { group: string; n: number }) => [g.group, g.n])).toEqual([['high', 6], ['low', 5]]);
    expect(groups.anova.status).toBe('ok');

    const html = readFileSync(join(dir, 'target/analyses/index.html'), 'utf8');
    expect(html).toContain('Anscombe &lt;I&gt; &amp; &quot;friends&quot;');
    expect(html).not.toContain('<I>');
    expect(html).toContain('src="x_vs_y/latest/chart.svg"');
    expect(html).toContain('too few rows');

    const rows = await queryDuckDb(dir, "select analysis, statistic, status, n, estimate, slope, intercept, run_id from main.weir_analysis_results where analysis = 'x_vs_y' order by statistic");
    expect(rows.map((r) => [r.statistic, r.status, r.n])).toEqual([['pearson', 'ok', 11], ['spearman', 'ok', 11]]);
    expect(Number(rows[0]!.estimate)).toBeCloseTo(0.8164205, 6);
    expect(Number(rows[0]!.slope)).toBeCloseTo(0.5001, 4);
    const means = await queryDuckDb(dir, "select group_label, n, estimate, ci_low from main.weir_analysis_results where analysis = 'y_by_side' and statistic = 'mean' order by group_label");
    expect(means.map((r) => r.group_label)).toEqual(['high', 'low']);

    // A second run appends: the correlation can be followed across runs.
    const again = weir(['analyse', '-s', 'x_vs_y'], dir);
    expect(again.code).toBe(0);
    expect(again.output).toContain('PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1');
    expect(runsOf(dir, 'x_vs_y')).toHaveLength(2);
    expect(runsOf(dir, 'tiny')).toHaveLength(1);
    const history = await queryDuckDb(dir, "select count(distinct run_id) as runs, count(*) as n from main.weir_analysis_results where analysis = 'x_vs_y'");
    expect(history[0]).toEqual({ runs: 2n, n: 4n });
    // A results table made by an older weir (fewer columns) gains the new ones and keeps its history.
    await queryDuckDb(dir, 'alter table main.weir_analysis_results drop column std_error');
    expect(weir(['analyse', '-s', 'x_vs_y'], dir).code).toBe(0);
    const migrated = await queryDuckDb(dir, "select count(*) as n, count(std_error) as with_se from main.weir_analysis_results where analysis = 'x_vs_y'");
    expect(migrated[0]).toEqual({ n: 6n, with_se: 0n });
    expect(runsOf(dir, 'x_vs_y')).toHaveLength(3);
    const show = weir(['show', '-s', 'x_vs_y', '--limit', '2'], dir);
    expect(show.stdout).toContain('Previewing x_vs_y (first 2 rows)');
    expect(show.stdout).toMatch(/\| x +\| y +\|/);
    const alias = weir(['analyze', '-s', 'tiny'], dir);
    expect(alias.output).toContain('WARN=1');
    expect(alias.code).toBe(0);
  }, 240_000);

  it('skips an analysis whose model failed, and names a missing column with its file', () => {
    const dir = makeProject({
      ...PROJECT,
      'models/points.sql': 'select x, y, side from no_such_table',
    });
    const build = weir(['build'], dir);
    expect(build.code).toBe(1);
    expect(build.stdout).toMatch(/SKIP analysis x_vs_y: skipped because points failed/);
    expect(existsSync(join(dir, 'target/analyses/x_vs_y'))).toBe(false);

    writeFiles(dir, { 'models/points.sql': "select x, y, side from {{ ref('anscombe') }}", 'analyses/x_vs_y.sql': "select x as xx, y from {{ ref('points') }}" });
    const run = weir(['build', '-s', '+x_vs_y'], dir);
    expect(run.code).toBe(1);
    expect(run.output).toContain("analysis 'x_vs_y': columns.x 'x' is not a column of its query (analyses/x_vs_y.sql)");
    expect(run.output).toContain("the query returns: xx, y; fix columns.x in analyses/analyses.yml");
  }, 240_000);

  it('rejects a bad analysis yml before running anything, naming file, line and key', () => {
    const dir = makeProject({
      ...PROJECT,
      'analyses/analyses.yml': 'analyses:\n  - name: x_vs_y\n    kind: corelation\n    columns: {x: x, y: y}\n  - name: ghost\n    kind: matrix\n    columns: [a, b]\n    colour: red\n',
    });
    const run = weir(['build'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/analyses\/analyses\.yml:3.*analyses\[0\]\.kind/);
    expect(run.output).toMatch(/analyses\/analyses\.yml:8.*unknown key 'colour'/);
    expect(run.output).toContain('nothing was run');
    expect(existsSync(join(dir, 'target/dev.duckdb'))).toBe(false);
  });
});

describePg('analyses end to end on PostgreSQL', (url) => {
  const schema = freshSchema('weir_analyses');
  afterAll(async () => {
    await dropSchemas(schema, url);
  });

  it('computes the same statistics and appends to the results table in the target schema', async () => {
    const dir = makeProject({
      ...PROJECT,
      'project.yml': "name: lab\ntargets:\n  pg:\n    type: postgres\n    url: \"{{ env_var('WEIR_PG_URL') }}\"\n    schema: \"{{ env_var('WEIR_PG_SCHEMA') }}\"\n",
    });
    const env = { WEIR_PG_URL: url, WEIR_PG_SCHEMA: schema };
    const build = weir(['build', '--target', 'pg'], dir, env);
    expect(build.output).toContain('PASS=4 WARN=1 ERROR=0 SKIP=0 NO-OP=0 TOTAL=5');
    expect(build.stdout).toMatch(/OK analysed x_vs_y: Pearson r = 0\.816 \(95% CI 0\.424 to 0\.951\), p = 0\.0022, n = 11/);
    expect(weir(['analyse', '--target', 'pg', '-s', 'x_vs_y'], dir, env).code).toBe(0);
    const rows = await pgQuery(`select run_id, statistic, n, estimate, slope, run_started_at from "${schema}".weir_analysis_results where analysis = 'x_vs_y' order by run_started_at, statistic`, url);
    expect(rows.map((r) => [r.statistic, r.n])).toEqual([['pearson', 11], ['spearman', 11], ['pearson', 11], ['spearman', 11]]);
    expect(new Set(rows.map((r) => r.run_id)).size).toBe(2);
    expect(Number(rows[0]!.estimate)).toBeCloseTo(0.8164205, 6);
    expect(Number(rows[0]!.slope)).toBeCloseTo(0.5001, 4);
    expect(rows[0]!.run_started_at).toBeInstanceOf(Date);
    expect(runsOf(dir, 'x_vs_y')).toHaveLength(2);
  }, 240_000);
});
