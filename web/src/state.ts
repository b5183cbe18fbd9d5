// File: web/src/state.ts
// Session-wide settings of the dashboard: the user, the language and the time zone (the last
// two kept in localStorage), and a hook pages use to re-render when a setting changes.

import type { User } from './api';
import { DEFAULT_TZ } from './time';
import { setLang, type Lang } from './i18n';

export const state = {
  user: null as User | null,
  tz: localStorage.getItem('sakimori.tz') ?? DEFAULT_TZ,
  lang: (localStorage.getItem('sakimori.lang') as Lang | null) ?? 'ja',
};
setLang(state.lang);

export function setTimeZone(tz: string): void {
  state.tz = tz;
  localStorage.setItem('sakimori.tz', tz);
}

export function setLanguage(l: Lang): void {
  state.lang = l;
  setLang(l);
  localStorage.setItem('sakimori.lang', l);
}

/** May this user record review decisions? (The server enforces the same rule.) */
export function canReview(): boolean {
  return state.user?.role === 'admin' || state.user?.role === 'analyst';
}
