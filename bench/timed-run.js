// Shared by the benchmarks that time whole `node bin/weir.js` processes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// CPU seconds (user + system) say more than wall time on a busy machine; GNU time reports them.
const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;

/** Runs node with `args`: wall seconds, CPU seconds (when GNU time is there), and the result. */
export function spawnTimed(args) {
  const started = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr ?? '');
  return { result, seconds, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined };
}

const sorted = (list) => [...list].sort((a, b) => a - b);
/** Best and median wall seconds and median CPU seconds of repeated runs. */
export function summarise(times, cpus) {
  const median = (list) => sorted(list)[Math.floor(list.length / 2)];
  return { best: sorted(times)[0], median: median(times), cpu: cpus.length ? median(cpus) : undefined };
}
