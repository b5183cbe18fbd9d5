// File: web/src/pages/alerts.ts
// The alert feed: backlog from GET /api/alerts, then live updates from the server-sent
// stream; while the stream is down it polls every 5 s. Filters by severity, state and time
// window are applied in the browser so a new alert appears (highlighted) without reload.

import * as api from '../api';
import { h, table } from '../dom';
import { t } from '../i18n';
import { filterAlerts, mergeAlerts, SEVERITIES, STATES, severityColour, WINDOWS_HOURS } from '../logic';
import { state } from '../state';
import { formatTime } from '../time';

const POLL_MS = 5000;

export async function renderAlerts(root: HTMLElement): Promise<() => void> {
  let alerts: api.Alert[] = [];
  let fresh = new Set<string>();
  const sev = new Set<string>();
  const st = new Set<string>();
  let windowHours = 0;

  const status = h('span', { class: 'stream-state', id: 'stream-state' }, t('loading'));
  const list = h('div', { id: 'alert-list' });
  const checks = (values: string[], set: Set<string>, name: string) => h('span', { class: 'filter' },
    ...values.map((v) => h('label', {}, h('input', { type: 'checkbox', name, value: v, onchange: (e: Event) => {
      if ((e.target as HTMLInputElement).checked) set.add(v); else set.delete(v);
      draw();
    } }), t(v))));
  const windowSel = h('select', { id: 'filter-window', onchange: (e: Event) => { windowHours = Number((e.target as HTMLSelectElement).value); draw(); } },
    ...WINDOWS_HOURS.map((w) => h('option', { value: w }, t('hours_' + w))));

  root.append(h('section', { class: 'card' },
    h('h1', {}, t('alerts'), ' ', status),
    h('div', { class: 'filters' },
      h('b', {}, t('severity')), checks(SEVERITIES, sev, 'severity'),
      h('b', {}, t('state')), checks(STATES, st, 'state'),
      h('b', {}, t('since')), windowSel),
    list));

  function draw(): void {
    // The window is relative to the newest alert's event time (results use event time only).
    const newest = alerts.length > 0 ? alerts[0].raised_at : 0;
    const shown = filterAlerts(alerts, { severities: sev, states: st, sinceMs: windowHours > 0 ? newest - windowHours * 3600e3 : undefined });
    list.replaceChildren(table([t('severity'), t('raised'), t('campaign'), t('state'), 'ID'],
      shown.map((a) => [
        h('span', { class: 'sev', style: `background:${severityColour(a.severity)}` }, t(a.severity)),
        formatTime(a.raised_at, state.tz),
        h('a', { href: `#/campaign/${encodeURIComponent(a.campaign_id)}` }, a.campaign_id),
        t(a.state),
        h('span', {}, a.id, fresh.has(a.id) ? h('span', { class: 'badge-new' }, t('new_alert')) : null),
      ]), { id: 'alerts-table', class: 'feed' }));
    list.querySelectorAll('tbody tr').forEach((tr, i) => {
      tr.setAttribute('data-alert-id', shown[i].id);
      tr.setAttribute('data-severity', shown[i].severity);
      if (fresh.has(shown[i].id)) tr.classList.add('fresh');
    });
  }

  function add(incoming: api.Alert[], markNew: boolean): void {
    const r = mergeAlerts(alerts, incoming);
    alerts = r.list;
    if (markNew) for (const id of r.added) fresh.add(id);
    draw();
  }

  const first = await api.alerts({ limit: 500 });
  add(first.alerts, false);

  let timer: number | undefined;
  const poll = async () => {
    try { add((await api.alerts({ limit: 100 })).alerts, true); } catch { /* keep polling */ }
  };
  const setMode = (mode: 'live' | 'down') => {
    status.textContent = mode === 'live' ? '● ' + t('live') : '○ ' + t('polling');
    status.className = 'stream-state ' + mode;
    if (mode === 'down' && timer === undefined) timer = window.setInterval(poll, POLL_MS);
    if (mode === 'live' && timer !== undefined) { window.clearInterval(timer); timer = undefined; void poll(); }
  };
  const close = api.stream((a) => add([a], true), setMode);
  return () => { close(); if (timer !== undefined) window.clearInterval(timer); fresh = new Set(); };
}
