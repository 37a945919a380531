/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Compiles Jinja2 expressions to JavaScript that calls the Python semantics in `env.py`
 * (runtime.ts): truthiness, operators, attribute access, calls, filters and tests.
 */
import type { NunjucksInternals } from './nunjucks-internals.js';

/** The template's text for an expression, for error messages (`'users.name' is undefined`). */
export function describe(node: any): string {
  switch (node?.typename) {
    case 'Symbol': return node.value;
    case 'Getattr': return `${describe(node.target)}.${node.attr}`;
    case 'Getitem': return `${describe(node.target)}[${node.key?.typename === 'Literal' ? JSON.stringify(node.key.value) : '...'}]`;
    case 'JinjaCall': return `${describe(node.callee)}(...)`;
    case 'Literal': return JSON.stringify(node.value);
    default: return 'expression';
  }
}

export function expressionCompilerClass(nj: NunjucksInternals): new (...args: any[]) => any {
  const { nodes: N } = nj;

  return class ExpressionCompiler extends nj.Compiler {
    filterNames: ReadonlySet<string> = new Set();
    testNames: ReadonlySet<string> = new Set();

    /** Emits `env.py.<fn>(a, b, ...)` with each argument compiled. */
    emitCall(frame: any, fn: string, ...parts: Array<any>): void {
      this._emit(`env.py.${fn}(`);
      parts.forEach((part, i) => {
        if (i > 0) this._emit(', ');
        if (typeof part === 'string') this._emit(part);
        else if (part === null || part === undefined) this._emit('undefined');
        else this.compile(part, frame);
      });
      this._emit(')');
    }

    /** `a or b` without evaluating b when a is truthy (a thunk). */
    emitLazy(node: any, frame: any): void {
      this._emit('function () { return ');
      this.compile(node, frame);
      this._emit('; }');
    }

    /** A name: nunjucks' lookup, except that a macro argument left out stays Undefined (see runtime.lookupName). */
    compileSymbol(node: any, frame: any): void {
      const compiled = frame.lookup(node.value);
      if (compiled) this._emit(compiled);
      else this._emit(`env.py.lookupName(context, frame, ${JSON.stringify(node.value)})`);
    }

    compileLiteral(node: any, frame: any): void {
      if (node.value !== null && typeof node.value === 'object' && 'float' in node.value) {
        const value = node.value.float as number;
        this._emit(Number.isInteger(value) ? `env.py.float(${value})` : String(value));
      } else super.compileLiteral(node, frame);
    }

    compileTuple(node: any, frame: any): void {
      this._emit('env.py.tuple(');
      this._compileAggregate(node, frame, '[', ']');
      this._emit(')');
    }

    compileDict(node: any, frame: any): void {
      this._emit('env.py.dict([');
      node.children.forEach((pair: any, i: number) => {
        if (i > 0) this._emit(', ');
        this._emit('[');
        this.compile(pair.key, frame);
        this._emit(', ');
        this.compile(pair.value, frame);
        this._emit(']');
      });
      this._emit('])');
    }

    compileCondExpr(node: any, frame: any): void {
      this._emit('(env.py.truthy(');
      this.compile(node.test, frame);
      this._emit(') ? ');
      this.compile(node.body, frame);
      this._emit(' : ');
      if (node.else_) this.compile(node.else_, frame);
      else this._emit('""');
      this._emit(')');
    }

    /** `a or b`, `a and b`: Python's, returning an operand; b is evaluated only when needed. */
    emitShortCircuit(fn: 'or' | 'and', node: any, frame: any): void {
      this._emit(`env.py.${fn}(`);
      this.compile(node.left, frame);
      this._emit(', ');
      this.emitLazy(node.right, frame);
      this._emit(')');
    }

    compileOr(node: any, frame: any): void { this.emitShortCircuit('or', node, frame); }
    compileAnd(node: any, frame: any): void { this.emitShortCircuit('and', node, frame); }

    compileNot(node: any, frame: any): void {
      this._emit('!env.py.truthy(');
      this.compile(node.target, frame);
      this._emit(')');
    }

    compileAdd(node: any, frame: any): void { this.emitCall(frame, 'add', node.left, node.right); }
    compileSub(node: any, frame: any): void { this.emitCall(frame, 'sub', node.left, node.right); }
    compileMul(node: any, frame: any): void { this.emitCall(frame, 'mul', node.left, node.right); }
    compileDiv(node: any, frame: any): void { this.emitCall(frame, 'div', node.left, node.right); }
    compileFloorDiv(node: any, frame: any): void { this.emitCall(frame, 'floordiv', node.left, node.right); }
    compileMod(node: any, frame: any): void { this.emitCall(frame, 'mod', node.left, node.right); }
    compilePow(node: any, frame: any): void { this.emitCall(frame, 'pow', node.left, node.right); }
    compileConcat(node: any, frame: any): void { this.emitCall(frame, 'concat', node.left, node.right); }
    compileNeg(node: any, frame: any): void { this.emitCall(frame, 'neg', node.target); }
    compilePos(node: any, frame: any): void { this.emitCall(frame, 'pos', node.target); }

    compileJinjaCompare(node: any, frame: any): void {
      if (node.ops.length === 1) {
        this.emitCall(frame, 'compare', JSON.stringify(node.ops[0][0]), node.expr, node.ops[0][1]);
        return;
      }
      this._emit('env.py.compareChain(');
      this.compile(node.expr, frame);
      this._emit(', [');
      node.ops.forEach(([op, operand]: [string, any], i: number) => {
        this._emit(`${i > 0 ? ', ' : ''}${JSON.stringify(op)}, `);
        this.emitLazy(operand, frame);
      });
      this._emit('])');
    }

    compileGetattr(node: any, frame: any): void {
      this.emitCall(frame, 'getattr', node.target, JSON.stringify(node.attr), JSON.stringify(describe(node.target)));
    }

    compileGetitem(node: any, frame: any): void {
      this.emitCall(frame, 'getitem', node.target, node.key, JSON.stringify(describe(node.target)));
    }

    compileSlice(node: any, frame: any): void {
      this.emitCall(frame, 'slice', node.target, node.start, node.stop, node.step);
    }

    /** The argument list of a call as a JavaScript array expression (`extraKeywords`: more `name: code` pairs). */
    emitArguments(args: any, star: any, doubleStar: any, frame: any, extraKeywords = ''): void {
      const children: any[] = args?.children ?? [];
      const last = children[children.length - 1];
      const kwargs = last instanceof N.KeywordArgs ? last : null;
      const positional = kwargs ? children.slice(0, -1) : children;
      const emitPositional = () => {
        this._emit('[');
        positional.forEach((child, i) => {
          if (i > 0) this._emit(', ');
          this.compile(child, frame);
        });
        this._emit(']');
      };
      const emitKeywords = () => {
        this._emit('{');
        (kwargs?.children ?? []).forEach((pair: any, i: number) => {
          this._emit(`${i > 0 ? ', ' : ''}${JSON.stringify(pair.key.value)}: `);
          this.compile(pair.value, frame);
        });
        if (extraKeywords) this._emit(`${kwargs?.children.length ? ', ' : ''}${extraKeywords}`);
        this._emit('}');
      };
      const hasKeywords = !!kwargs || !!extraKeywords;
      if (!star && !doubleStar) {
        if (!hasKeywords) return emitPositional();
        this._emit('env.py.withKeywords(');
        emitPositional();
        this._emit(', ');
        emitKeywords();
        this._emit(')');
        return;
      }
      this._emit('env.py.spreadArgs(');
      emitPositional();
      this._emit(', ');
      if (star) this.compile(star, frame);
      else this._emit('undefined');
      this._emit(', ');
      if (hasKeywords) emitKeywords();
      else this._emit('undefined');
      this._emit(', ');
      if (doubleStar) this.compile(doubleStar, frame);
      else this._emit('undefined');
      this._emit(')');
    }

    compileJinjaCall(node: any, frame: any, extraKeywords = ''): void {
      this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, `);
      const callee = node.callee;
      if (callee.typename === 'Getattr') {
        this._emit('env.py.callMethod(');
        this.compile(callee.target, frame);
        this._emit(`, ${JSON.stringify(callee.attr)}, ${JSON.stringify(describe(callee.target))}, context, `);
      } else {
        this._emit('env.py.call(');
        this.compile(callee, frame);
        this._emit(`, ${JSON.stringify(describe(callee))}, context, `);
      }
      this.emitArguments(node.args, node.star, node.doubleStar, frame, extraKeywords);
      this._emit('))');
    }

    /** `target | name(args)`; `targetCode` stands in for the target of a filter block. */
    compileJinjaFilter(node: any, frame: any, targetCode?: string): void {
      if (!this.filterNames.has(node.name)) this.fail(`no filter named '${node.name}'`, node.lineno, node.colno);
      this._emit(`env.py.filter(env, ${JSON.stringify(node.name)}, context, `);
      if (node.target) this.compile(node.target, frame);
      else this._emit(targetCode ?? '""');
      this._emit(', ');
      this.emitArguments(node.args, node.star, node.doubleStar, frame);
      this._emit(')');
    }

    compileTest(node: any, frame: any): void {
      if (!this.testNames.has(node.name)) this.fail(`no test named '${node.name}'`, node.lineno, node.colno);
      this._emit(`env.py.test(env, ${JSON.stringify(node.name)}, context, `);
      this.compile(node.target, frame);
      this._emit(', ');
      this.emitArguments(node.args, null, null, frame);
      this._emit(')');
    }
  };
}
