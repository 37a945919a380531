import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { closestNames } from '../core/closest.js';
import { discoverFiles, type FolderLister } from './discover.js';
import type { LoadedProperties } from './properties.js';
import type { NodeProperties } from './schemas.js';
import type { SourceDeclaration } from './source-schema.js';
import type { SourceReader } from './source-reader.js';
import type { DocBlock, Located } from './types.js';

export type { DocBlock };


const BLOCK = /\{%-?\s*docs\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;
const DOC_CALL = /\{\{\s*doc\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?\)\s*\}\}/g;

/** Every doc block in the .md files under the folders; a name defined twice is an error naming both places. */
export function readDocBlocks(root: string, folders: readonly string[], reader: SourceReader, diagnostics: Diagnostic[], list?: FolderLister): DocBlock[] {
  const blocks = new Map<string, DocBlock>();
  for (const path of discoverFiles(root, [...new Set(folders)], ['.md'], list)) {
    const { text } = reader.read(join(root, path), path);
    for (const match of text.matchAll(BLOCK)) {
      const line = text.slice(0, match.index).split('\n').length;
      const name = match[1]!;
      const earlier = blocks.get(name);
      if (earlier) {
        diagnostics.push({ severity: 'error', file: path, line, message: `doc block '${name}' is defined twice: here and in ${earlier.path}:${earlier.line}`, hint: 'rename or delete one of them' });
        continue;
      }
      blocks.set(name, { name, path, line, contents: match[2]!.trim() });
    }
  }
  return [...blocks.values()];
}

/** The doc blocks a description reads (dbt 1.10's `doc_blocks`: `doc.<package>.<name>` ids), beside it. */
export interface DocUses {
  readonly doc_blocks?: readonly string[];
}

/**
 * Properties with `{{ doc("name") }}` in their descriptions replaced by the doc block, as dbt puts
 * them in the manifest and the docs site; each entry and column that read one lists it in
 * `doc_blocks`, so the docs site can say where a block is used. An unknown name is an error naming the file.
 */
export function withDocBlocks(properties: LoadedProperties, blocks: readonly DocBlock[], project: string, diagnostics: Diagnostic[]): LoadedProperties {
  if (blocks.length === 0 && !mentionsDoc(properties)) return properties;
  const byName = new Map(blocks.map((b) => [b.name, b.contents]));
  const render = (text: string | undefined, file: string, line: number | undefined, used: Set<string>): string | undefined =>
    text?.replace(DOC_CALL, (call, _q, first: string, _q2, second: string | undefined) => {
      const [pkg, name] = second === undefined ? [project, first] : [first, second];
      const found = pkg === project ? byName.get(name) : undefined;
      if (found !== undefined) {
        used.add(`doc.${project}.${name}`);
        return found;
      }
      const close = closestNames(name, byName.keys(), 1);
      diagnostics.push({
        severity: 'error', file, line, message: `${call} names no doc block${pkg === project ? '' : ` (packages are not supported yet)`}`,
        hint: `${close.length ? `did you mean '${close[0]}'? ` : ''}define it in a .md file: {% docs ${name} %}...{% enddocs %}`,
      });
      return call;
    });
  // A description with its doc() calls replaced, and the blocks it read (only when it read one).
  const described = <T extends { description?: string | undefined }>(value: T, file: string, line: number | undefined): T & DocUses => {
    if (value.description === undefined) return value;
    const used = new Set<string>();
    const description = render(value.description, file, line, used)!;
    return used.size ? { ...value, description, doc_blocks: [...used].sort() } : { ...value, description };
  };
  const node = <T extends Pick<NodeProperties, 'description' | 'columns'>>(value: T, file: string, line: number | undefined): T => ({
    ...described(value, file, line),
    ...(value.columns ? { columns: value.columns.map((c) => described(c, file, line)) } : {}),
  });
  const nodes = <T extends Pick<NodeProperties, 'description' | 'columns'>>(map: Map<string, Located<T>>) =>
    new Map([...map].map(([name, located]) => [name, { ...located, value: node(located.value, located.file, located.line) }]));
  return {
    ...properties,
    modelProperties: nodes(properties.modelProperties),
    seedProperties: nodes(properties.seedProperties),
    sources: properties.sources.map((located) => {
      const source: SourceDeclaration = node(located.value, located.file, located.line);
      return { ...located, value: { ...source, tables: source.tables.map((t) => node(t, located.file, located.line)) } };
    }),
    exposures: properties.exposures.map((located) => ({ ...located, value: described(located.value, located.file, located.line) })),
    macroProperties: new Map([...properties.macroProperties].map(([name, located]) => {
      const value = described(located.value, located.file, located.line);
      const args = value.arguments?.map((a) => described(a, located.file, located.line));
      return [name, { ...located, value: args ? { ...value, arguments: args } : value }];
    })),
  };
}

function mentionsDoc(properties: LoadedProperties): boolean {
  return JSON.stringify([[...properties.modelProperties.values()], [...properties.seedProperties.values()], properties.sources, properties.exposures, [...properties.macroProperties.values()]]).includes('doc(');
}
