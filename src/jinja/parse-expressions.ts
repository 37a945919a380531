/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Jinja2's expression grammar (jinja2/parser.py) on nunjucks' lexer and token stream: precedence
 * (or, and, not, comparisons and `in`, + -, ~, * / // %, **, unary, postfix, filters and tests),
 * tuples, trailing commas, slices, `*args`/`**kwargs`, adjacent string literals, True/False/None.
 */
import type { NunjucksInternals } from './nunjucks-internals.js';

const COMPARE = new Set(['==', '!=', '<', '>', '<=', '>=']);
const MATH2 = new Set(['*', '/', '//', '%']);
const TEST_ARG_TYPES = new Set(['symbol', 'string', 'int', 'float', 'boolean', 'none', 'left-paren', 'left-bracket', 'left-curly']);

export function expressionParserClass(nj: NunjucksInternals): new (...args: any[]) => any {
  const { lexer: L, nodes: N, jinjaNodes: J } = nj;

  return class ExpressionParser extends nj.Parser {
    /** nunjucks' messages name its own functions ("parseAggregate: ..."): keep the user's part. */
    error(message: string, lineno?: number, colno?: number): any {
      return super.error(message.replace(/^\w+: /, ''), lineno, colno);
    }

    /** nunjucks names token types ("expected symbol, got right-paren"): say it with the text. */
    expect(type: string): any {
      const tok = this.nextToken();
      if (tok?.type !== type) {
        const wanted = { symbol: 'a name', 'right-paren': "')'", 'left-paren': "'('", 'block-end': "'%}'", 'variable-end': "'}}'" }[type] ?? type;
        this.fail(`expected ${wanted}, got ${tok ? `'${tok.value}'` : 'the end of the template'}`, tok?.lineno, tok?.colno);
      }
      return tok;
    }

    peekType(): string | undefined {
      return this.peekToken()?.type;
    }

    isOperator(value: string): boolean {
      const tok = this.peekToken();
      return tok?.type === L.TOKEN_OPERATOR && tok.value === value;
    }

    isName(value: string): boolean {
      const tok = this.peekToken();
      return tok?.type === L.TOKEN_SYMBOL && tok.value === value;
    }

    parseExpression(): any {
      return this.parseCondExpr();
    }

    parseCondExpr(): any {
      let node = this.parseOr();
      while (this.skipSymbol('if')) {
        const test = this.parseOr();
        const else_ = this.skipSymbol('else') ? this.parseCondExpr() : null;
        node = new J.CondExpr(node.lineno, node.colno, test, node, else_);
      }
      return node;
    }

    parseOr(): any {
      let node = this.parseAnd();
      while (this.skipSymbol('or')) node = new N.Or(node.lineno, node.colno, node, this.parseAnd());
      return node;
    }

    parseAnd(): any {
      let node = this.parseNot();
      while (this.skipSymbol('and')) node = new N.And(node.lineno, node.colno, node, this.parseNot());
      return node;
    }

    parseNot(): any {
      const tok = this.peekToken();
      if (this.skipSymbol('not')) return new N.Not(tok.lineno, tok.colno, this.parseNot());
      return this.parseCompare();
    }

    parseCompare(): any {
      const expr = this.parseMath1();
      const ops: Array<[string, any]> = [];
      for (;;) {
        const tok = this.peekToken();
        if (tok?.type === L.TOKEN_OPERATOR && COMPARE.has(tok.value)) {
          this.nextToken();
          ops.push([tok.value, this.parseMath1()]);
        } else if (this.skipSymbol('in')) {
          ops.push(['in', this.parseMath1()]);
        } else if (this.isName('not')) {
          const not = this.nextToken();
          if (!this.skipSymbol('in')) {
            this.pushToken(not);
            break;
          }
          ops.push(['notin', this.parseMath1()]);
        } else break;
      }
      return ops.length ? new J.Compare(expr.lineno, expr.colno, expr, ops) : expr;
    }

    parseMath1(): any {
      let node = this.parseConcat();
      while (this.isOperator('+') || this.isOperator('-')) {
        const Op = this.nextToken().value === '+' ? N.Add : N.Sub;
        node = new Op(node.lineno, node.colno, node, this.parseConcat());
      }
      return node;
    }

    parseConcat(): any {
      let node = this.parseMath2();
      while (this.skip(L.TOKEN_TILDE)) node = new N.Concat(node.lineno, node.colno, node, this.parseMath2());
      return node;
    }

    parseMath2(): any {
      let node = this.parsePow();
      for (;;) {
        const tok = this.peekToken();
        if (tok?.type !== L.TOKEN_OPERATOR || !MATH2.has(tok.value)) return node;
        this.nextToken();
        const Op = { '*': N.Mul, '/': N.Div, '//': N.FloorDiv, '%': N.Mod }[tok.value as '*'];
        node = new Op(node.lineno, node.colno, node, this.parsePow());
      }
    }

    parsePow(): any {
      let node = this.parseUnary();
      while (this.skipValue(L.TOKEN_OPERATOR, '**')) node = new N.Pow(node.lineno, node.colno, node, this.parseUnary());
      return node;
    }

    parseUnary(noFilters?: boolean): any {
      const tok = this.peekToken();
      let node;
      if (this.skipValue(L.TOKEN_OPERATOR, '-')) node = new N.Neg(tok.lineno, tok.colno, this.parseUnary(true));
      else if (this.skipValue(L.TOKEN_OPERATOR, '+')) node = new N.Pos(tok.lineno, tok.colno, this.parseUnary(true));
      else node = this.parsePostfix(this.parsePrimary(true));
      return noFilters ? node : this.parseFilterExpr(node);
    }

    parsePrimary(noPostfix?: boolean): any {
      const tok = this.nextToken();
      if (!tok) this.fail('unexpected end of template, expected an expression');
      let node;
      switch (tok.type) {
        case L.TOKEN_STRING: {
          let value = tok.value as string;
          while (this.peekType() === L.TOKEN_STRING) value += this.nextToken().value;
          node = new N.Literal(tok.lineno, tok.colno, value);
          break;
        }
        case L.TOKEN_INT: node = new N.Literal(tok.lineno, tok.colno, parseInt(tok.value, 10)); break;
        case L.TOKEN_FLOAT: node = new N.Literal(tok.lineno, tok.colno, { float: parseFloat(tok.value) }); break;
        case L.TOKEN_BOOLEAN: node = new N.Literal(tok.lineno, tok.colno, tok.value === 'true'); break;
        case L.TOKEN_NONE:
          node = tok.value === 'null' ? new N.Symbol(tok.lineno, tok.colno, 'null') : new N.Literal(tok.lineno, tok.colno, null);
          break;
        case L.TOKEN_SYMBOL:
          if (tok.value === 'True' || tok.value === 'False') node = new N.Literal(tok.lineno, tok.colno, tok.value === 'True');
          else if (tok.value === 'None') node = new N.Literal(tok.lineno, tok.colno, null);
          else if (/^\d+(\.\d*)?e\d+$/i.test(tok.value)) node = new N.Literal(tok.lineno, tok.colno, { float: Number(tok.value) });
          else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(tok.value)) node = new N.Symbol(tok.lineno, tok.colno, tok.value);
          else this.fail(`unexpected '${tok.value}'`, tok.lineno, tok.colno);
          break;
        case L.TOKEN_LEFT_PAREN: node = this.parseParenthesised(tok); break;
        case L.TOKEN_LEFT_BRACKET: node = this.parseListOrDict(tok, L.TOKEN_RIGHT_BRACKET, N.Array); break;
        case L.TOKEN_LEFT_CURLY: node = this.parseListOrDict(tok, L.TOKEN_RIGHT_CURLY, N.Dict); break;
        default: this.fail(`unexpected '${tok.value}'`, tok.lineno, tok.colno);
      }
      return noPostfix ? node : this.parsePostfix(node);
    }

    /** `(x)` is x; `()`, `(x,)` and `(x, y)` are tuples. */
    parseParenthesised(open: any): any {
      const items: any[] = [];
      let comma = false;
      while (this.peekType() !== L.TOKEN_RIGHT_PAREN) {
        if (items.length) {
          if (!this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or ')'");
          comma = true;
          if (this.peekType() === L.TOKEN_RIGHT_PAREN) break;
        }
        items.push(this.parseExpression());
      }
      this.nextToken();
      return items.length === 1 && !comma ? items[0] : new J.Tuple(open.lineno, open.colno, items);
    }

    parseListOrDict(open: any, close: string, Node: any): any {
      const node = new Node(open.lineno, open.colno);
      while (this.peekType() !== close) {
        if (node.children.length && !this.skip(L.TOKEN_COMMA)) this.fail(`expected ',' or '${close === L.TOKEN_RIGHT_BRACKET ? ']' : '}'}'`);
        if (this.peekType() === close) break;
        if (Node === N.Dict) {
          const key = this.parseExpression();
          if (!this.skip(L.TOKEN_COLON)) this.fail("expected ':' after a dict key");
          node.addChild(new N.Pair(key.lineno, key.colno, key, this.parseExpression()));
        } else node.addChild(this.parseExpression());
      }
      this.nextToken();
      return node;
    }

    parsePostfix(node: any): any {
      for (;;) {
        const tok = this.peekToken();
        if (tok?.type === L.TOKEN_OPERATOR && tok.value === '.') {
          this.nextToken();
          const attr = this.nextToken();
          if (attr?.type === L.TOKEN_SYMBOL) node = new J.Getattr(tok.lineno, tok.colno, node, attr.value);
          else if (attr?.type === L.TOKEN_INT) node = new J.Getitem(tok.lineno, tok.colno, node, new N.Literal(attr.lineno, attr.colno, Number(attr.value)));
          else this.fail('expected an attribute name after \'.\'', tok.lineno, tok.colno);
        } else if (tok?.type === L.TOKEN_LEFT_BRACKET) {
          this.nextToken();
          node = this.parseSubscript(tok, node);
        } else if (tok?.type === L.TOKEN_LEFT_PAREN) {
          node = this.parseCall(node);
        } else return node;
      }
    }

    parseSubscript(open: any, target: any): any {
      const parts: any[] = [null];
      let colons = 0;
      while (this.peekType() !== L.TOKEN_RIGHT_BRACKET) {
        if (this.skip(L.TOKEN_COLON)) {
          colons++;
          parts.push(null);
        } else if (parts[parts.length - 1] === null) parts[parts.length - 1] = this.parseExpression();
        else if (this.skip(L.TOKEN_COMMA)) this.fail('tuple subscripts are not supported');
        else this.fail("expected ']'");
      }
      this.nextToken();
      if (colons === 0) {
        if (parts[0] === null) this.fail('expected an index inside [ ]', open.lineno, open.colno);
        return new J.Getitem(open.lineno, open.colno, target, parts[0]);
      }
      if (colons > 2) this.fail('a slice has at most two colons', open.lineno, open.colno);
      return new J.Slice(open.lineno, open.colno, target, parts[0], parts[1], parts[2] ?? null);
    }

    /** Call arguments: positional, `name=value`, `*list`, `**dict`, a trailing comma. */
    parseCallArgs(): { args: any; star: any; doubleStar: any } {
      const open = this.nextToken();
      const args = new N.NodeList(open.lineno, open.colno);
      const kwargs = new N.KeywordArgs(open.lineno, open.colno);
      let star = null;
      let doubleStar = null;
      while (this.peekType() !== L.TOKEN_RIGHT_PAREN) {
        if (args.children.length || kwargs.children.length || star || doubleStar) {
          if (!this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or ')' in the arguments");
          if (this.peekType() === L.TOKEN_RIGHT_PAREN) break;
        }
        if (this.skipValue(L.TOKEN_OPERATOR, '**')) doubleStar = this.parseExpression();
        else if (this.skipValue(L.TOKEN_OPERATOR, '*')) star = this.parseExpression();
        else {
          const arg = this.parseExpression();
          if (this.skipValue(L.TOKEN_OPERATOR, '=')) {
            if (!(arg instanceof N.Symbol)) this.fail('a keyword argument needs a name before =', arg.lineno, arg.colno);
            kwargs.addChild(new N.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
          } else {
            if (kwargs.children.length) this.fail('a positional argument follows a keyword argument', arg.lineno, arg.colno);
            args.addChild(arg);
          }
        }
      }
      this.nextToken();
      if (kwargs.children.length) args.addChild(kwargs);
      return { args, star, doubleStar };
    }

    parseCall(callee: any): any {
      const { args, star, doubleStar } = this.parseCallArgs();
      return new J.Call(callee.lineno, callee.colno, callee, args, star, doubleStar);
    }

    /** After a unary expression: `| filter(args)`, `is [not] test [arg]`, and calls of what they return. */
    parseFilterExpr(node: any): any {
      for (;;) {
        if (this.skip(L.TOKEN_PIPE)) node = this.parseFilterCall(node);
        else if (this.isName('is')) node = this.parseTest(node);
        else if (this.peekType() === L.TOKEN_LEFT_PAREN) node = this.parseCall(node);
        else return node;
      }
    }

    parseFilterCall(target: any): any {
      const name = this.parseFilterName();
      const call = this.peekType() === L.TOKEN_LEFT_PAREN ? this.parseCallArgs() : { args: new N.NodeList(name.lineno, name.colno), star: null, doubleStar: null };
      return new J.Filter(name.lineno, name.colno, target, name.value, call.args, call.star, call.doubleStar);
    }

    parseTest(target: any): any {
      const is = this.nextToken();
      const negated = this.skipSymbol('not');
      const tok = this.nextToken();
      if (![L.TOKEN_SYMBOL, L.TOKEN_NONE, L.TOKEN_BOOLEAN].includes(tok?.type)) this.fail("expected a test name after 'is'", is.lineno, is.colno);
      let name = tok.value as string;
      while (this.skipValue(L.TOKEN_OPERATOR, '.')) name += `.${this.expect(L.TOKEN_SYMBOL).value}`;
      let args = new N.NodeList(tok.lineno, tok.colno);
      if (this.peekType() === L.TOKEN_LEFT_PAREN) args = this.parseCallArgs().args;
      else if (TEST_ARG_TYPES.has(this.peekType() ?? '') && !['else', 'or', 'and', 'is', 'if'].some((w) => this.isName(w))) {
        args.addChild(this.parsePostfix(this.parsePrimary(true)));
      }
      const test = new J.Test(is.lineno, is.colno, target, name.toLowerCase() === 'none' ? 'none' : name, args);
      return negated ? new N.Not(is.lineno, is.colno, test) : test;
    }

    /** `a, b = ...` and `for a, (b, c) in ...`: names, or tuples of them. */
    parseAssignTargets(allowAttribute: boolean): any[] {
      const targets: any[] = [];
      do {
        const tok = this.peekToken();
        if (tok?.type === L.TOKEN_LEFT_PAREN) {
          this.nextToken();
          const inner = this.parseAssignTargets(false);
          this.expect(L.TOKEN_RIGHT_PAREN);
          targets.push(new J.Tuple(tok.lineno, tok.colno, inner));
          continue;
        }
        const name = this.nextToken();
        if (name?.type !== L.TOKEN_SYMBOL) this.fail('expected a variable name to assign to', tok?.lineno, tok?.colno);
        let target = new N.Symbol(name.lineno, name.colno, name.value);
        if (allowAttribute && this.skipValue(L.TOKEN_OPERATOR, '.')) {
          target = new J.Getattr(name.lineno, name.colno, target, this.expect(L.TOKEN_SYMBOL).value);
        }
        targets.push(target);
      } while (this.skip(L.TOKEN_COMMA) && this.peekType() !== L.TOKEN_OPERATOR && !this.isName('in'));
      return targets;
    }
  };
}
