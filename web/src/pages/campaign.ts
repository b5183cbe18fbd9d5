// File: web/src/pages/campaign.ts
// The campaign page: summary, DISARM techniques, signals, engagement timeline (the shared
// actions of the evidence, binned), the coordinated-account network (click an edge for its
// evidence), the amplified items as targets, the members, and the review panel.

import * as api from '../api';
import { chart } from '../charts';
import { h, table } from '../dom';
import { lang, t } from '../i18n';
import { chooseBin, engagements, groupColours, histogram, severityColour, techniques } from '../logic';
import { components, drawNetwork, type NetworkView } from '../network';
import { canReview, state } from '../state';
import { formatTime } from '../time';

declare global { interface Window { __sakimori?: Record<string, unknown> } }

function signalRows(signals: Record<string, unknown>): (string | HTMLElement)[][] {
  return Object.entries(signals ?? {}).map(([k, v]) => {
    let conf = '';
    let detail: string = typeof v === 'string' ? v : JSON.stringify(v);
    if (typeof v === 'number' && v >= 0 && v <= 1) { conf = v.toFixed(2); detail = ''; }
    if (v !== null && typeof v === 'object' && 'confidence' in (v as object)) {
      const c = Number((v as Record<string, unknown>).confidence);
      conf = Number.isFinite(c) ? c.toFixed(2) : '';
      const rest = { ...(v as Record<string, unknown>) };
      delete rest.confidence;
      detail = JSON.stringify(rest);
    }
    return [k, conf, h('code', {}, detail)];
  });
}

export async function renderCampaign(root: HTMLElement, id: string): Promise<() => void> {
  const page = await api.campaign(id);
  const c = page.campaign;
  const disposers: (() => void)[] = [];

  const accounts = new Map(page.accounts.map((a) => [a.id, a]));
  const comp = components(c.members, page.edges);
  const groupOf = (acc: string): string => {
    const g = (accounts.get(acc)?.signals as Record<string, unknown> | undefined)?.groups;
    if (Array.isArray(g) && g.length > 0) return String(g[0]);
    return comp.get(acc) ?? '';
  };
  const nodeIds = new Set<string>(c.members);
  for (const e of page.edges) { nodeIds.add(e.a); nodeIds.add(e.b); }

  const summary = lang() === 'ja' ? (c.summary_ja || c.summary_en) : (c.summary_en || c.summary_ja);
  root.append(h('section', { class: 'card' },
    h('h1', {}, `${t('campaign')} ${c.id}`, page.share ? h('span', { class: 'tlp' }, `TLP:${page.share.tlp.toUpperCase()}`) : null),
    h('div', { class: 'facts' },
      h('span', {}, `${t('score')}: `, h('b', { id: 'campaign-score' }, c.score.toFixed(2))),
      h('span', {}, `${t('span')}: ${formatTime(c.start, state.tz)} – ${formatTime(c.end, state.tz)} (${state.tz})`),
      h('span', {}, `${t('reach')}: ${c.reach.toLocaleString()}`),
      h('span', {}, `${t('members')}: ${c.members.length}`),
      c.utc_offset_hours !== null && c.utc_offset_hours !== undefined ? h('span', {}, `UTC${c.utc_offset_hours >= 0 ? '+' : ''}${c.utc_offset_hours}`) : null),
    h('h2', {}, t('summary')), h('p', { id: 'campaign-summary' }, summary),
    h('h2', {}, t('techniques')),
    h('div', { id: 'techniques' }, ...techniques(c.techniques).map((x) => h('span', { class: 'tag' }, x))),
    page.alerts.length > 0 ? h('div', { class: 'facts' }, ...page.alerts.map((a) =>
      h('span', { class: 'sev', style: `background:${severityColour(a.severity)}` }, `${a.id} ${t(a.severity)} · ${t(a.state)}`))) : null,
  ));

  // Timeline: every shared action of the evidence (both sides), binned, one series per action.
  const byAction = new Map<string, number[]>();
  for (const g of engagements(page.edges)) {
    if (!byAction.has(g.action)) byAction.set(g.action, []);
    byAction.get(g.action)!.push(g.time);
  }
  const timelineEl = h('div', { class: 'chart', id: 'timeline' });
  root.append(h('section', { class: 'card' }, h('h2', {}, t('timeline')), timelineEl));
  const all = [...byAction.values()].flat();
  const bin = chooseBin(Math.min(c.start, ...all), Math.max(c.end, ...all));
  const tc = chart(timelineEl, {
    animation: false,
    tooltip: { trigger: 'axis' }, legend: {},
    xAxis: { type: 'time', axisLabel: { formatter: (v: number) => formatTime(v, state.tz).slice(5, 16) } },
    yAxis: { type: 'value' }, dataZoom: [{ type: 'inside' }],
    series: [...byAction.entries()].sort().map(([action, times]) => ({
      name: action, type: 'bar', stack: 'all', barMaxWidth: 24, data: histogram(times, bin),
    })),
  });
  disposers.push(tc.dispose);

  // Network.
  const netEl = h('div', { class: 'network', id: 'network' });
  const evidenceEl = h('div', { id: 'edge-evidence' }, h('p', { class: 'hint' }, t('evidence_hint')));
  const legend = h('div', { class: 'legend', id: 'network-legend' });
  root.append(h('section', { class: 'card' },
    h('h2', {}, t('network'), ' ', h('small', { id: 'network-size' }, `${nodeIds.size} ${t('nodes')} · ${page.edges.length} ${t('edges')}`)),
    legend, netEl, h('h3', {}, t('evidence')), evidenceEl));
  const edgeIndex = new Map(page.edges.map((e) => [`${e.a}\u0000${e.b}`, e]));
  const showEdge = (a: string, b: string) => {
    const e = edgeIndex.get(`${a}\u0000${b}`) ?? edgeIndex.get(`${b}\u0000${a}`);
    if (!e) return;
    const label = (x: string) => accounts.get(x)?.handle || x;
    evidenceEl.replaceChildren(
      h('p', { id: 'edge-title' }, h('a', { href: `#/account/${encodeURIComponent(e.a)}` }, `A: ${label(e.a)}`), ' — ',
        h('a', { href: `#/account/${encodeURIComponent(e.b)}` }, `B: ${label(e.b)}`),
        ` · weight ${e.weight.toFixed(2)} · A first ${e.a_leads}, B first ${e.b_leads}`,
        e.p_value !== null ? ` · p=${e.p_value.toExponential(2)}` : ''),
      table([t('action'), t('object'), t('time_a'), t('time_b'), 'Δ s', 'A', 'B'],
        (e.evidence ?? []).map((ev) => [ev.action, ev.object, formatTime(ev.time_a, state.tz), formatTime(ev.time_b, state.tz),
          ((ev.time_b - ev.time_a) / 1000).toFixed(0), ev.content_a, ev.content_b]), { id: 'evidence-table' }));
  };
  const groupSizes = new Map<string, number>();
  for (const n of nodeIds) groupSizes.set(groupOf(n), (groupSizes.get(groupOf(n)) ?? 0) + 1);
  const colours = groupColours(groupSizes);
  const nodes = [...nodeIds].sort().map((n) => ({
    id: n, label: accounts.get(n)?.handle || n, group: groupOf(n), colour: colours.get(groupOf(n))!,
    score: accounts.get(n)?.automation_score ?? 0,
  }));
  legend.append(...[...groupSizes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([g, k]) =>
    h('span', { class: 'key' }, h('i', { style: `background:${colours.get(g)}` }), `${g} (${k})`)));
  let view: NetworkView | undefined;
  if (nodes.length > 0) {
    view = drawNetwork(netEl, { nodes, edges: page.edges }, showEdge, (n) => { location.hash = `#/account/${encodeURIComponent(n)}`; });
    disposers.push(view.kill);
  }
  window.__sakimori = { graph: view?.graph, renderer: view?.renderer, networkRenderMs: view?.renderMs, showEdge };

  // Strongest edges as a list too (keyboard and screen-reader access to the evidence).
  root.append(h('section', { class: 'card' }, h('h2', {}, t('strongest_edges')),
    table(['A', 'B', 'weight', t('evidence')], page.edges.slice(0, 20).map((e) => [
      accounts.get(e.a)?.handle || e.a, accounts.get(e.b)?.handle || e.b, e.weight.toFixed(2),
      h('button', { class: 'link', onclick: () => showEdge(e.a, e.b) }, String(e.evidence?.length ?? 0)),
    ]), { id: 'edge-list' })));

  // Targets (amplified items), signals, members.
  root.append(h('section', { class: 'card' }, h('h2', {}, t('targets')),
    table([t('item'), t('score'), t('flagged')], page.items.map((it) => [
      h('a', { href: `#/item/${encodeURIComponent(it.kind + ':' + it.id)}?campaign=${encodeURIComponent(c.id)}` }, `${it.kind}: ${it.id}`),
      it.score.toFixed(2), it.flagged ? '✓' : '']), { id: 'targets' })));
  root.append(h('section', { class: 'card' }, h('h2', {}, t('signals')),
    table([t('signals'), t('confidence'), t('detail')], signalRows(c.signals), { id: 'signals' })));
  const topAccounts = [...page.accounts].sort((a, b) => b.automation_score - a.automation_score || (a.id < b.id ? -1 : 1)).slice(0, 50);
  root.append(h('section', { class: 'card' }, h('h2', {}, t('members'), ` (${c.members.length})`),
    table([t('account'), t('handle'), t('score'), t('groups')], topAccounts.map((a) => [
      h('a', { href: `#/account/${encodeURIComponent(a.id)}` }, a.id), a.handle, a.automation_score.toFixed(2), groupOf(a.id)]), { id: 'members' })));

  root.append(reviewPanel(page));
  return () => { for (const d of disposers) d(); delete window.__sakimori; };
}

function reviewPanel(page: api.CampaignPage): HTMLElement {
  const list = h('div', { id: 'review-list' });
  const drawReviews = (reviews: api.Review[]) => list.replaceChildren(reviews.length === 0 ? h('p', { class: 'hint' }, '—') :
    table([t('time'), t('user'), t('review'), t('note')], reviews.map((r) => [
      formatTime(r.created_at, state.tz), r.user, h('span', { class: 'decision ' + r.decision }, t(r.decision)), r.note])));
  drawReviews(page.reviews);
  const section = h('section', { class: 'card', id: 'review-panel' }, h('h2', {}, t('review')), list);
  if (!canReview()) {
    section.append(h('p', { class: 'hint', id: 'review-readonly' }, t('readonly')));
    return section;
  }
  const note = h('textarea', { id: 'review-note', rows: 2, placeholder: t('note') });
  const err = h('div', { class: 'error', hidden: true, id: 'review-error' });
  const send = async (decision: string) => {
    err.hidden = true;
    try {
      await api.review('campaign', page.campaign.id, decision, note.value);
      note.value = '';
      drawReviews((await api.campaign(page.campaign.id, 1)).reviews);
    } catch (x) { err.hidden = false; err.textContent = String((x as Error).message); }
  };
  section.append(h('div', { class: 'review-form' }, note,
    ...['confirm', 'dismiss', 'needs_more'].map((d) => h('button', { id: 'review-' + d, onclick: () => { void send(d); } }, t(d)))), err);
  return section;
}
