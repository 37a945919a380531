import type { MessagePort } from 'node:worker_threads';

/** A compile worker for the second core, as compileProject sees it (see parallel-templates.ts). */
export interface CompileWorker {
  /** The main thread's end of the worker's channel. */
  readonly port: MessagePort;
  /** [0]: the next batch to parse; [1]: messages the worker has posted; [2]: the next chunk of the worker's nodes to render. */
  readonly signal: Int32Array;
  /** Under this many templates the compile does without it. */
  readonly minTemplates: number;
  /** Leave every template to the worker (to compare its output with a single-thread compile). */
  readonly workerOnly: boolean;
  close(): void;
}

/** A started worker, and what it builds its compile options from (see workflow/compile-options.ts). */
export interface TemplatePool {
  readonly worker: CompileWorker;
  readonly payload: unknown;
}

/** Under this many templates the worker is not worth its start (and small projects must not get slower). */
export const POOL_MIN_TEMPLATES = 1000;
