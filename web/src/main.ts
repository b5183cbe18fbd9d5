// File: web/src/main.ts
// Entry point: the header (navigation, language switch, time-zone chooser, user) and a
// hash router (#/alerts, #/campaign/ID, #/account/ID, #/item/KIND:ID, #/search, #/audit,
// #/login). Each page renders into #page and returns a cleanup function. A banner under the
// header warns when the database cannot be read, the live analysis refused an ingested body,
// or it could not write its latest results to the database.

import './style.css';
import * as api from './api';
import { append, h } from './dom';
import { t } from './i18n';
import { storeWarning } from './logic';
import { state, setLanguage, setTimeZone } from './state';
import { TIME_ZONES } from './time';
import { renderLogin } from './pages/login';
import { renderAlerts } from './pages/alerts';
import { renderCampaign } from './pages/campaign';
import { renderAccount } from './pages/account';
import { renderItem } from './pages/item';
import { renderSearch } from './pages/search';
import { renderAudit } from './pages/audit';
import { renderCampaigns } from './pages/campaigns';

export type Cleanup = (() => void) | void;

const header = document.getElementById('header')!;
const page = document.getElementById('page')!;
let cleanup: Cleanup;

function renderHeader(): void {
  header.replaceChildren();
  const tz = h('select', { id: 'tz', title: t('timezone'), onchange: (e: Event) => { setTimeZone((e.target as HTMLSelectElement).value); route(); } },
    ...TIME_ZONES.map((z) => h('option', { value: z, selected: z === state.tz }, z)));
  const langBtn = h('button', { id: 'lang', class: 'link', onclick: () => { setLanguage(state.lang === 'ja' ? 'en' : 'ja'); renderHeader(); route(); } },
    state.lang === 'ja' ? 'English' : '日本語');
  const nav = state.user && state.user.role !== 'partner'
    ? [h('a', { href: '#/alerts' }, t('alerts')), h('a', { href: '#/campaigns' }, t('campaigns')), h('a', { href: '#/search' }, t('search')),
       state.user.role === 'admin' ? h('a', { href: '#/audit' }, t('audit')) : null]
    : state.user ? [h('a', { href: '#/campaigns' }, t('campaigns'))] : [];
  append(header, [
    h('a', { class: 'brand', href: '#/alerts' }, 'sakimori'),
    h('nav', {}, ...nav),
    h('span', { class: 'spacer' }),
    tz, langBtn,
    state.user ? h('span', { class: 'who', id: 'who' }, `${state.user.name} (${state.user.role})`) : null,
    state.user ? h('button', { class: 'link', id: 'logout', onclick: async () => { await api.logout().catch(() => {}); state.user = null; renderHeader(); location.hash = '#/login'; } }, t('logout')) : null,
  ]);
}

async function route(): Promise<void> {
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  page.replaceChildren();
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, qs] = hash.split('?');
  const [name, ...rest] = path.split('/');
  const arg = decodeURIComponent(rest.join('/'));
  const params = new URLSearchParams(qs ?? '');
  if (!state.user && name !== 'login') { location.hash = '#/login'; return; }
  try {
    switch (name) {
      case 'login': cleanup = renderLogin(page, () => { renderHeader(); location.hash = '#/alerts'; }); break;
      case 'campaign': cleanup = await renderCampaign(page, arg); break;
      case 'account': cleanup = await renderAccount(page, arg); break;
      case 'item': cleanup = await renderItem(page, arg, params.get('campaign') ?? ''); break;
      case 'search': cleanup = await renderSearch(page, params.get('q') ?? '', params.get('field') ?? 'all'); break;
      case 'audit': cleanup = await renderAudit(page); break;
      case 'campaigns': cleanup = await renderCampaigns(page); break;
      default: cleanup = state.user?.role === 'partner' ? await renderCampaigns(page) : await renderAlerts(page);
    }
  } catch (e) {
    page.replaceChildren(errorBox(e));
  }
}

export function errorBox(e: unknown): HTMLElement {
  if (e instanceof api.ApiError) {
    if (e.status === 401) { state.user = null; renderHeader(); location.hash = '#/login'; }
    const msg = e.status === 404 ? t('not_found') : e.status === 403 ? t('forbidden') : e.message;
    return h('div', { class: 'error', 'data-status': e.status }, `${t('error')} ${e.status}: ${msg}`);
  }
  return h('div', { class: 'error' }, `${t('error')}: ${String(e)}`);
}

// The store banner: asks /api/health every HEALTH_POLL_MS and on every navigation.
const HEALTH_POLL_MS = 10_000;
const storeBanner = document.getElementById('store-warning')!;

async function checkHealth(): Promise<void> {
  const w = storeWarning(await api.health().catch(() => null));
  storeBanner.hidden = w === null;
  storeBanner.dataset.kind = w?.kind ?? '';
  storeBanner.textContent = w === null ? ''
    : w.kind === 'degraded' ? t('store_degraded')
    : w.kind === 'refused' ? t('store_refused').replace('{n}', String(w.body))
    : t('store_failing').replace('{n}', String(w.attempts));
}

async function start(): Promise<void> {
  state.user = await api.me().catch(() => null);
  renderHeader();
  window.addEventListener('hashchange', () => { void route(); void checkHealth(); });
  setInterval(() => { void checkHealth(); }, HEALTH_POLL_MS);
  await Promise.all([route(), checkHealth()]);
}

void start();
