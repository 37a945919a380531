/* eslint-disable @typescript-eslint/no-explicit-any */
import { createRequire } from 'node:module';

/**
 * The parts of nunjucks weir builds its Jinja dialect on: the lexer as it is, the parser and the
 * compiler subclassed (see parser.ts, compiler.ts). Loaded on first use: a compile answered by the
 * partial-parse cache renders nothing. (nunjucks is CommonJS, so it loads synchronously.)
 */
export interface NunjucksInternals {
  readonly nunjucks: typeof import('nunjucks');
  readonly lexer: any;
  readonly nodes: any;
  readonly lib: any;
  readonly runtime: any;
  readonly Parser: new (...args: any[]) => any;
  readonly Compiler: new (...args: any[]) => any;
  /** weir's own nodes, for what Jinja2 has and nunjucks lacks. */
  readonly jinjaNodes: Record<string, any>;
}

let loaded: NunjucksInternals | undefined;

export function nunjucksInternals(): NunjucksInternals {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const nodes = require('nunjucks/src/nodes');
  const node = (name: string, fields: string[]) => nodes.Node.extend(name, { fields });
  loaded = {
    nunjucks: require('nunjucks'),
    lexer: require('nunjucks/src/lexer'),
    nodes,
    lib: require('nunjucks/src/lib'),
    runtime: require('nunjucks/src/runtime'),
    Parser: require('nunjucks/src/parser').Parser,
    Compiler: require('nunjucks/src/compiler').Compiler,
    jinjaNodes: {
      For: node('JinjaFor', ['targets', 'iter', 'test', 'body', 'else_', 'recursive']),
      Set: node('JinjaSet', ['targets', 'value', 'body', 'filter']),
      Do: node('Do', ['expr']),
      LoopControl: node('LoopControl', ['kind']),
      Getattr: node('Getattr', ['target', 'attr']),
      Getitem: node('Getitem', ['target', 'key']),
      Slice: node('Slice', ['target', 'start', 'stop', 'step']),
      Tuple: nodes.NodeList.extend('Tuple'),
      Test: node('Test', ['target', 'name', 'args']),
      Call: node('JinjaCall', ['callee', 'args', 'star', 'doubleStar']),
      Compare: node('JinjaCompare', ['expr', 'ops']),
      CondExpr: node('CondExpr', ['test', 'body', 'else_']),
      Macro: node('JinjaMacro', ['name', 'args', 'defaults', 'body']),
      CallBlock: node('CallBlock', ['call', 'args', 'defaults', 'body']),
      FilterBlock: node('FilterBlock', ['filter', 'body']),
      Filter: node('JinjaFilter', ['target', 'name', 'args', 'star', 'doubleStar']),
    },
  };
  return loaded;
}
