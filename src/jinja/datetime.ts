/**
 * Python's datetime module as dbt exposes it (`modules.datetime`): date, datetime (naive, or aware
 * with a tzinfo: see timezones.ts), timedelta, with Python's arithmetic, comparisons, str(),
 * isoformat() and strftime(). A datetime keeps its wall-clock fields as if they were UTC.
 */
import { bind } from './arguments.js';
import { JinjaError } from './errors.js';
import { FixedOffset, PytzZone, formatOffset, pythonTimezone } from './timezones.js';
import { float, num, str } from './values.js';

const DAY_MS = 86400000;
const pad = (n: number, width = 2) => String(Math.trunc(n)).padStart(width, '0');
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export class PyTimedelta {
  /** Whole microseconds, as Python keeps them. */
  constructor(readonly micros: number) {}
  get days(): number {
    return Math.floor(this.micros / (DAY_MS * 1000));
  }
  get seconds(): number {
    return Math.floor((this.micros - this.days * DAY_MS * 1000) / 1e6);
  }
  get microseconds(): number {
    return this.micros % 1e6 < 0 ? (this.micros % 1e6) + 1e6 : this.micros % 1e6;
  }
  total_seconds(): number {
    return float(this.micros / 1e6);
  }
  __add__(other: unknown): unknown {
    return other instanceof PyTimedelta ? new PyTimedelta(this.micros + other.micros) : undefined;
  }
  __sub__(other: unknown): unknown {
    return other instanceof PyTimedelta ? new PyTimedelta(this.micros - other.micros) : undefined;
  }
  __lt__(other: unknown): boolean | undefined {
    return other instanceof PyTimedelta ? this.micros < other.micros : undefined;
  }
  __eq__(other: unknown): boolean {
    return other instanceof PyTimedelta && this.micros === other.micros;
  }
  toString(): string {
    const rest = this.micros - this.days * DAY_MS * 1000;
    const s = Math.floor(rest / 1e6);
    const time = `${Math.floor(s / 3600)}:${pad((s % 3600) / 60)}:${pad(s % 60)}${this.microseconds ? `.${pad(this.microseconds, 6)}` : ''}`;
    return this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${time}` : time;
  }
}

function strftime(d: Date, micros: number, format: string, withTime: boolean, tz: FixedOffset | null = null): string {
  return format.replace(/%([a-zA-Z%])/g, (_m, code: string) => {
    switch (code) {
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return pad(d.getUTCFullYear() % 100);
      case 'm': return pad(d.getUTCMonth() + 1);
      case 'd': return pad(d.getUTCDate());
      case 'H': return pad(withTime ? d.getUTCHours() : 0);
      case 'I': return pad(((withTime ? d.getUTCHours() : 0) + 11) % 12 + 1);
      case 'p': return withTime && d.getUTCHours() >= 12 ? 'PM' : 'AM';
      case 'M': return pad(withTime ? d.getUTCMinutes() : 0);
      case 'S': return pad(withTime ? d.getUTCSeconds() : 0);
      case 'f': return pad(withTime ? micros : 0, 6);
      case 'j': return pad((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS + 1, 3);
      case 'a': return DAYS[(d.getUTCDay() + 6) % 7]!.slice(0, 3);
      case 'A': return DAYS[(d.getUTCDay() + 6) % 7]!;
      case 'b': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case 'B': return MONTHS[d.getUTCMonth()]!;
      case 'w': return String(d.getUTCDay());
      case 'z': return tz ? formatOffset(tz.seconds, '') : '';
      case 'Z': return tz ? tz.abbrev : '';
      case '%': return '%';
      default: throw new JinjaError(`strftime: unsupported directive %${code}`);
    }
  });
}

export class PyDate {
  constructor(readonly utc: number) {}
  protected get d(): Date {
    return new Date(this.utc);
  }
  get year(): number { return this.d.getUTCFullYear(); }
  get month(): number { return this.d.getUTCMonth() + 1; }
  get day(): number { return this.d.getUTCDate(); }
  weekday(): number { return (this.d.getUTCDay() + 6) % 7; }
  isoweekday(): number { return this.weekday() + 1; }
  isoformat(): string { return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`; }
  strftime(format: unknown): string { return strftime(this.d, 0, str(format), false); }
  replace(...args: unknown[]): PyDate {
    const a = bind('date.replace()', ['year', 'month', 'day'], args);
    return makeDate(num((a.year ?? this.year) as number), num((a.month ?? this.month) as number), num((a.day ?? this.day) as number));
  }
  __add__(other: unknown): unknown {
    return other instanceof PyTimedelta ? new PyDate(this.utc + Math.trunc(other.micros / 1000 / DAY_MS) * DAY_MS) : undefined;
  }
  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDate(this.utc - Math.trunc(other.micros / 1000 / DAY_MS) * DAY_MS);
    if (other instanceof PyDate && !(other instanceof PyDateTime)) return new PyTimedelta((this.utc - other.utc) * 1000);
    return undefined;
  }
  __lt__(other: unknown): boolean | undefined { return other instanceof PyDate ? this.utc < other.utc : undefined; }
  __eq__(other: unknown): boolean { return other instanceof PyDate && other.constructor === this.constructor && this.utc === other.utc; }
  toString(): string { return this.isoformat(); }
}

/** What `tzinfo=` may be: None, a pytz zone (its first offset, as pytz attaches it) or a fixed offset. */
function toTzinfo(value: unknown): FixedOffset | null {
  if (value === null || value === undefined) return null;
  if (value instanceof PytzZone) return value.initial;
  if (value instanceof FixedOffset) return value;
  throw new JinjaError(`tzinfo argument must be None or of a tzinfo subclass, not ${JSON.stringify(str(value))}`);
}

export class PyDateTime extends PyDate {
  constructor(utc: number, readonly micros = 0, readonly tz: FixedOffset | null = null) {
    super(utc);
  }
  get tzinfo(): FixedOffset | null { return this.tz; }
  /** The same wall time with a tzinfo attached (pytz's localize). */
  localized(tz: FixedOffset | null): PyDateTime { return new PyDateTime(this.utc, this.micros, tz); }
  /** The UTC instant in milliseconds (the wall time itself when naive: weir's clock is UTC). */
  private get instant(): number { return this.utc - (this.tz?.seconds ?? 0) * 1000; }
  utcoffset(): PyTimedelta | null { return this.tz ? new PyTimedelta(this.tz.seconds * 1e6) : null; }
  tzname(): string | null { return this.tz?.abbrev ?? null; }
  astimezone(tz?: unknown): PyDateTime {
    const instant = this.instant;
    const target = tz instanceof PytzZone ? tz.atInstant(instant) : tz instanceof FixedOffset ? tz : tz == null ? pythonTimezone(0) : toTzinfo(tz);
    return new PyDateTime(instant + target!.seconds * 1000, this.micros, target);
  }
  /** Python refuses to order or subtract a naive and an aware datetime. */
  private sameKind(other: PyDateTime, verb: string): void {
    if ((this.tz === null) !== (other.tz === null)) throw new JinjaError(`can't ${verb} offset-naive and offset-aware datetimes`);
  }
  get hour(): number { return this.d.getUTCHours(); }
  get minute(): number { return this.d.getUTCMinutes(); }
  get second(): number { return this.d.getUTCSeconds(); }
  get microsecond(): number { return this.micros; }
  date(): PyDate { return makeDate(this.year, this.month, this.day); }
  override isoformat(sep: unknown = 'T'): string {
    const offset = this.tz ? formatOffset(this.tz.seconds) : '';
    return `${super.isoformat()}${str(sep)}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${this.micros ? `.${pad(this.micros, 6)}` : ''}${offset}`;
  }
  override strftime(format: unknown): string { return strftime(this.d, this.micros, str(format), true, this.tz); }
  timestamp(): number { return float(this.instant / 1000 + this.micros / 1e6); }
  override replace(...args: unknown[]): PyDateTime {
    const a = bind('datetime.replace()', ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'], args);
    const pick = (key: string, current: number) => num((a[key] ?? current) as number);
    const tz = 'tzinfo' in a ? toTzinfo(a.tzinfo) : this.tz;
    return makeDateTime([pick('year', this.year), pick('month', this.month), pick('day', this.day), pick('hour', this.hour), pick('minute', this.minute), pick('second', this.second), pick('microsecond', this.micros)], tz);
  }
  private shifted(micros: number): PyDateTime {
    const total = this.utc * 1000 + this.micros + micros;
    return new PyDateTime(Math.floor(total / 1000) - (Math.floor(total / 1000) % 1000 + 1000) % 1000, ((total % 1e6) + 1e6) % 1e6, this.tz);
  }
  override __add__(other: unknown): unknown {
    return other instanceof PyTimedelta ? this.shifted(other.micros) : undefined;
  }
  override __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return this.shifted(-other.micros);
    if (!(other instanceof PyDateTime)) return undefined;
    this.sameKind(other, 'subtract');
    return new PyTimedelta((this.instant - other.instant) * 1000 + this.micros - other.micros);
  }
  override __lt__(other: unknown): boolean | undefined {
    if (!(other instanceof PyDateTime)) return super.__lt__(other);
    this.sameKind(other, 'compare');
    return this.instant < other.instant || (this.instant === other.instant && this.micros < other.micros);
  }
  override __eq__(other: unknown): boolean {
    if (!(other instanceof PyDateTime) || (this.tz === null) !== (other.tz === null)) return false;
    return this.instant === other.instant && this.micros === other.micros;
  }
  override toString(): string { return this.isoformat(' '); }
}

function makeDate(year: number, month: number, day: number): PyDate {
  const utc = Date.UTC(year, month - 1, day);
  if (month < 1 || month > 12 || new Date(utc).getUTCDate() !== day) throw new JinjaError('day is out of range for month');
  return new PyDate(utc);
}

function makeDateTime(parts: number[], tz: FixedOffset | null = null): PyDateTime {
  const [year, month, day, hour = 0, minute = 0, second = 0, micro = 0] = parts;
  makeDate(year!, month!, day!);
  if (hour < 0 || hour > 23) throw new JinjaError('hour must be in 0..23');
  if (minute < 0 || minute > 59) throw new JinjaError('minute must be in 0..59');
  if (second < 0 || second > 59) throw new JinjaError('second must be in 0..59');
  if (micro < 0 || micro > 999999) throw new JinjaError('microsecond must be in 0..999999');
  return new PyDateTime(Date.UTC(year!, month! - 1, day!, hour, minute, second), micro, tz);
}

/** Python's check that year, month and day were given (positionally or by keyword). */
function required(what: string, a: Record<string, unknown>, names: readonly string[]): number[] {
  return names.map((name, i) => {
    if (a[name] === undefined) throw new JinjaError(`${what} missing required argument '${name}' (pos ${i + 1})`);
    return num(a[name] as number);
  });
}

const DATETIME_PARAMS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo', 'fold'];

/** datetime.fromisoformat: date, optional time with fraction, optional offset ('Z' as well, as Python 3.11+). */
function fromisoformat(text: unknown): PyDateTime {
  const s = str(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?(?:(Z)|([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?)?)?$/.exec(s);
  if (!m) throw new JinjaError(`Invalid isoformat string: ${JSON.stringify(s)}`);
  const n = (i: number) => Number(m[i] ?? 0);
  const offset = m[8] ? 0 : m[9] ? (m[9] === '-' ? -1 : 1) * (n(10) * 3600 + n(11) * 60 + n(12)) : undefined;
  const micro = m[7] ? Number(m[7].padEnd(6, '0')) : 0;
  return makeDateTime([n(1), n(2), n(3), n(4), n(5), n(6), micro], offset === undefined ? null : pythonTimezone(offset));
}

export function fromDate(now: Date): PyDateTime {
  return new PyDateTime(now.getTime() - now.getUTCMilliseconds(), now.getUTCMilliseconds() * 1000);
}

/** `datetime.strptime(text, format)` for the numeric directives dbt packages use. */
function strptime(text: unknown, format: unknown): PyDateTime {
  const fields: string[] = [];
  const pattern = str(format).replace(/%([YmdHMSfy%])|([.*+?^${}()|[\]\\])/g, (_m, code: string | undefined, special: string | undefined) => {
    if (special) return `\\${special}`;
    if (code === '%') return '%';
    fields.push(code!);
    return code === 'Y' ? '(\\d{4})' : code === 'f' ? '(\\d{1,6})' : '(\\d{1,2})';
  });
  const m = new RegExp(`^${pattern}$`).exec(str(text));
  if (!m) throw new JinjaError(`time data ${JSON.stringify(str(text))} does not match format ${JSON.stringify(str(format))}`);
  const v: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
  fields.forEach((f, i) => {
    v[f === 'y' ? 'Y' : f] = f === 'y' ? 2000 + Number(m[i + 1]) - (Number(m[i + 1]) >= 69 ? 100 : 0) : f === 'f' ? Number(m[i + 1]!.padEnd(6, '0')) : Number(m[i + 1]);
  });
  return makeDateTime([v.Y!, v.m!, v.d!, v.H!, v.M!, v.S!, v.f!]);
}

/** The module; `now` is when this render started (dbt's templates see the clock, so renders that use it are not cached). */
export function datetimeModule(now: () => Date): Record<string, unknown> {
  const datetime = Object.assign((...args: unknown[]) => {
    const a = bind('datetime()', DATETIME_PARAMS, args);
    const [year, month, day] = required('datetime()', a, ['year', 'month', 'day']);
    const rest = ['hour', 'minute', 'second', 'microsecond'].map((k) => num((a[k] ?? 0) as number));
    return makeDateTime([year!, month!, day!, ...rest], toTzinfo(a.tzinfo));
  }, {
    // now(tz): the clock read in that zone, aware; now(): naive, in weir's clock's zone (UTC).
    now: (...args: unknown[]) => {
      const { tz } = bind('datetime.now()', ['tz'], args);
      return tz == null ? fromDate(now()) : fromDate(now()).localized(pythonTimezone(0)).astimezone(tz);
    },
    utcnow: () => fromDate(now()),
    today: () => fromDate(now()),
    strptime,
    fromisoformat,
  });
  const date = Object.assign((...args: unknown[]) => {
    const [y, m, d] = required('date()', bind('date()', ['year', 'month', 'day'], args), ['year', 'month', 'day']);
    return makeDate(y!, m!, d!);
  }, {
    today: () => fromDate(now()).date(),
    fromisoformat: (text: unknown) => strptime(text, '%Y-%m-%d').date(),
  });
  const timedelta = (...args: unknown[]) => {
    const a = bind('timedelta()', ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'], args);
    const n = (k: string) => num((a[k] ?? 0) as number);
    return new PyTimedelta(Math.round(((n('weeks') * 7 + n('days')) * 86400 + n('hours') * 3600 + n('minutes') * 60 + n('seconds')) * 1e6 + n('milliseconds') * 1000 + n('microseconds')));
  };
  const utc = pythonTimezone(0);
  const timezone = Object.assign((offset: unknown) => {
    if (!(offset instanceof PyTimedelta)) throw new JinjaError('timezone() argument 1 must be datetime.timedelta');
    return pythonTimezone(offset.micros / 1e6);
  }, { utc });
  return { datetime, date, timedelta, timezone };
}
