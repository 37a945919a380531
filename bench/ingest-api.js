#!/usr/bin/env node
// API ingestion benchmark: a local HTTP server serves N records in pages of 100 (offset pagination);
// `weir ingest` loads them. Reports records/s and the weir process's peak memory (VmHWM), which must stay
// flat (< 300 MB) whatever N: pages stream to the database, never accumulate.
//
//   npm run build && node bench/ingest-api.js [--records 1000000] [--page 100] [--check]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: {
  records: { type: 'string', default: '1000000' }, page: { type: 'string', default: '100' }, check: { type: 'boolean', default: false },
} });
const TOTAL = Number(values.records);
const PAGE = Number(values.page);
const MEMORY_GOAL_MB = 300;
const CATEGORIES = ['Clothing', 'Footwear', 'Outerwear', 'Accessories'];

/** A cart-like record with scalars, a timestamp, a nested object and an array. */
function record(id) {
  return {
    id, customer_id: (id * 7919) % 50_000, category: CATEGORIES[id % 4], amount: ((id * 37) % 10_000) / 100,
    subscribed: id % 3 === 0, purchased_at: new Date(Date.UTC(2024, 8, 1) + (id % 7_776_000) * 1000).toISOString(),
    shipping: { type: id % 2 ? 'Express' : 'Standard', days: id % 7 }, items: [{ sku: `s${id % 997}`, qty: 1 + (id % 3) }],
  };
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const offset = Number(url.searchParams.get('offset'));
  const limit = Number(url.searchParams.get('limit'));
  const items = [];
  for (let id = offset + 1; id <= Math.min(offset + limit, TOTAL); id++) items.push(record(id));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ data: items, total: TOTAL }));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/purchases`;

const dir = join(tmpdir(), 'weir-bench-ingest-api');
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'sources'), { recursive: true });
writeFileSync(join(dir, 'project.yml'), 'name: bench\n');
writeFileSync(join(dir, 'sources/shop.yml'), `sources:\n  - name: shop\n    tables:\n      - name: purchases\n        ingest:\n          http: {url: "${url}", records: data, pagination: {type: offset, page_size: ${PAGE}, total_path: total}}\n`);

const args = [join(ROOT, 'bin/weir.js'), 'ingest', '--project-dir', dir];
const started = performance.now();
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
let peakKb = 0;
const samples = [];
const sampler = setInterval(() => {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peakKb = Math.max(peakKb, hwm);
    samples.push(rss);
  } catch { /* exited */ }
}, 250);
const code = await new Promise((r) => child.on('close', r));
clearInterval(sampler);
const wall = (performance.now() - started) / 1000;
server.close();
if (code !== 0) {
  console.error(output);
  process.exit(1);
}
const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
const node = results.results[0];
const rows = node.adapter_response.rows_affected;
if (rows !== TOTAL) throw new Error(`loaded ${rows} rows, expected ${TOTAL}`);
const quarter = (q) => Math.round((samples[Math.floor((samples.length - 1) * q)] ?? 0) / 1024);
console.log(`  node ${args.map((a) => a.replace(ROOT + '/', '')).join(' ')}`);
console.table([{
  records: TOTAL, 'page size': PAGE, requests: Math.ceil(TOTAL / PAGE), 'load s': node.execution_time.toFixed(1),
  'records/s': Math.round(TOTAL / node.execution_time), 'wall s': wall.toFixed(1), 'peak RSS MB': Math.round(peakKb / 1024),
  'RSS at 25/50/75/100% MB': [0.25, 0.5, 0.75, 1].map(quarter).join('/'),
}]);
if (values.check && peakKb / 1024 >= MEMORY_GOAL_MB) process.exit(1);
