import type { MetricProperties, SavedQueryProperties, SemanticModelProperties } from './semantic-schema.js';
import type { SelectorEntry } from './selectors-file.js';
import type { YamlFile } from './yaml-file.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { AnalysisProperties } from './analysis-schema.js';
import type { ExposureProperties, GroupProperties } from './exposure-schema.js';
import type { MacroProperties } from './macro-schema.js';
import type { FolderConfigNode } from './folder-config.js';
import type { NodeProperties, SnapshotProperties, UnitTestDefinition } from './schemas.js';
import type { SourceDeclaration } from './source-schema.js';

/** A file of the project, with the path a person sees (relative to the root, POSIX slashes). */
/** A folder of a semantic-layer config tree: its configs as written, and its sub-folders. */
export interface SemanticFolderNode {
  readonly config: Readonly<Record<string, unknown>>;
  readonly children: ReadonlyMap<string, SemanticFolderNode>;
}

export interface SemanticFolders {
  readonly metrics: SemanticFolderNode;
  readonly 'semantic-models': SemanticFolderNode;
  readonly 'saved-queries': SemanticFolderNode;
}

export interface ProjectFileRef {
  readonly name: string;
  readonly path: string;
  readonly absolutePath: string;
  /** `[project, ...folders, name]`, the key folder config and `path:` selection use. */
  readonly fqn: readonly string[];
}

export interface SqlFile extends ProjectFileRef {
  readonly text: string;
  /** sha256 of `text`, when the loader computed it (the partial-parse cache keys on it). */
  readonly hash?: string;
}

/** An entry of a properties file, remembered with where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly file: string;
  readonly line: number | undefined;
}

export interface ProjectPaths {
  readonly models: readonly string[];
  readonly seeds: readonly string[];
  readonly macros: readonly string[];
  readonly analyses: readonly string[];
  readonly sources: readonly string[];
  readonly tests: readonly string[];
  /** Where `{% snapshot %}` files and snapshot yml live (dbt's `snapshot-paths`). */
  readonly snapshots: readonly string[];
}

/** A `{% docs name %}...{% enddocs %}` block from a .md file, as dbt reads them. */
export interface DocBlock {
  readonly name: string;
  readonly path: string;
  readonly line: number;
  readonly contents: string;
}

/** Renders the Jinja in a parsed yml file's values (see dbt-project/render-yml.ts); mistakes go to `diagnostics`. */
export type YmlRenderer = (yaml: YamlFile, diagnostics: Diagnostic[]) => unknown;

/** An installed dbt package (`dbt_packages/<name>`): its macros, reached as `name.macro(...)`, and its own nodes. */
export interface PackageProject {
  readonly name: string;
  /** Its folder, absolute. */
  readonly root: string;
  readonly macros: readonly SqlFile[];
  /** Its folder relative to the project's root (`dbt_packages/<folder>`): its files' paths start with it. */
  readonly path?: string;
  /** Its model-paths, seed-paths... relative to the project's root. */
  readonly paths?: ProjectPaths;
  /**
   * What `var()` gives its nodes, as dbt: its own vars (global, then scoped to it), under the
   * project's global vars and the project's `vars: {<package>: {...}}` (command-line vars go over all).
   */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Its dbt_project.yml's config trees, which the project's own apply over (see project/package-scope.ts). */
  readonly folders?: PackageFolders;
}

export interface PackageFolders {
  readonly models: FolderConfigNode;
  readonly seeds: FolderConfigNode;
  readonly snapshots: FolderConfigNode;
  readonly tests?: FolderConfigNode | undefined;
  readonly sources?: FolderConfigNode | undefined;
}

/** dbt_project.yml's `dispatch:`: the packages `adapter.dispatch(x, macro_namespace)` searches, in order. */
export interface DispatchOrder {
  readonly macro_namespace: string;
  readonly search_order: readonly string[];
}

/**
 * What a project file says, whichever file said it (project.yml, or dbt_project.yml with
 * profiles.yml): names, paths, vars, targets and folder-level config.
 */
export interface ProjectSettings {
  readonly name: string;
  /** The project file, as a person sees it (relative to the root). */
  readonly projectFile: string;
  readonly paths: ProjectPaths;
  /** The output folder, relative to the root (`target`). */
  readonly targetPath: string;
  readonly defaultTarget: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Raw target entries (validated when one is chosen, see targets.ts). */
  readonly targets: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly targetLines: Readonly<Record<string, number | undefined>>;
  /** Where the targets are written (project.yml, or a profiles.yml) and under which key (`targets`, `shop.outputs`). */
  readonly targetsFile: string;
  readonly targetsKey: string;
  readonly modelFolders: FolderConfigNode;
  readonly seedFolders: FolderConfigNode;
  /** Folder config for snapshots (`snapshots:` in the project file); none when absent. */
  readonly snapshotFolders?: FolderConfigNode;
  /**
   * dbt_project.yml's `data_tests:`, `sources:` and `analyses:` trees, matched against dbt's fqn of
   * each (a source's holds its yml file's folders; an analysis's starts `[project, 'analysis']`).
   */
  readonly testFolders?: FolderConfigNode;
  readonly sourceFolders?: FolderConfigNode;
  readonly analysisFolders?: FolderConfigNode;
  /** dbt_project.yml's `exposures:` tree (enabled, meta, tags), matched against an exposure's fqn. */
  readonly exposureFolders?: FolderConfigNode;
  /** dbt_project.yml's `metrics:`, `semantic-models:` and `saved-queries:` trees. */
  readonly semanticFolders?: SemanticFolders;
  /** Things the project file asks for that weir notes but does not act on; shown once per run. */
  readonly warnings: readonly Diagnostic[];
  /** Folders holding doc blocks (dbt's docs-paths); by default every resource folder. */
  readonly docsPaths?: readonly string[];
  /** Installed dbt packages (dbt projects only). */
  readonly packages?: readonly PackageProject[];
  readonly dispatch?: readonly DispatchOrder[];
  /** Folders `weir clean` deletes besides the target folder (dbt's clean-targets), relative to the root. */
  readonly cleanTargets?: readonly string[];
  /** `on-run-start` / `on-run-end`: Jinja SQL run before and after the nodes of run, build, seed, snapshot and test. */
  readonly runHooks?: RunHooks;
  /** dbt's `query-comment` (dbt projects): the comment put on each statement a node runs; null: none. */
  readonly queryComment?: QueryComment | null;
  /**
   * A dbt project (dbt_project.yml): where weir's own projects and dbt differ, it gets dbt's behaviour. A seed
   * column of whole numbers is `integer` as dbt's agate types it (weir infers bigint, as DuckDB's reader does),
   * and the cross-database macros are spelled as dbt's adapters spell them (see dbt-context/adapter-spellings.ts).
   */
  readonly dbtProject?: true;
}

/** A query comment's Jinja, where it goes (before the statement, or after with `append`) and its line in the project file. */
export interface QueryComment {
  readonly comment: string;
  readonly append: boolean;
  readonly line: number | undefined;
}

/** One project hook, as written (rendered only when it runs) and where (the project file's line). */
export interface RunHook {
  readonly sql: string;
  readonly line: number | undefined;
}

export interface RunHooks {
  readonly start: readonly RunHook[];
  readonly end: readonly RunHook[];
}

/** Everything on disk, validated, before any template is rendered. */
export interface Project extends Omit<ProjectSettings, 'targetPath'> {
  readonly root: string;
  /** Absolute path of the output folder (`target/`). */
  readonly targetDir: string;
  readonly models: readonly SqlFile[];
  readonly seeds: readonly ProjectFileRef[];
  readonly macros: readonly SqlFile[];
  readonly analyses: readonly SqlFile[];
  readonly snapshotFolders: FolderConfigNode;
  /**
   * Snapshots, one template each: a `{% snapshot %}` block's body (blank lines in front keep its line
   * numbers) or, for a yml entry with `relation:`, `select * from <relation>`.
   */
  readonly snapshots: readonly SqlFile[];
  readonly snapshotProperties: ReadonlyMap<string, Located<SnapshotProperties>>;
  /** Singular data tests: SQL files under tests/ whose queries return failing rows. */
  readonly singularTests: readonly SqlFile[];
  readonly modelProperties: ReadonlyMap<string, Located<NodeProperties>>;
  readonly seedProperties: ReadonlyMap<string, Located<NodeProperties>>;
  readonly sources: ReadonlyArray<Located<SourceDeclaration>>;
  /** Analyses' yml entries (kind, columns, method, chart), by analysis name. */
  readonly analysisProperties: ReadonlyMap<string, Located<AnalysisProperties>>;
  /** dbt-1.8 unit tests (`unit_tests:` in properties files). */
  readonly unitTests: ReadonlyArray<Located<UnitTestDefinition>>;
  /** dbt's exposures (`exposures:` in properties files): what reads the project, shown in lineage, never run. */
  readonly exposures: ReadonlyArray<Located<ExposureProperties>>;
  /** dbt's groups (`groups:` in properties files), which `group:` and `access: private` name. */
  readonly groups: ReadonlyArray<Located<GroupProperties>>;
  /** dbt's macro properties (`macros:` in properties files): descriptions and arguments, by macro name. */
  readonly macroProperties: ReadonlyMap<string, Located<MacroProperties>>;
  /** dbt's model versions, by the file stem of each version (`dim_customers_v2`). */
  readonly modelVersions: ReadonlyMap<string, ModelVersion>;
  /** dbt's semantic layer (`semantic_models:`, `metrics:`, `saved_queries:`): kept, never run. */
  readonly semanticModels: ReadonlyArray<Located<SemanticModelProperties>>;
  readonly metrics: ReadonlyArray<Located<MetricProperties>>;
  readonly savedQueries: ReadonlyArray<Located<SavedQueryProperties>>;
  /** Unit test fixture files: csv and sql files under tests/fixtures/, named by `fixture:`. */
  readonly fixtures: readonly ProjectFileRef[];
  /** `{% docs %}` blocks from .md files, which `{{ doc("name") }}` in descriptions reads. */
  readonly docBlocks: readonly DocBlock[];
  /** dbt's selectors.yml: named selections for `--selector` (and the `default: true` one). */
  readonly selectors: readonly SelectorEntry[];
}

/** One version of a dbt versioned model, keyed in the project by the stem of the file that defines it. */
export interface ModelVersion {
  /** The model's name, `dim_customers` (what `ref()` and selectors name). */
  readonly name: string;
  /** `2`, as written (dbt keeps numbers and strings apart only for ordering). */
  readonly version: string;
  readonly latest: string;
  /** The file stem holding its SQL: `defined_in`, else `<name>_v<v>` as dbt looks for it. */
  readonly stem: string;
  /** ISO date after which a ref to it is warned about, as dbt does. */
  readonly deprecationDate?: string | undefined;
  readonly file: string;
  readonly line?: number | undefined;
}
