// Preload (`node -r bench/main-thread-cpu.cjs bin/weir.js ...`): at exit, prints the main thread's CPU seconds
// (utime + stime of its /proc task; Linux) to stderr: the critical path's CPU, which worker threads do not add to.
const fs = require('node:fs');
if (require('node:worker_threads').isMainThread) process.on('exit', () => {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 100;
    process.stderr.write(`MAINCPU ${((Number(f[11]) + Number(f[12])) / tick).toFixed(2)}\n`);
  } catch {}
});
