import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './project.js';
import { weirEvent, type WeirLogEvent } from './log-events.js';

type Event = WeirLogEvent;

/** A running `weir <command> --watch --log-format json` (build unless told), with a way to wait for its events. */
export function startWatch(dir: string, command: readonly string[] = ['build']) {
  const child: ChildProcess = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'weir.js'), ...command, '--watch', '--log-format', 'json', '--project-dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const events: Event[] = [];
  let buffered = '';
  let read = 0;
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const event = line.startsWith('{') ? weirEvent(line) : undefined;
      if (event) events.push(event);
    }
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    /** Events up to and including the next one with this code (after those already read). */
    async until(code: string): Promise<Event[]> {
      for (;;) {
        const index = events.findIndex((e, i) => i >= read && e.code === code);
        if (index >= 0) {
          const batch = events.slice(read, index + 1);
          read = index + 1;
          return batch;
        }
        if (child.exitCode !== null) throw new Error(`weir exited (${child.exitCode}) before '${code}':\n${events.map((e) => e.msg).join('\n')}`);
        await new Promise<void>((wake) => waiters.push(wake));
      }
    },
  };
}
