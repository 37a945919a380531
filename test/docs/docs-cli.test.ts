import { spawn } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { makeProject, REPO_ROOT, weir } from '../helpers/project.js';
import { DOCS_PROJECT } from './fixture.js';

describe('weir docs generate', { timeout: 90_000 }, () => {
  it('writes a dbt-shaped catalog from the warehouse and the site, from artifacts', () => {
    const dir = makeProject(DOCS_PROJECT);
    expect(weir(['build'], dir).code).toBe(0);
    const run = weir(['docs', 'generate'], dir);
    expect(run.output).toContain('Catalog: 4 relations read from the warehouse');
    expect(run.code).toBe(0);

    const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8'));
    expect(catalog.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/catalog/v1.json');
    expect(Object.keys(catalog.nodes).sort()).toEqual(['model.shop.big_spenders', 'model.shop.stg_orders', 'model.shop.user_totals', 'seed.shop.raw_orders']);
    expect(catalog.nodes['model.shop.user_totals']).toMatchObject({
      metadata: { type: 'BASE TABLE', schema: 'main', name: 'user_totals' },
      columns: {
        user_id: { type: 'BIGINT', index: 1, name: 'user_id' },
        total_cents: { type: 'HUGEINT', index: 2, name: 'total_cents' },
        order_count: { type: 'BIGINT', index: 3, name: 'order_count' },
      },
      unique_id: 'model.shop.user_totals',
    });
    expect(catalog.nodes['model.shop.big_spenders'].metadata.type).toBe('VIEW');
    expect(catalog.errors).toBeNull();

    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['test.shop.unique_user_totals_user_id.324c78fbaa']).toMatchObject({
      attached_node: 'model.shop.user_totals', column_name: 'user_id', test_metadata: { name: 'unique' },
    });
    for (const file of ['index.html', 'weir-docs.js', 'weir-docs.css', 'weir-docs-data.js']) expect(existsSync(join(dir, 'target/docs', file))).toBe(true);
    const html = readFileSync(join(dir, 'target/docs/index.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//);
    expect(readFileSync(join(dir, 'target/docs/weir-docs-data.js'), 'utf8')).not.toContain('<script>');
  });

  it('documents a snapshot: its catalog columns with dbt\'s meta columns, its description, lineage and last run', () => {
    const dir = makeProject({
      'project.yml': 'name: shop\ntargets:\n  dev: {type: duckdb, path: target/dev.duckdb}\n',
      'seeds/raw.csv': 'id,name\n1,a\n',
      'snapshots/raw_history.sql': "{% snapshot raw_history %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('raw') }}\n{% endsnapshot %}\n",
      'snapshots/raw_history.yml': 'snapshots:\n  - name: raw_history\n    description: Every version of raw\n    columns:\n      - name: name\n        description: The name\n',
    });
    expect(weir(['build'], dir).code).toBe(0);
    expect(weir(['docs', 'generate'], dir).code).toBe(0);
    const context: { window: { WEIR_DOCS?: { nodes: Array<Record<string, any>> } } } = { window: {} };
    runInNewContext(readFileSync(join(dir, 'target/docs/weir-docs-data.js'), 'utf8'), context);
    const node = context.window.WEIR_DOCS!.nodes.find((n) => n.id === 'snapshot.shop.raw_history')!;
    expect(node).toMatchObject({ type: 'snapshot', name: 'raw_history', description: 'Every version of raw', catalogType: 'BASE TABLE', result: { status: 'success' } });
    expect(node.columns.map((c: { name: string }) => c.name)).toEqual(['id', 'name', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']);
    expect(node.columns.find((c: { name: string }) => c.name === 'name').description).toBe('The name');
    expect(JSON.stringify(node)).toContain('seed.shop.raw');
  });

  it('builds the site without a warehouse (--empty-catalog) before anything was run', () => {
    const dir = makeProject(DOCS_PROJECT);
    const run = weir(['docs', 'generate', '--empty-catalog'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8')).nodes).toEqual({});
    expect(existsSync(join(dir, 'target/dev.duckdb'))).toBe(false);
    expect(existsSync(join(dir, 'target/docs/index.html'))).toBe(true);
  });

  it('reports nodes not built yet instead of failing', () => {
    const dir = makeProject(DOCS_PROJECT);
    expect(weir(['seed'], dir).code).toBe(0);
    const run = weir(['docs', 'generate'], dir);
    expect(run.code).toBe(0);
    expect(run.output).toContain('Catalog: 1 relation read from the warehouse, 3 not built yet');
  });
});

describe('weir docs serve', { timeout: 90_000 }, () => {
  it('tells what to do when there is no site yet', () => {
    const dir = makeProject(DOCS_PROJECT);
    const run = weir(['docs', 'serve', '--port', '0'], dir);
    expect(run.code).toBe(2);
    expect(run.output).toContain('run `weir docs generate` first');
  });

  it('serves target/docs on 127.0.0.1, and nothing outside it', async () => {
    const dir = makeProject(DOCS_PROJECT);
    expect(weir(['docs', 'generate', '--empty-catalog'], dir).code).toBe(0);
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/weir.js'), 'docs', 'serve', '--port', '0', '--project-dir', dir], { env: { ...process.env, NO_COLOR: '1' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const index = await fetch(url);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await index.text()).toContain('<script src="weir-docs.js">');
      const data = await fetch(`${url}weir-docs-data.js`);
      expect(data.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await data.text()).toContain('user_totals');
      expect((await fetch(`${url}nothing.js`)).status).toBe(404);
      expect((await fetch(`${url}..%2fmanifest.json`)).status).toBe(403);
      expect((await fetch(url, { method: 'POST' })).status).toBe(405);

      // A link out of the folder is not followed; a page on another name (DNS rebinding) gets nothing.
      symlinkSync('/etc/passwd', join(dir, 'target/docs/passwd.txt'));
      symlinkSync(join(dir, 'target'), join(dir, 'target/docs/up'));
      expect((await fetch(`${url}passwd.txt`)).status).toBe(404);
      expect((await fetch(`${url}up/manifest.json`)).status).toBe(404);
      const port = new URL(url).port;
      const asHost = (host: string) => new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end();
      });
      expect(await asHost(`evil.example:${port}`)).toBe(403);
      expect(await asHost(`localhost:${port}`)).toBe(200);
      expect(await asHost('127.0.0.1')).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));
    expect(code).toBe(0);
  });
});
