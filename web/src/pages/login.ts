// File: web/src/pages/login.ts
// Login form: user name and password; shows the server's refusal (wrong password, rate limit).

import * as api from '../api';
import { h } from '../dom';
import { t } from '../i18n';
import { state } from '../state';

export function renderLogin(root: HTMLElement, done: () => void): void {
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const err = h('div', { class: 'error', id: 'login-error', hidden: true });
  const form = h('form', { class: 'card login', id: 'login-form' },
    h('h1', {}, 'sakimori'),
    h('label', {}, t('username'), user),
    h('label', {}, t('password'), pass),
    h('button', { type: 'submit', id: 'login-submit' }, t('login')),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hidden = true;
    try {
      state.user = await api.login(user.value, pass.value);
      done();
    } catch (x) {
      err.hidden = false;
      err.textContent = x instanceof api.ApiError && x.status === 401 ? t('bad_login')
        : x instanceof api.ApiError ? `${x.status} ${x.code}: ${x.message}` : String(x);
    }
  });
  root.append(form);
  user.focus();
}
