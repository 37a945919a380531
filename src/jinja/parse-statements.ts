/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Jinja2's statements with dbt's extensions (do, break, continue): `for ... if ... recursive`,
 * `set` with tuple targets, namespace attributes and blocks, macros with defaults, call blocks,
 * filter blocks. The rest (if, raw) is nunjucks' own.
 */
import type { NunjucksInternals } from './nunjucks-internals.js';
import { expressionParserClass } from './parse-expressions.js';

/** The tags nunjucks' own parser handles here; others are unknown to Jinja2 too. */
const NUNJUCKS_TAGS = new Set(['if', 'raw', 'block', 'extends', 'include', 'import', 'from']);

export function jinjaParserClass(nj: NunjucksInternals): new (...args: any[]) => any {
  const { lexer: L, nodes: N, jinjaNodes: J } = nj;

  return class JinjaParser extends expressionParserClass(nj) {
    parseStatement(): any {
      const tok = this.peekToken();
      if (tok.type !== L.TOKEN_SYMBOL) this.fail('expected a tag name after {%', tok.lineno, tok.colno);
      if (this.breakOnBlocks && this.breakOnBlocks.includes(tok.value)) return null;
      switch (tok.value) {
        case 'for': return this.parseJinjaFor();
        case 'set': return this.parseJinjaSet();
        case 'do': return this.parseDo();
        case 'break':
        case 'continue':
          this.nextToken();
          this.advanceAfterBlockEnd(tok.value);
          return new J.LoopControl(tok.lineno, tok.colno, tok.value);
        case 'macro': return this.parseJinjaMacro();
        case 'call': return this.parseCallBlock();
        case 'filter': return this.parseFilterBlock();
        default:
          if (NUNJUCKS_TAGS.has(tok.value)) return super.parseStatement();
          if (/^(end\w+|else|elif)$/.test(tok.value)) this.fail(`unexpected '{% ${tok.value} %}': no open block it belongs to`, tok.lineno, tok.colno);
          return this.fail(`unknown tag '${tok.value}'`, tok.lineno, tok.colno);
      }
    }

    /** The `%}` of a tag; `-%}` strips the whitespace after it (nunjucks forgets this after `{% set x %}`). */
    endOfTag(name: string): void {
      const tok = this.nextToken();
      if (tok?.type !== L.TOKEN_BLOCK_END) this.fail(`expected the end of the ${name} tag (%}), got '${tok?.value ?? 'end of template'}'`, tok?.lineno, tok?.colno);
      if (tok.value.charAt(0) === '-') this.dropLeadingWhitespace = true;
    }

    /** The body up to `{% end %}` (or one of `alternatives`), and the closing tag's name. */
    bodyUntil(end: string, ...alternatives: string[]): any {
      const body = this.parseUntilBlocks(end, ...alternatives);
      if (!this.peekToken()) this.fail(`unexpected end of template: a block is not closed with {% ${end} %}`);
      return body;
    }

    parseJinjaFor(): any {
      const tok = this.nextToken();
      const targets = this.parseAssignTargets(false);
      if (!this.skipSymbol('in')) this.fail("expected 'in' in the for tag", tok.lineno, tok.colno);
      let iter = this.parseOr();
      if (this.peekType() === L.TOKEN_COMMA) {
        const items = [iter];
        while (this.skip(L.TOKEN_COMMA) && !this.isName('if') && this.peekType() !== L.TOKEN_BLOCK_END) items.push(this.parseOr());
        iter = new J.Tuple(iter.lineno, iter.colno, items);
      }
      const test = this.skipSymbol('if') ? this.parseExpression() : null;
      const recursive = this.skipSymbol('recursive');
      this.endOfTag('for');
      const body = this.bodyUntil('endfor', 'else');
      let else_ = null;
      if (this.skipSymbol('else')) {
        this.endOfTag('else');
        else_ = this.bodyUntil('endfor');
      }
      this.nextToken();
      this.endOfTag('endfor');
      return new J.For(tok.lineno, tok.colno, targets, iter, test, body, else_, recursive);
    }

    parseJinjaSet(): any {
      const tok = this.nextToken();
      const targets = this.parseAssignTargets(true);
      if (this.skipValue(L.TOKEN_OPERATOR, '=')) {
        let value = this.parseExpression();
        if (this.peekType() === L.TOKEN_COMMA) {
          const items = [value];
          while (this.skip(L.TOKEN_COMMA) && this.peekType() !== L.TOKEN_BLOCK_END) items.push(this.parseExpression());
          value = new J.Tuple(value.lineno, value.colno, items);
        }
        this.endOfTag('set');
        return new J.Set(tok.lineno, tok.colno, targets, value, null, null);
      }
      if (targets.length !== 1 || !(targets[0] instanceof N.Symbol || targets[0].typename === 'Getattr')) this.fail('a {% set %} block assigns one name or namespace attribute', tok.lineno, tok.colno);
      const filter = this.skip(L.TOKEN_PIPE) ? this.parseFilterCall(null) : null;
      this.endOfTag('set');
      const body = this.bodyUntil('endset');
      this.nextToken();
      this.endOfTag('endset');
      return new J.Set(tok.lineno, tok.colno, targets, null, body, filter);
    }

    parseDo(): any {
      const tok = this.nextToken();
      const expr = this.parseExpression();
      this.endOfTag('do');
      return new J.Do(tok.lineno, tok.colno, expr);
    }

    /** `(a, b=default, c=default,)` of a macro or call block. */
    parseParameters(): { args: string[]; defaults: any[] } {
      const args: string[] = [];
      const defaults: any[] = [];
      this.expect(L.TOKEN_LEFT_PAREN);
      while (this.peekType() !== L.TOKEN_RIGHT_PAREN) {
        // Jinja2 allows no trailing comma here (it does in calls).
        if (args.length && !this.skip(L.TOKEN_COMMA)) this.fail("expected ',' or ')' in the parameters");
        const name = this.expect(L.TOKEN_SYMBOL);
        if (this.skipValue(L.TOKEN_OPERATOR, '=')) defaults.push(this.parseExpression());
        else if (defaults.length) this.fail('non-default argument follows default argument', name.lineno, name.colno);
        args.push(name.value);
      }
      this.nextToken();
      return { args, defaults };
    }

    parseJinjaMacro(): any {
      const tok = this.nextToken();
      const name = this.expect(L.TOKEN_SYMBOL);
      const { args, defaults } = this.parseParameters();
      this.endOfTag('macro');
      const body = this.bodyUntil('endmacro');
      this.nextToken();
      this.skipSymbol(name.value);
      this.endOfTag('endmacro');
      return new J.Macro(tok.lineno, tok.colno, name.value, args, defaults, body);
    }

    parseCallBlock(): any {
      const tok = this.nextToken();
      const params = this.peekType() === L.TOKEN_LEFT_PAREN ? this.parseParameters() : { args: [], defaults: [] };
      const call = this.parseExpression();
      if (!(call instanceof J.Call)) this.fail('{% call %} needs a macro call, such as {% call my_macro() %}', tok.lineno, tok.colno);
      this.endOfTag('call');
      const body = this.bodyUntil('endcall');
      this.nextToken();
      this.endOfTag('endcall');
      return new J.CallBlock(tok.lineno, tok.colno, call, params.args, params.defaults, body);
    }

    parseFilterBlock(): any {
      const tok = this.nextToken();
      let filter = this.parseFilterCall(null);
      while (this.skip(L.TOKEN_PIPE)) filter = this.parseFilterCall(filter);
      this.endOfTag('filter');
      const body = this.bodyUntil('endfilter');
      this.nextToken();
      this.endOfTag('endfilter');
      return new J.FilterBlock(tok.lineno, tok.colno, filter, body);
    }
  };
}
