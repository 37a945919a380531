import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeRegExp } from './resolve-config.js';

/**
 * Finds the line of a word in a properties file, searching from the line of the entry it belongs
 * to (a column, a test name): close enough for a person to land on the mistake. Files are read once.
 */
export function createLineFinder(root: string): (file: string, fromLine: number | undefined, word: string) => number | undefined {
  const lines = new Map<string, string[]>();
  return (file, fromLine, word) => {
    let text = lines.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(join(root, file), 'utf8').split('\n');
      } catch {
        text = [];
      }
      lines.set(file, text);
    }
    const pattern = new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(word)}($|[^A-Za-z0-9_])`);
    for (let i = (fromLine ?? 1) - 1; i < text.length; i++) if (pattern.test(text[i]!)) return i + 1;
    return fromLine;
  };
}
