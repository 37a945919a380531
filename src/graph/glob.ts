/**
 * Shell-style globs for selectors: `*` and `?`, plus `**` for "any folders" in paths. Brackets and
 * everything else are literal, because they show up in real file names more than in patterns.
 */
export function hasGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** `separator` stops `*` and `?` at folder boundaries (paths); without it they match anything. */
export function globToRegExp(pattern: string, separator?: string): RegExp {
  const notSep = separator ? `[^${escape(separator)}]` : '.';
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more folders, so `models/**/x.sql` also matches `models/x.sql`.
      const slashAfter = separator !== undefined && pattern[i + 2] === separator;
      source += slashAfter ? `(?:.*${escape(separator)})?` : '.*';
      i += slashAfter ? 2 : 1;
    } else if (ch === '*') {
      source += `${notSep}*`;
    } else if (ch === '?') {
      source += notSep;
    } else {
      source += escape(ch);
    }
  }
  return new RegExp(`^${source}$`);
}

/** A matcher for one selector value: exact comparison unless the value holds a glob. */
export function globMatcher(pattern: string, separator?: string): (candidate: string) => boolean {
  if (!hasGlob(pattern)) return (candidate) => candidate === pattern;
  const regex = globToRegExp(pattern, separator);
  return (candidate) => regex.test(candidate);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
