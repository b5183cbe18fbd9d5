// File: web/src/pages/item.ts
// The item page: an amplified post, URL, hashtag or narrative. Its engagement curve and the
// composition of its amplifiers (automated-likely / coordinated / new accounts / other) come
// from the item's ranking when the engine stores them there, otherwise from the evidence of
// the campaign it was opened from (?campaign=ID).

import * as api from '../api';
import { chart } from '../charts';
import { h, table } from '../dom';
import { t } from '../i18n';
import { AMPLIFIER_CLASSES, chooseBin, composition, engagements, histogram, type Amplifier } from '../logic';
import { state } from '../state';
import { formatTime, toMs } from '../time';

export async function renderItem(root: HTMLElement, ref: string, campaignId: string): Promise<() => void> {
  const sep = ref.indexOf(':');
  const kind = ref.slice(0, sep), id = ref.slice(sep + 1);
  const page = await api.item(kind, id);
  const it = page.item;
  const disposers: (() => void)[] = [];
  root.append(h('section', { class: 'card' },
    h('h1', {}, `${t('item')}: ${it.kind} `, h('code', {}, it.id)),
    h('div', { class: 'facts' }, h('span', {}, `${t('score')}: `, h('b', {}, it.score.toFixed(2))),
      it.flagged ? h('span', { class: 'sev', style: 'background:#b71c1c' }, t('flagged')) : null,
      campaignId ? h('a', { href: `#/campaign/${encodeURIComponent(campaignId)}` }, `${t('campaign')} ${campaignId}`) : null)));

  // Engagement instants and amplifiers.
  let times: number[] = [];
  const amps = new Map<string, Amplifier>();
  const curve = it.ranking?.curve;
  if (Array.isArray(curve)) times = curve.map(toMs).filter((x): x is number => x !== undefined);
  if (campaignId) {
    const cp = await api.campaign(campaignId).catch(() => null);
    if (cp) {
      const acc = new Map(cp.accounts.map((a) => [a.id, a]));
      const members = new Set(cp.campaign.members);
      const touch = (who: string, when: number) => {
        const a = acc.get(who);
        const prev = amps.get(who);
        if (prev) { prev.first_action = Math.min(prev.first_action ?? when, when); return; }
        amps.set(who, {
          account: who, automation_score: a?.automation_score, coordinated: members.has(who),
          created_at: toMs((a?.signals as Record<string, unknown> | undefined)?.created_at), first_action: when,
        });
      };
      // Evidence names the object as the engine writes it ("post:ID", "hashtag:tag") or bare.
      const names = new Set([it.id, `${it.kind}:${it.id}`, it.kind === 'hashtag' ? '#' + it.id : it.id]);
      for (const g of engagements(cp.edges).filter((x) => names.has(x.object))) {
        touch(g.account, g.time);
        if (!Array.isArray(curve)) times.push(g.time);
      }
    }
  }
  const curveEl = h('div', { class: 'chart', id: 'item-curve' });
  root.append(h('section', { class: 'card' }, h('h2', {}, t('curve')), curveEl));
  if (times.length > 0) {
    const bin = chooseBin(Math.min(...times), Math.max(...times));
    let cum = 0;
    const hist = histogram(times, bin);
    disposers.push(chart(curveEl, {
      animation: false, tooltip: { trigger: 'axis' }, legend: {},
      xAxis: { type: 'time', axisLabel: { formatter: (v: number) => formatTime(v, state.tz).slice(5, 16) } },
      yAxis: [{ type: 'value' }, { type: 'value' }],
      series: [
        { name: 'per bin', type: 'bar', data: hist },
        { name: 'cumulative', type: 'line', yAxisIndex: 1, showSymbol: false, data: hist.map(([x, y]) => [x, (cum += y)]) },
      ],
    }).dispose);
  } else curveEl.replaceWith(h('p', { class: 'hint', id: 'item-curve' }, '—'));

  const rankedComp = it.ranking?.composition as Record<string, number> | undefined;
  const comp = rankedComp && typeof rankedComp === 'object' ? rankedComp : composition([...amps.values()]);
  const compEl = h('div', { class: 'chart', id: 'item-composition' });
  root.append(h('section', { class: 'card' }, h('h2', {}, t('composition')), compEl,
    table(AMPLIFIER_CLASSES.map((k) => t(k)), [AMPLIFIER_CLASSES.map((k) => String(comp[k] ?? 0))], { id: 'composition-table' })));
  disposers.push(chart(compEl, {
    animation: false, tooltip: {}, legend: {},
    series: [{ type: 'pie', radius: ['35%', '70%'], data: AMPLIFIER_CLASSES.map((k) => ({ name: t(k), value: comp[k] ?? 0 })),
      color: ['#c62828', '#6a1b9a', '#ef6c00', '#90a4ae'] }],
  }).dispose);

  root.append(h('section', { class: 'card' }, h('h2', {}, 'ranking'), h('pre', {}, JSON.stringify(it.ranking, null, 2))));
  return () => { for (const d of disposers) d(); };
}
