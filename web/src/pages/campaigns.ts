// File: web/src/pages/campaigns.ts
// The list of campaigns (highest score first). Partners land here: they see only the
// campaigns shared with them, and nothing else of the dashboard.

import * as api from '../api';
import { h, table } from '../dom';
import { lang, t } from '../i18n';
import { techniques } from '../logic';
import { state } from '../state';
import { formatTime } from '../time';

export async function renderCampaigns(root: HTMLElement): Promise<void> {
  const r = await api.campaigns(200);
  root.append(h('section', { class: 'card' }, h('h1', {}, t('campaigns')),
    r.campaigns.length === 0 ? h('p', { class: 'hint' }, t('no_results')) :
      table([t('campaign'), t('score'), t('span'), t('members'), t('techniques'), t('summary')], r.campaigns.map((c) => [
        h('a', { href: `#/campaign/${encodeURIComponent(c.id)}` }, c.id), c.score.toFixed(2),
        `${formatTime(c.start, state.tz)} – ${formatTime(c.end, state.tz)}`, String(c.member_count ?? ''),
        techniques(c.techniques).join(' '), lang() === 'ja' ? (c.summary_ja || c.summary_en) : (c.summary_en || c.summary_ja)]),
      { id: 'campaign-list' })));
}
