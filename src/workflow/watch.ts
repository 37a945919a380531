import { watch, type FSWatcher } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';
import type { Adapter } from '../adapters/types.js';
import type { Fingerprint } from '../compile/fingerprint.js';
import type { Logger } from '../core/logger.js';
import { compileSession } from './compile-session.js';
import { selectForCommand, type OpenedProject } from './open-project.js';
import { connect, DEFAULT_THREADS, runSelected, writeArtifacts, type RunOptions, type RunOutcome } from './run-project.js';
import { compareState } from './state.js';

export interface WatchHooks {
  /** Shows a finished run (the CLI prints its summary). */
  readonly report: (outcome: RunOutcome) => Promise<void>;
  /** Shows a project that does not compile; the watcher keeps going. */
  readonly reportError: (error: unknown) => void;
  /** Aborted on Ctrl-C: the running nodes finish, nothing new starts, the watcher closes. */
  readonly signal: AbortSignal;
  /** Quiet time after a save before rebuilding, so an editor's burst of writes is one rebuild. */
  readonly debounceMs?: number;
  /** `weir compile --watch`: compile and write the artifacts on every save; no database. */
  readonly compileOnly?: boolean;
}

const WATCHED_EXTENSIONS = new Set(['.sql', '.yml', '.yaml', '.csv', '.json', '.md']);
const IGNORED_TOP = new Set(['node_modules', '.git', 'dist']);

/**
 * `weir build --watch`: build the selection once, then on every save recompile and rebuild what the
 * change touched (nodes whose fingerprint changed, everything downstream of them, their tests) plus
 * whatever failed or was skipped last time. One adapter stays open across rebuilds, so a rebuild
 * costs a compile and the changed nodes, not a connection. A project that does not compile is
 * reported and the watcher waits for the next save. The last compile is kept in memory: a save of
 * templates whose config and refs did not change recompiles those templates alone (see compile-session.ts).
 */
export async function watchProject(options: RunOptions, resourceTypes: readonly string[], command: string, hooks: WatchHooks): Promise<void> {
  const { logger } = options;
  const root = resolve(options.projectDir);
  let adapter: Adapter | undefined;
  let adapterKey = '';
  let lastGood: ReadonlyMap<string, Fingerprint> | undefined;
  let unfinished = new Set<string>();
  let lastSelection: { dag: OpenedProject['dag']; selected: ReadonlySet<string> } | undefined;
  const ignoredTop = new Set([...IGNORED_TOP, 'target']);
  const session = compileSession(options);

  const build = async (opened: OpenedProject, changed: readonly string[] | undefined): Promise<void> => {
    const threads = options.threads ?? opened.target.threads ?? DEFAULT_THREADS;
    const key = JSON.stringify([opened.target.config, threads]);
    if (adapter && key !== adapterKey) await adapter.close().finally(() => (adapter = undefined));
    if (!adapter) {
      adapter = await connect(opened, threads);
      adapterKey = key;
    }
    // The selection depends on the DAG (and --state): a save that kept the DAG keeps it.
    const fresh = lastSelection?.dag === opened.dag && !opened.stateSets ? lastSelection.selected : selectForCommand(opened, options, resourceTypes, true);
    lastSelection = { dag: opened.dag, selected: fresh };
    let selected = fresh;
    if (lastGood) {
      // Templates compiled alone on top of the last built compile: only their fingerprints can differ.
      const edit = session.lastEdit();
      const only = edit?.from.fingerprints === lastGood ? edit.ids : undefined;
      const touched = touchedNodes(opened, lastGood, unfinished, resourceTypes, logger, only);
      selected = new Set([...selected].filter((id) => touched.has(id)));
    }
    lastGood = opened.fingerprints;
    if (selected.size === 0) {
      logger.log({ level: 'info', code: 'watch_nothing', message: `No selected node is affected by ${describeChange(changed)}.` });
      return writeArtifacts(opened);
    }
    const outcome = await runSelected(opened, selected, adapter, { ...options, threads, signal: hooks.signal }, resourceTypes, command);
    unfinished = new Set(outcome.results.filter((r) => !['success', 'pass', 'warn', 'no-op'].includes(r.status)).map((r) => r.uniqueId));
    await hooks.report(outcome);
    // The manifest and compiled SQL (15 MB for 10,000 models) are written once the rebuild is reported:
    // nothing in the run reads them, and the save-to-rebuilt time is what a person at the desk waits for.
    await writeArtifacts(opened);
  };

  const compileOnly = async (opened: OpenedProject, started: number): Promise<void> => {
    const nodes = opened.compiled.nodes.size;
    logger.log({ level: 'info', code: 'watch_compiled', message: `Compiled ${nodes} nodes in ${Math.round(performance.now() - started)} ms`, data: { nodes } });
    await writeArtifacts(opened);
  };

  const rebuild = async (changed: readonly string[] | undefined): Promise<void> => {
    if (changed) logger.log({ level: 'info', code: 'watch_change', message: `Change detected: ${describeChange(changed)}`, data: { files: changed } });
    const started = performance.now();
    let opened: OpenedProject;
    try {
      opened = session.open(changed);
    } catch (error) {
      hooks.reportError(error);
      return;
    }
    ignoredTop.add(relative(root, opened.project.targetDir).split(sep)[0]!);
    try {
      await (hooks.compileOnly ? compileOnly(opened, started) : build(opened, changed));
    } catch (error) {
      hooks.reportError(error);
    }
  };

  // Watch before the first build, so a save during it is not lost. One run at a time: saves during
  // a run are collected and rebuilt together afterwards.
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const ready = () => {
    if (!hooks.signal.aborted) logger.log({ level: 'info', code: 'watch_ready', message: `Watching ${root} for changes (Ctrl-C to stop)` });
  };
  let running: Promise<void> = rebuild(undefined).then(ready);
  const flush = () => {
    timer = undefined;
    const files = [...pending].sort();
    pending.clear();
    running = running.then(() => (hooks.signal.aborted ? undefined : rebuild(files))).then(ready);
  };
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, filename) => {
    if (!filename || !isProjectFile(filename.toString(), ignoredTop)) return;
    pending.add(filename.toString().split(sep).join('/'));
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, hooks.debounceMs ?? 50);
  });
  if (!hooks.signal.aborted) await new Promise<void>((done) => hooks.signal.addEventListener('abort', () => done(), { once: true }));
  watcher.close();
  if (timer) clearTimeout(timer);
  await running;
  logger.log({ level: 'info', code: 'watch_stopped', message: 'Stopped watching; every table holds its last complete build.' });
  return closeAdapter();

  async function closeAdapter(): Promise<void> {
    await adapter?.close();
    adapter = undefined;
  }
}

/**
 * Nodes whose fingerprint changed since the last good compile, downstream of them, and last run's
 * unfinished. `only`: the nodes whose fingerprint can have changed (the rest are known equal).
 */
function touchedNodes(
  opened: OpenedProject,
  previous: ReadonlyMap<string, Fingerprint>,
  unfinished: ReadonlySet<string>,
  resourceTypes: readonly string[],
  logger: Logger,
  only?: readonly string[],
): Set<string> {
  const pick = (all: ReadonlyMap<string, Fingerprint>) => (only ? new Map(only.map((id) => [id, all.get(id)!])) : all);
  const stateSets = compareState({ manifestPath: 'the previous build', fingerprints: pick(previous), relations: new Map() }, pick(opened.fingerprints));
  const withState = { ...opened, stateSets };
  const touched = selectForCommand(withState, { select: ['state:modified+'], logger: { log: (e) => e.code !== 'selection_warning' && logger.log(e) } }, resourceTypes, true);
  for (const id of unfinished) if (opened.dag.nodes.has(id)) touched.add(id);
  return touched;
}

/** Files that can change what a project builds: never the target folder (weir writes there) or dependencies. */
function isProjectFile(filename: string, ignoredTop: ReadonlySet<string>): boolean {
  const parts = filename.split(sep);
  if (ignoredTop.has(parts[0]!) || parts.some((p) => p.startsWith('.'))) return false;
  return WATCHED_EXTENSIONS.has(extname(filename).toLowerCase());
}

function describeChange(files: readonly string[] | undefined): string {
  if (!files || files.length === 0) return 'the change';
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
}
