import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { describePg, dropSchemas, freshSchema, pgQuery } from '../helpers/postgres.js';
import { makeProject, weir, writeFiles } from '../helpers/project.js';
import { setT1Rows, sharedViewsProject } from '../helpers/shared-views-project.js';
import { startWeir, waitFor } from '../helpers/spawn-weir.js';

/** An NDJSON file of `n` small records: loaded through the record loader, a batch at a time. */
const events = (n: number) => Array.from({ length: n }, (_, i) => `{"id": ${i + 1}, "kind": "k${i % 7}", "amount": ${i % 100}}`).join('\n') + '\n';
const eventsSource = (schema: string) =>
  `version: 2\nsources:\n  - name: ev\n    schema: ${schema}\n    tables:\n      - name: events\n        ingest:\n          file: {path: data/events.ndjson}\n          batch_size: 2000\n`;
const workFolders = (dir: string) => (existsSync(join(dir, 'target/ingest-work')) ? readdirSync(join(dir, 'target/ingest-work')) : []);
const batchFiles = (dir: string) => workFolders(dir).flatMap((f) => readdirSync(join(dir, 'target/ingest-work', f)));

/**
 * A run killed outright leaves what it staged outside a transaction (ingest staging tables, scratch
 * folders); the next run removes them and says so. SIGTERM is handled like Ctrl-C.
 */
describePg('interrupted runs on PostgreSQL', (url) => {
  let schema: string;
  beforeEach(() => {
    schema = freshSchema('weir_kill');
  });
  afterEach(async () => {
    await dropSchemas(schema);
  });
  const env = () => ({ WEIR_PG_URL: url });
  const leftovers = async () => (await pgQuery(`select table_schema || '.' || table_name as name from information_schema.tables where table_schema like '${schema}%' and table_name like '%\\_\\_weir\\_%' order by 1`)).map((r) => r.name);
  const count = async (relation: string) => Number((await pgQuery(`select count(*) as n from ${relation}`))[0]!.n);

  it('kill -9 leaves staging that the next run removes; SIGTERM cancels, rolls back and exits 143; good tables stay', async () => {
    const dir = sharedViewsProject(schema);
    writeFiles(dir, { 'sources/events.yml': eventsSource(`${schema}_raw`), 'data/events.ndjson': events(10) });
    expect((await startWeir(['build'], dir, env()).done).output).toContain('ERROR=0 SKIP=0');
    // Big inputs, so the kills land while they load.
    setT1Rows(dir, 1_500_000);
    writeFileSync(join(dir, 'data/events.ndjson'), events(400_000));
    const staged = async () => (await leftovers()).includes(`${schema}_raw.t1__weir_ingest`) && batchFiles(dir).length > 0;

    const killed = startWeir(['build', '--threads', '4'], dir, env());
    await waitFor(staged, 60_000, 'both ingests to be staging');
    killed.child.kill('SIGKILL');
    await killed.done;
    expect(await leftovers()).toContain(`${schema}_raw.t1__weir_ingest`);
    expect(workFolders(dir).length).toBeGreaterThan(0);
    expect(await count(`"${schema}_raw".t1`)).toBe(100);
    expect(await count(`"${schema}".top`)).toBe(100);
    expect(await count(`"${schema}_raw".events`)).toBe(10);

    // SIGTERM: cancelled and rolled back like Ctrl-C. It first removes the killed run's leftovers.
    await waitFor(async () => (await pgQuery("select 1 from pg_stat_activity where application_name = 'weir' and state = 'active'")).length === 0, 15_000, 'the killed run\'s queries to end');
    const terminated = startWeir(['build', '--threads', '4'], dir, env());
    let said = '';
    terminated.child.stdout!.on('data', (d: Buffer) => void (said += d.toString()));
    await waitFor(async () => said.includes('Removed what an interrupted run left behind'), 60_000, 'the next build to remove the leftovers');
    await waitFor(staged, 60_000, 'the next build to be staging');
    terminated.child.kill('SIGTERM');
    const term = await terminated.done;
    expect(term.code, term.output).toBe(143);
    expect(term.output).toMatch(/Removed what an interrupted run left behind: .*table "[^"]+_raw"\."t1__weir_ingest".*, folder target\/ingest-work\/\d+-ev\.events-/);
    expect(term.output).toMatch(/Interrupted: cancelling the running statements/);
    expect(await leftovers()).toEqual([]);
    expect(await count(`"${schema}_raw".t1`)).toBe(100);
    expect(await count(`"${schema}".top`)).toBe(100);

    // A good build after it all.
    setT1Rows(dir, 120);
    const next = await startWeir(['build'], dir, env()).done;
    expect(next.output).toContain('ERROR=0 SKIP=0');
    expect(await leftovers()).toEqual([]);
    expect(workFolders(dir)).toEqual([]);
    expect(await count(`"${schema}".top`)).toBe(120);
  }, 240_000);
});

it('DuckDB: the next run removes what a kill -9 left (ingest staging table, scratch folder)', async () => {
  const dir = makeProject({
    'project.yml': 'name: killed\ntargets:\n  dev:\n    type: duckdb\n    path: target/dev.duckdb\n',
    'sources/events.yml': eventsSource('raw'),
    'data/events.ndjson': events(400_000),
    'models/kinds.sql': "select kind, count(*) as n from {{ source('ev', 'events') }} group by kind",
  });
  const killed = startWeir(['build'], dir);
  await waitFor(async () => batchFiles(dir).some((f) => f !== 'batch-1.ndjson'), 60_000, 'the ingest to have appended a batch');
  killed.child.kill('SIGKILL');
  await killed.done;
  expect(workFolders(dir).length).toBeGreaterThan(0);

  writeFileSync(join(dir, 'data/events.ndjson'), events(50));
  const next = weir(['build'], dir);
  expect(next.output).toMatch(/Removed what an interrupted run left behind: table "raw"\."events__weir_ingest", folder target\/ingest-work\/\d+-ev\.events-/);
  expect(next.output).toContain('ERROR=0 SKIP=0');
  expect(workFolders(dir)).toEqual([]);
  const adapter = await createDuckDbAdapter({ type: 'duckdb', path: join(dir, 'target/dev.duckdb') }, { projectRoot: dir, threads: 1 });
  try {
    const names = await adapter.withSession((s) => adapter.relations(s, ['raw', 'main']));
    expect(names.map((r) => r.ref.identifier).sort()).toEqual(['events', 'kinds']);
  } finally {
    await adapter.close();
  }
}, 120_000);
