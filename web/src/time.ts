// File: web/src/time.ts
// Time-zone aware formatting and the hour x weekday (or hour x weekday/weekend) activity matrix. Pure functions: every
// instant is milliseconds since the epoch (UTC), as the API returns it; the zone is an IANA
// name chosen by the analyst (Asia/Tokyo by default).

export const DEFAULT_TZ = 'Asia/Tokyo';
export const TIME_ZONES = ['Asia/Tokyo', 'UTC', 'Europe/London', 'Europe/Paris', 'America/New_York', 'Asia/Seoul', 'Asia/Shanghai', 'Europe/Moscow'];

/** Formats `ms` as "YYYY-MM-DD HH:mm:ss" in `tz` (no locale-dependent order). */
export function formatTime(ms: number, tz: string): string {
  const p = parts(ms, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

interface Parts { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar fields of `ms` in `tz`; weekday 0 = Monday ... 6 = Sunday. */
export function parts(ms: number, tz: string): Parts {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    });
    formatters.set(tz, f);
  }
  const out: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) out[part.type] = part.value;
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    year: Number(out.year), month: Number(out.month), day: Number(out.day),
    hour: Number(out.hour) % 24, minute: Number(out.minute), second: Number(out.second),
    weekday: weekdays.indexOf(out.weekday),
  };
}

/** Offset of `tz` from UTC at instant `ms`, in minutes (Tokyo: +540). */
export function offsetMinutes(ms: number, tz: string): number {
  const p = parts(ms, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** 7 x 24 matrix [weekday Mon..Sun][hour] counting the instants `times` in `tz`. */
export function activityMatrix(times: number[], tz: string): number[][] {
  const m = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const t of times) {
    const p = parts(t, tz);
    m[p.weekday][p.hour] += 1;
  }
  return m;
}

/**
 * Re-bins a UTC hour-of-week histogram (168 counts, index = weekday*24 + hour with weekday
 * 0 = Monday, UTC) into `tz`, using the zone's offset at `at` (whole hours; a half-hour
 * zone is rounded down).
 */
export function shiftHourOfWeek(utcCounts: number[], tz: string, at: number): number[][] {
  const shift = Math.floor(offsetMinutes(at, tz) / 60);
  const m = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  utcCounts.forEach((c, i) => {
    const j = (((i + shift) % 168) + 168) % 168;
    m[Math.floor(j / 24)][j % 24] += c;
  });
  return m;
}

/** Parses an ISO 8601 string or passes a number through; undefined for anything else. */
export function toMs(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v !== '') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/**
 * The engine's activity clock as a 2 x 24 matrix [weekdays, weekend][hour in `tz`]: the UTC hour
 * counts of each row moved by the zone's offset at `at` (whole hours; a half-hour zone is rounded
 * down). The rows keep the engine's day split (the monitored country's calendar), so an hour
 * that crosses midnight in `tz` stays in its row.
 */
export function shiftDailyHours(utcWeekday: number[], utcWeekend: number[], tz: string, at: number): number[][] {
  const shift = Math.floor(offsetMinutes(at, tz) / 60);
  return [utcWeekday, utcWeekend].map((row) => {
    const out = new Array<number>(24).fill(0);
    row.forEach((c, hr) => { out[(((hr + shift) % 24) + 24) % 24] += Number(c) || 0; });
    return out;
  });
}

const hours24 = (v: unknown): v is number[] => Array.isArray(v) && v.length === 24 && v.every((x) => typeof x === 'number');

/**
 * The account's daily-activity signal as a matrix in `tz`: [weekday Mon..Sun][hour] (7 rows),
 * or [weekdays, weekend][hour] (2 rows) for the engine's activity clock. Accepts
 * {utc_weekday: 24 counts, utc_weekend: 24 counts} (UTC hours; weekdays and weekend days of the
 * monitored country, what `analyze` and `serve --analyze` store), {tz_offset_hours, hours: 7x24
 * (rows Monday first, in that offset)}, a flat 168-count UTC hour-of-week array, or a list of
 * event instants (ms). Null otherwise.
 */
export function activityFromSignal(v: unknown, tz: string, at: number): number[][] | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v) && v.length === 168 && v.every((x) => typeof x === 'number')) return shiftHourOfWeek(v, tz, at);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return activityMatrix(v, tz);
  if (typeof v === 'object' && !Array.isArray(v) && ('utc_weekday' in v || 'utc_weekend' in v)) {
    const o = v as { utc_weekday?: unknown; utc_weekend?: unknown };
    if (!hours24(o.utc_weekday) || !hours24(o.utc_weekend)) return null;
    return shiftDailyHours(o.utc_weekday, o.utc_weekend, tz, at);
  }
  if (typeof v === 'object' && Array.isArray((v as Record<string, unknown>).hours)) {
    const o = v as { hours: unknown[]; tz_offset_hours?: number };
    const rows = o.hours;
    if (rows.length !== 7 || !rows.every((r) => Array.isArray(r) && r.length === 24)) return null;
    const off = Math.round(Number(o.tz_offset_hours ?? 0));
    const utc = new Array<number>(168).fill(0);
    (rows as number[][]).forEach((r, d) => r.forEach((c, hr) => {
      const j = ((((d * 24 + hr - off) % 168) + 168) % 168);
      utc[j] += Number(c) || 0;
    }));
    return shiftHourOfWeek(utc, tz, at);
  }
  return null;
}
