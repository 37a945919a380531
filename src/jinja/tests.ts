/** Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, ...), jinja2/tests.py. */
import { contains, compare } from './operators.js';
import { isDict, isFloat, isNumber, isSafeString, mappingView, num } from './values.js';

type Test = (value: unknown, ...args: unknown[]) => boolean;

const isString = (v: unknown) => typeof v === 'string' || isSafeString(v);

export function jinjaTests(hasFilter: (name: string) => boolean, hasTest: (name: string) => boolean): Record<string, Test> {
  const tests: Record<string, Test> = {
    boolean: (v) => typeof v === 'boolean',
    callable: (v) => typeof v === 'function',
    defined: (v) => v !== undefined,
    undefined: (v) => v === undefined,
    divisibleby: (v, n) => num(v as number) % num(n as number) === 0,
    even: (v) => num(v as number) % 2 === 0,
    odd: (v) => Math.abs(num(v as number) % 2) === 1,
    escaped: (v) => isSafeString(v),
    false: (v) => v === false,
    true: (v) => v === true,
    none: (v) => v === null,
    float: (v) => isFloat(v),
    integer: (v) => isNumber(v) && !isFloat(v),
    number: (v) => isNumber(v) || typeof v === 'boolean',
    string: (v) => isString(v),
    mapping: (v) => isDict(v) || mappingView(v) !== undefined,
    sequence: (v) => isString(v) || Array.isArray(v) || isDict(v),
    iterable: (v) => isString(v) || Array.isArray(v) || isDict(v) || (v !== null && typeof v === 'object' && Symbol.iterator in v),
    lower: (v) => isString(v) && String(v) === String(v).toLowerCase(),
    upper: (v) => isString(v) && String(v) === String(v).toUpperCase(),
    sameas: (v, other) => v === other || (isNumber(v) && isNumber(other) && num(v) === num(other) && !isFloat(v) && !isFloat(other)),
    in: (v, seq) => contains(v, seq),
    filter: (v) => typeof v === 'string' && hasFilter(v),
    test: (v) => typeof v === 'string' && hasTest(v),
    eq: (v, o) => compare('==', v, o),
    ne: (v, o) => compare('!=', v, o),
    lt: (v, o) => compare('<', v, o),
    le: (v, o) => compare('<=', v, o),
    gt: (v, o) => compare('>', v, o),
    ge: (v, o) => compare('>=', v, o),
  };
  Object.assign(tests, {
    '==': tests.eq, equalto: tests.eq, '!=': tests.ne, '<': tests.lt, lessthan: tests.lt, '<=': tests.le,
    '>': tests.gt, greaterthan: tests.gt, '>=': tests.ge,
  });
  return tests;
}
