import type { IngestColumnType } from '../adapters/types.js';
import { IngestError } from './errors.js';

/**
 * Schema inference and evolution for records: top-level scalars become typed columns, nested
 * objects and arrays JSON columns. A new field adds a column; integer -> double, date -> timestamp
 * and date or timestamp -> text widen; anything else is an error naming source, field, old and new type.
 * Pinned columns (`columns:` in the ingest block) keep their name and SQL type as written.
 */
export interface TrackedColumn {
  /** The key in the records. */
  readonly field: string;
  /** The column in the table. */
  readonly name: string;
  readonly type: IngestColumnType | undefined;
  /** A pinned (or pre-existing, unrecognised) SQL type; wins over `type`. */
  readonly sqlType: string | undefined;
}

export type SchemaChange =
  | { readonly kind: 'add'; readonly column: TrackedColumn }
  | { readonly kind: 'widen'; readonly column: TrackedColumn; readonly from: IngestColumnType };

export interface ColumnPins {
  readonly [field: string]: { readonly name: string; readonly sqlType: string | undefined };
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day that exists (2024-02-29 does, 2023-02-29 and 2024-02-30 do not). */
function isRealDay(match: RegExpExecArray): boolean {
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

function stringType(value: string): IngestColumnType {
  if (value.length < 10 || value.charCodeAt(4) !== 45 /* '-' */) return 'text'; // most strings: no regex
  const date = ISO_DATE.exec(value);
  if (date) return isRealDay(date) ? 'date' : 'text';
  const timestamp = ISO_TIMESTAMP.exec(value);
  return timestamp && isRealDay(timestamp) ? 'timestamp' : 'text';
}

export function valueType(value: unknown): IngestColumnType | undefined {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? 'integer' : 'double';
    case 'bigint':
      return 'integer';
    case 'string':
      return stringType(value);
    default:
      return 'json';
  }
}

/** The column type that holds both, or undefined when no widening exists. */
export function widen(current: IngestColumnType, incoming: IngestColumnType): IngestColumnType | undefined {
  if (current === incoming) return current;
  if (current === 'double' && incoming === 'integer') return 'double';
  if (current === 'integer' && incoming === 'double') return 'double';
  const pair = new Set([current, incoming]);
  if (pair.has('date') && pair.has('timestamp')) return 'timestamp';
  if (pair.has('text') && (pair.has('date') || pair.has('timestamp'))) return 'text';
  return undefined;
}

/** Reads an engine's type name back as an ingest type (for tables loaded by an earlier run). */
export function ingestTypeOf(sqlType: string): IngestColumnType | undefined {
  const t = sqlType.toUpperCase();
  if (/^(BIGINT|INTEGER|INT|INT4|INT8|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER)$/.test(t)) return 'integer';
  if (/^(DOUBLE|DOUBLE PRECISION|FLOAT|FLOAT8|REAL|FLOAT4)$/.test(t)) return 'double';
  if (t === 'BOOLEAN' || t === 'BOOL') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'JSON' || t === 'JSONB') return 'json';
  if (t === 'VARCHAR' || t === 'TEXT' || t.startsWith('CHARACTER VARYING')) return 'text';
  return undefined;
}

export interface SchemaTracker {
  readonly columns: () => readonly TrackedColumn[];
  /** Checks one record against the schema; returns the columns it adds or widens. */
  observe(record: Readonly<Record<string, unknown>>, where: string): SchemaChange[];
  /** The record as the loader writes it: keyed by column name, pinned JSON stringified. */
  normalize(record: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/**
 * A table loaded by an earlier run knows only its column names and SQL types: a pinned column in it is
 * the pin's again (read from the pin's field, keeping the pin's type), so appending checks no inferred
 * type against it and a renamed field finds its column.
 */
function withPins(existing: readonly TrackedColumn[], pins: ColumnPins): TrackedColumn[] {
  const pinByName = new Map(Object.entries(pins).map(([field, pin]) => [pin.name ?? field, { field, pin }]));
  return existing.map((column) => {
    const pinned = pinByName.get(column.name);
    if (!pinned) return column;
    const sqlType = pinned.pin.sqlType;
    return { ...column, field: pinned.field, type: sqlType ? undefined : column.type, sqlType: sqlType ?? column.sqlType };
  });
}

export function createSchemaTracker(label: string, pins: ColumnPins, existingColumns: readonly TrackedColumn[] = []): SchemaTracker {
  const existing = withPins(existingColumns, pins);
  const byField = new Map<string, TrackedColumn>(existing.map((c) => [c.field, c]));
  const order: TrackedColumn[] = [...existing];
  const set = (column: TrackedColumn) => {
    const index = order.findIndex((c) => c.field === column.field);
    if (index >= 0) order[index] = column;
    else order.push(column);
    byField.set(column.field, column);
  };
  let pinsAdded = false;
  return {
    columns: () => order,
    observe(record, where) {
      const changes: SchemaChange[] = [];
      // A pinned column exists even when no record has its field (an optional field an older API
      // shape lacks): after the first record's own fields, so its order does not move later.
      const addPins = () => {
        if (pinsAdded) return;
        pinsAdded = true;
        for (const [field, pin] of Object.entries(pins)) {
          if (byField.has(field) || !pin?.sqlType) continue;
          const column: TrackedColumn = { field, name: pin.name ?? field, type: undefined, sqlType: pin.sqlType };
          set(column);
          changes.push({ kind: 'add', column });
        }
      };
      for (const field in record) {
        const incoming = valueType(record[field]);
        const current = byField.get(field);
        const pin = pins[field];
        if (!current) {
          if (incoming === undefined && !pin?.sqlType) continue; // only nulls so far: type unknown yet
          const column: TrackedColumn = { field, name: pin?.name ?? field, type: pin?.sqlType ? undefined : incoming, sqlType: pin?.sqlType };
          set(column);
          changes.push({ kind: 'add', column });
          continue;
        }
        if (incoming === undefined || current.sqlType !== undefined || current.type === undefined) continue;
        const wider = widen(current.type, incoming);
        if (wider === undefined) {
          throw new IngestError(`source ${label}: field '${field}' changed type from ${current.type} to ${incoming} (${where})`, {
            hint: `pin the column's type in the ingest block (columns: {${field}: varchar}) or fix the data; nothing from this load was committed`,
          });
        }
        if (wider !== current.type) {
          const column = { ...current, type: wider };
          set(column);
          changes.push({ kind: 'widen', column, from: current.type });
        }
      }
      addPins();
      return changes;
    },
    normalize(record) {
      const out: Record<string, unknown> = {};
      for (const field in record) {
        const column = byField.get(field);
        if (!column) continue;
        const value = record[field];
        out[column.name] = column.sqlType !== undefined && value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
      }
      return out;
    },
  };
}
