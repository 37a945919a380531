import type { RelationKind, RelationRef } from '../types.js';
import { trinoDialect as dialect } from './dialect.js';
import { weirIdentifier } from '../../core/ids.js';

/**
 * Trino runs each statement on its own (Iceberg writes only in autocommit), so weir's
 * `begin ... commit` is kept by this journal instead: inside it, dropping a relation renames it
 * aside, and creations, renames and writes are remembered. `commit` drops what was set aside;
 * `rollback` undoes the steps in reverse (writes through Iceberg's snapshot rollback), so a failed
 * build leaves the previous relation as it was and nothing temporary behind. It reads only the
 * statements the Trino dialect writes; other SQL (hooks) runs as written and is not undone.
 */
type Step =
  | { readonly kind: 'created'; readonly relation: RelationKind; readonly ref: RelationRef }
  | { readonly kind: 'set-aside'; readonly relation: RelationKind; readonly ref: RelationRef; readonly aside: RelationRef }
  | { readonly kind: 'renamed'; readonly relation: RelationKind; readonly from: RelationRef; readonly to: RelationRef }
  | { readonly kind: 'written'; readonly ref: RelationRef; readonly snapshot: string | undefined }
  // Iceberg's snapshot rollback restores rows, not the schema: an added column is dropped again.
  | { readonly kind: 'added-column'; readonly ref: RelationRef; readonly column: string };

export interface JournalRunner {
  run(sql: string): Promise<{ rowsAffected: number | undefined }>;
  kindOf(ref: RelationRef): Promise<RelationKind | undefined>;
  /** The table's current Iceberg snapshot (undefined for a table without one). */
  snapshot(ref: RelationRef): Promise<string | undefined>;
}

const NAME = String.raw`"((?:[^"]|"")*)"`;
// A relation as the dialect prints it: "schema"."table", or "catalog"."schema"."table" in dbt projects.
const REL = `(?:${NAME}\\.)?${NAME}\\.${NAME}`;
const PATTERNS = {
  drop: new RegExp(`^drop (table|view) if exists ${REL}$`),
  create: new RegExp(`^create (table|or replace view) ${REL}`),
  rename: new RegExp(`^alter (table|view) ${REL} rename to ${REL}$`),
  addColumn: new RegExp(`^alter table ${REL} add column ${NAME}`),
  write: new RegExp(`^(?:insert into|delete from|merge into|update|alter table) ${REL}`),
};
const unquote = (name: string) => name.replace(/""/g, '"');
const ref = (m: RegExpExecArray, at: number): RelationRef => ({
  ...(m[at] === undefined ? {} : { database: unquote(m[at]) }), schema: unquote(m[at + 1]!), identifier: unquote(m[at + 2]!),
});

/** The statement without a query comment before or after it (dbt's query-comment), which the patterns do not expect. */
export function withoutQueryComment(sql: string): string {
  return sql.trim().replace(/^\/\*[\s\S]*?\*\/\s*/, '').replace(/\s*\/\*(?:(?!\*\/)[\s\S])*\*\/$/, '');
}

export function createUndoJournal(runner: JournalRunner) {
  let steps: Step[] | undefined;
  let asideCount = 0;

  async function execute(sql: string): Promise<{ rowsAffected: number | undefined }> {
    const text = withoutQueryComment(sql);
    if (steps === undefined) return runner.run(sql);
    let m: RegExpExecArray | null;
    if ((m = PATTERNS.drop.exec(text))) {
      const target = ref(m, 2);
      const existing = await runner.kindOf(target);
      if (existing) await setAside(existing, target);
      return { rowsAffected: undefined };
    }
    if ((m = PATTERNS.create.exec(text))) {
      const relation: RelationKind = m[1] === 'table' ? 'table' : 'view';
      const target = ref(m, 2);
      const existing = await runner.kindOf(target);
      if (existing) await setAside(existing, target);
      const result = await runner.run(sql);
      steps.push({ kind: 'created', relation, ref: target });
      return result;
    }
    if ((m = PATTERNS.rename.exec(text))) {
      const result = await runner.run(sql);
      steps.push({ kind: 'renamed', relation: m[1] as RelationKind, from: ref(m, 2), to: ref(m, 5) });
      return result;
    }
    if ((m = PATTERNS.addColumn.exec(text))) {
      const result = await runner.run(sql);
      steps.push({ kind: 'added-column', ref: ref(m, 1), column: unquote(m[4]!) });
      return result;
    }
    if ((m = PATTERNS.write.exec(text))) {
      const target = ref(m, 1);
      const same = (r: RelationRef) => r.schema === target.schema && r.identifier === target.identifier;
      // A table created in this transaction goes on rollback anyway; an existing one rolls back to its snapshot.
      if (!steps.some((s) => (s.kind === 'written' || s.kind === 'created') && same(s.ref))) {
        steps.push({ kind: 'written', ref: target, snapshot: await runner.snapshot(target) });
      }
    }
    return runner.run(sql);
  }

  async function setAside(relation: RelationKind, target: RelationRef) {
    const aside = { schema: target.schema, identifier: weirIdentifier(target.identifier, `aside${++asideCount}`) };
    await runner.run(dialect.drop(relation, aside));
    await runner.run(dialect.rename(relation, target, aside.identifier));
    steps!.push({ kind: 'set-aside', relation, ref: target, aside });
  }

  async function undo(step: Step) {
    if (step.kind === 'created') await runner.run(dialect.drop(step.relation, step.ref));
    else if (step.kind === 'renamed') await runner.run(dialect.rename(step.relation, step.to, step.from.identifier));
    else if (step.kind === 'set-aside') await runner.run(dialect.rename(step.relation, step.aside, step.ref.identifier));
    else if (step.kind === 'added-column') await runner.run(`alter table ${dialect.relation(step.ref)} drop column ${dialect.quoteIdentifier(step.column)}`);
    else if (step.snapshot !== undefined && (await runner.kindOf(step.ref)) === 'table') {
      await runner.run(`alter table ${dialect.relation(step.ref)} execute rollback_to_snapshot(${step.snapshot})`);
    }
  }

  return {
    execute,
    get active() {
      return steps !== undefined;
    },
    begin() {
      steps = [];
    },
    async commit() {
      const done = steps ?? [];
      steps = undefined;
      for (const step of done) if (step.kind === 'set-aside') await runner.run(dialect.drop(step.relation, step.aside));
    },
    /** Undoes every step it can, in reverse; the first failure is thrown after the others ran. */
    async rollback() {
      const done = steps ?? [];
      steps = undefined;
      let failure: unknown;
      for (const step of done.reverse()) {
        try {
          await undo(step);
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    },
  };
}
