// File: web/src/i18n.ts
// Interface strings in Japanese and English. `t(key)` falls back to English, then to the key,
// so a missing translation shows up as readable text rather than an empty label.

export type Lang = 'ja' | 'en';

const EN: Record<string, string> = {
  app: 'sakimori', login: 'Log in', logout: 'Log out', username: 'User name', password: 'Password',
  alerts: 'Alerts', search: 'Search', audit: 'Audit log', language: 'Language', timezone: 'Time zone',
  severity: 'Severity', state: 'State', since: 'Since', all: 'All', raised: 'Raised', campaign: 'Campaign',
  score: 'Score', live: 'live', polling: 'polling', offline: 'offline', new_alert: 'new',
  hours_1: 'last hour', hours_6: 'last 6 h', hours_24: 'last 24 h', hours_168: 'last 7 days', hours_0: 'all time',
  timeline: 'Engagement timeline', network: 'Coordinated accounts', targets: 'Amplified items (targets)',
  signals: 'Signals', confidence: 'Confidence', techniques: 'DISARM techniques', summary: 'Summary',
  review: 'Review', confirm: 'Confirm', dismiss: 'Dismiss', needs_more: 'Needs more', note: 'Note',
  submit: 'Submit', reviews: 'Decisions', readonly: 'Read-only: your role cannot review.',
  evidence: 'Evidence', evidence_hint: 'Click an edge to see the shared actions behind it.',
  action: 'Action', object: 'Object', time_a: 'Time (A)', time_b: 'Time (B)', members: 'Members',
  account: 'Account', heatmap: 'Daily activity (hour × weekday)', explanation: 'Score explanation',
  groups: 'Groups', item: 'Item', curve: 'Engagement curve', composition: 'Amplifier composition',
  automated: 'Automated-likely', coordinated: 'Coordinated', new: 'New accounts', other: 'Other',
  hashtag: 'Hashtag', url: 'URL', text: 'Text', handle: 'Handle', results: 'Results', no_results: 'Nothing found.',
  user: 'User', object_kind: 'Kind', object_id: 'Object', detail: 'Detail', time: 'Time', more: 'More',
  error: 'Error', reach: 'Reach', span: 'Span', flagged: 'Flagged', loading: 'Loading…',
  not_found: 'Not found or not shared with you.', forbidden: 'Not shared with you, or your role may not see this.',
  bad_login: 'Wrong user name or password.', role: 'Role', nodes: 'accounts', edges: 'edges',
  weekdays: 'Weekdays', weekend: 'Weekend',
  store_degraded: 'The server cannot read its database: pages may fail or show older results.',
  store_refused: 'The live analysis refused ingested body {n}: it and the later bodies are kept and handed over again at the next start of the server. Until then the campaigns and alerts shown may be incomplete.',
  store_failing: 'The live analysis could not write its latest results to the database ({n} failed attempts). No events are lost: the write is retried with the next ingested events. Until then the campaigns and alerts shown may be out of date.',
  heatmap_split: 'Weekdays and weekend days in the monitored country\'s calendar; hours in the chosen time zone.',
  weekday_0: 'Mon', weekday_1: 'Tue', weekday_2: 'Wed', weekday_3: 'Thu', weekday_4: 'Fri', weekday_5: 'Sat', weekday_6: 'Sun',
  open: 'open', acknowledged: 'acknowledged', confirmed: 'confirmed', dismissed: 'dismissed', closed: 'closed',
  critical: 'critical', high: 'high', medium: 'medium', low: 'low', contribution: 'Contribution', strongest_edges: 'Strongest edges', campaigns: 'Campaigns',
};

const JA: Record<string, string> = {
  login: 'ログイン', logout: 'ログアウト', username: 'ユーザー名', password: 'パスワード',
  alerts: 'アラート', search: '検索', audit: '監査ログ', language: '言語', timezone: 'タイムゾーン',
  severity: '重大度', state: '状態', since: '期間', all: 'すべて', raised: '発生', campaign: 'キャンペーン',
  score: 'スコア', live: 'ライブ', polling: 'ポーリング', offline: 'オフライン', new_alert: '新着',
  hours_1: '直近1時間', hours_6: '直近6時間', hours_24: '直近24時間', hours_168: '直近7日', hours_0: '全期間',
  timeline: 'エンゲージメントの推移', network: '協調アカウントのネットワーク', targets: '拡散された投稿（標的）',
  signals: 'シグナル', confidence: '確信度', techniques: 'DISARM 手法', summary: '概要',
  review: 'レビュー', confirm: '確認', dismiss: '却下', needs_more: '要追加調査', note: 'メモ',
  submit: '送信', reviews: '判断の記録', readonly: '閲覧専用：このロールではレビューできません。',
  evidence: '証拠', evidence_hint: 'エッジをクリックすると共有された行動が表示されます。',
  action: '行動', object: '対象', time_a: '時刻 (A)', time_b: '時刻 (B)', members: 'メンバー',
  account: 'アカウント', heatmap: '日別の活動（時刻×曜日）', explanation: 'スコアの説明',
  groups: 'グループ', item: '項目', curve: 'エンゲージメント曲線', composition: '拡散者の内訳',
  automated: '自動化の可能性', coordinated: '協調', new: '新規アカウント', other: 'その他',
  hashtag: 'ハッシュタグ', url: 'URL', text: 'テキスト', handle: 'ハンドル', results: '結果', no_results: '該当なし。',
  user: 'ユーザー', object_kind: '種類', object_id: '対象', detail: '詳細', time: '時刻', more: 'さらに表示',
  error: 'エラー', reach: 'リーチ', span: '期間', flagged: 'フラグ', loading: '読み込み中…',
  not_found: '見つからないか、共有されていません。', forbidden: '共有されていないか、このロールでは表示できません。',
  bad_login: 'ユーザー名またはパスワードが違います。', role: 'ロール', nodes: 'アカウント', edges: 'エッジ',
  weekdays: '平日', weekend: '週末',
  store_degraded: 'サーバーがデータベースを読み込めません。ページが表示されないか、古い結果が表示される可能性があります。',
  store_refused: 'ライブ分析が取り込み済みの本文 {n} を処理できませんでした。この本文と以降の本文は保持され、サーバーの次回起動時に再処理されます。それまでは表示中のキャンペーンとアラートが不完全な可能性があります。',
  store_failing: 'ライブ分析の最新結果をデータベースに書き込めませんでした（失敗 {n} 回）。イベントは失われていません。次に取り込まれるイベントとともに書き込みを再試行します。それまでは表示中のキャンペーンとアラートが古い可能性があります。',
  heatmap_split: '平日・週末は監視対象国の暦による。時刻は選択したタイムゾーン。',
  weekday_0: '月', weekday_1: '火', weekday_2: '水', weekday_3: '木', weekday_4: '金', weekday_5: '土', weekday_6: '日',
  open: '未対応', acknowledged: '確認中', confirmed: '確定', dismissed: '却下', closed: '終了',
  critical: '緊急', high: '高', medium: '中', low: '低', contribution: '寄与', strongest_edges: '重みの大きいエッジ', campaigns: 'キャンペーン一覧',
};

const TABLES: Record<Lang, Record<string, string>> = { en: EN, ja: JA };

let current: Lang = 'ja';

export function setLang(l: Lang): void { current = l; }
export function lang(): Lang { return current; }

/** The string for `key` in the current language (English, then the key, as fallbacks). */
export function t(key: string, l: Lang = current): string {
  return TABLES[l][key] ?? EN[key] ?? key;
}

/** Keys present in English but missing in Japanese (the unit test keeps this empty). */
export function missingJapanese(): string[] {
  return Object.keys(EN).filter((k) => !(k in JA) && k !== 'app');
}
