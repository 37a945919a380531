import { batchDict, microbatchConfigErrors } from './microbatch-config.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { mergeConfig, type FolderConfigNode } from '../project/folder-config.js';
import { packageNameOf, projectConfigLayers } from '../project/package-scope.js';
import type { NodeConfigInput, NodeProperties } from '../project/schemas.js';
import type { PackageFolders, Project, SqlFile } from '../project/types.js';
import { analysisConfig } from './analysis-node.js';
import { buildContext, newReads, staticContext, type ContextInputs, type TemplateReads } from './context.js';
import type { MacroLibrary } from './macros.js';
import { lazyDict } from '../dbt-context/index.js';
import { RelationValue } from './relation-value.js';
import type { ParsedRefs } from './references.js';
import { cachedParse, parseStillValid, type CachedParse, type CachedTemplate, type TemplateCacheRun } from './render-cache.js';
import { lineOfMatch, resolveConfig, validateInlineConfig } from './resolve-config.js';
import { createEnvironment, prepareTemplate, templateDiagnostic, type PreparedTemplate } from './template.js';
import type { ResolvedConfig, SnapshotSpec } from './types.js';
import { snapshotConfig, snapshotSpec } from './snapshot-config.js';
import { modelNodeId, refKey, resolveVersionRefs } from './model-versions.js';

/**
 * The first pass over a model, singular test or analysis template: records its `config()`, `ref()`
 * and `source()` calls (or takes them from the partial-parse cache when nothing it read changed),
 * then resolves its config.
 */
export interface ParsedModel extends ParsedRefs {
  readonly file: SqlFile;
  /** Prepared on first use: a template reused from the cache may never need it. */
  readonly template: () => PreparedTemplate;
  readonly config: ResolvedConfig;
  readonly usesIncremental: boolean;
  readonly usesMacros: boolean;
  /** Models are built; singular tests (tests/*.sql) are queries returning failing rows. */
  readonly kind: 'model' | 'test' | 'analysis' | 'snapshot';
  /** Snapshots: the checked strategy, key and column names. */
  readonly snapshot?: SnapshotSpec | undefined;
  readonly parse: CachedParse;
  /** What its templates read so far (undefined when the parse came from the cache). */
  readonly reads: TemplateReads | undefined;
  /** The cache entry it was parsed from, if its inputs were unchanged. */
  readonly cached: CachedTemplate | undefined;
}

/** The templates' shared machinery, built on first use (a fully cached compile needs none of it). */
export interface Templates {
  env(): ReturnType<typeof createEnvironment>;
  readonly macros: MacroLibrary;
  /** The macro files a text reaches, hashed (see render-cache.ts). */
  macroKey(text: string): string;
  /** The previous compile's entries, when its key matches this one's. */
  readonly previous: ReadonlyMap<string, CachedTemplate> | undefined;
  readonly run: TemplateCacheRun | undefined;
  /** The vars a template in `path` sees (a package's nodes see its vars), and the environment (what cached entries are checked against). */
  vars(path: string): Readonly<Record<string, unknown>>;
  readonly environment: NodeJS.ProcessEnv;
}

export function parseModel(
  project: Project,
  file: SqlFile,
  kind: ParsedModel['kind'],
  templates: Templates,
  inputs: (reads: TemplateReads | undefined) => ContextInputs,
  options: { readonly target: { readonly schema: string; readonly database?: string | undefined } },
  diagnostics: Diagnostic[],
): ParsedModel | undefined {
  const { macros } = templates;
  const before = templates.previous?.get(file.path);
  if (before && parseStillValid(before, file, templates.vars(file.path), templates.environment, templates.macroKey)) {
    let template: PreparedTemplate | undefined;
    const lazy = () => (template ??= prepareTemplate(templates.env(), file.text, file.path));
    return finishParse(project, file, kind, lazy, before.parse, undefined, before, diagnostics, options.target.database);
  }
  let template: PreparedTemplate;
  try {
    template = prepareTemplate(templates.env(), file.text, file.path);
  } catch (error) {
    diagnostics.push(templateDiagnostic(error, file.path, { knownNames: macros.names, phase: 'compile', text: file.text }));
    return undefined;
  }
  if (templates.run) templates.run.parsed++;
  const reads = templates.run ? newReads() : undefined;
  const refs: Array<{ name: string; package: string | undefined }> = [];
  const sources: Array<[string, string]> = [];
  const inline: Array<Record<string, unknown>> = [];
  let usesIncremental = false;
  const packageName = packageNameOf(project, file.path);
  const placeholder = (name: string) => new RelationValue(null, options.target.schema, name, `__weir_ref__${name}`);
  const context = (template.isStatic ? staticContext : buildContext)({ ...inputs(reads), varMacros: varMacros(macros, file.path, packageName, reads) }, {
    ref: (name, pkg, version) => {
      refs.push({ name: refKey(name, version), package: pkg });
      return placeholder(name);
    },
    source: (s, t) => {
      sources.push([s, t]);
      return placeholder(`${s}.${t}`);
    },
    config: (values) => void inline.push(values),
    isIncremental: () => {
      usesIncremental = true;
      return false;
    },
    self: placeholder(file.name),
    model: lazyDict(() => ({ name: file.name, unique_id: modelNodeId(project, kind, file.name, packageName), resource_type: kind, package_name: packageName, path: file.path, original_file_path: file.path, fqn: [...file.fqn], raw_code: file.text,
      // A stand-in batch, so a microbatch template's refs under model.batch are seen (the output is not used).
      ...(kind === 'model' ? batchDict({ id: '19700101', start: new Date(0), end: new Date(86_400_000) }) : {}),
      // While parsing, the config is what is known so far: the defaults and this file's config() calls.
      config: lazyDict(() => Object.assign({ enabled: true, materialized: kind === 'model' ? 'view' : kind, tags: [], meta: {}, schema: null, alias: null, database: null }, ...inline)) })),
    configValue: (key) => {
      for (let i = inline.length - 1; i >= 0; i--) if (key in inline[i]!) return inline[i]![key];
      return undefined;
    },
    parsing: true,
  });
  const usesMacros = !template.isStatic && macros.mightCall(file.text);
  try {
    if (usesMacros) addMacros(context, macros.exportFor(context, file.path, packageName));
    template.render(context);
  } catch (error) {
    diagnostics.push(templateDiagnostic(error, file.path, { knownNames: macros.names, phase: 'render', text: file.text }));
    return undefined;
  }
  const configLine = () => lineOfMatch(file.text, /\bconfig\s*\(/);
  const custom = (name: string) => [...macros.names].some((n) => n.startsWith(`materialization_${name}_`));
  const inlineConfig: NodeConfigInput[] = inline.map((values) => validateInlineConfig(values, file.path, configLine, diagnostics, custom, project.dbtProject === true));
  const parsed = cachedParse({ refs: dedupeRefs(refs), sources: dedupeSources(sources), inline: inlineConfig, usesIncremental, usesMacros, dynamic: !template.isStatic });
  return finishParse(project, file, kind, () => template, parsed, reads, undefined, diagnostics, options.target.database);
}

/** Config from project.yml folders, properties and `config()`, whether the parse was cached or not. */
function finishParse(
  project: Project,
  file: SqlFile,
  kind: ParsedModel['kind'],
  template: () => PreparedTemplate,
  parse: CachedParse,
  reads: TemplateReads | undefined,
  cached: CachedTemplate | undefined,
  diagnostics: Diagnostic[],
  targetDatabase: string | undefined,
): ParsedModel {
  const inlineConfig = parse.inline ?? [];
  const configLine = () => lineOfMatch(file.text, /\bconfig\s*\(/);
  const props = kind === 'model' ? project.modelProperties.get(file.name) : undefined;
  const layers = (tree: FolderConfigNode | undefined, scope: keyof PackageFolders) => projectConfigLayers(project, tree, scope, file.path, file.fqn);
  let config: ResolvedConfig;
  if (kind === 'model') {
    const { own, root } = layers(project.modelFolders, 'models');
    config = resolveConfig([own, propertiesConfig(props?.value), ...inlineConfig, root], { materialized: 'view' });
  } else if (kind === 'snapshot') {
    config = snapshotConfig(project, file, inlineConfig);
  } else if (kind === 'analysis') {
    config = analysisConfig(project, file, inlineConfig);
  } else {
    const { own, root } = layers(project.testFolders, 'tests');
    config = singularTestConfig(mergeConfig(own, root), inlineConfig);
  }
  if (config.materialized === 'incremental' && config.incremental_strategy === 'microbatch') {
    diagnostics.push(...microbatchConfigErrors(file.name, config).map((d) => ({ ...d, file: file.path, line: configLine() })));
  } else if (config.materialized === 'incremental' && config.incremental_strategy !== 'append' && !config.unique_key?.length) {
    diagnostics.push({
      severity: 'error', file: file.path, line: configLine(),
      message: `incremental_strategy '${config.incremental_strategy}' needs a unique_key to match existing rows`,
      hint: "set unique_key='id' (or a list of columns), or use incremental_strategy='append'",
    });
  }
  const snapshot = kind === 'snapshot' && config.enabled ? snapshotSpec(project, file, config, diagnostics, targetDatabase) : undefined;
  return {
    kind, file, template, config, parse, reads, cached, snapshot,
    refs: resolveVersionRefs(project, file, parse.refs ?? [], diagnostics), sources: parse.sources ?? [], usesIncremental: parse.usesIncremental ?? false, usesMacros: parse.usesMacros ?? false,
  };
}

function dedupeRefs(refs: Array<{ name: string; package: string | undefined }>) {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(`${r.package}.${r.name}`) && seen.add(`${r.package}.${r.name}`));
}

function dedupeSources(sources: Array<[string, string]>): Array<[string, string]> {
  const seen = new Set<string>();
  return sources.filter(([s, t]) => !seen.has(`${s}.${t}`) && seen.add(`${s}.${t}`));
}

/** Macros join the context without shadowing the built-ins (`ref` stays weir's `ref`). */
export function addMacros(context: Record<string, unknown>, exported: Record<string, unknown>): void {
  for (const [name, macro] of Object.entries(exported)) if (!(name in context)) context[name] = macro;
}

/**
 * ContextInputs.varMacros for a node's template: a var's Jinja may call the macros even where the
 * template does not. Such a render is never cached: the macros it called are not in its text.
 */
export function varMacros(macros: MacroLibrary, file: string, packageName: string | undefined, reads: TemplateReads | undefined): ContextInputs['varMacros'] {
  return (context, text) => {
    if (!macros.mightCall(text)) return;
    addMacros(context, macros.exportFor(context, file, packageName));
    if (reads) reads.volatile = true;
  };
}

/** A properties entry's config, with the `access:` and `group:` dbt also takes beside `config:`. */
export function propertiesConfig(props: NodeProperties | undefined): NodeConfigInput {
  if (!props) return {};
  return { ...(props.access ? { access: props.access } : {}), ...(props.group ? { group: props.group } : {}), ...(props.docs ? { docs: props.docs } : {}), ...props.config };
}

/** A singular test's config: dbt_project.yml's data_tests: tree, then its own `config()`; tests fail on any row by default. */
function singularTestConfig(folders: NodeConfigInput, inline: readonly NodeConfigInput[]): ResolvedConfig {
  const config = resolveConfig([folders, ...inline], { materialized: 'test' });
  return { ...config, materialized: 'test', test_type: 'singular', severity: config.severity ?? 'error', warn_if: config.warn_if ?? '!= 0', error_if: config.error_if ?? '!= 0' };
}
