/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Compiles Jinja2 statements: output with Python's str(), `if` with Python's truthiness, `for` with
 * Jinja2's loop (filter, else, loop.*, recursive, break/continue, its own scope), `do`, macros
 * (defaults, varargs, kwargs, caller, dbt's return()) and call blocks; `set` and filter blocks are
 * compile-assignments.ts's.
 */
import { assignedNames, assignmentCompilerClass } from './compile-assignments.js';
import type { NunjucksInternals } from './nunjucks-internals.js';

/** Names a node tree reads (a macro takes `varargs`, `kwargs` or `caller` only when its body reads them). */
function readsName(node: any, names: Set<string>, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) readsName(child, names, found);
  } else if (node && typeof node === 'object' && typeof node.typename === 'string') {
    if (node.typename === 'Symbol' && names.has(node.value)) found.add(node.value);
    if (node.typename === 'JinjaMacro' || node.typename === 'CallBlock') {
      // A nested macro's own varargs are its own; its defaults still belong here.
      readsName(node.defaults, names, found);
      if (node.typename === 'CallBlock') readsName(node.call, names, found);
      return found;
    }
    for (const field of node.fields ?? []) readsName(node[field], names, found);
    if (node.children) readsName(node.children, names, found);
  }
  return found;
}

const MACRO_NAMES = new Set(['varargs', 'kwargs', 'caller']);

export function jinjaCompilerClass(nj: NunjucksInternals): new (...args: any[]) => any {
  const { nodes: N } = nj;

  return class JinjaCompiler extends assignmentCompilerClass(nj) {
    loopDepth = 0;
    assigned = new Set<string>();
    /** The parameters of the macros and call blocks being compiled, which are assigned names inside them. */
    params = new Set<string>();

    compileRoot(node: any, frame: any): void {
      this.assigned = assignedNames(node);
      super.compileRoot(node, frame);
    }

    compileOutput(node: any, frame: any): void {
      for (const child of node.children) {
        if (child instanceof N.TemplateData) {
          if (child.value) {
            this._emit(`${this.buffer} += `);
            this.compileLiteral(child, frame);
            this._emitLine(';');
          }
        } else {
          // A name the template sets on another path, or a macro's parameter given an undefined value, prints ''
          // as in Jinja2 and dbt (dbt_utils' `{{ select_gb_cols }}`); a name set nowhere is a misspelling and stays an error.
          const lenient = child.typename === 'Symbol' && (this.assigned.has(child.value) || this.params.has(child.value));
          this._emit(`lineno = ${child.lineno}; colno = ${child.colno}; ${this.buffer} += env.py.${lenient ? 'outputSet' : 'output'}(`);
          this.compile(child, frame);
          this._emitLine(lenient ? ');' : ', context);');
        }
      }
    }

    compileIf(node: any, frame: any): void {
      this._emit(`lineno = ${node.lineno}; if (env.py.truthy(`);
      this.compile(node.cond, frame);
      this._emitLine(')) {');
      this._withScopedSyntax(() => this.compile(node.body, frame));
      if (node.else_) {
        this._emitLine('} else {');
        this._withScopedSyntax(() => this.compile(node.else_, frame));
      }
      this._emitLine('}');
    }

    compileDo(node: any, frame: any): void {
      this._emit(`lineno = ${node.lineno}; `);
      this.compile(node.expr, frame);
      this._emitLine(';');
    }

    compileLoopControl(node: any): void {
      if (this.loopDepth === 0) this.fail(`{% ${node.kind} %} outside of a loop`, node.lineno, node.colno);
      this._emitLine(`${node.kind};`);
    }

    compileJinjaFor(node: any, frame: any): void {
      const items = this._tmpid();
      const loop = this._tmpid();
      const i = this._tmpid();
      const recurse = node.recursive ? this._tmpid() : null;
      this._emit(`lineno = ${node.lineno}; `);
      let depthCode = '0';
      let resultBuffer = '';
      if (recurse) {
        const source = this._tmpid();
        depthCode = this._tmpid();
        resultBuffer = this.buffer;
        this._emitLine(`var ${recurse} = function (${source}, ${depthCode}) {`);
        this._pushBuffer();
        this._emitLine(`var ${items} = env.py.iterate(${source});`);
      } else {
        this._emit(`var ${items} = env.py.iterate(`);
        this.compile(node.iter, frame);
        this._emitLine(');');
      }
      if (node.test) {
        const item = this._tmpid();
        this._emitLine(`${items} = ${items}.filter(function (${item}) { frame = frame.push(true); try {`);
        this.emitTargets(node.targets, item, frame, true);
        this._emit('return env.py.truthy(');
        this.compile(node.test, frame);
        this._emitLine('); } finally { frame = frame.pop(); } });');
      }
      this._emitLine(`var ${loop} = new env.py.LoopContext(${items}, ${depthCode}, ${recurse ?? 'undefined'});`);
      this._emitLine('frame = frame.push(true);');
      this._emitLine(`for (var ${i} = 0; ${i} < ${items}.length; ${i}++) {`);
      this._emitLine(`${loop}.index0 = ${i};`);
      this.emitTargets(node.targets, `${items}[${i}]`, frame, true);
      this._emitLine(`frame.set("loop", ${loop});`);
      this.loopDepth++;
      this._withScopedSyntax(() => this.compile(node.body, frame));
      this.loopDepth--;
      this._emitLine('}');
      this._emitLine('frame = frame.pop();');
      if (node.else_) {
        this._emitLine(`if (${items}.length === 0) {`);
        const loopDepth = this.loopDepth;
        this.loopDepth = 0;
        this._withScopedSyntax(() => this.compile(node.else_, frame));
        this.loopDepth = loopDepth;
        this._emitLine('}');
      }
      if (recurse) {
        this._emitLine(`return ${this.buffer};`);
        this._popBuffer();
        this._emitLine('};');
        this._emit(`${resultBuffer} += ${recurse}(`);
        this.compile(node.iter, frame);
        this._emitLine(', 0);');
      }
    }

    /** A macro (or a call block's caller) as a JavaScript function; `keepFrame`: it sees the enclosing variables. */
    emitMacroFunction(name: string, args: string[], defaults: any[], body: any, frame: any, keepFrame: boolean): string {
      const funcId = `macro_${this._tmpid()}`;
      const reads = readsName(body, MACRO_NAMES);
      const flags = JSON.stringify({ varargs: reads.has('varargs'), kwargs: reads.has('kwargs'), caller: reads.has('caller') });
      const values = this._tmpid();
      this._emitLines(
        `var ${funcId} = env.py.macro(${JSON.stringify(name)}, ${JSON.stringify(args)}, ${flags}, function (${values}, varargs, kwargs, caller) {`,
        'var callerFrame = frame;',
        `frame = ${keepFrame ? 'frame.push(true)' : 'new runtime.Frame()'};`,
      );
      const firstDefault = args.length - defaults.length;
      args.forEach((arg, k) => {
        // Passed, even as an undefined value, the argument wins over the default (Jinja2 passes its Undefined).
        const value = this._tmpid();
        this._emit(`var ${value} = ${values}[${k}]`);
        if (k >= firstDefault) {
          this._emit(`; if (!(${k} in ${values})) ${value} = `);
          this.compile(defaults[k - firstDefault], frame);
        }
        // Undefined here, as in Jinja2: never a global of the same name (a macro `group_by`).
        const name = JSON.stringify(arg);
        this._emitLine(`; frame.set(${name}, ${value}); if (${value} === undefined) env.py.markUnset(frame, ${name});`);
      });
      this._emitLine('frame.set("varargs", varargs); frame.set("kwargs", kwargs); if (caller) frame.set("caller", caller);');
      const loopDepth = this.loopDepth;
      this.loopDepth = 0;
      const bufferId = this._pushBuffer();
      const params = this.params;
      this.params = new Set([...params, ...args]);
      this._emitLine('try {');
      this._withScopedSyntax(() => this.compile(body, frame));
      this.params = params;
      this._emitLine(`} catch (e) { if (e instanceof env.py.MacroReturn) return e.value; throw e; } finally { frame = callerFrame; }`);
      this._emitLine(`return ${bufferId};`);
      this._emitLine('});');
      this._popBuffer();
      this.loopDepth = loopDepth;
      return funcId;
    }

    compileJinjaMacro(node: any, frame: any): void {
      const funcId = this.emitMacroFunction(node.name, node.args, node.defaults, node.body, frame, false);
      if (frame.parent) {
        this._emitLine(`frame.set(${JSON.stringify(node.name)}, ${funcId});`);
      } else {
        // Every macro, _private ones too: dbt calls a package's macros by name (dbt_utils._is_relation).
        this._emitLine(`context.addExport(${JSON.stringify(node.name)});`);
        this._emitLine(`context.setVariable(${JSON.stringify(node.name)}, ${funcId});`);
      }
    }

    compileCallBlock(node: any, frame: any): void {
      this._emitLine(`lineno = ${node.lineno};`);
      const callerId = this.emitMacroFunction('caller', node.args, node.defaults, node.body, frame, true);
      this._emit(`${this.buffer} += env.py.output(`);
      this.compileJinjaCall(node.call, frame, `caller: ${callerId}`);
      this._emitLine(');');
    }
  };
}
