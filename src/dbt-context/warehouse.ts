/**
 * What a template may ask the warehouse while a model is executed (dbt's introspective calls), and
 * the replay that lets a synchronous template wait for an asynchronous database.
 *
 * Templates render synchronously (that is what keeps compiling fast), but drivers answer
 * asynchronously. So a render that needs an answer it does not have stops (throws), the answer is
 * fetched, and the template renders again from the start; answers already fetched are handed back
 * in the same order, so each statement runs once however many times the template is replayed.
 */

/** One statement's outcome: dbt's AdapterResponse, and the rows when they were fetched. */
export interface StatementOutcome {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly rowsAffected: number | undefined;
}

export interface WarehouseColumn {
  readonly name: string;
  readonly dataType: string;
}

export interface WarehouseRelation {
  readonly database: string | undefined;
  readonly schema: string;
  readonly identifier: string;
  readonly kind: 'table' | 'view';
}

/** The warehouse as the execute stage lends it to a template (one session, the model's). */
export interface Warehouse {
  readonly type: string;
  /** `autoBegin`: dbt's statement(auto_begin=True) opens a transaction first when the session has none (materializations only). */
  run(sql: string, fetch: boolean, autoBegin?: boolean): Promise<StatementOutcome>;
  /** dbt's adapter.commit(): ends the transaction a statement opened (materializations only). */
  commit?(): Promise<void>;
  /** `database`: the one a template names (an attached DuckDB database); absent, the session's own. */
  relation(schema: string, identifier: string, database?: string): Promise<WarehouseRelation | undefined>;
  columns(schema: string, identifier: string, database?: string): Promise<WarehouseColumn[]>;
  relations(schema: string): Promise<WarehouseRelation[]>;
}

/** Thrown through the template when it needs an answer not fetched yet. */
export class AwaitWarehouse extends Error {
  constructor(readonly what: string) {
    super(`the template needs the warehouse (${what}) and is rendered again once it answers`);
    this.name = 'AwaitWarehouse';
  }
}

/** A strict replay's template did not repeat itself (see WarehouseReplay). */
export class ReplayDiverged extends Error {
  constructor(what: string) {
    super(`weir renders a materialization again after each statement and it took another path: ${what}. Its statements must not depend on the clock or on anything else that changes between renders (use run_started_at)`);
    this.name = 'ReplayDiverged';
  }
}

interface Answer {
  readonly key: string;
  readonly value: unknown;
}

/** Replays answers to a template's warehouse calls, in the order it makes them. */
export class WarehouseReplay {
  private readonly answers: Answer[] = [];
  private next = 0;
  private pending: { key: string; fetch: () => Promise<unknown> } | undefined;
  /** Set when a strict replay diverged (the template layer may have wrapped the error). */
  diverged: ReplayDiverged | undefined;

  /**
   * `strict`: a replay that asks something else than last time at the same point is an error, not
   * a new question (a materialization's statements change the warehouse: each must run once).
   */
  constructor(readonly warehouse: Warehouse, private readonly strict = false) {}

  /** The answer to this call, or a stop (AwaitWarehouse) while it is fetched. */
  ask<T>(key: string, fetch: (w: Warehouse) => Promise<T>): T {
    const at = this.next++;
    const known = this.answers[at];
    if (known && known.key === key) return known.value as T;
    if (known && this.strict) {
      throw (this.diverged = new ReplayDiverged(`it ran \`${known.key.split('\n').slice(1).join(' ').trim().slice(0, 120)}\` and, rendered again, asked \`${key.split('\n').slice(1).join(' ').trim().slice(0, 120)}\` at that point instead`));
    }
    // The template took another path than last time (it read the clock?): forget what followed.
    this.answers.length = at;
    this.pending = { key, fetch: () => fetch(this.warehouse) };
    throw new AwaitWarehouse(key.split('\n')[0]!.slice(0, 80));
  }

  /**
   * Renders until the template needs nothing more. `render` is called once per warehouse call
   * the template makes, plus once.
   */
  async render<T = string>(render: () => T, limit = 10000): Promise<T> {
    for (let round = 0; round < limit; round++) {
      this.next = 0;
      this.pending = undefined;
      try {
        return render();
      } catch (error) {
        const pending = this.pending as { key: string; fetch: () => Promise<unknown> } | undefined;
        if (!pending) throw error;
        this.answers.push({ key: pending.key, value: await pending.fetch() });
      }
    }
    throw new Error(`the template made more than ${limit} warehouse calls`);
  }
}
