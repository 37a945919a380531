/**
 * A Python `re` pattern as a JavaScript RegExp: inline flags at the start (`(?i)`, `(?sx)`),
 * re.VERBOSE (whitespace and `#` comments outside classes dropped), `(?P<name>...)`, `(?P=name)`,
 * `(?#...)`, \A and \Z. Anchors and `.` are written out so that, as in Python, only \n ends a line.
 */
import { JinjaError } from './errors.js';

/** The flags' values in Python's re module (they combine by adding: re.I + re.X). */
export const RE_FLAGS = {
  IGNORECASE: 2, I: 2, MULTILINE: 8, M: 8, DOTALL: 16, S: 16, UNICODE: 32, U: 32, VERBOSE: 64, X: 64, ASCII: 256, A: 256,
};
const { I, M, S, X } = RE_FLAGS;
// `u` (the default for a str pattern) and `a` (JavaScript's \w and \d are ASCII's) change nothing here.
const INLINE: Record<string, number> = { i: I, m: M, s: S, x: X, u: 32, a: 256 };
const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);

const START = '(?<![\\s\\S])';
const END = '(?![\\s\\S])';
const ESCAPES: Record<string, string> = { '\\A': START, '\\Z': END };

function fail(pattern: string, message: string, at: number): never {
  throw new JinjaError(`re.error: ${message} at position ${at} (pattern ${JSON.stringify(pattern)})`);
}

/** Past VERBOSE's whitespace and `#` comments (to the end of the line). */
function skipVerbose(pattern: string, from: number): number {
  let i = from;
  while (i < pattern.length) {
    if (WHITESPACE.has(pattern[i]!)) i++;
    else if (pattern[i] === '#') while (i < pattern.length && pattern[i] !== '\n') i++;
    else break;
  }
  return i;
}

/** The index past a character class opened at `from` (a `]` first in it is a literal, as in Python). */
function classEnd(pattern: string, from: number): number {
  let i = from + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, pattern.length);
}

/** A class as JavaScript reads it: there `[]` and `[^]` close at once, so a leading `]` is escaped. */
function translateClass(text: string): string {
  const open = text.startsWith('[^') ? 2 : 1;
  return text[open] === ']' ? `${text.slice(0, open)}\\${text.slice(open)}` : text;
}

/** `(?...)` at `i`: its JavaScript text and where the pattern goes on. */
function translateGroup(pattern: string, i: number): [string, number] {
  const rest = pattern.slice(i);
  const named = /^\(\?P<(\w+)>/.exec(rest);
  if (named) return [`(?<${named[1]}>`, i + named[0].length];
  const backref = /^\(\?P=(\w+)\)/.exec(rest);
  if (backref) return [`\\k<${backref[1]}>`, i + backref[0].length];
  if (rest.startsWith('(?#')) {
    const close = pattern.indexOf(')', i);
    if (close < 0) fail(pattern, 'missing ), unterminated comment', i);
    return ['', close + 1];
  }
  if (/^\(\?[aiLmsux]+\)/.test(rest)) fail(pattern, 'global flags not at the start of the expression', i);
  return ['(?', i + 2];
}

/** Python's pattern and flags as a JavaScript source and flags (`global`: for findall, sub, split). */
export function pythonRegex(pattern: string, flagArg: number, global: boolean, anchored: 'start' | 'full' | ''): RegExp {
  let flags = flagArg;
  let i = 0;
  for (;;) {
    if (flags & X) i = skipVerbose(pattern, i);
    const inline = /^\(\?([aiLmsux]+)\)/.exec(pattern.slice(i));
    if (!inline) break;
    if (inline[1]!.includes('L')) fail(pattern, 'bad inline flags: cannot use \'L\' flag with a str pattern', i + 3 + inline[1]!.indexOf('L'));
    for (const c of inline[1]!) flags |= INLINE[c]!;
    i += inline[0].length;
  }
  let source = '';
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (flags & X && (WHITESPACE.has(c) || c === '#')) i = skipVerbose(pattern, i);
    else if (c === '\\') {
      const escape = pattern.slice(i, i + 2);
      source += ESCAPES[escape] ?? escape;
      i += 2;
    } else if (c === '[') {
      const end = classEnd(pattern, i);
      source += translateClass(pattern.slice(i, end));
      i = end;
    } else if (c === '(' && pattern[i + 1] === '?') {
      const [text, next] = translateGroup(pattern, i);
      source += text;
      i = next;
    } else {
      if (c === '.') source += flags & S ? '[\\s\\S]' : '[^\\n]';
      else if (c === '^') source += flags & M ? `(?:${START}|(?<=\\n))` : START;
      else if (c === '$') source += flags & M ? `(?=\\n|${END})` : `(?=\\n?${END})`;
      else source += c;
      i++;
    }
  }
  if (anchored === 'start') source = `${START}(?:${source})`;
  if (anchored === 'full') source = `${START}(?:${source})${END}`;
  try {
    return new RegExp(source, `${global ? 'g' : ''}${flags & I ? 'i' : ''}`);
  } catch (error) {
    throw new JinjaError(`re.error: weir cannot run the pattern ${JSON.stringify(pattern)}: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '')}`);
  }
}
