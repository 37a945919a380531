import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { fqnParts } from './discover.js';
import type { SnapshotProperties } from './schemas.js';
import type { Located, SqlFile } from './types.js';

const BLOCK = /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;
const OPENING = /\{%-?\s*snapshot\b/g;

/**
 * The `{% snapshot name %} ... {% endsnapshot %}` blocks of a file under snapshot-paths, one
 * template each. Blank lines stand in for the text before a block, so a template error's line is
 * the file's line.
 */
export function snapshotBlocks(file: SqlFile, project: string, folders: readonly string[], diagnostics: Diagnostic[]): SqlFile[] {
  const blocks: SqlFile[] = [];
  for (const match of file.text.matchAll(BLOCK)) {
    const bodyStart = match.index + match[0].indexOf('%}') + 2;
    const before = file.text.slice(0, bodyStart).split('\n').length - 1;
    const name = match[1]!;
    blocks.push({
      name, path: file.path, absolutePath: file.absolutePath,
      // dbt's SnapshotParser: a block's fqn holds its file's name too (`[p, orders_snapshot, orders_snapshot]`).
      fqn: [project, ...fileParts(file.path, folders), name],
      text: '\n'.repeat(before) + match[2]!,
    });
  }
  const openings = [...file.text.matchAll(OPENING)].length;
  if (blocks.length === 0 || openings !== blocks.length) {
    diagnostics.push({
      severity: 'error', file: file.path,
      message: openings > blocks.length ? 'a {% snapshot %} block is not closed by {% endsnapshot %}' : 'no {% snapshot name %} ... {% endsnapshot %} block in this snapshot file',
      hint: 'write {% snapshot my_snapshot %} {{ config(unique_key=..., strategy=...) }} select ... {% endsnapshot %}, or move the file out of snapshots/',
    });
  }
  return blocks;
}

/**
 * dbt 1.9's snapshots declared in yml with `relation:`: the template is `select * from <relation>`,
 * placed at the entry's line. An entry without `relation:` describes a `{% snapshot %}` block.
 */
export function ymlSnapshots(
  root: string,
  project: string,
  folders: readonly string[],
  entries: ReadonlyMap<string, Located<SnapshotProperties>>,
  blockNames: ReadonlySet<string>,
  diagnostics: Diagnostic[],
): SqlFile[] {
  const files: SqlFile[] = [];
  for (const [name, { value, file, line }] of entries) {
    if (value.relation === undefined) {
      if (!blockNames.has(name)) {
        diagnostics.push({
          severity: 'error', file, line, key: `snapshots.${name}`,
          message: `snapshot '${name}' has no relation: and no {% snapshot ${name} %} block`,
          hint: "add relation: ref('my_model') (or source('src', 'table')) to the entry, or write the snapshot block",
        });
      }
      continue;
    }
    if (!/^\s*(ref|source)\s*\(.*\)\s*$/s.test(value.relation)) {
      diagnostics.push({
        severity: 'error', file, line, key: `snapshots.${name}.relation`,
        message: `relation: '${value.relation}' is not a ref() or source() call`,
        hint: "write relation: ref('my_model') or relation: source('my_source', 'my_table')",
      });
      continue;
    }
    files.push({
      name, path: file, absolutePath: join(root, file),
      fqn: [project, ...folderParts(file, folders), name],
      text: `${'\n'.repeat(Math.max(0, (line ?? 1) - 1))}select * from {{ ${value.relation.trim()} }}`,
    });
  }
  return files;
}

/** The folders between the snapshot-path (or models/ folder) and the file. */
function folderParts(path: string, folders: readonly string[]): string[] {
  return fileParts(path, folders).slice(0, -1);
}

/** The folders between the snapshot-path (or models/ folder) and the file, then the file's name. */
function fileParts(path: string, folders: readonly string[]): string[] {
  const folder = folders.find((f) => path.startsWith(`${f.replace(/\/+$/, '')}/`)) ?? path.split('/')[0]!;
  return fqnParts(path, folder);
}
