import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../project/types.js';
import { escapeRegExp, lineOfMatch } from './resolve-config.js';

export type Config = Readonly<Record<string, unknown>>;
export interface ParsedModel { readonly kind: string; readonly file: { readonly name: string; readonly path: string; readonly text: string }; readonly config: Config }

/** A model, snapshot or seed with its resolved config, and its SQL file to find an inline `key=`. */
export interface ConfiguredNode {
  readonly kind: 'model' | 'snapshot' | 'seed';
  readonly name: string;
  readonly file?: ParsedModel['file'] | undefined;
  readonly config: Config;
}

export function configuredNodes(parsed: readonly ParsedModel[], seeds: ReadonlyArray<{ readonly name: string; readonly config: Config }>): ConfiguredNode[] {
  return [
    ...parsed.filter((m) => m.kind === 'model' || m.kind === 'snapshot').map((m) => ({ kind: m.kind as 'model' | 'snapshot', name: m.file.name, file: m.file, config: m.config })),
    ...seeds.map((n) => ({ kind: 'seed' as const, name: n.name, config: n.config })),
  ];
}

/**
 * Where a node's config `key` was most likely set, for a message: its config() call, else its
 * properties entry, else the project file's `+key:` line (the config layers keep no lines).
 */
export function configLocation(project: Project, node: ConfiguredNode, key: string): { file: string; line: number | undefined } {
  const inline = node.file && lineOfMatch(node.file.text, new RegExp(`\\b${escapeRegExp(key)}\\s*=`));
  if (node.file && inline !== undefined) return { file: node.file.path, line: inline };
  const props = (node.kind === 'model' ? project.modelProperties : node.kind === 'snapshot' ? project.snapshotProperties : project.seedProperties).get(node.name);
  const config = props?.value.config as Config | undefined;
  if (props && config?.[key] !== undefined) return { file: props.file, line: props.line };
  let text = '';
  try {
    text = readFileSync(join(project.root, project.projectFile), 'utf8');
  } catch {
    // The project file was read when the project loaded; without it, the message has no line.
  }
  return { file: project.projectFile, line: lineOfMatch(text, new RegExp(`^\\s*\\+?${escapeRegExp(key)}\\s*:`, 'm')) };
}
