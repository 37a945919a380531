/** Python's json.dumps (", " and ": " separators, ASCII only), which Jinja's tojson and dbt's tojson print. */
import { JinjaError } from './errors.js';
import { isDict, isNumber, isSafeString, num, str } from './values.js';

export interface JsonOptions {
  readonly sortKeys?: boolean;
  readonly indent?: number | undefined;
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function pythonJson(value: unknown, options: JsonOptions = {}, depth = 0): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  // Drivers give BIGINT columns as BigInt: Python's json prints ints of any size.
  if (typeof value === 'bigint') return value.toString();
  if (isNumber(value)) {
    const n = num(value);
    if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    return str(value);
  }
  if (typeof value === 'string' || isSafeString(value)) return quote(str(value));
  const indent = options.indent;
  const newline = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
  const closing = indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`;
  const separator = indent === undefined ? ', ' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${newline}${value.map((v) => pythonJson(v, options, depth + 1)).join(separator + newline)}${closing}]`;
  }
  if (isDict(value)) {
    let keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    if (options.sortKeys) keys = keys.sort();
    const items = keys.map((k) => `${quote(k)}: ${pythonJson(value[k], options, depth + 1)}`);
    return `{${newline}${items.join(separator + newline)}${closing}}`;
  }
  if (typeof value === 'object' && typeof (value as { toString?: unknown }).toString === 'function') return quote(String(value));
  throw new JinjaError(`Object of type ${typeof value} is not JSON serializable`);
}

/** Jinja2's `|tojson`: sorted keys, and <, >, & and ' escaped for HTML. */
export function htmlSafeJson(value: unknown, indent?: number): string {
  return pythonJson(value, { sortKeys: true, indent })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}
