// File: web/src/logic.ts
// Pure view logic shared by the pages: severity order and colours, the alert feed's merge and
// filters, amplifier composition, signed score contributions, group colours. No DOM here, so
// everything is unit-tested under Node.

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
export const STATES = ['open', 'acknowledged', 'confirmed', 'dismissed', 'closed'];

const SEVERITY_COLOURS: Record<string, string> = {
  critical: '#b71c1c', high: '#e65100', medium: '#f9a825', low: '#607d8b',
};

export function severityColour(s: string): string {
  return SEVERITY_COLOURS[s] ?? '#9e9e9e';
}

export function severityRank(s: string): number {
  const i = SEVERITIES.indexOf(s as Severity);
  return i < 0 ? SEVERITIES.length : i;
}

export interface AlertLike {
  id: number | string;
  raised_at: number;
  severity: string;
  state: string;
  updated_at?: number;
}

/** Feed order: newest first, then id ascending (the store's keyset order). */
export function compareAlerts(a: AlertLike, b: AlertLike): number {
  if (a.raised_at !== b.raised_at) return b.raised_at - a.raised_at;
  return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0;
}

/**
 * Merges `incoming` into `current` by id (an incoming alert replaces the one with its id: alerts
 * are updated as campaigns grow) and returns a new sorted list plus the ids that were new.
 */
export function mergeAlerts<T extends AlertLike>(current: T[], incoming: T[]): { list: T[]; added: Set<string> } {
  const byId = new Map<string, T>();
  for (const a of current) byId.set(String(a.id), a);
  const added = new Set<string>();
  for (const a of incoming) {
    if (!byId.has(String(a.id))) added.add(String(a.id));
    byId.set(String(a.id), a);
  }
  return { list: [...byId.values()].sort(compareAlerts), added };
}

export interface AlertFilter {
  severities: Set<string>; // empty = all
  states: Set<string>;     // empty = all
  sinceMs?: number;        // raised at or after
}

export function filterAlerts<T extends AlertLike>(alerts: T[], f: AlertFilter): T[] {
  return alerts.filter((a) =>
    (f.severities.size === 0 || f.severities.has(a.severity)) &&
    (f.states.size === 0 || f.states.has(a.state)) &&
    (f.sinceMs === undefined || a.raised_at >= f.sinceMs));
}

/** Time windows offered by the feed's filter, in hours (0 = all time). */
export const WINDOWS_HOURS = [0, 1, 6, 24, 24 * 7];

export interface Amplifier {
  account: string;
  automation_score?: number;
  coordinated?: boolean;      // member of a coordinated group
  created_at?: number;        // account creation, ms
  first_action?: number;      // when it engaged with the item, ms
}

export type AmplifierClass = 'automated' | 'coordinated' | 'new' | 'other';
export const AMPLIFIER_CLASSES: AmplifierClass[] = ['automated', 'coordinated', 'new', 'other'];

/** Thresholds of the composition: automation score >= 0.5, account younger than 30 days. */
export const AUTOMATED_THRESHOLD = 0.5;
export const NEW_ACCOUNT_DAYS = 30;

/**
 * Puts each amplifier in exactly one class, first match wins: automated-likely, then
 * coordinated, then new account (created < 30 days before it engaged), else other.
 */
export function classifyAmplifier(a: Amplifier): AmplifierClass {
  if ((a.automation_score ?? 0) >= AUTOMATED_THRESHOLD) return 'automated';
  if (a.coordinated) return 'coordinated';
  if (a.created_at !== undefined && a.first_action !== undefined &&
      a.first_action - a.created_at < NEW_ACCOUNT_DAYS * 86400000) return 'new';
  return 'other';
}

export function composition(amplifiers: Amplifier[]): Record<AmplifierClass, number> {
  const out: Record<AmplifierClass, number> = { automated: 0, coordinated: 0, new: 0, other: 0 };
  for (const a of amplifiers) out[classifyAmplifier(a)] += 1;
  return out;
}

export interface Contribution { feature: string; value?: number; contribution: number }

/** Normalises the API's top features ({name|feature, contribution|shap|weight} objects, or
 *  [name, contribution] pairs as the engine stores them) and orders them by absolute
 *  contribution, largest first; ties by name. */
export function topContributions(raw: unknown, limit = 12): Contribution[] {
  const list: Contribution[] = [];
  if (Array.isArray(raw)) {
    for (const r of raw) {
      if (r === null || typeof r !== 'object') continue;
      if (Array.isArray(r)) {
        if (r.length === 2 && typeof r[0] === 'string' && r[0] !== '' && typeof r[1] === 'number' && Number.isFinite(r[1])) {
          list.push({ feature: r[0], contribution: r[1] });
        }
        continue;
      }
      const o = r as Record<string, unknown>;
      const feature = String(o.feature ?? o.name ?? '');
      const c = Number(o.contribution ?? o.shap ?? o.weight ?? o.value);
      if (feature === '' || !Number.isFinite(c)) continue;
      list.push({ feature, contribution: c, value: typeof o.value === 'number' ? o.value : undefined });
    }
  } else if (raw !== null && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof v === 'number') list.push({ feature: k, contribution: v });
    }
  }
  list.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) ||
    (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  return list.slice(0, limit);
}

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#393b79'];

/** Stable colour for a group id (same id, same colour, on every page load). */
export function groupColour(group: string | number | undefined | null): string {
  if (group === undefined || group === null || group === '') return '#b0b0b0';
  const s = String(group);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Colours for the groups of one view: the largest group first, distinct while there are
 *  fewer groups than palette entries (then the hash colour). */
export function groupColours(sizes: Map<string, number>): Map<string, string> {
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(order.map(([g], i) => [g, g === '' ? '#b0b0b0' : i < PALETTE.length ? PALETTE[i] : groupColour(g)]));
}

/** Splits "T0049.003,T0084.001" (or an array) into technique ids. */
export function techniques(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter((s) => s !== '');
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return [];
}

/** Buckets event instants into fixed bins for a timeline: [[binStartMs, count], ...]. */
export function histogram(times: number[], binMs: number): [number, number][] {
  if (times.length === 0) return [];
  const counts = new Map<number, number>();
  for (const t of times) {
    const b = Math.floor(t / binMs) * binMs;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let b = keys[0]; b <= keys[keys.length - 1]; b += binMs) out.push([b, counts.get(b) ?? 0]);
  return out;
}

/** A bin width giving at most ~`maxBins` bins over [start, end]: 1 min .. 1 day steps. */
export function chooseBin(start: number, end: number, maxBins = 200): number {
  const steps = [10e3, 60e3, 300e3, 900e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 86400e3];
  for (const s of steps) if ((end - start) / s <= maxBins) return s;
  return steps[steps.length - 1];
}

export interface Engagement { account: string; action: string; object: string; time: number }

/**
 * The distinct actions behind a set of edges' evidence: each evidence row names two actions
 * (a at time_a, b at time_b) and one action appears in every edge its account has, so they
 * are deduplicated by (account, action, object, time). Sorted by time, then account.
 */
export function engagements(edges: { a: string; b: string; evidence?: { action: string; object: string; time_a: number; time_b: number }[] }[],
  object?: string): Engagement[] {
  const seen = new Map<string, Engagement>();
  for (const e of edges) for (const ev of e.evidence ?? []) {
    if (object !== undefined && ev.object !== object) continue;
    for (const [account, time] of [[e.a, ev.time_a], [e.b, ev.time_b]] as [string, number][]) {
      const key = `${account}\u0000${ev.action}\u0000${ev.object}\u0000${time}`;
      if (!seen.has(key)) seen.set(key, { account, action: ev.action, object: ev.object, time });
    }
  }
  return [...seen.values()].sort((x, y) => x.time - y.time || (x.account < y.account ? -1 : x.account > y.account ? 1 : 0));
}

/** What the store banner says for a health answer: nothing when all is well; `degraded` when
 *  the server cannot read its database; `refused` with the body number when the live analysis
 *  refused an ingested body (it and the later ones wait for the next start); `failing` with
 *  the failed attempts when the live analysis could not write its latest campaign state (it
 *  retries with the next ingest). */
export type StoreWarning =
  | { kind: 'degraded' } | { kind: 'refused'; body: number } | { kind: 'failing'; attempts: number };

export function storeWarning(
  h: { status: string; ingest?: { failing_writes?: number; refused_from?: number } } | null,
): StoreWarning | null {
  if (h === null) return null;
  if (h.status !== 'ok') return { kind: 'degraded' };
  const refused = h.ingest?.refused_from ?? 0;
  if (refused > 0) return { kind: 'refused', body: refused };
  const n = h.ingest?.failing_writes ?? 0;
  return n > 0 ? { kind: 'failing', attempts: n } : null;
}
