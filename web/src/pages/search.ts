// File: web/src/pages/search.ts
// Search by account id, handle, hashtag, URL or text (summaries and notes).

import * as api from '../api';
import { h, table } from '../dom';
import { t } from '../i18n';

const FIELDS = ['all', 'account', 'handle', 'hashtag', 'url', 'text'];

function hitLink(hit: api.SearchHit): string {
  if (hit.kind === 'account') return `#/account/${encodeURIComponent(hit.id)}`;
  if (hit.kind === 'item') return `#/item/${encodeURIComponent(hit.id)}`;
  if (hit.kind === 'campaign') return `#/campaign/${encodeURIComponent(hit.id)}`;
  return '#/search';
}

export async function renderSearch(root: HTMLElement, q: string, field: string): Promise<void> {
  const input = h('input', { id: 'search-q', value: q, placeholder: '#hashtag, https://…, @handle' });
  const sel = h('select', { id: 'search-field' }, ...FIELDS.map((f) => h('option', { value: f, selected: f === field }, t(f))));
  const form = h('form', { class: 'filters' }, input, sel, h('button', { type: 'submit' }, t('search')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/search?q=${encodeURIComponent(input.value)}&field=${sel.value}`;
  });
  const out = h('div', { id: 'search-results' });
  root.append(h('section', { class: 'card' }, h('h1', {}, t('search')), form, out));
  if (q === '') return;
  const r = await api.search(q, field);
  out.replaceChildren(r.hits.length === 0 ? h('p', {}, t('no_results')) :
    table([t('object_kind'), t('object_id'), t('handle'), t('score')], r.hits.map((x) => [
      x.kind, h('a', { href: hitLink(x) }, x.id), x.label, x.score.toFixed(2)])));
}
