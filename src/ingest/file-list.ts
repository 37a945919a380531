import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The files a `path:` names, relative to the project root: one file, or a glob (`*`, `?`, `**`,
 * `{a,b}`), sorted so loads are repeatable.
 */
export function expandFiles(root: string, pattern: string): string[] {
  if (!/[*?{[]/.test(pattern)) return [resolve(root, pattern)];
  const absolute = resolve(root, pattern).split(sep).join('/');
  const firstGlob = absolute.search(/[*?{[]/);
  const base = absolute.slice(0, absolute.lastIndexOf('/', firstGlob)) || '/';
  const matcher = globRegExp(absolute.slice(base.length + 1));
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (matcher.test(relative(base, path).split(sep).join('/'))) found.push(path);
    }
  };
  if (statSafe(base)) walk(base);
  return found.sort();
}

function statSafe(path: string) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',' && re.includes('(?:')) re += '|';
    else re += c.replace(/[.+^$()|\\[\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
