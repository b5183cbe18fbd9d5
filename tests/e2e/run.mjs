// File: tests/e2e/run.mjs
// Browser end-to-end test of the dashboard against a running `sakimori serve` (started by
// run_e2e.sh). Drives Debian's Chromium headless through playwright-core:
//   analyst logs in, watches the feed while a planted operation is ingested and its alert is
//   written, sees the alert appear live, opens the campaign (network and timeline rendered),
//   opens an edge's evidence, confirms with a note; a viewer sees the decision but cannot
//   change it (no controls, 403 from the server); a partner cannot see the campaign; the
//   admin's audit log shows each step; a 5,000-account network is rendered and timed.
// Writes screenshots and summary.json to --artifacts. Exits non-zero on the first failure.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, v, i, a) => (v.startsWith('--') ? [...acc, [v.slice(2), a[i + 1]]] : acc), []));
const base = args.base, seed = args.seed, db = args.db, password = args.password, out = args.artifacts;
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

  // 1. Analyst: feed open, planted operation ingested, alert written, appears live.
  const ana = await session('ana');
  const p = ana.page;
  await p.goto(base + '/#/alerts');
  await p.waitForSelector('#alerts-table');
  await p.waitForFunction(() => document.querySelector('#stream-state')?.classList.contains('live'), null, { timeout: 10000 });
  check(await p.$('tr[data-alert-id="A-PLANT"]') === null, 'A-PLANT not in the feed before ingest');
  check(await p.$('tr[data-alert-id="A-LARGE"]') !== null, 'backlog alert A-LARGE listed');

  const tmp = mkdtempSync(path.join(tmpdir(), 'sakimori-e2e-'));
  execFileSync(seed, ['events', path.join(tmp, 'plant.jsonl')]);
  const events = readFileSync(path.join(tmp, 'plant.jsonl'), 'utf8');
  rmSync(tmp, { recursive: true });
  const ingest = await apiFetch(p, 'POST', '/api/ingest', events);
  check(ingest.status === 202, `ingest answered ${ingest.status} ${JSON.stringify(ingest.json)}`);
  check(ingest.json.accepted === 41, 'ingest accepted all 41 planted events');
  step('planted operation ingested through POST /api/ingest', { accepted: ingest.json.accepted, batch: ingest.json.batch });

  const t0 = Date.now();
  execFileSync(seed, ['planted', db, String(Date.UTC(2026, 6, 5, 3, 10))]);
  await p.waitForSelector('tr[data-alert-id="A-PLANT"]', { timeout: 15000 });
  const liveMs = Date.now() - t0;
  check(await p.$eval('tr[data-alert-id="A-PLANT"]', (tr) => tr.classList.contains('fresh')), 'new alert highlighted');
  await p.screenshot({ path: path.join(out, '01-alert-feed.png') });
  step('alert appeared live without reload', { latency_ms: liveMs });

  // Filters: critical only hides the high alert.
  await p.check('input[name=severity][value=critical]');
  check(await p.$('tr[data-alert-id="A-PLANT"]') === null, 'severity filter hides a high alert');
  await p.uncheck('input[name=severity][value=critical]');

  // 2. Campaign page: timeline and network rendered.
  await p.click('tr[data-alert-id="A-PLANT"] a');
  await p.waitForSelector('#network canvas');
  await p.waitForFunction(() => window.__sakimori?.graph);
  const net = await p.evaluate(() => {
    const s = window.__sakimori;
    const displayed = s.graph.nodes().filter((n) => s.renderer.getNodeDisplayData(n)).length;
    return { nodes: s.graph.order, edges: s.graph.size, displayed, renderMs: s.networkRenderMs };
  });
  check(net.nodes === 40 && net.edges === 80 && net.displayed === 40, `planted network 40 nodes/80 edges: ${JSON.stringify(net)}`);
  await p.waitForTimeout(300);
  const ink = await canvasInk(p, '#timeline');
  check(ink > 500, `timeline canvas has ink (${ink})`);
  const summaryText = await p.textContent('#campaign-summary');
  check(summaryText.includes('40 accounts'), 'English summary shown');
  const techniques = await p.$$eval('#techniques .tag', (els) => els.map((e) => e.textContent));
  check(techniques.includes('T0049.003'), 'DISARM technique tag shown');
  const targets = await p.textContent('#targets');
  check(targets.includes('p_target_1') && !(await p.textContent('#members')).includes('citizen_author'), 'amplified post is a target, its author not a member');
  step('campaign page: network and timeline rendered', { ...net, timeline_ink_pixels: ink, techniques });

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
      if (pts.every((q) => Math.hypot(q.x - m.x, q.y - m.y) > 18)) return { x: box.left + m.x, y: box.top + m.y, edge: e };
    }
    return null;
  });
  check(spot !== null, 'an edge with a clear midpoint exists');
  await p.mouse.move(spot.x, spot.y);
  await p.waitForTimeout(100);
  await p.mouse.click(spot.x, spot.y);
  await p.waitForSelector('#evidence-table tbody tr', { timeout: 5000 });
  const evRows = await p.$$eval('#evidence-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  check(evRows.length === 2 && evRows.some((r) => r[0] === 'repost' && r[1] === 'p_target_1' && r[2] !== r[3]), `edge evidence with both times: ${JSON.stringify(evRows)}`);
  await p.screenshot({ path: path.join(out, '02-campaign.png'), fullPage: true });
  step('clicked a network edge: its evidence with both timestamps', { rows: evRows.length, first: evRows[0] });

  // 3. Review: confirm with a note.
  const note = 'Confirmed: same client, reposts 7 s apart (e2e)';
  await p.fill('#review-note', note);
  await p.click('#review-confirm');
  await p.waitForFunction((n) => document.querySelector('#review-list')?.textContent.includes(n), note);
  await p.locator('#review-panel').screenshot({ path: path.join(out, '03-review-analyst.png') });
  step('analyst confirmed the campaign with a note');

  // Account and item pages.
  await p.goto(base + '/#/account/op_001');
  await p.waitForSelector('#heatmap canvas');
  await p.waitForTimeout(300);
  const heatInk = await canvasInk(p, '#heatmap');
  const explInk = await canvasInk(p, '#explanation');
  check(heatInk > 500 && explInk > 500, `account charts drawn (${heatInk}, ${explInk})`);
  await p.screenshot({ path: path.join(out, '04-account.png'), fullPage: true });
  step('account page: heat map and explanation drawn', { heatInk, explInk });
  await p.goto(base + '/#/item/post%3Ap_target_1?campaign=C-PLANT');
  await p.waitForSelector('#composition-table');
  await p.waitForTimeout(300);
  const comp = await p.$$eval('#composition-table tbody td', (tds) => tds.map((td) => Number(td.textContent)));
  check(comp.reduce((a, b) => a + b, 0) === 40 && comp[0] === 30 && comp[1] === 10, `composition 30 automated + 10 coordinated: ${comp}`);
  await p.screenshot({ path: path.join(out, '05-item.png'), fullPage: true });
  step('item page: engagement curve and amplifier composition', { composition: comp });

  // 4. Viewer: sees the decision, has no controls, and the server refuses a review.
  const vic = await session('vic', 'ja');
  await vic.page.goto(base + '/#/campaign/C-PLANT');
  await vic.page.waitForSelector('#review-list');
  check((await vic.page.textContent('#review-list')).includes(note), 'viewer sees the note');
  check(await vic.page.$('#review-confirm') === null && await vic.page.$('#review-readonly') !== null, 'viewer has no review controls');
  const vicPost = await apiFetch(vic.page, 'POST', '/api/reviews', JSON.stringify({ target_kind: 'campaign', target_id: 'C-PLANT', decision: 'dismiss', note: 'x' }));
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
  await nato.page.goto(base + '/#/campaign/C-PLANT');
  await nato.page.waitForSelector('.error');
  const partnerStatus = await nato.page.getAttribute('.error', 'data-status');
  const partnerApi = await nato.page.evaluate(async () => (await fetch('/api/campaigns/C-PLANT')).status);
  check(partnerStatus === '403' && partnerApi === 403, `partner refused (${partnerStatus}, ${partnerApi})`);
  await nato.page.screenshot({ path: path.join(out, '07-partner.png') });
  step('partner sees only the shared campaign, pseudonymised; C-PLANT refused', { shared, pseudonyms: anon, page: partnerStatus, api: partnerApi });

  // 6. 5,000-account network.
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
  await p.waitForTimeout(300);
  await p.locator('#network').screenshot({ path: path.join(out, '08-network-5000.png') });
  summary.large_network = { ...large, navigationToGraphMs: pageMs };
  step('5,000-account network rendered', summary.large_network);

  // 7. Admin: the audit log shows each step.
  const admin = await session('admin');
  await admin.page.goto(base + '/#/audit');
  await admin.page.waitForSelector('#audit-table tbody tr');
  const entries = await admin.page.$$eval('#audit-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const has = (user, action, obj) => entries.some((r) => r[2] === user && r[3] === action && (obj === undefined || r[5] === obj));
  for (const [u, a, o] of [['ana', 'login'], ['vic', 'login'], ['nato', 'login'], ['ana', 'ingest'], ['ana', 'review', 'C-PLANT'], ['ana', 'view_account', 'op_001']]) {
    check(has(u, a, o), `audit log has ${u} ${a} ${o ?? ''}`);
  }
  await admin.page.screenshot({ path: path.join(out, '09-audit.png'), fullPage: true });
  step('audit log shows login, ingest, review and account view', { entries: entries.length });

  // Language and time zone switches.
  await p.goto(base + '/#/alerts');
  await p.waitForSelector('#alerts-table');
  const before = await p.textContent('tr[data-alert-id="A-PLANT"] td:nth-child(2)');
  await p.selectOption('#tz', 'UTC');
  await p.waitForSelector('#alerts-table');
  const after = await p.textContent('tr[data-alert-id="A-PLANT"] td:nth-child(2)');
  check(before === '2026-07-05 12:10:00' && after === '2026-07-05 03:10:00', `JST then UTC: ${before} / ${after}`);
  await p.click('#lang');
  check((await p.textContent('header')).includes('アラート'), 'Japanese interface after the switch');
  step('time zone and language switches', { jst: before, utc: after });

  // Polling fallback: with the stream blocked the viewer's feed polls, and picks up the alert's
  // new state after the analyst reviews the alert (needs more -> acknowledged).
  await vic.context.route('**/api/stream', (r) => r.abort());
  await vic.page.goto(base + '/#/alerts');
  await vic.page.waitForSelector('#stream-state.down', { timeout: 10000 });
  const ack = await apiFetch(p, 'POST', '/api/reviews', JSON.stringify({ target_kind: 'alert', target_id: 'A-PLANT', decision: 'needs_more', note: 'check the client string (e2e)' }));
  check(ack.status === 201, `alert review accepted: ${ack.status}`);
  const tPoll = Date.now();
  await vic.page.waitForFunction(() => document.querySelector('tr[data-alert-id="A-PLANT"] td:nth-child(4)')?.textContent === '確認中', null, { timeout: 15000 });
  step('stream blocked: the feed polls and shows the alert acknowledged', { latency_ms: Date.now() - tPoll });

  summary.ok = true;
} catch (e) {
  summary.ok = false;
  summary.error = String(e?.stack ?? e);
  console.error(e);
} finally {
  writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 2));
  await browser.close();
}
process.exit(summary.ok ? 0 : 1);
