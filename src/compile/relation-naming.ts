import type { Diagnostic } from '../core/diagnostics.js';
import type { MacroLibrary } from './macros.js';
import { relationFor } from './resolve-config.js';
import type { Relation, ResolvedConfig } from './types.js';
import { BUILTIN_MACROS_PATH } from './builtin-macros.js';

/** What dbt's naming macros receive as `node`. */
export interface NamedNode {
  readonly name: string;
  readonly resourceType: string;
  readonly uniqueId: string;
  readonly packageName: string;
  readonly fqn: readonly string[];
  readonly path: string;
  readonly config: ResolvedConfig;
}

export type RelationNamer = (node: NamedNode) => Relation;

/**
 * The database relations are named with. dbt projects name them as dbt does, "database"."schema"."table"
 * (dbt_utils.union_relations writes that name into rows); weir's own projects keep "schema"."table",
 * which their compiled SQL and tests have always read, and which does not change with the file's name.
 */
export function relationDatabase(project: { readonly dbtProject?: true }, target: { readonly database?: string | undefined }): string | undefined {
  return project.dbtProject ? target.database : undefined;
}

const NAMING_MACROS = ['generate_schema_name', 'generate_alias_name', 'generate_database_name'] as const;

/**
 * How a model's or seed's relation is named. By default as dbt's defaults do (a custom schema
 * becomes `<target schema>_<custom>`; the alias or the name), computed directly; a project that
 * defines `generate_schema_name`, `generate_alias_name` or `generate_database_name` in its macros
 * gets its own macro called instead, as in dbt. weir builds into the target's database only, so a
 * database macro must name that one.
 */
export function relationNamer(
  macros: MacroLibrary,
  context: () => Record<string, unknown>,
  target: { readonly schema: string; readonly database: string | undefined },
  diagnostics: Diagnostic[],
  /** The database relations are named with (dbt projects'); undefined: schema.identifier. */
  relationDatabase?: string | undefined,
): RelationNamer {
  // The built-in naming macros give the defaults computed directly below; only the project's own change them.
  const own = new Set(macros.macros.filter((m) => !m.path.startsWith(BUILTIN_MACROS_PATH)).map((m) => m.name).filter((n) => (NAMING_MACROS as readonly string[]).includes(n)));
  const inDatabase = (r: Relation): Relation => (relationDatabase === undefined ? r : { database: relationDatabase, ...r });
  if (own.size === 0) return (node) => inDatabase(relationFor(node.name, node.config, target.schema));
  let exported: Record<string, unknown> | undefined;
  const call = (macro: string, custom: unknown, node: NamedNode): string | undefined => {
    const fn = (exported ??= macros.exportFor(context(), `macros (${macro})`))[macro] as (...args: unknown[]) => unknown;
    const file = macros.macros.find((m) => m.name === macro)?.path;
    try {
      const value = String(fn(custom ?? null, macroNode(node))).trim();
      if (value) return value;
      diagnostics.push({ severity: 'error', file, message: `${macro} returned nothing for ${node.resourceType} '${node.name}'`, hint: 'the macro must print a name for every node' });
    } catch (error) {
      diagnostics.push({ severity: 'error', file, message: `${macro} failed for ${node.resourceType} '${node.name}': ${error instanceof Error ? error.message : String(error)}` });
    }
    return undefined;
  };
  return (node) => {
    const fallback = relationFor(node.name, node.config, target.schema);
    if (own.has('generate_database_name')) {
      const database = call('generate_database_name', node.config.database, node);
      if (database !== undefined && target.database !== undefined && database !== target.database) {
        diagnostics.push({
          severity: 'error', file: macros.macros.find((m) => m.name === 'generate_database_name')?.path,
          message: `generate_database_name names database '${database}' for ${node.resourceType} '${node.name}', but weir builds into the target's database '${target.database}' only`,
          hint: 'building across databases is not supported yet; return target.database',
        });
      }
    }
    const schema = own.has('generate_schema_name') ? call('generate_schema_name', node.config.schema, node) : fallback.schema;
    const identifier = own.has('generate_alias_name') ? call('generate_alias_name', node.config.alias, node) : fallback.identifier;
    return inDatabase({ schema: schema ?? fallback.schema, identifier: identifier ?? fallback.identifier });
  };
}

/** dbt's node as its naming macros read it (`node.name`, `node.resource_type`, `node.fqn`, `node.config`). */
function macroNode(node: NamedNode): Record<string, unknown> {
  return {
    name: node.name,
    resource_type: node.resourceType,
    unique_id: node.uniqueId,
    package_name: node.packageName,
    fqn: [...node.fqn],
    path: node.path,
    original_file_path: node.path,
    config: node.config,
    tags: node.config.tags,
    alias: node.config.alias ?? node.name,
  };
}
