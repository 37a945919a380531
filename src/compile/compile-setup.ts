import type { Diagnostic } from '../core/diagnostics.js';
import { throwIfErrors } from '../core/diagnostics.js';
import { packageNameOf, varsByPath } from '../project/package-scope.js';
import type { Project, SqlFile } from '../project/types.js';
import type { ContextInputs, TemplateReads } from './context.js';
import { graphDict, type NodeFacts } from './node-dict.js';
import { loadMacroLibrary, packageOptions, type MacroLibrary } from './macros.js';
import { builtinMacroFiles } from './builtin-macros.js';
import { invocationInputs } from './invocation-inputs.js';
import { macroKeys, sha256, type CachedTemplate } from './render-cache.js';
import { createEnvironment } from './template.js';
import { parseModel, type ParsedModel, type Templates } from './parse-model.js';
import type { CompileOptions } from './compile-options.js';

/**
 * What every template of one compile is parsed and rendered with: the Jinja environment, the macro
 * library, the partial-parse cache's run and the context inputs. Built alike on the main thread and
 * on a compile worker (see parallel-templates.ts), so both print the same.
 */
export interface TemplateSetup {
  readonly env: () => ReturnType<typeof createEnvironment>;
  readonly builtins: readonly SqlFile[];
  readonly macros: MacroLibrary;
  readonly templates: Templates;
  /** The cache's key for this compile, and the project's macro files hashed (undefined: no cache). */
  readonly cacheKey: string | undefined;
  readonly macroSet: string | undefined;
  /** The last compile's entries, when its key matches. */
  readonly previous: ReadonlyMap<string, CachedTemplate> | undefined;
  readonly inputs: (file: string, emitLogs: boolean, reads?: TemplateReads, execute?: boolean) => ContextInputs;
  readonly varsFor: (path: string) => Readonly<Record<string, unknown>>;
  readonly packageOf: (file: { readonly path: string }) => string;
  /** The first pass over a model, singular test or analysis (snapshots: see compileProjectKept). */
  readonly parse: (file: SqlFile, kind: ParsedModel['kind'], diagnostics: Diagnostic[]) => ParsedModel | undefined;
  /** What `graph` is built from, once the configs and relations are known (nothing while parsing). */
  setFacts(facts: () => Iterable<NodeFacts>): void;
}

export function templateSetup(project: Project, options: CompileOptions, diagnostics: Diagnostic[]): TemplateSetup {
  let environment: ReturnType<typeof createEnvironment> | undefined;
  const env = () => (environment ??= createEnvironment());
  const builtins = builtinMacroFiles(options.adapterMacros ?? '');
  // Everything every template sees alike: a change to any of it invalidates the whole cache.
  // Not the target's connection config (it may hold a password): a template that reads `target.config` is not cached.
  const cacheKey = options.cache && sha256(JSON.stringify([{ ...options.target, config: undefined }, project.name, builtins.map((b) => b.text)]));
  const packageMacros = (project.packages ?? []).flatMap((p) => p.macros);
  const macroSet = options.cache && sha256([...project.macros, ...packageMacros].map((m) => `${m.path}\0${m.text}`).join('\0'));
  const previous = options.cache?.key === cacheKey ? options.cache : undefined;
  const macros = loadMacroLibrary(env, project.macros, diagnostics, {
    builtins,
    adapterType: options.target.type,
    ...packageOptions(project),
    // Macro files that compiled cleanly last time are compiled only if a template calls one.
    lazy: previous?.macros === macroSet,
  });
  throwIfErrors(diagnostics);
  let keys: ((text: string) => string) | undefined;
  let compiledFacts: () => Iterable<NodeFacts> = () => [];
  const shared = {
    ...invocationInputs(project, options),
    logger: options.logger,
    jinjaEnv: env,
    // Built on first read from what is known before rendering (configs, relations, refs; no SQL yet).
    graph: () => graphDict([...compiledFacts()], options.target.database, options.quoteRelation, options.nodePaths),
  };
  // A package's nodes see its vars (and are named in its namespace); the project's nodes, the project's.
  const varsFor = varsByPath(project, options.vars);
  const packageOf = (file: { readonly path: string }) => packageNameOf(project, file.path);
  const templates: Templates = {
    env,
    macros,
    macroKey: (text) => (keys ??= macroKeys([...builtins, ...project.macros, ...packageMacros]))(text),
    previous: previous?.entries,
    run: cacheKey !== undefined ? { next: new Map(), parsed: 0, rendered: 0, reused: 0 } : undefined,
    vars: varsFor,
    environment: shared.env,
  };
  // Spelt out, not `{ ...shared }`: copying by spread cost ~10 us a call, and there are two calls per template.
  const { env: processEnv, target, runStartedAt, invocation, quoteIdentifier, logger, jinjaEnv, graph } = shared;
  const inputs = (file: string, emitLogs: boolean, reads?: TemplateReads, execute = true): ContextInputs =>
    ({ vars: varsFor(file), env: processEnv, target, runStartedAt, invocation, quoteIdentifier, logger, jinjaEnv, graph, file, emitLogs, reads, execute });
  return {
    env, builtins, macros, templates, cacheKey, macroSet, previous: previous?.entries, inputs, varsFor, packageOf,
    parse: (file, kind, into) => parseModel(project, file, kind, templates, (reads) => inputs(file.path, false, reads, false), options, into),
    setFacts: (facts) => void (compiledFacts = facts),
  };
}
