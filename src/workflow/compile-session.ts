import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recompileTemplates, type Edit, type KeptCompile } from '../compile/index.js';
import { fingerprintNodes } from '../compile/fingerprint.js';
import { sha256 } from '../project/source-reader.js';
import { openProjectKept, type CommonOptions, type OpenedProject } from './open-project.js';
import { compareState } from './state.js';

/**
 * A compile kept in memory between saves (`--watch`): the next compile after an edit reads only the
 * changed files and, when they are templates whose config, refs and sources did not change (the
 * common save), renders them alone and patches the last compile (see compile/recompile-templates.ts).
 * Anything else (a yml, macro, seed or project file, a new or deleted file, a changed config() or
 * ref) compiles the whole project as a fresh process would, with the partial-parse cache on disk.
 */
export interface CompileSession {
  /** The project compiled; `changed`: root-relative paths saved since the last call (undefined: unknown). */
  open(changed: readonly string[] | undefined): OpenedProject;
  /** When the last open compiled edited templates alone: their nodes, and the compile it patched. */
  lastEdit(): { readonly ids: readonly string[]; readonly from: OpenedProject } | undefined;
}

export function compileSession(options: CommonOptions): CompileSession {
  let last: { opened: OpenedProject; kept: KeptCompile } | undefined;
  let edit: ReturnType<CompileSession['lastEdit']>;
  return {
    lastEdit: () => edit,
    open(changed) {
      const from = last?.opened;
      edit = undefined;
      if (changed && changed.length > 0) {
        const patched = last ? recompile(last.opened, last.kept, changed, options) : { reason: 'the last save did not compile' };
        if ('opened' in patched) {
          last = patched;
          edit = { ids: patched.ids, from: from! };
          options.logger.log({ level: 'debug', code: 'compile_incremental', message: `Compiled ${changed.length} edited file${changed.length === 1 ? '' : 's'} alone; the rest of the last compile kept`, data: { files: changed } });
          return patched.opened;
        }
        options.logger.log({ level: 'debug', code: 'compile_full', message: `Compiling the whole project: ${patched.reason}`, data: { reason: patched.reason } });
      }
      // The last compile is dropped first: two 10,000-node compiles need not be in memory at once.
      last = undefined;
      last = openProjectKept(options);
      return last.opened;
    },
  };
}

function recompile(previous: OpenedProject, kept: KeptCompile, changed: readonly string[], options: CommonOptions): { opened: OpenedProject; kept: KeptCompile; ids: readonly string[] } | { reason: string } {
  const edits: Edit[] = [];
  for (const path of changed) {
    if (!path.endsWith('.sql')) return { reason: `${path} is not a template` };
    let text: string;
    try {
      text = readFileSync(join(previous.project.root, path), 'utf8');
    } catch {
      return { reason: `${path} cannot be read (deleted or renamed)` };
    }
    edits.push({ path, text, hash: sha256(text) });
  }
  const result = recompileTemplates(previous.compiled, kept, edits);
  if (!result.ok) return { reason: result.reason };
  const { compiled, project, ids } = result;
  const startedAt = new Date();
  const invocationId = options.invocationId ?? randomUUID();
  const compileOptions = { ...previous.compileOptions, invocation: { ...previous.compileOptions.invocation!, id: invocationId }, runStartedAt: startedAt };
  const fingerprints = new Map(previous.fingerprints);
  for (const [id, fingerprint] of fingerprintNodes(compiled.nodes, project.macros, (r) => previous.dialect.relation(r), undefined, compileOptions.empty, ids)) fingerprints.set(id, fingerprint);
  const opened: OpenedProject = {
    ...previous, project, compiled, compileOptions, fingerprints, invocationId, startedAt,
    // A new generation: the manifest written from this compile is not the one the cache on disk describes.
    partialParse: { unchanged: false, generation: randomUUID(), ...(previous.partialParse?.seedChecksums ? { seedChecksums: previous.partialParse.seedChecksums } : {}) },
    stateSets: previous.previousState && compareState(previous.previousState, fingerprints, compiled.nodes),
  };
  return { opened, kept: result.kept, ids };
}
