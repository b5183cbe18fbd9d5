// File: web/src/api.ts
// The one place that knows the server's HTTP API (docs/api.md): paths, query parameters,
// the CSRF header and the error shape. Pages call these functions and never build URLs.

export interface User { name: string; role: 'admin' | 'analyst' | 'viewer' | 'partner' }

export interface Alert {
  id: string; campaign_id: string; raised_at: number; severity: string; state: string;
  updated_at: number; run_id?: number;
}

export interface Account {
  id: string; platform: string; handle: string; automation_score: number; flagged: boolean;
  top_features: unknown; signals: Record<string, unknown>; run_id?: number; updated_at: number;
}

export interface Evidence {
  id: number; action: string; object: string; time_a: number; time_b: number;
  content_a: string; content_b: string;
}

export interface Edge {
  a: string; b: string; weight: number; weights: Record<string, number>; p_value: number | null;
  a_leads: number; b_leads: number; evidence?: Evidence[];
}

export interface ItemRef { kind: string; id: string }
export interface Item extends ItemRef { score: number; ranking: Record<string, unknown>; flagged: boolean }

export interface Review {
  id: number; target_kind: string; target_id: string; decision: string; note: string;
  user: string; created_at: number;
}

export interface Campaign {
  id: string; score: number; start: number; end: number; reach: number;
  utc_offset_hours: number | null; techniques: string[]; summary_en: string; summary_ja: string;
  signals: Record<string, unknown>; members: string[]; items: ItemRef[];
}

export interface CampaignPage {
  campaign: Campaign; accounts: Account[]; items: Item[]; edges: Edge[]; alerts: Alert[];
  reviews: Review[]; notes: unknown[]; share: { tlp: string } | null;
}

export interface AccountPage {
  account: Account; edges: Edge[]; groups: string[]; daily_activity: unknown;
}

export interface SearchHit { kind: string; id: string; label: string; score: number }
export interface AuditEntry {
  id: number; user: string; action: string; object_kind: string; object_id: string; at: number;
  detail: unknown;
}

/** An error answer of the API: HTTP status plus its `error.code` and message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

/** `GET /api/health` (docs/api.md); `ingest` is there when the server takes ingest. */
export interface Health {
  status: string; error?: string;
  ingest?: { events: number; queued_batches: number; failing_writes: number; refused_from?: number };
}

let csrf = '';

/** The CSRF token of the session (kept in memory; `me()` refreshes it after a reload). */
export function csrfToken(): string { return csrf; }

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf !== '') headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try { json = text === '' ? null : JSON.parse(text); } catch { /* not JSON */ }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'http_' + res.status, err?.message ?? res.statusText);
  }
  return json as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : '?' + s;
}

export async function login(user: string, password: string): Promise<User> {
  const r = await call<{ user: User; csrf: string }>('POST', '/api/login', { user, password });
  csrf = r.csrf;
  return r.user;
}

export async function logout(): Promise<void> {
  try { await call('POST', '/api/logout', {}); } finally { csrf = ''; }
}

/** The logged-in user, or null when there is no session. */
export async function me(): Promise<User | null> {
  try {
    const r = await call<User & { csrf?: string }>('GET', '/api/me');
    if (r.csrf) csrf = r.csrf;
    return { name: r.name, role: r.role };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** The server's health, also when it answers 503 (store not readable) with the same body. */
export async function health(): Promise<Health> {
  const res = await fetch('/api/health', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const json = await res.json().catch(() => null) as Health | null;
  return json ?? { status: res.ok ? 'ok' : 'degraded', error: res.statusText };
}

export function alerts(p: { since?: number; severity?: string[]; state?: string[]; limit?: number; cursor?: string }) {
  return call<{ alerts: Alert[]; next_cursor: string }>('GET', '/api/alerts' + query({
    since: p.since, severity: p.severity?.join(','), state: p.state?.join(','), limit: p.limit, cursor: p.cursor,
  }));
}

export function campaigns(limit = 100) {
  return call<{ campaigns: (Campaign & { member_count: number; item_count: number })[] }>('GET', '/api/campaigns' + query({ limit }));
}

export function campaign(id: string, evidenceLimit = 2000) {
  return call<CampaignPage>('GET', `/api/campaigns/${encodeURIComponent(id)}` + query({ evidence_limit: evidenceLimit }));
}

export function account(id: string) {
  return call<AccountPage>('GET', `/api/accounts/${encodeURIComponent(id)}`);
}

export function item(kind: string, id: string) {
  return call<{ item: Item; notes: unknown[] }>('GET', `/api/items/${encodeURIComponent(kind)}:${encodeURIComponent(id)}`);
}

export function search(q: string, field: string, limit = 50) {
  return call<{ hits: SearchHit[] }>('GET', '/api/search' + query({ q, field, limit }));
}

export function review(target_kind: 'campaign' | 'alert', target_id: string, decision: string, note: string) {
  return call<{ review: Review }>('POST', '/api/reviews', { target_kind, target_id, decision, note });
}

export function audit(p: { user?: string; since?: number; limit?: number; cursor?: string }) {
  return call<{ entries: AuditEntry[]; next_cursor: string }>('GET', '/api/audit' + query(p));
}

/** Server-sent alert stream. Returns a function that closes it. `onState` reports
 *  'live' while connected and 'down' after an error (EventSource retries by itself). */
export function stream(onAlert: (a: Alert) => void, onState: (s: 'live' | 'down') => void): () => void {
  if (typeof EventSource === 'undefined') { onState('down'); return () => {}; }
  const es = new EventSource('/api/stream', { withCredentials: true });
  es.addEventListener('open', () => onState('live'));
  es.addEventListener('error', () => onState('down'));
  es.addEventListener('alert', (ev) => {
    try { onAlert(JSON.parse((ev as MessageEvent).data) as Alert); } catch { /* ignore a bad frame */ }
  });
  return () => es.close();
}
