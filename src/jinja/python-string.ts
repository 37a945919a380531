/**
 * The value of a string literal's text between its quotes, as Jinja2's lexer reads it:
 * `text.encode('ascii', 'backslashreplace').decode('unicode-escape')`. So Python's escapes
 * (\n \t \\ \' \xhh \uhhhh \ooo ...) work and an unknown escape keeps its backslash: dbt
 * projects write regexes as '\s+' and '\d'.
 */
import { JinjaError } from './errors.js';

const SIMPLE: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** backslashreplace: a non-ASCII character becomes the text of its escape (so `'\é'` reads as `\xe9`). */
function asciiOnly(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** Throws Python's message for an escape it cannot decode (Jinja2 reports it as a syntax error). */
export function parsePythonString(raw: string): string {
  const text = /[^\x00-\x7f]/.test(raw) ? asciiOnly(raw) : raw;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('\\', i);
    if (at < 0 || at === text.length - 1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    const kind = text[at + 1]!;
    i = at + 2;
    if (kind in SIMPLE) out += SIMPLE[kind];
    else if (kind >= '0' && kind <= '7') {
      const digits = /^[0-7]{1,3}/.exec(text.slice(at + 1))![0];
      out += String.fromCodePoint(parseInt(digits, 8));
      i = at + 1 + digits.length;
    } else if (kind in HEX_DIGITS) {
      const size = HEX_DIGITS[kind]!;
      const digits = text.slice(i, i + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(digits)) throw new JinjaError(`truncated \\${kind}${'X'.repeat(size)} escape`);
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) throw new JinjaError('illegal Unicode character');
      out += String.fromCodePoint(code);
      i += size;
    } else if (kind === 'N') {
      // Python looks the name up in its Unicode database, which JavaScript does not carry.
      throw new JinjaError("weir does not support \\N{name} escapes in strings: write the character itself or its \\u escape");
    } else out += `\\${kind}`;
  }
  return out;
}
