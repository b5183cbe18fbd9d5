// File: web/src/pages/audit.ts
// The audit log (admins): every login, view of personal data, export and review, newest
// first, filtered by user, paged with the server's cursor.

import * as api from '../api';
import { h, table } from '../dom';
import { t } from '../i18n';
import { state } from '../state';
import { formatTime } from '../time';

export async function renderAudit(root: HTMLElement): Promise<void> {
  const user = h('input', { id: 'audit-user', placeholder: t('user') });
  const body = h('tbody', {});
  const more = h('button', { id: 'audit-more', hidden: true }, t('more'));
  let cursor = '';
  const load = async (reset: boolean) => {
    if (reset) { body.replaceChildren(); cursor = ''; }
    const r = await api.audit({ user: user.value || undefined, limit: 100, cursor: cursor || undefined });
    for (const e of r.entries) {
      body.append(h('tr', { 'data-action': e.action },
        ...[String(e.id), formatTime(e.at, state.tz), e.user, e.action, e.object_kind, e.object_id].map((x) => h('td', {}, x)),
        h('td', {}, h('code', {}, JSON.stringify(e.detail)))));
    }
    cursor = r.next_cursor;
    more.hidden = cursor === '';
  };
  more.addEventListener('click', () => { void load(false); });
  const form = h('form', { class: 'filters' }, user, h('button', { type: 'submit' }, t('search')));
  form.addEventListener('submit', (e) => { e.preventDefault(); void load(true); });
  const tbl = table(['#', t('time'), t('user'), t('action'), t('object_kind'), t('object_id'), t('detail')], [], { id: 'audit-table' });
  tbl.replaceChild(body, tbl.tBodies[0]);
  root.append(h('section', { class: 'card' }, h('h1', {}, t('audit')), form, tbl, more));
  await load(true);
}
