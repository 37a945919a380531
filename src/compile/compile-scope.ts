import type { Diagnostic } from '../core/diagnostics.js';
import type { Project } from '../project/types.js';
import type { CompileOptions } from './compile-options.js';
import type { ContextInputs, TemplateReads } from './context.js';
import type { MacroLibrary } from './macros.js';
import type { RelationValue } from './relation-value.js';
import type { createEnvironment } from './template.js';
import type { CompiledNode, Relation } from './types.js';

/** What compileProject's later passes (rendering nodes, then tests) share once every node's relation is known. */
export interface CompileScope {
  readonly project: Project;
  readonly options: CompileOptions;
  readonly env: () => ReturnType<typeof createEnvironment>;
  readonly macros: MacroLibrary;
  /** Mistakes are collected here and thrown together. */
  readonly diagnostics: Diagnostic[];
  /** A template's context inputs: the invocation's, with the vars of the package that declares `file`. */
  readonly inputs: (file: string, emitLogs: boolean, reads?: TemplateReads, execute?: boolean) => ContextInputs;
  readonly varsFor: (path: string) => Readonly<Record<string, unknown>>;
  readonly packageOf: (file: { readonly path: string }) => string;
  readonly relations: ReadonlyMap<string, Relation | undefined>;
  /** A model's, snapshot's or seed's unique_id by its name. */
  readonly idByName: ReadonlyMap<string, string>;
  /** A source's node by `source_name.table_name`. */
  readonly sourceIds: ReadonlyMap<string, CompiledNode>;
  /** What a ref or source reads: nothing under --empty. */
  readonly input: (relation: Relation) => RelationValue;
}
