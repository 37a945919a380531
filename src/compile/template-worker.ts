import type { MessagePort } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Project } from '../project/types.js';
import type { CompileOptions } from './compile-options.js';
import { templateSetup, type TemplateSetup } from './compile-setup.js';
import { compileSources } from './other-nodes.js';
import type { ParsedModel } from './parse-model.js';
import { collectingLogs, POOL_BATCH, sentOutcome, templateJobs, toRemote, type FromWorker, type ToWorker } from './parallel-templates.js';
import { relationDatabase } from './relation-naming.js';
import { RelationValue } from './relation-value.js';
import { nodeRenderer } from './render-nodes.js';
import { skeletonFactsOf, skeletonsOf } from './skeletons.js';

/**
 * The worker's side of parallel-templates.ts: parses the batches it takes from the shared counter,
 * keeps what it parsed, and renders those nodes once the main thread sends the relations.
 * `optionsFor` builds the compile options from the main thread's payload (the workflow layer knows how).
 */
export function serveTemplates(port: MessagePort, signal: Int32Array, optionsFor: (project: Project, payload: unknown) => CompileOptions): void {
  const post = (message: FromWorker) => {
    port.postMessage(message);
    Atomics.add(signal, 1, 1);
    Atomics.notify(signal, 1);
  };
  let state: { project: Project; options: CompileOptions; setup: TemplateSetup; parsed: Map<string, ParsedModel> } | undefined;
  // Set while rendering: a template that reads `graph` needs every node's facts, which only the main thread has.
  const graphRead = { rendering: false, read: false };
  port.on('message', (message: ToWorker) => {
    try {
      if (message.type === 'parse') state = parse(message.project, optionsFor(message.project, message.payload), message.cache);
      else if (state) render(state, message);
    } catch (error) {
      post({ failed: error instanceof Error ? error.stack ?? error.message : String(error) });
      port.close();
    }
  });

  function parse(project: Project, base: CompileOptions, cache: boolean) {
    // A cold compile: a cache to fill, none to read.
    const options: CompileOptions = { ...base, cache: cache ? { key: '', macros: '', entries: new Map() } : undefined };
    const setup = templateSetup(project, options, []);
    setup.setFacts(() => {
      if (graphRead.rendering) graphRead.read = true;
      return [];
    });
    const jobs = templateJobs(project);
    const parsed = new Map<string, ParsedModel>();
    const batches = Math.ceil(jobs.length / POOL_BATCH);
    for (let b = Atomics.add(signal, 0, 1); b < batches; b = Atomics.add(signal, 0, 1)) {
      const before = setup.templates.run?.parsed ?? 0;
      const results = jobs.slice(b * POOL_BATCH, (b + 1) * POOL_BATCH).map(({ file, kind }) => {
        const diagnostics: Diagnostic[] = [];
        const model = setup.parse(file, kind, diagnostics);
        if (model) parsed.set(file.path, model);
        return { diagnostics, model: model && toRemote(model) };
      });
      post({ batch: b, results, parsed: (setup.templates.run?.parsed ?? 0) - before });
    }
    return { project, options, setup, parsed };
  }

  function render(at: NonNullable<typeof state>, message: Extract<ToWorker, { type: 'render' }>) {
    const { project, options, setup, parsed } = at;
    const relations = new Map(message.relations);
    const idByName = new Map(message.idByName);
    const sources = compileSources(project, relationDatabase(project, options.target)).filter((n) => n.resourceType === 'source');
    const sourceIds = new Map(sources.map((s) => [`${s.sourceName}.${s.name}`, s]));
    const scope = {
      project, options, env: setup.env, macros: setup.macros, diagnostics: [], inputs: setup.inputs, varsFor: setup.varsFor, packageOf: setup.packageOf,
      relations, idByName, sourceIds, input: (relation: Parameters<typeof RelationValue.of>[0]) => RelationValue.of(relation, options.quoteRelation, options.empty),
    };
    const wanted = new Set(message.order);
    const skeletons = skeletonsOf(project, [...parsed.values()].filter((m) => m.config.enabled), idByName, sourceIds, setup.packageOf).filter((s) => wanted.has(s.id));
    const byId = new Map(skeletons.map((s) => [s.id, s]));
    const renderOne = nodeRenderer(scope, { templates: setup.templates, skeletonFacts: skeletonFactsOf(project, relations, setup.packageOf) });
    // Chunks from a shared counter: the main thread takes those this thread has not reached.
    const chunks = Math.ceil(message.order.length / POOL_BATCH);
    for (let c = Atomics.add(signal, 2, 1); c < chunks; c = Atomics.add(signal, 2, 1)) {
      post({
        rendered: message.order.slice(c * POOL_BATCH, (c + 1) * POOL_BATCH).map((id) => {
          graphRead.rendering = true;
          graphRead.read = false;
          const outcome = collectingLogs((logger) => renderOne(byId.get(id)!, logger));
          graphRead.rendering = false;
          return graphRead.read ? [id, null, undefined] as const : sentOutcome(id, outcome);
        }),
      });
    }
    port.close();
  }
}
