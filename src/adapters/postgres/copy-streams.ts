import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The `COPY ... FROM STDIN` streams running on an adapter's connections. pg_cancel_backend only
 * reaches a COPY the server is busy with; one that is waiting for the next chunk of a large file
 * would run to the end of the file. Cancelling destroys each stream instead, which sends CopyFail:
 * the server rolls the COPY back at once (SQLSTATE 57014, like a cancel). Once cancelled, no new
 * COPY starts.
 */
export interface CopyStreams {
  pipe(source: Readable, ...rest: [...Array<NodeJS.ReadWriteStream>, Writable]): Promise<void>;
  cancel(): void;
}

export function copyStreams(): CopyStreams {
  const running = new Set<Writable>();
  let cancelled = false;
  // Shaped like the server's own error for a cancel, so it is reported as one.
  const stop = () => Object.assign(new Error('canceling statement due to user request'), { code: '57014' });
  return {
    async pipe(source, ...rest) {
      const copy = rest[rest.length - 1] as Writable;
      // The pipeline reports the first error. Later ones (the server's answer to CopyFail, a scratch file
      // removed while its read stream opens) arrive once it has let go of its listeners, and without one
      // of ours an 'error' event with no listener would end the process.
      for (const stream of [source, ...rest] as NodeJS.EventEmitter[]) stream.on('error', () => undefined);
      if (cancelled) {
        source.destroy();
        copy.destroy();
        throw stop();
      }
      running.add(copy);
      try {
        await pipeline([source, ...rest] as ReadonlyArray<NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream>);
      } finally {
        running.delete(copy);
      }
    },
    cancel() {
      cancelled = true;
      for (const copy of running) copy.destroy(stop());
    },
  };
}
