// File: web/src/pages/account.ts
// The account page: automation score and its explanation (top features with signed
// contributions), the hour x weekday (or hour x weekdays/weekend) activity heat map in the
// analyst's time zone, groups, and the coordination edges touching the account (its evidence).

import * as api from '../api';
import { chart } from '../charts';
import { h, table } from '../dom';
import { t } from '../i18n';
import { groupColour, topContributions } from '../logic';
import { state } from '../state';
import { activityFromSignal, formatTime } from '../time';

export async function renderAccount(root: HTMLElement, id: string): Promise<() => void> {
  const page = await api.account(id);
  const a = page.account;
  const disposers: (() => void)[] = [];
  root.append(h('section', { class: 'card' },
    h('h1', {}, `${t('account')} ${a.handle ? '@' + a.handle : ''} `, h('small', {}, `${a.platform}:${a.id}`)),
    h('div', { class: 'facts' },
      h('span', {}, `${t('score')}: `, h('b', { id: 'account-score' }, a.automation_score.toFixed(3))),
      a.flagged ? h('span', { class: 'sev', style: 'background:#b71c1c' }, t('flagged')) : null,
      h('span', {}, `${t('time')}: ${formatTime(a.updated_at, state.tz)}`)),
    h('h2', {}, t('groups')),
    h('div', { id: 'account-groups' }, ...page.groups.map((g) => h('span', { class: 'tag', style: `border-color:${groupColour(g)}` }, g)))));

  const contrib = topContributions(a.top_features);
  const explEl = h('div', { class: 'chart', id: 'explanation' });
  root.append(h('section', { class: 'card' }, h('h2', {}, t('explanation')), explEl));
  const rows = [...contrib].reverse();
  const expl = chart(explEl, {
    animation: false, tooltip: {}, grid: { left: 180, right: 30 },
    xAxis: { type: 'value', name: t('contribution') },
    yAxis: { type: 'category', data: rows.map((c) => c.feature) },
    series: [{ type: 'bar', data: rows.map((c) => ({ value: c.contribution, itemStyle: { color: c.contribution >= 0 ? '#c62828' : '#1565c0' } })) }],
  });
  disposers.push(expl.dispose);
  // For the end-to-end test: the charts as drawn.
  window.__sakimori = { explanation: expl.instance };

  const heatEl = h('div', { class: 'chart', id: 'heatmap' });
  root.append(h('section', { class: 'card' }, h('h2', {}, t('heatmap'), ` (${state.tz})`), heatEl));
  const m = activityFromSignal(page.daily_activity ?? (a.signals as Record<string, unknown>)?.daily_activity, state.tz, a.updated_at);
  if (m) {
    const data: [number, number, number][] = [];
    let max = 1;
    m.forEach((row, d) => row.forEach((c, hr) => { data.push([hr, d, c]); max = Math.max(max, c); }));
    const split = m.length === 2;  // the engine's clock: weekdays and weekend, not 7 days
    if (split) heatEl.after(h('p', { class: 'hint', id: 'heatmap-note' }, t('heatmap_split')));
    const heat = chart(heatEl, {
      animation: false, tooltip: {}, grid: { left: split ? 90 : 50, bottom: 70 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, i) => String(i)) },
      yAxis: { type: 'category', inverse: true,
        data: split ? [t('weekdays'), t('weekend')] : Array.from({ length: 7 }, (_, i) => t('weekday_' + i)) },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
      series: [{ type: 'heatmap', data }],
    });
    disposers.push(heat.dispose);
    window.__sakimori.heatmap = heat.instance;
  } else {
    heatEl.replaceWith(h('p', { class: 'hint', id: 'heatmap' }, '—'));
  }

  root.append(h('section', { class: 'card' }, h('h2', {}, t('evidence')),
    table(['A', 'B', 'weight', 'A→', 'B→', 'p'], page.edges.map((e) => [
      h('a', { href: `#/account/${encodeURIComponent(e.a)}` }, e.a), h('a', { href: `#/account/${encodeURIComponent(e.b)}` }, e.b),
      e.weight.toFixed(2), e.a_leads, e.b_leads, e.p_value === null ? '' : e.p_value.toExponential(2)]), { id: 'account-edges' })));
  return () => { for (const d of disposers) d(); delete window.__sakimori; };
}
