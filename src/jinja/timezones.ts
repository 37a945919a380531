/**
 * Time zones as dbt's templates see them: pytz zones (`modules.pytz.timezone(name)`, `pytz.utc`) and
 * the fixed offsets a datetime carries (`datetime.timezone`, what `fromisoformat` parses). Offsets come
 * from the IANA data Node ships (Intl), rounded to whole minutes as pytz rounds them.
 */
import { bind } from './arguments.js';
import { JinjaError } from './errors.js';
import { str } from './values.js';

const DAY_MS = 86400000;
/** Locales whose short zone names spell tz database abbreviations (en-GB: CEST, BST; en-IN: IST; en-AU: AEST; ja-JP: JST). */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'ja-JP'];

/** The tzinfo a datetime holds: one offset (pytz attaches one per datetime too). */
export class FixedOffset {
  private named?: string;
  constructor(
    /** What str(tzinfo) prints: the zone's name for pytz, 'UTC' or 'UTC+02:00' for datetime.timezone. */
    readonly label: string,
    readonly seconds: number,
    /** strftime('%Z'): PDT, LMT, UTC... (looked up only when asked). */
    private readonly abbreviation: string | (() => string),
  ) {}
  get abbrev(): string {
    this.named ??= typeof this.abbreviation === 'string' ? this.abbreviation : this.abbreviation();
    return this.named;
  }
  get zone(): string {
    return this.label;
  }
  tzname(): string {
    return this.abbrev;
  }
  toString(): string {
    return this.label;
  }
}

/** `+HH:MM` as Python prints an offset (`sep` '' for strftime's %z). */
export function formatOffset(seconds: number, sep = ':'): string {
  const abs = Math.abs(seconds);
  const hm = `${String(Math.floor(abs / 3600)).padStart(2, '0')}${sep}${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}`;
  return `${seconds < 0 ? '-' : '+'}${hm}${abs % 60 ? `${sep}${String(abs % 60).padStart(2, '0')}` : ''}`;
}

/** `datetime.timezone(offset)`'s fixed zone: str() is 'UTC' at zero, else 'UTC+02:00'. */
export function pythonTimezone(seconds: number): FixedOffset {
  const label = seconds === 0 ? 'UTC' : `UTC${formatOffset(seconds)}`;
  return new FixedOffset(label, seconds, label);
}

/** A pytz zone: `localize()` picks the offset in force at a wall time; as a tzinfo it is its first (LMT) offset. */
export class PytzZone {
  private offsets?: Intl.DateTimeFormat;
  private readonly names = new Map<string, Intl.DateTimeFormat>();
  constructor(readonly zone: string) {}
  /** pytz.timezone(name): an unknown name fails where it is named. Formatters are made only when a zone is used. */
  static named(zone: string): PytzZone {
    const found = new PytzZone(zone);
    try {
      found.formatter();
    } catch {
      throw new JinjaError(`UnknownTimeZoneError: '${zone}' is not a time zone pytz knows`);
    }
    return found;
  }
  private formatter(): Intl.DateTimeFormat {
    this.offsets ??= new Intl.DateTimeFormat('en-US', { timeZone: this.zone, timeZoneName: 'longOffset' });
    return this.offsets;
  }
  /** The offset in force at a UTC instant, in seconds rounded to the minute (pytz's rounding). */
  offsetAt(instantMs: number): number {
    const name = this.formatter().formatToParts(new Date(instantMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name);
    if (!m) return 0;
    const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
    return (m[1] === '-' ? -1 : 1) * Math.round(seconds / 60) * 60;
  }
  /**
   * The tz database's abbreviation (CEST, IST, -03). Intl knows each only in some locales' names, so
   * those are asked in turn; a zone without a lettered one is numbered, as the tz database does.
   */
  private abbrevAt(instantMs: number, seconds: number): string {
    if (this.zone === 'UTC' || this.zone === 'Etc/UTC') return 'UTC';
    for (const locale of ABBREVIATION_LOCALES) {
      let format = this.names.get(locale);
      if (!format) this.names.set(locale, (format = new Intl.DateTimeFormat(locale, { timeZone: this.zone, timeZoneName: 'short' })));
      const name = format.formatToParts(new Date(instantMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
      if (/^[A-Z]{2,5}$/.test(name)) return name;
    }
    return formatOffset(seconds, '').replace(/00$/, '');
  }
  /** The fixed offset for a UTC instant (what astimezone and fromutc attach). */
  atInstant(instantMs: number): FixedOffset {
    const seconds = this.offsetAt(instantMs);
    return new FixedOffset(this.zone, seconds, () => this.abbrevAt(instantMs, seconds));
  }
  /** What `datetime(..., tzinfo=zone)` attaches: pytz's first offset, local mean time for most zones. */
  get initial(): FixedOffset {
    const early = Date.UTC(1800, 0, 1);
    const seconds = this.offsetAt(early);
    const abbrev = this.zone === 'UTC' || this.zone === 'Etc/UTC' ? 'UTC' : seconds % 3600 === 0 ? () => this.abbrevAt(early, seconds) : 'LMT';
    return new FixedOffset(this.zone, seconds, abbrev);
  }
  /**
   * The offset for a wall time (given as if UTC): pytz's localize(dt, is_dst=False) takes standard
   * time where the wall time is ambiguous or skipped.
   */
  atWallTime(wallMs: number, isDst = false): FixedOffset {
    const before = this.offsetAt(wallMs - DAY_MS);
    const after = this.offsetAt(wallMs + DAY_MS);
    const fits = (o: number) => this.offsetAt(wallMs - o * 1000) === o;
    const candidates = [...new Set([before, after])].filter(fits);
    let seconds: number;
    if (candidates.length === 1) seconds = candidates[0]!;
    else if (candidates.length === 0) seconds = isDst ? after : before;
    else seconds = isDst ? Math.max(...candidates) : Math.min(...candidates);
    return new FixedOffset(this.zone, seconds, () => this.abbrevAt(wallMs - seconds * 1000, seconds));
  }
  localize(dt: { localized(tz: FixedOffset): unknown; readonly tzinfo: unknown; readonly utc: number }, ...args: unknown[]): unknown {
    const a = bind('localize()', ['is_dst'], args);
    if (dt.tzinfo !== null) throw new JinjaError('ValueError: Not naive datetime (tzinfo is already set)');
    return dt.localized(this.atWallTime(dt.utc, a.is_dst === true));
  }
  /** pytz's normalize(dt): the same instant with the offset in force in this zone. */
  normalize(dt: { astimezone(tz: unknown): unknown }): unknown {
    return dt.astimezone(this);
  }
  toString(): string {
    return this.zone;
  }
}

export function pytzModule(): Record<string, unknown> {
  const utc = new PytzZone('UTC');
  return { timezone: (name: unknown) => (str(name) === 'UTC' ? utc : PytzZone.named(str(name))), utc, UTC: utc };
}
