import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { throwIfErrors, type Diagnostic } from '../core/diagnostics.js';
import { badVersionSpec } from './version-range.js';
import { packageRenderer, renderEntries, type PackageRender } from './render-entries.js';
import { parseYaml, validateYaml, type YamlFile } from '../project/yaml-file.js';

/** Where a package was asked for: the file (as a person sees it) and line. */
export interface Declared {
  readonly file: string;
  readonly line: number | undefined;
  /** The folder the declaring project lives in: `local:` paths are relative to it. */
  readonly dir: string;
}

/** One entry of packages.yml / dependencies.yml, in dbt's four kinds. */
export type PackageSpec =
  | { readonly kind: 'local'; readonly local: string; readonly declared: Declared }
  | {
    readonly kind: 'git'; readonly git: string; readonly revision: string | undefined; readonly subdirectory: string | undefined; readonly warnUnpinned: boolean; readonly declared: Declared;
    /** The URL as written, when it was rendered (`{{ env_var(...) }}`): what messages and the lock file show, so a token never does. */
    readonly shown?: string | undefined;
  }
  | { readonly kind: 'tarball'; readonly tarball: string; readonly name: string; readonly declared: Declared }
  | { readonly kind: 'hub'; readonly package: string; readonly versions: readonly string[]; readonly installPrerelease: boolean; readonly declared: Declared };

export const PACKAGE_FILES = ['packages.yml', 'dependencies.yml'] as const;

const version = z.union([z.string(), z.number()]).transform(String);
const entrySchemas = {
  local: z.object({ local: z.string().min(1) }).strict(),
  git: z.object({
    git: z.string().min(1),
    revision: version.optional(),
    subdirectory: z.string().min(1).optional(),
    'warn-unpinned': z.boolean().optional(),
  }).strict(),
  tarball: z.object({ tarball: z.string().min(1), name: z.string().min(1) }).strict(),
  package: z.object({
    package: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "a dbt Hub package is written 'namespace/name', e.g. dbt-labs/dbt_utils"),
    version: z.union([version, z.array(version).min(1)]),
    'install-prerelease': z.boolean().optional(),
  }).strict(),
} as const;

const KINDS = Object.keys(entrySchemas) as Array<keyof typeof entrySchemas>;

/**
 * The packages a project asks for: packages.yml, else the `packages:` of dependencies.yml (dbt
 * reads one of them, never both). Mistakes name the file and line; `undefined` when neither exists.
 */
export function readPackagesFile(projectDir: string, shownAs = (file: string) => file, render: PackageRender = packageRenderer(process.env)): { file: string; specs: PackageSpec[]; entries: unknown[] } | undefined {
  const found = PACKAGE_FILES.filter((f) => existsSync(join(projectDir, f)));
  if (found.length === 0) return undefined;
  const diagnostics: Diagnostic[] = [];
  if (found.length === 2) {
    diagnostics.push({ severity: 'error', file: shownAs('dependencies.yml'), line: 1, message: 'both packages.yml and dependencies.yml declare packages', hint: 'keep one of them, as dbt does (move the entries into dependencies.yml under packages:)' });
  }
  const name = found[0]!;
  const file = shownAs(name);
  const parsed = parseYaml(readFileSync(join(projectDir, name), 'utf8'), file);
  diagnostics.push(...parsed.diagnostics);
  throwIfErrors(diagnostics);
  const specs = packageSpecs(parsed.yaml!, projectDir, diagnostics, name === 'dependencies.yml', render);
  throwIfErrors(diagnostics);
  const entries = (parsed.yaml!.value as { packages?: unknown[] }).packages ?? [];
  return { file, specs, entries };
}

function packageSpecs(yaml: YamlFile, dir: string, diagnostics: Diagnostic[], isDependencies: boolean, render: PackageRender): PackageSpec[] {
  const root = (renderEntries(yaml, render, diagnostics) ?? {}) as Record<string, unknown>;
  const written = (yaml.value ?? {}) as { packages?: unknown };
  const fail = (path: PropertyKey[], message: string, hint: string) => diagnostics.push({ severity: 'error', file: yaml.file, line: yaml.lineOf(path), message, hint });
  if (typeof root !== 'object' || Array.isArray(root)) {
    fail([], `${yaml.file} must be a mapping with a 'packages:' list`, 'write packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]');
    return [];
  }
  const allowedTop = isDependencies ? ['packages', 'projects'] : ['packages'];
  for (const key of Object.keys(root).filter((k) => !allowedTop.includes(k))) {
    fail([key], `unknown key '${key}' in ${yaml.file}`, `allowed: ${allowedTop.join(', ')}`);
  }
  if (isDependencies && root.projects !== undefined) {
    fail(['projects'], 'weir does not support dbt Mesh cross-project dependencies (projects:)', 'list installable packages under packages:');
  }
  const list = root.packages ?? [];
  if (!Array.isArray(list)) {
    fail(['packages'], "'packages' must be a list of packages", 'write each package as a list item: - package: dbt-labs/dbt_utils');
    return [];
  }
  const specs: PackageSpec[] = [];
  list.forEach((entry, index) => {
    const path = ['packages', index];
    const declared = { file: yaml.file, line: yaml.lineOf(path), dir };
    const kinds = entry && typeof entry === 'object' ? KINDS.filter((k) => k in entry) : [];
    if (kinds.length !== 1) {
      fail(path, kinds.length === 0 ? 'a package entry needs one of package:, git:, local: or tarball:' : `a package entry has ${kinds.join(' and ')}: give only one`,
        'e.g. - package: dbt-labs/dbt_utils, - git: https://github.com/org/repo.git, - local: ../my_package, - tarball: https://host/p.tar.gz');
      return;
    }
    const kind = kinds[0]!;
    const validated = validateYaml(yaml, entrySchemas[kind], path, entry);
    diagnostics.push(...validated.diagnostics);
    const data = validated.data as Record<string, unknown> | undefined;
    if (!data) return;
    if (kind === 'local') specs.push({ kind, local: String(data.local), declared });
    else if (kind === 'tarball') specs.push({ kind, tarball: String(data.tarball), name: String(data.name), declared });
    else if (kind === 'git') {
      const asWritten = Array.isArray(written.packages) ? (written.packages[index] as { git?: unknown } | undefined)?.git : undefined;
      const shown = typeof asWritten === 'string' && asWritten !== data.git ? asWritten : undefined;
      specs.push({ kind, git: String(data.git), revision: data.revision as string | undefined, subdirectory: data.subdirectory as string | undefined, warnUnpinned: data['warn-unpinned'] !== false, declared, ...(shown ? { shown } : {}) });
    } else {
      const versions = Array.isArray(data.version) ? (data.version as string[]) : [String(data.version)];
      const bad = versions.map(badVersionSpec).find(Boolean);
      if (bad) return void fail([...path, 'version'], `package '${String(data.package)}': ${bad}`, 'dbt resolves the newest release within every spec of the list');
      specs.push({ kind: 'hub', package: String(data.package), versions, installPrerelease: data['install-prerelease'] === true, declared });
    }
  });
  return specs;
}

/** How a spec is named in messages: `dbt-labs/dbt_utils`, `git https://...`, `local ../x`. */
export function describeSpec(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'local': return `local package '${spec.local}'`;
    case 'git': return `git package '${spec.shown ?? spec.git}'${spec.subdirectory ? ` (subdirectory ${spec.subdirectory})` : ''}`;
    case 'tarball': return `tarball package '${spec.name}' (${spec.tarball})`;
    case 'hub': return `package '${spec.package}'`;
  }
}

export function placeOf(spec: PackageSpec): string {
  return `${spec.declared.file}${spec.declared.line ? `:${spec.declared.line}` : ''}`;
}
