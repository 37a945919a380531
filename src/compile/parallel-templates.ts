import { receiveMessageOnPort } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostics.js';
import type { LogEvent } from '../core/logger.js';
import type { Project, SqlFile } from '../project/types.js';
import type { CompileScope } from './compile-scope.js';
import type { TemplateSetup } from './compile-setup.js';
import type { ParsedModel } from './parse-model.js';
import type { CachedTemplate } from './render-cache.js';
import { nodeRenderer, type RenderOutcome, type RenderPass, type Skeleton } from './render-nodes.js';
import { prepareTemplate, type PreparedTemplate } from './template.js';
import type { Relation } from './types.js';
import type { CompileWorker, TemplatePool } from './template-pool.js';

/**
 * The second core for a cold compile of a big project: a worker (workflow/compile-worker.ts) parses
 * and renders a share of the models, singular tests and analyses with its own macro library, and
 * sends back plain data. Both threads take batches of templates from a shared counter (the worker
 * joins once its modules are loaded); each renders the templates it parsed. Snapshots, the config
 * checks, relations and the DAG stay on the main thread, which also puts the results together in
 * the single-thread order (diagnostics, log events, cache entries), so the output is the same.
 */
export const POOL_BATCH = 100;
/** How long to wait for the worker's next message before doing its share here. */
const PATIENCE_MS = 30_000;

export type ToWorker =
  | { readonly type: 'parse'; readonly project: Project; readonly payload: unknown; readonly cache: boolean }
  | { readonly type: 'render'; readonly relations: ReadonlyArray<readonly [string, Relation | undefined]>; readonly idByName: ReadonlyArray<readonly [string, string]>; readonly order: readonly string[] };

/** A parse done on the worker: the ParsedModel without its file and template. */
export type RemoteParse = Omit<ParsedModel, 'file' | 'template' | 'cached'>;

export type FromWorker =
  | { readonly batch: number; readonly results: ReadonlyArray<{ readonly diagnostics: Diagnostic[]; readonly model: RemoteParse | undefined }>; readonly parsed: number }
  /** null: it read `graph`, which only the main thread has whole; rendered there. */
  | { readonly rendered: ReadonlyArray<readonly [string, RenderOutcome | null, EntryHead | undefined]> }
  | { readonly failed: string };

/** A cache entry without the parse and render it holds. */
export type EntryHead = Omit<CachedTemplate, 'parse' | 'render'>;

export interface TemplateJob {
  readonly file: SqlFile;
  readonly kind: 'model' | 'test' | 'analysis';
}

/** The templates a worker may take, in the order they are parsed (snapshots, few and cache-less, stay here). */
export function templateJobs(project: Project): TemplateJob[] {
  return [
    ...project.models.map((file) => ({ file, kind: 'model' as const })),
    ...project.singularTests.map((file) => ({ file, kind: 'test' as const })),
    ...project.analyses.map((file) => ({ file, kind: 'analysis' as const })),
  ];
}

function receiver(worker: CompileWorker): () => FromWorker | undefined {
  let received = 0;
  return () => {
    while (Atomics.load(worker.signal, 1) === received) {
      if (Atomics.wait(worker.signal, 1, received, PATIENCE_MS) === 'timed-out') return undefined;
    }
    const message = receiveMessageOnPort(worker.port)?.message as FromWorker | undefined;
    if (message) received++;
    return message;
  };
}

export interface SharedParse {
  /** Per job: its ParsedModel (undefined after a template error) and its diagnostics, in job order. */
  readonly results: ReadonlyArray<{ readonly model: ParsedModel | undefined; readonly diagnostics: Diagnostic[] }>;
  /** The files the worker parsed (and will render), or undefined when it failed. */
  readonly remote: ReadonlySet<string> | undefined;
  readonly next: () => FromWorker | undefined;
}

/** The first pass over `jobs`, shared with the worker. */
export function parseOnPool(pool: TemplatePool, project: Project, setup: TemplateSetup, jobs: readonly TemplateJob[]): SharedParse {
  const { worker } = pool;
  worker.port.postMessage({ type: 'parse', project, payload: pool.payload, cache: setup.templates.run !== undefined } satisfies ToWorker);
  const results: Array<SharedParse['results'][number] | undefined> = new Array(jobs.length);
  const local = (i: number) => {
    const diagnostics: Diagnostic[] = [];
    results[i] = { model: setup.parse(jobs[i]!.file, jobs[i]!.kind, diagnostics), diagnostics };
  };
  const batches = Math.ceil(jobs.length / POOL_BATCH);
  let missing = batches;
  for (let b = worker.workerOnly ? batches : Atomics.add(worker.signal, 0, 1); b < batches; b = Atomics.add(worker.signal, 0, 1), missing--) {
    for (let i = b * POOL_BATCH; i < Math.min(jobs.length, (b + 1) * POOL_BATCH); i++) local(i);
  }
  const next = receiver(worker);
  const remote = new Set<string>();
  let failed = false;
  let parsedThere = 0;
  while (missing > 0 && !failed) {
    const message = next();
    if (!message || !('batch' in message)) {
      failed = true;
      break;
    }
    message.results.forEach((result, k) => {
      const i = message.batch * POOL_BATCH + k;
      results[i] = { model: result.model && fromRemote(result.model, jobs[i]!.file, setup), diagnostics: result.diagnostics };
      remote.add(jobs[i]!.file.path);
    });
    parsedThere += message.parsed;
    missing--;
  }
  // A worker that failed or went quiet: its share is parsed here, and nothing is rendered there.
  if (failed) {
    for (let i = 0; i < jobs.length; i++) if (results[i] === undefined || remote.has(jobs[i]!.file.path)) local(i);
  } else if (setup.templates.run) {
    setup.templates.run.parsed += parsedThere;
  }
  return { results: results as SharedParse['results'], remote: failed ? undefined : remote, next };
}

function fromRemote(parsed: RemoteParse, file: SqlFile, setup: TemplateSetup): ParsedModel {
  let template: PreparedTemplate | undefined;
  // Prepared here only if needed (a render falls back to this thread, or a watch session recompiles).
  return { ...parsed, file, template: () => (template ??= prepareTemplate(setup.env(), file.text, file.path)), cached: undefined };
}

/**
 * The second pass of a shared compile: each thread renders the nodes it parsed; the worker's are
 * handed out in chunks from a shared counter, so this thread, once done with its own, takes what
 * the worker has not reached (it can render any node: it has every template's text and parse).
 * Log events are collected, to be replayed in DAG order; a render that read `graph` is done here.
 */
export function renderOnPool(
  shared: SharedParse & { readonly remote: ReadonlySet<string> },
  pool: TemplatePool,
  scope: CompileScope,
  pass: Pick<RenderPass, 'templates' | 'skeletonFacts' | 'order' | 'skeletons'>,
): Map<string, RenderOutcome> {
  const byId = new Map(pass.skeletons.map((s) => [s.id, s]));
  const remoteIds = pass.order.filter((id) => { const s = byId.get(id); return s !== undefined && shared.remote.has(s.model.file.path); });
  pool.worker.port.postMessage({ type: 'render', relations: [...scope.relations], idByName: [...scope.idByName], order: remoteIds } satisfies ToWorker);
  const render = nodeRenderer(scope, pass);
  const outcomes = new Map<string, RenderOutcome>();
  const renderHere = (s: Skeleton) => outcomes.set(s.id, collectingLogs((logger) => render(s, logger)));
  for (const id of pass.order) {
    const s = byId.get(id);
    if (s && !shared.remote.has(s.model.file.path)) renderHere(s);
  }
  const chunks = Math.ceil(remoteIds.length / POOL_BATCH);
  for (let c = Atomics.add(pool.worker.signal, 2, 1); c < chunks; c = Atomics.add(pool.worker.signal, 2, 1)) {
    for (const id of remoteIds.slice(c * POOL_BATCH, (c + 1) * POOL_BATCH)) renderHere(byId.get(id)!);
  }
  const missing = () => remoteIds.some((id) => !outcomes.has(id));
  while (missing()) {
    const message = shared.next();
    if (!message || !('rendered' in message)) break;
    for (const [id, sent, head] of message.rendered) {
      const s = byId.get(id)!;
      if (!sent) renderHere(s);
      // The cache entry came without the parse and render it holds (they are here already).
      else outcomes.set(id, head && 'rendered' in sent ? { ...sent, entry: { ...head, parse: s.model.parse, render: sent.rendered } } : sent);
    }
  }
  for (const id of remoteIds) if (!outcomes.has(id)) renderHere(byId.get(id)!);
  return outcomes;
}

/** A render as the worker sends it: its cache entry's own part apart (see renderOnPool). */
export function sentOutcome(id: string, outcome: RenderOutcome): readonly [string, RenderOutcome, EntryHead | undefined] {
  if (!('rendered' in outcome) || !outcome.entry) return [id, outcome, undefined];
  const { parse: _parse, render: _render, ...head } = outcome.entry;
  return [id, { ...outcome, entry: undefined }, head];
}

/** A render with its log events collected (and attached) rather than logged. */
export function collectingLogs(render: (logger: { log(event: LogEvent): void }) => RenderOutcome): RenderOutcome {
  const logs: LogEvent[] = [];
  const outcome = render({ log: (event) => void logs.push(event) });
  return logs.length > 0 ? { ...outcome, logs } : outcome;
}

/** What a worker's parse sends: the model without its file, template and (in a cold compile, absent) cache entry. */
export function toRemote(m: ParsedModel): RemoteParse {
  const { file: _file, template: _template, cached: _cached, ...rest } = m;
  return rest;
}
