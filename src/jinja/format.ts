/** Python's string formatting: `'%s' % x` and `'{}'.format(x)`, as far as templates use them. */
import { JinjaError } from './errors.js';
import { isDict, isNumber, isTuple, num, repr, str, typeName } from './values.js';

interface Spec {
  fill: string;
  align: string;
  sign: string;
  zero: boolean;
  width: number;
  comma: boolean;
  precision: number | undefined;
  type: string;
}

function toNumber(value: unknown, code: string): number {
  if (typeof value === 'boolean') return Number(value);
  if (!isNumber(value)) throw new JinjaError(`%${code} format: a real number is required, not ${typeName(value)}`);
  return num(value);
}

function exponent(n: number, precision: number): string {
  return n.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
}

function general(n: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= p) return exponent(n, p - 1).replace(/\.?0+e/, 'e');
  return n.toFixed(Math.max(0, p - 1 - exp)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** Formats one value by conversion type (s r d i f F e E g G x X o %), sign and precision. */
function convert(value: unknown, type: string, precision: number | undefined, sign: string, comma: boolean): string {
  let body: string;
  let negative = false;
  switch (type) {
    case 's':
      body = str(value);
      return precision === undefined ? body : body.slice(0, precision);
    case 'r':
      return repr(value);
    case '':
      if (!isNumber(value)) return str(value);
      body = str(value);
      negative = body.startsWith('-');
      body = negative ? body.slice(1) : body;
      break;
    default: {
      const n = toNumber(value, type);
      negative = n < 0 || Object.is(n, -0);
      const a = Math.abs(n);
      if (type === 'd' || type === 'i' || type === 'n') body = String(Math.trunc(a));
      else if (type === 'f' || type === 'F') body = a.toFixed(precision ?? 6);
      else if (type === 'e' || type === 'E') body = exponent(a, precision ?? 6);
      else if (type === 'g' || type === 'G') body = general(a, precision ?? 6);
      else if (type === 'x' || type === 'X') body = Math.trunc(a).toString(16);
      else if (type === 'o') body = Math.trunc(a).toString(8);
      else if (type === '%') body = `${(a * 100).toFixed(precision ?? 6)}%`;
      else throw new JinjaError(`unsupported format character '${type}'`);
      if (type === 'E' || type === 'G' || type === 'X') body = body.toUpperCase();
    }
  }
  if (comma) body = body.replace(/^\d+/, (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  const signChar = negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
  return signChar + body;
}

function padded(text: string, spec: Spec, numeric: boolean): string {
  if (text.length >= spec.width) return text;
  const fill = spec.zero && !spec.fill ? '0' : spec.fill || ' ';
  const align = spec.align || (spec.zero ? '=' : numeric ? '>' : '<');
  const gap = spec.width - text.length;
  if (align === '<') return text + fill.repeat(gap);
  if (align === '>') return fill.repeat(gap) + text;
  if (align === '^') return fill.repeat(Math.floor(gap / 2)) + text + fill.repeat(gap - Math.floor(gap / 2));
  const sign = /^[-+ ]/.test(text) ? text[0]! : '';
  return sign + fill.repeat(gap) + text.slice(sign.length);
}

const PERCENT = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;

/** `format % args`: a tuple gives the positional values, a dict the named ones. */
export function percentFormat(format: string, args: unknown): string {
  const values = isTuple(args) ? [...(args as unknown[])] : [args];
  let next = 0;
  const out = format.replace(PERCENT, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    let value: unknown;
    if (key !== undefined) {
      if (!isDict(args)) throw new JinjaError('format requires a mapping');
      value = args[key];
    } else {
      if (next >= values.length) throw new JinjaError('not enough arguments for format string');
      value = values[next++];
    }
    const spec: Spec = {
      fill: '', align: flags.includes('-') ? '<' : '', sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '',
      zero: flags.includes('0') && !flags.includes('-'), width: Number(width ?? 0), comma: false,
      precision: precision === undefined ? undefined : Number(precision), type,
    };
    const text = convert(value, type === 'a' ? 'r' : type === 'c' ? 's' : type === 'u' ? 'd' : type, spec.precision, spec.sign, false);
    return padded(text, spec, type !== 's' && type !== 'r');
  });
  if (key0(format) === undefined && isTuple(args) && next < values.length) {
    throw new JinjaError('not all arguments converted during string formatting');
  }
  return out;
}

function key0(format: string): string | undefined {
  return /%\(/.exec(format)?.[0];
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(0)?(\d+)?(,)?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

function parseSpec(text: string): Spec {
  const m = SPEC.exec(text);
  if (!m) throw new JinjaError(`invalid format specifier '${text}'`);
  return {
    fill: m[1] ?? '', align: m[2] ?? '', sign: m[3] ?? '', zero: m[4] === '0', width: Number(m[5] ?? 0),
    comma: m[6] === ',', precision: m[7] === undefined ? undefined : Number(m[7]), type: m[8] ?? '',
  };
}

function field(path: string, positional: unknown[], kwargs: Record<string, unknown>, auto: { next: number }): unknown {
  const m = /^([^.[]*)(.*)$/.exec(path)!;
  const head = m[1]!;
  let value: unknown;
  if (head === '') value = positional[auto.next++];
  else if (/^\d+$/.test(head)) value = positional[Number(head)];
  else {
    if (!(head in kwargs)) throw new JinjaError(`KeyError: '${head}' in format string`);
    value = kwargs[head];
  }
  for (const part of m[2]!.matchAll(/\.(\w+)|\[([^\]]+)\]/g)) {
    const key = part[1] ?? part[2]!;
    value = Array.isArray(value) && /^\d+$/.test(key) ? value[Number(key)] : (value as Record<string, unknown>)[key];
  }
  if (value === undefined && head !== '' && /^\d+$/.test(head)) throw new JinjaError('Replacement index out of range for positional args tuple');
  return value;
}

/** `'{} {name:>5}'.format(a, name=b)`. */
export function formatString(format: string, positional: unknown[], kwargs: Record<string, unknown>): string {
  const auto = { next: 0 };
  return format.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g, (whole, path: string | undefined, conversion: string | undefined, specText: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    if (path === '' && auto.next >= positional.length) throw new JinjaError('Replacement index out of range for positional args tuple');
    let value = field(path ?? '', positional, kwargs, auto);
    if (conversion === 'r' || conversion === 'a') value = repr(value);
    else if (conversion === 's') value = str(value);
    const spec = parseSpec(specText ?? '');
    const numeric = isNumber(value) && typeof value !== 'string';
    return padded(convert(value, spec.type || (numeric ? '' : 's'), spec.precision, spec.sign, spec.comma), spec, numeric);
  });
}
