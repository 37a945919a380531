/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Compiles Jinja2 assignments: `set` (tuples, namespace attributes, blocks with a filter) and filter
 * blocks; the statement compiler (compile-statements.ts) builds on it.
 */
import { expressionCompilerClass } from './compile-expressions.js';
import type { NunjucksInternals } from './nunjucks-internals.js';

/** Names a `{% set %}` anywhere in the template assigns (walking every branch). */
export function assignedNames(node: any, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) assignedNames(child, found);
  } else if (node && typeof node === 'object' && typeof node.typename === 'string') {
    if (node.typename === 'JinjaSet') {
      const targets = (t: any): void => {
        if (t?.typename === 'Symbol') found.add(t.value);
        else if (t?.typename === 'Tuple') t.children.forEach(targets);
      };
      node.targets.forEach(targets);
    }
    for (const field of node.fields ?? []) assignedNames(node[field], found);
    if (node.children) assignedNames(node.children, found);
  }
  return found;
}

export function assignmentCompilerClass(nj: NunjucksInternals): new (...args: any[]) => any {
  return class AssignmentCompiler extends expressionCompilerClass(nj) {
    /** Sets `name` as nunjucks' set does: in the frame, and at the top level in the context and exports. */
    emitAssign(name: string, code: string): void {
      this._emitLine(`frame.set(${JSON.stringify(name)}, ${code}, true);`);
      this._emitLine(`if (frame.topLevel) { context.setVariable(${JSON.stringify(name)}, ${code});`);
      if (!name.startsWith('_')) this._emitLine(`context.addExport(${JSON.stringify(name)}, ${code});`);
      this._emitLine('}');
    }

    /** Binds assignment targets (names, `ns.attr`, nested tuples) to the value in `code`. */
    emitTargets(targets: any[], code: string, frame: any, local: boolean): void {
      if (targets.length === 1 && targets[0].typename !== 'Tuple') {
        this.emitTarget(targets[0], code, frame, local);
        return;
      }
      const items = this._tmpid();
      this._emitLine(`var ${items} = env.py.unpack(${code}, ${targets.length});`);
      targets.forEach((target, i) => {
        if (target.typename === 'Tuple') this.emitTargets(target.children, `${items}[${i}]`, frame, local);
        else this.emitTarget(target, `${items}[${i}]`, frame, local);
      });
    }

    emitTarget(target: any, code: string, frame: any, local: boolean): void {
      if (target.typename === 'Getattr') {
        this._emit('env.py.setattr(');
        this.compile(target.target, frame);
        this._emitLine(`, ${JSON.stringify(target.attr)}, ${code});`);
      } else if (local) {
        this._emitLine(`frame.set(${JSON.stringify(target.value)}, ${code});`);
      } else this.emitAssign(target.value, code);
    }

    compileJinjaSet(node: any, frame: any): void {
      const value = this._tmpid();
      this._emit(`lineno = ${node.lineno}; var ${value} = `);
      if (node.value) this.compile(node.value, frame);
      else this.emitCapture(node.body, frame, node.filter);
      this._emitLine(';');
      this.emitTargets(node.targets, value, frame, false);
    }

    /** The text a block renders, as an expression; `filter` applies to it (`{% set x | upper %}`). */
    emitCapture(body: any, frame: any, filter: any): void {
      const buffer = this.buffer;
      this.buffer = 'output';
      const open = () => {
        this._emitLine('(function() {');
        this._emitLine('var output = "";');
        this._withScopedSyntax(() => this.compile(body, frame));
        this._emitLine('return output;');
        this._emit('})()');
      };
      if (!filter) open();
      else this.emitFilterChain(filter, frame, open);
      this.buffer = buffer;
    }

    emitFilterChain(filter: any, frame: any, emitInner: () => void): void {
      if (filter.target) {
        // The innermost filter (target null) gets the block's text.
        const inner = filter.target;
        this._emit(`env.py.filter(env, ${JSON.stringify(filter.name)}, context, `);
        this.emitFilterChain(inner, frame, emitInner);
        this._emit(', ');
        this.emitArguments(filter.args, filter.star, filter.doubleStar, frame);
        this._emit(')');
        return;
      }
      if (!this.filterNames.has(filter.name)) this.fail(`no filter named '${filter.name}'`, filter.lineno, filter.colno);
      this._emit(`env.py.filter(env, ${JSON.stringify(filter.name)}, context, `);
      emitInner();
      this._emit(', ');
      this.emitArguments(filter.args, filter.star, filter.doubleStar, frame);
      this._emit(')');
    }

    compileFilterBlock(node: any, frame: any): void {
      this._emit(`lineno = ${node.lineno}; ${this.buffer} += env.py.output(`);
      this.emitCapture(node.body, frame, node.filter);
      this._emitLine(');');
    }
  };
}
