// File: tests/e2e/run.mjs
// Browser end-to-end test of the dashboard against a running `sakimori serve --analyze`
// (started by run_e2e.sh). Drives Debian's Chromium headless through playwright-core:
//   analyst logs in and watches the feed while a world with a planted operation (e2e_seed
//   events: organic accounts plus a ring of new accounts reposting one author's posts within
//   a minute) is ingested through POST /api/ingest; the live analysis finds the ring and its
//   alert appears in the open feed; the analyst opens the campaign (network and timeline
//   rendered, members checked against the planted ring), opens an edge's evidence, confirms
//   with a note; opens a member's account page (score explanation and daily-activity heat map
//   from the engine); a viewer sees the decision but cannot change it (no controls, 403 from the
//   server); a partner cannot see the campaign; the admin's audit log shows each step; while
//   another process holds the database's write lock, a body is still taken and the dashboard
//   warns that the latest results are not written; a 5,000-account network is rendered and
//   timed.
// Writes screenshots and summary.json to --artifacts. Exits non-zero on the first failure.
import { createRequire } from 'node:module';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, v, i, a) => (v.startsWith('--') ? [...acc, [v.slice(2), a[i + 1]]] : acc), []));
const base = args.base, seed = args.seed, password = args.password, out = args.artifacts;  // and args.db
mkdirSync(out, { recursive: true });
const summary = { steps: [] };
const step = (name, extra = {}) => { summary.steps.push({ name, ...extra }); console.log(`[e2e] ok: ${name}`, Object.keys(extra).length ? JSON.stringify(extra) : ''); };
function check(cond, msg) { if (!cond) throw new Error('check failed: ' + msg); }

// playwright's launch() gives Chromium a fresh, empty --user-data-dir of its own.
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});

async function session(user, lang = 'en') {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page ${user}] ${e.message}`));
  await page.addInitScript((l) => { if (!localStorage.getItem('sakimori.lang')) localStorage.setItem('sakimori.lang', l); }, lang);
  await page.goto(base + '/#/login');
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#who');
  return { context, page };
}

async function apiFetch(page, method, url, body) {
  return page.evaluate(async ({ method, url, body }) => {
    const me = await (await fetch('/api/me')).json();
    const r = await fetch(url, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf ?? '' }, body });
    return { status: r.status, json: await r.json().catch(() => null) };
  }, { method, url, body });
}

/** Counts non-transparent pixels of the first 2D canvas under `selector`. */
async function canvasInk(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel + ' canvas');
    if (!c) return -1;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  }, selector);
}

try {
  // 0. A wrong password is refused on the login page.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + '/#/login');
    await page.fill('#login-user', 'ana');
    await page.fill('#login-password', 'wrong-password');
    await page.click('#login-submit');
    await page.waitForSelector('#login-error:not([hidden])');
    step('wrong password shows an error', { text: await page.textContent('#login-error') });
    await context.close();
  }

  // 1. Analyst: feed open while the world is ingested; the engine's alert appears live.
  const ana = await session('ana');
  const p = ana.page;
  await p.goto(base + '/#/alerts');
  await p.waitForSelector('#alerts-table');
  await p.waitForFunction(() => document.querySelector('#stream-state')?.classList.contains('live'), null, { timeout: 10000 });
  const rowIds = () => p.$$eval('tr[data-alert-id]', (trs) => trs.map((tr) => tr.dataset.alertId));
  const backlog = await rowIds();
  check(backlog.length === 1 && backlog[0] === 'A-LARGE', `only the backlog alert A-LARGE before ingest: ${backlog}`);

  const tmp = mkdtempSync(path.join(tmpdir(), 'sakimori-e2e-'));
  execFileSync(seed, ['events', path.join(tmp, 'world.jsonl'), path.join(tmp, 'truth.json')]);
  const lines = readFileSync(path.join(tmp, 'world.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
  const truth = JSON.parse(readFileSync(path.join(tmp, 'truth.json'), 'utf8'));
  rmSync(tmp, { recursive: true });
  check(lines.length === truth.events, `world has ${truth.events} events`);
  const ring = new Set(truth.ring), targets = new Set(truth.targets);
  // Bodies of 200 lines (about an hour of event time each), in order; after each, ask the API
  // whether the engine raised an alert.
  const bodySize = 200;
  let accepted = 0, firstAlertBody = -1, engineAlerts = [];
  const t0 = Date.now();
  let alertSeenMs = null;
  for (let i = 0, body = 0; i < lines.length; i += bodySize, body++) {
    const ingest = await apiFetch(p, 'POST', '/api/ingest', lines.slice(i, i + bodySize).join('\n') + '\n');
    check(ingest.status === 202 && ingest.json.delivered === true, `ingest body ${body} answered ${ingest.status} ${JSON.stringify(ingest.json)}`);
    accepted += ingest.json.accepted;
    if (firstAlertBody < 0) {
      const alerts = (await apiFetch(p, 'GET', '/api/alerts?limit=50')).json.alerts.filter((a) => a.id !== 'A-LARGE');
      if (alerts.length > 0) { firstAlertBody = body; engineAlerts = alerts; alertSeenMs = Date.now() - t0; }
    }
  }
  const bodies = Math.ceil(lines.length / bodySize);
  check(accepted === lines.length, `ingest accepted all ${lines.length} events (${accepted})`);
  check(firstAlertBody >= 0 && firstAlertBody < bodies - 1, `the engine raised an alert while the stream arrived (after body ${firstAlertBody} of ${bodies})`);
  step('world ingested through POST /api/ingest; the engine raised an alert mid-stream', { events: accepted, bodies, alert_after_body: firstAlertBody });

  // The feed shows the engine's alert without a reload.
  const firstAlert = engineAlerts[engineAlerts.length - 1];  // the oldest one (newest first)
  const alertId = firstAlert.id, campaignId = firstAlert.campaign_id;
  // Later steps raise the severity as the ring keeps acting (same alert, updated).
  const alert = (await apiFetch(p, 'GET', '/api/alerts?limit=50')).json.alerts.find((a) => a.id === alertId);
  await p.waitForSelector(`tr[data-alert-id="${alertId}"]`, { timeout: 15000 });
  const liveMs = Date.now() - t0;
  check(await p.$eval(`tr[data-alert-id="${alertId}"]`, (tr) => tr.classList.contains('fresh')), 'new alert highlighted');
  check(alert.severity === 'high', `ring of ${ring.size} new accounts: a high alert at the end (${alert.severity})`);
  // Detection steps run every hour of event time from the first event.
  const firstEvent = Date.parse(JSON.parse(lines[0]).time);
  check(alert.raised_at > firstEvent && alert.raised_at < truth.end && (alert.raised_at - firstEvent) % 3600000 === 0, `alert raised at a detection step inside the world: ${alert.raised_at}`);
  await p.screenshot({ path: path.join(out, '01-alert-feed.png') });
  step('engine alert appeared live without reload', { alert: alertId, campaign: campaignId, first_severity: firstAlert.severity, severity: alert.severity, feed_latency_ms: liveMs, api_latency_ms: alertSeenMs });

  // Every campaign the engine alerted on is made of ring accounts only.
  const all = (await apiFetch(p, 'GET', '/api/alerts?limit=50')).json.alerts.filter((a) => a.id !== 'A-LARGE');
  for (const a of all) {
    const members = (await apiFetch(p, 'GET', `/api/campaigns/${encodeURIComponent(a.campaign_id)}`)).json.campaign.members;
    check(members.every((m) => ring.has(m)), `alerted campaign ${a.campaign_id} holds ring accounts only: ${members}`);
  }
  const cpApi = (await apiFetch(p, 'GET', `/api/campaigns/${encodeURIComponent(campaignId)}?evidence_limit=2000`)).json;
  const members = cpApi.campaign.members;
  check(members.length >= 0.9 * ring.size, `campaign ${campaignId} recovers most of the ring: ${members.length} of ${ring.size}`);
  check(!members.includes(truth.author), 'the amplified author is not a member');
  step('alerted campaigns: ring accounts only, no organic account', { alerts: all.map((a) => a.id), members: members.length, ring: ring.size });

  // Filters: critical only hides the high alert.
  await p.check('input[name=severity][value=critical]');
  check(await p.$(`tr[data-alert-id="${alertId}"]`) === null, 'severity filter hides a high alert');
  await p.uncheck('input[name=severity][value=critical]');

  // 2. Campaign page: timeline and network rendered.
  await p.click(`tr[data-alert-id="${alertId}"] a`);
  await p.waitForSelector('#network canvas');
  await p.waitForFunction(() => window.__sakimori?.graph);
  const net = await p.evaluate(() => {
    const s = window.__sakimori;
    const displayed = s.graph.nodes().filter((n) => s.renderer.getNodeDisplayData(n)).length;
    return { nodes: s.graph.order, edges: s.graph.size, displayed, renderMs: s.networkRenderMs, ids: s.graph.nodes() };
  });
  check(net.nodes === members.length && net.displayed === net.nodes && net.ids.every((n) => ring.has(n)),
    `network shows the ${members.length} members, all of the ring: ${net.nodes} nodes, ${net.displayed} displayed`);
  check(net.edges === cpApi.edges.length && net.edges >= members.length, `network edges = the campaign's significant edges (${net.edges} of ${cpApi.edges.length})`);
  await p.waitForTimeout(300);
  const ink = await canvasInk(p, '#timeline');
  check(ink > 500, `timeline canvas has ink (${ink})`);
  const summaryText = await p.textContent('#campaign-summary');
  check(summaryText.includes(`${members.length} accounts`), `English summary names the members: ${summaryText.slice(0, 80)}`);
  const techniques = await p.$$eval('#techniques .tag', (els) => els.map((e) => e.textContent));
  check(techniques.includes('T0049.003'), `DISARM technique tag shown: ${techniques}`);
  const targetsText = await p.textContent('#targets');
  const shownTargets = [...targets].filter((t) => targetsText.includes(t));
  check(shownTargets.length >= targets.size / 2 && !(await p.textContent('#members')).includes(truth.author),
    `amplified posts are targets (${shownTargets.length} of ${targets.size}), their author not a member`);
  step('campaign page: network and timeline rendered', { nodes: net.nodes, edges: net.edges, displayed: net.displayed, renderMs: net.renderMs, timeline_ink_pixels: ink, techniques });

  // Click an edge on the WebGL canvas: pick one whose midpoint is clear of every node.
  await p.evaluate(() => document.querySelector('#network').scrollIntoView({ block: 'center' }));
  await p.waitForTimeout(200);
  const spot = await p.evaluate(() => {
    const { graph, renderer } = window.__sakimori;
    const box = document.querySelector('#network').getBoundingClientRect();
    const vp = (n) => renderer.graphToViewport(graph.getNodeAttributes(n));
    const pts = graph.nodes().map(vp);
    for (const e of graph.edges()) {
      const a = vp(graph.source(e)), b = vp(graph.target(e));
      const m = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      if (Math.hypot(a.x - b.x, a.y - b.y) < 40) continue;
      if (pts.every((q) => Math.hypot(q.x - m.x, q.y - m.y) > 12)) return { x: box.left + m.x, y: box.top + m.y, edge: e };
    }
    return null;
  });
  check(spot !== null, 'an edge with a clear midpoint exists');
  await p.mouse.move(spot.x, spot.y);
  await p.waitForTimeout(100);
  await p.mouse.click(spot.x, spot.y);
  await p.waitForSelector('#evidence-table tbody tr', { timeout: 5000 });
  const evRows = await p.$$eval('#evidence-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  check(evRows.length >= 1 && evRows.every((r) => ['repost', 'like'].includes(r[0]) && targets.has(r[1].replace(/^post:/, '')) && r[2] !== '' && r[3] !== ''),
    `edge evidence: shared reposts/likes of the planted posts with both times: ${JSON.stringify(evRows)}`);
  await p.screenshot({ path: path.join(out, '02-campaign.png'), fullPage: true });
  step('clicked a network edge: its evidence with both timestamps', { rows: evRows.length, first: evRows[0] });

  // 3. Review: confirm with a note.
  const note = 'Confirmed: new accounts, same client, reposts within a minute (e2e)';
  await p.fill('#review-note', note);
  await p.click('#review-confirm');
  await p.waitForFunction((n) => document.querySelector('#review-list')?.textContent.includes(n), note);
  await p.locator('#review-panel').screenshot({ path: path.join(out, '03-review-analyst.png') });
  step('analyst confirmed the campaign with a note');

  // Account and item pages.
  const member = [...members].sort()[0];
  const memberApi = cpApi.accounts.find((a) => a.id === member);
  await p.goto(base + `/#/account/${member}`);
  await p.waitForSelector('#account-edges');
  const scoreText = await p.textContent('#account-score');
  const accountEdges = await p.$$eval('#account-edges tbody tr', (trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent]));
  check(scoreText === memberApi.automation_score.toFixed(3), `account score shown (${scoreText})`);
  check(accountEdges.length > 0 && accountEdges.every(([a, b]) => (a === member || b === member) && ring.has(a) && ring.has(b)),
    `account edges link ${member} to ring accounts: ${accountEdges.length}`);
  // The score explanation: the engine's SHAP top features, one bar each, as the API gives them.
  const accountApi = (await apiFetch(p, 'GET', `/api/accounts/${encodeURIComponent(member)}`)).json;
  const apiFeatures = (accountApi.account.top_features ?? []).map((f) => f[0]);
  check(apiFeatures.length > 0 && apiFeatures.length <= 5 && apiFeatures.every((n) => typeof n === 'string' && n !== ''),
    `API top_features of ${member}: ${JSON.stringify(accountApi.account.top_features)}`);
  await p.waitForFunction(() => window.__sakimori?.explanation);
  await p.waitForTimeout(300);
  const expl = await p.evaluate(() => {
    const o = window.__sakimori.explanation.getOption();
    return { names: o.yAxis[0].data, bars: o.series[0].data.filter((d) => d.value !== 0).length };
  });
  const explInk = await canvasInk(p, '#explanation');
  check(expl.bars === apiFeatures.length && [...expl.names].sort().join() === [...apiFeatures].sort().join() && explInk > 500,
    `explanation chart: ${expl.bars} bars for ${expl.names} (API: ${apiFeatures}), ink ${explInk}`);
  // The daily activity heat map: the engine's clock (weekdays / weekend), every event counted.
  const da = accountApi.daily_activity;
  const daTotal = da ? [...da.utc_weekday, ...da.utc_weekend].reduce((x, y) => x + y, 0) : 0;
  // As of the last detection step: at most the member's events in the world, most of them.
  const memberEvents = lines.filter((l) => { const e = JSON.parse(l); return e.actor === member && e.kind !== 'profile'; }).length;
  check(da && da.utc_weekday.length === 24 && da.utc_weekend.length === 24 && daTotal > 0 && daTotal <= memberEvents,
    `API daily_activity of ${member} (${memberEvents} events in the world): ${JSON.stringify(da)}`);
  check(await p.$('#heatmap canvas') !== null && (await p.textContent('#heatmap')) !== '—', 'heat map rendered, not "—"');
  const heat = await p.evaluate(() => {
    const o = window.__sakimori.heatmap.getOption();
    return { rows: o.yAxis[0].data, total: o.series[0].data.reduce((x, d) => x + d[2], 0) };
  });
  const heatInk = await canvasInk(p, '#heatmap');
  check(heat.rows.length === 2 && heat.rows[0] === 'Weekdays' && heat.total === daTotal && heatInk > 500,
    `heat map: rows ${heat.rows}, ${heat.total} of ${daTotal} events, ink ${heatInk}`);
  await p.screenshot({ path: path.join(out, '04-account.png'), fullPage: true });
  step('account page: score, explanation, heat map and coordination edges',
    { account: member, score: scoreText, edges: accountEdges.length, features: apiFeatures, events: daTotal, world_events: memberEvents, explInk, heatInk });
  const target = [...targets].find((t) => cpApi.campaign.items.some((i) => i.id === t));
  await p.goto(base + `/#/item/post%3A${target}?campaign=${encodeURIComponent(campaignId)}`);
  await p.waitForSelector('#composition-table');
  await p.waitForTimeout(300);
  const comp = await p.$$eval('#composition-table tbody td', (tds) => tds.map((td) => Number(td.textContent)));
  const curveInk = await canvasInk(p, '#item-curve');
  // Every amplifier found in the evidence is a member: automated-likely or coordinated.
  check(comp[0] + comp[1] >= 2 && comp[2] === 0 && comp[3] === 0 && curveInk > 500, `composition of ${target}: members only (${comp}), curve drawn (${curveInk})`);
  await p.screenshot({ path: path.join(out, '05-item.png'), fullPage: true });
  step('item page: engagement curve and amplifier composition', { item: target, composition: comp });

  // 4. Viewer: sees the decision, has no controls, and the server refuses a review.
  const vic = await session('vic', 'ja');
  await vic.page.goto(base + `/#/campaign/${encodeURIComponent(campaignId)}`);
  await vic.page.waitForSelector('#review-list');
  check((await vic.page.textContent('#review-list')).includes(note), 'viewer sees the note');
  check(await vic.page.$('#review-confirm') === null && await vic.page.$('#review-readonly') !== null, 'viewer has no review controls');
  const vicPost = await apiFetch(vic.page, 'POST', '/api/reviews', JSON.stringify({ target_kind: 'campaign', target_id: campaignId, decision: 'dismiss', note: 'x' }));
  check(vicPost.status === 403, `viewer review refused by the server: ${vicPost.status}`);
  await vic.page.locator('#review-panel').screenshot({ path: path.join(out, '06-review-viewer-ja.png') });
  step('viewer sees the decision read-only; server answers 403 to a review', { status: vicPost.status });

  // 5. Partner: lands on the campaigns shared with them (C-LARGE, pseudonymised, TLP marked)
  // and cannot see the others.
  const nato = await session('nato');
  await nato.page.waitForSelector('#campaign-list');
  const shared = await nato.page.$$eval('#campaign-list tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  check(shared.length === 1 && shared[0] === 'C-LARGE', `partner lists only the shared campaign: ${shared}`);
  const anon = await nato.page.evaluate(async () => (await (await fetch('/api/campaigns/C-LARGE')).json()).campaign.members.slice(0, 2));
  check(anon.every((m) => m.startsWith('anon-')), `partner sees pseudonyms: ${anon}`);
  await nato.page.goto(base + `/#/campaign/${encodeURIComponent(campaignId)}`);
  await nato.page.waitForSelector('.error');
  const partnerStatus = await nato.page.getAttribute('.error', 'data-status');
  const partnerApi = await nato.page.evaluate(async (id) => (await fetch(`/api/campaigns/${encodeURIComponent(id)}`)).status, campaignId);
  check(partnerStatus === '403' && partnerApi === 403, `partner refused (${partnerStatus}, ${partnerApi})`);
  await nato.page.screenshot({ path: path.join(out, '07-partner.png') });
  step(`partner sees only the shared campaign, pseudonymised; ${campaignId} refused`, { shared, pseudonyms: anon, page: partnerStatus, api: partnerApi });

  // 6. Admin: the audit log shows each step.
  const admin = await session('admin');
  await admin.page.goto(base + '/#/audit');
  await admin.page.waitForSelector('#audit-table tbody tr');
  const entries = await admin.page.$$eval('#audit-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const has = (user, action, obj) => entries.some((r) => r[2] === user && r[3] === action && (obj === undefined || r[5] === obj));
  for (const [u, a, o] of [['ana', 'login'], ['vic', 'login'], ['nato', 'login'], ['ana', 'ingest'], ['ana', 'review', campaignId], ['ana', 'view_account', member]]) {
    check(has(u, a, o), `audit log has ${u} ${a} ${o ?? ''}`);
  }
  await admin.page.screenshot({ path: path.join(out, '09-audit.png'), fullPage: true });
  step('audit log shows login, ingest, review and account view', { entries: entries.length });

  // Language and time zone switches.
  await p.goto(base + '/#/alerts');
  await p.waitForSelector('#alerts-table');
  const cell = `tr[data-alert-id="${alertId}"] td:nth-child(2)`;
  const before = await p.textContent(cell);
  await p.selectOption('#tz', 'UTC');
  await p.waitForSelector('#alerts-table');
  const after = await p.textContent(cell);
  const fmt = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  check(before === fmt(alert.raised_at + 9 * 3600000) && after === fmt(alert.raised_at), `JST then UTC: ${before} / ${after}`);
  await p.click('#lang');
  check((await p.textContent('header')).includes('アラート'), 'Japanese interface after the switch');
  step('time zone and language switches', { jst: before, utc: after });

  // Polling fallback: with the stream blocked the viewer's feed polls, and picks up the alert's
  // new state after the analyst reviews the alert (needs more -> acknowledged).
  await vic.context.route('**/api/stream', (r) => r.abort());
  await vic.page.goto(base + '/#/alerts');
  await vic.page.waitForSelector('#stream-state.down', { timeout: 10000 });
  const ack = await apiFetch(p, 'POST', '/api/reviews', JSON.stringify({ target_kind: 'alert', target_id: alertId, decision: 'needs_more', note: 'check the client string (e2e)' }));
  check(ack.status === 201, `alert review accepted: ${ack.status}`);
  const tPoll = Date.now();
  await vic.page.waitForFunction((id) => document.querySelector(`tr[data-alert-id="${id}"] td:nth-child(4)`)?.textContent === '確認中', alertId, { timeout: 15000 });
  step('stream blocked: the feed polls and shows the alert acknowledged', { latency_ms: Date.now() - tPoll });

  // 7. Store outage: another process holds the database's write lock while a body arrives whose
  // events end detection steps. Reads go on (WAL) and the body is taken, but the campaign state
  // cannot be written: the dashboard says so, and the warning goes once the store is back and
  // the next body has written it. The bodies repeat the world's last 100 events, 2 and 4 hours
  // later, under new ids.
  const later = (hours) => lines.slice(-100).map((l) => {
    const e = JSON.parse(l);
    e.time = new Date(Date.parse(e.time) + hours * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    e.id = `${e.id}_h${hours}`;
    return JSON.stringify(e);
  }).join('\n') + '\n';
  const locker = spawn(seed, ['lock', args.db], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lockerExit = new Promise((resolve) => locker.on('exit', resolve));
  await new Promise((resolve, reject) => {
    locker.stdout.on('data', (d) => { if (String(d).includes('locked')) resolve(); });
    locker.on('exit', (code) => reject(new Error(`e2e_seed lock exited with ${code}`)));
  });
  const during = await apiFetch(p, 'POST', '/api/ingest', later(2));
  check(during.status === 202 && during.json.delivered === true, `body during the outage taken: ${during.status} ${JSON.stringify(during.json)}`);
  const sick = (await apiFetch(p, 'GET', '/api/health')).json;
  check(sick.status === 'ok' && sick.ingest.failing_writes > 0, `health during the outage: ${JSON.stringify(sick)}`);
  await p.goto(base + '/#/campaigns');
  await p.waitForSelector('#store-warning[data-kind="failing"]:not([hidden])', { timeout: 15000 });
  const warning = await p.textContent('#store-warning');
  check(new RegExp(`\\b${sick.ingest.failing_writes}\\b`).test(warning), `the warning counts the attempts: ${warning}`);
  await p.screenshot({ path: path.join(out, '10-store-warning.png') });
  locker.stdin.end();
  check(await lockerExit === 0, 'e2e_seed lock released the database');
  const resumed = await apiFetch(p, 'POST', '/api/ingest', later(4));
  check(resumed.status === 202 && resumed.json.delivered === true, `body after the outage taken: ${resumed.status}`);
  const healed = (await apiFetch(p, 'GET', '/api/health')).json;
  check(healed.status === 'ok' && healed.ingest.failing_writes === 0, `health after the outage: ${JSON.stringify(healed)}`);
  await p.goto(base + '/#/alerts');
  await p.waitForSelector('#store-warning[hidden]', { state: 'attached', timeout: 15000 });
  step('store outage: the body is taken, the dashboard warns, and the warning goes once the state is written',
    { failing_writes: sick.ingest.failing_writes, warning });

  // 8. 5,000-account network (last: with Chromium's software WebGL on a busy 2-core machine the
  // page can keep the renderer busy for minutes after the graph is built).
  const tNav = Date.now();
  await p.goto(base + '/#/campaign/C-LARGE');
  await p.waitForFunction(() => window.__sakimori?.graph?.order === 5000, null, { timeout: 60000 });
  const pageMs = Date.now() - tNav;
  const large = await p.evaluate(async () => {
    const { graph, renderer, networkRenderMs } = window.__sakimori;
    const frames = [];
    for (let i = 0; i < 10; i++) {
      const cam = renderer.getCamera();
      cam.setState({ ratio: 1 / (1 + i * 0.2), x: 0.5 + i * 0.01 });
      const t = performance.now();
      renderer.refresh();
      frames.push(performance.now() - t);
    }
    frames.sort((a, b) => a - b);
    const req = performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/campaigns/C-LARGE')).pop();
    renderer.getCamera().setState({ ratio: 1, x: 0.5, y: 0.5 });
    renderer.refresh();
    return { nodes: graph.order, edges: graph.size, apiResponseMs: req ? Math.round(req.duration) : null, apiBytes: req ? req.transferSize : null, buildAndFirstRenderMs: Math.round(networkRenderMs), frameMedianMs: +frames[5].toFixed(1), frameMaxMs: +frames[9].toFixed(1) };
  });
  check(large.nodes === 5000 && large.edges === 15000, `large network ${JSON.stringify(large)}`);
  check(large.apiResponseMs !== null && large.apiResponseMs < 2000, `the 5,000-account campaign page answered in ${large.apiResponseMs} ms`);
  // Its screenshot is opt-in: on a busy 2-core machine, Chromium's software WebGL took minutes
  // to give a frame of 5,000 nodes and 15,000 edges for it after the checks above.
  if (process.env.SAKIMORI_E2E_LARGE_SCREENSHOT) {
    await p.waitForTimeout(300);
    await p.locator('#network').screenshot({ path: path.join(out, '08-network-5000.png'), timeout: 180000 });
  }
  summary.large_network = { ...large, navigationToGraphMs: pageMs };
  step('5,000-account network rendered', summary.large_network);

  summary.ok = true;
} catch (e) {
  summary.ok = false;
  summary.error = String(e?.stack ?? e);
  console.error(e);
  // What the pages showed when it failed.
  for (const [i, c] of browser.contexts().entries()) {
    for (const [j, pg] of c.pages().entries()) {
      console.error(`[e2e] page ${i}.${j} at ${pg.url()}`);
      await pg.screenshot({ path: path.join(out, `failure-${i}-${j}.png`), fullPage: true }).catch(() => {});
    }
  }
} finally {
  writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 2));
  await browser.close();
}
process.exit(summary.ok ? 0 : 1);
