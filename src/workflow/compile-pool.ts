import { existsSync } from 'node:fs';
import { MessageChannel, Worker } from 'node:worker_threads';
import { POOL_MIN_TEMPLATES, type CompileWorker } from '../compile/template-pool.js';

/**
 * Starts the compile worker of a cold compile (see compile/parallel-templates.ts); undefined when not
 * built (tests run from sources). WEIR_COMPILE_WORKER=1 uses it from POOL_MIN_TEMPLATES templates, =all at
 * any size, =only leaves it every template (the last two to compare outputs). The compile closes it, used or not.
 */
export function startCompileWorker(env: NodeJS.ProcessEnv, script = new URL('./compile-worker.js', import.meta.url)): CompileWorker | undefined {
  if (!existsSync(script)) return undefined;
  // [0]: the next batch of templates to parse, [1]: messages the worker has posted, [2]: the next chunk of its nodes to render.
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, { workerData: { port: port2, signal }, transferList: [port2] });
  worker.unref();
  worker.on('error', () => undefined);
  return { port: port1, signal, minTemplates: env.WEIR_COMPILE_WORKER === '1' ? POOL_MIN_TEMPLATES : 0, workerOnly: env.WEIR_COMPILE_WORKER === 'only', close: () => void worker.terminate() };
}
