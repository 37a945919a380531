import type { Diagnostic } from '../core/diagnostics.js';
import type { Project, SqlFile } from '../project/types.js';
import type { CompileScope } from './compile-scope.js';
import type { MacroCallIndex } from './macro-calls.js';
import type { NodeFacts } from './node-dict.js';
import { parseModel, type Templates } from './parse-model.js';
import { compileUnitTestsOf, testedNodes } from './project-tests.js';
import { renderNodes, type Skeleton } from './render-nodes.js';
import type { CompiledProject } from './types.js';

/** What compileProjectKept keeps of a compile so that an edited template can be compiled again alone. */
export interface KeptCompile {
  readonly scope: CompileScope;
  readonly templates: Templates;
  readonly calls: MacroCallIndex;
  /** Every enabled model, snapshot, singular test and analysis, by file path. */
  readonly skeletons: ReadonlyMap<string, Skeleton>;
  readonly skeletonFacts: (s: Skeleton) => NodeFacts;
  /** What holds for the whole project until a full compile, worked out on the first recompile (see sharedFacts). */
  readonly facts?: SharedFacts;
}

/** Why no template can be compiled alone (undefined: they can), and how many unit tests each tested node has. */
interface SharedFacts {
  readonly blocker: string | undefined;
  readonly unitTests: ReadonlyMap<string, number>;
}

export type Recompiled =
  | { readonly ok: true; readonly project: Project; readonly compiled: CompiledProject; readonly kept: KeptCompile; readonly ids: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const GRAPH = /\bgraph\b/;

/**
 * The compile of `project` with `files` (edited templates, same paths) in place of its own, from
 * the last compile, rendering only those templates, or why that cannot be done. It can when each
 * file still parses cleanly to the same config, refs and sources (so relations, the DAG and every
 * other node are what they were) and nothing else reads its SQL or text but its unit tests (compiled
 * again with it): no ephemeral model (its SQL is inlined downstream), no template that reads `graph` or `model` or
 * anything that changes each run (such templates are not in the partial-parse cache), no macro or
 * snapshot that mentions `graph`. Anything else is for a full compile.
 */
export function recompileTemplates(previous: CompiledProject, kept: KeptCompile, edits: readonly Edit[]): Recompiled {
  const fail = (reason: string): Recompiled => ({ ok: false, reason });
  const cache = previous.templateCache;
  if (!cache) return fail('the partial-parse cache is off');
  const swapped = withFiles(kept.scope.project, edits);
  if (!swapped) return fail('a file is not a model, singular test or analysis of the project');
  const { project, files } = swapped;
  // A recompile keeps every template cached, the macros and the unit tests: the facts hold until a full compile.
  const facts = kept.facts ?? sharedFacts(kept, previous);
  if (facts.blocker) return fail(facts.blocker);
  const diagnostics: Diagnostic[] = [];
  const run = { next: new Map(), parsed: 0, rendered: 0, reused: 0 };
  const templates: Templates = { ...kept.templates, previous: undefined, run };
  const scope: CompileScope = { ...kept.scope, project, diagnostics };
  const nodes = new Map(previous.nodes);
  const skeletons = new Map(kept.skeletons);
  const ids: string[] = [];
  for (const file of files) {
    const before = kept.skeletons.get(file.path);
    if (!before) return fail(`${file.path} is not enabled`);
    if (before.model.kind === 'snapshot') return fail(`${file.path} holds snapshots`);
    if (before.model.config.materialized === 'ephemeral') return fail(`${file.path} is an ephemeral model (inlined downstream)`);
    const model = parseModel(project, file, before.model.kind, templates, (reads) => scope.inputs(file.path, false, reads, false), scope.options, diagnostics);
    if (!model || diagnostics.length > 0) return fail(`${file.path} does not parse cleanly`);
    if (shapeOf(model) !== shapeOf(before.model)) return fail(`${file.path} changed its config, refs or sources`);
    const skeleton: Skeleton = { ...before, model };
    renderNodes(scope, { templates, calls: kept.calls, order: [before.id], skeletons: [skeleton], skeletonFacts: kept.skeletonFacts, compiled: nodes });
    if (diagnostics.length > 0) return fail(`${file.path} does not render cleanly`);
    if (!run.next.has(file.path)) return fail(`${file.path} reads what the partial-parse cache cannot key (graph, model, the invocation...)`);
    // A unit test holds its model rendered against its fixtures: compiled again with it.
    const unitTests = facts.unitTests.get(before.id) ?? 0;
    if (unitTests > 0) {
      const { byName, sourcesByName } = testedNodes(scope, nodes, [...nodes.values()].filter((n) => n.resourceType === 'source'));
      const tests = compileUnitTestsOf(scope, byName, sourcesByName, [model], project.unitTests.filter((t) => t.value.model === model.file.name));
      if (diagnostics.length > 0 || tests.length !== unitTests || tests.some((t) => !previous.nodes.has(t.uniqueId))) return fail(`${file.path}'s unit tests do not compile as they did`);
      for (const test of tests) {
        nodes.set(test.uniqueId, test);
        ids.push(test.uniqueId);
      }
    }
    skeletons.set(file.path, skeleton);
    ids.push(before.id);
  }
  const entries = new Map(cache.entries);
  for (const [path, entry] of run.next) entries.set(path, entry);
  const compiled: CompiledProject = {
    ...previous, nodes, templateCache: { ...cache, entries, parsed: run.parsed, rendered: run.rendered, reused: entries.size - run.rendered },
  };
  return { ok: true, project, compiled, kept: { ...kept, scope: { ...kept.scope, project }, skeletons, facts }, ids };
}

/** A template file's new text (root-relative path, as SqlFile.path) and its sha256, as the loader gives it. */
export interface Edit {
  readonly path: string;
  readonly text: string;
  readonly hash: string;
}

/** The project with each edit in place of the template of the same path; undefined if one is none of its enabled templates. */
function withFiles(project: Project, edits: readonly Edit[]): { project: Project; files: SqlFile[] } | undefined {
  const byPath = new Map(edits.map((e) => [e.path, e]));
  const files: SqlFile[] = [];
  const swap = (list: readonly SqlFile[]) => list.map((f) => {
    const edit = byPath.get(f.path);
    if (!edit) return f;
    const file = { ...f, text: edit.text, hash: edit.hash };
    files.push(file);
    return file;
  });
  const changed = { ...project, models: swap(project.models), singularTests: swap(project.singularTests), analyses: swap(project.analyses) };
  return files.length === edits.length ? { project: changed, files } : undefined;
}

function sharedFacts(kept: KeptCompile, compiled: CompiledProject): SharedFacts {
  const unitTests = new Map<string, number>();
  for (const node of compiled.nodes.values()) if (node.unitTest) for (const id of node.dependsOn.nodes) unitTests.set(id, (unitTests.get(id) ?? 0) + 1);
  return { blocker: sharedReader(kept, compiled.templateCache?.entries ?? new Map(), kept.scope.project), unitTests };
}

/** Why some template may read an edited template's text or SQL, or undefined when none can. */
function sharedReader(kept: KeptCompile, entries: ReadonlyMap<string, unknown>, project: Project): string | undefined {
  for (const [path, skeleton] of kept.skeletons) {
    if (skeleton.model.kind === 'snapshot') {
      if (GRAPH.test(skeleton.model.file.text)) return `${path} (a snapshot) mentions graph`;
    } else if (!entries.has(path)) return `${path} is not in the partial-parse cache (it reads graph, model or the invocation)`;
  }
  const macro = [...project.macros, ...(project.packages ?? []).flatMap((p) => p.macros)].find((m) => GRAPH.test(m.text));
  return macro && `${macro.path} (a macro) mentions graph`;
}

/** What the rest of the project sees of a parsed template: if it is unchanged, so are relations and the DAG. */
function shapeOf(model: { readonly config: unknown; readonly refs: unknown; readonly sources: unknown; readonly usesIncremental: boolean; readonly kind: string }): string {
  return JSON.stringify([model.kind, model.config, model.refs, model.sources, model.usesIncremental]);
}
