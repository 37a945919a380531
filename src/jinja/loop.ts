/** Jinja2's `loop` variable inside `{% for %}`. */
import { JinjaError } from './errors.js';
import { eq } from './values.js';

const NOT_SET = Symbol('not set');

export class LoopContext {
  index0 = -1;
  private lastChanged: unknown[] | typeof NOT_SET = NOT_SET;

  constructor(
    private readonly items: readonly unknown[],
    readonly depth0: number,
    private readonly recurse: ((items: unknown, depth: number) => string) | undefined,
  ) {}

  get index(): number {
    return this.index0 + 1;
  }
  get revindex(): number {
    return this.items.length - this.index0;
  }
  get revindex0(): number {
    return this.items.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.items.length - 1;
  }
  get length(): number {
    return this.items.length;
  }
  get depth(): number {
    return this.depth0 + 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : undefined;
  }
  get nextitem(): unknown {
    return this.index0 + 1 < this.items.length ? this.items[this.index0 + 1] : undefined;
  }
  cycle(...values: unknown[]): unknown {
    if (values.length === 0) throw new JinjaError('loop.cycle() needs at least one value');
    return values[this.index0 % values.length];
  }
  changed(...values: unknown[]): boolean {
    if (this.lastChanged !== NOT_SET && eq(this.lastChanged, values)) return false;
    this.lastChanged = values;
    return true;
  }
  /** `loop(children)` in a `recursive` loop renders the loop body for the children. */
  call(items: unknown): string {
    if (!this.recurse) throw new JinjaError("a loop can only be called in a loop marked 'recursive'");
    return this.recurse(items, this.depth0 + 1);
  }
  toString(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}
