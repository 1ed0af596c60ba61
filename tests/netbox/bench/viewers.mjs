// Cost as viewers grow: N pages of one browser (tabs of one profile) open on the status page or
// on a VM's HA live tab, refreshing live for DURATION seconds; what proxbox-api spends (CPU
// seconds of its process, calls per minute from its log) and how long the shim's answers take.
// Each count runs twice in the same run:
//  - "before": a load script that behaves like the pages before the good-citizen refresh (each
//    tab on its own 30 s clock, asking again even while its last request is on its way, never
//    waiting longer, sharing nothing), replaying the requests one real refresh of the page made,
//    over at most 6 connections, as one browser opens to one host;
//  - "after": the real pages in headless Chromium.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_LOG, NETBOX, login, root } from '../harness.mjs';
import { median, percentile, table } from './measure.mjs';

const COUNTS = (process.env.VIEWERS || '1,10,30').split(',').map(Number);
const DURATION = Number(process.env.DURATION || 180);
const INTERVAL = 30_000;
// USER_HZ: the unit of the times in /proc/<pid>/stat on Linux.
const TICK = 100;

/** proxbox-api's CPU time so far, in seconds (user + system, all its threads). */
function backendCpu() {
  const pid = readFileSync(path.join(root, 'target/netbox-tier/backend.pid'), 'utf8').trim();
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

/** proxbox-api's access-log lines of calls NetBox made to it. */
const backendCalls = () => readFileSync(BACKEND_LOG, 'utf8').split('\n').filter((l) => /"(GET|POST) \/(proxmox|auth)\//.test(l)).length;

const isShimUrl = (url) => new URL(url).pathname.startsWith('/api/plugins/proxbox/ha/');
const isApi = (request) => new URL(request.url()).pathname.startsWith('/api/');
const isShim = (request) => isShimUrl(request.url());

/** What `run()` costs the backend over DURATION seconds: one table row. */
async function window(count, run) {
  const answers = [];
  const [cpu, calls, started] = [backendCpu(), backendCalls(), Date.now()];
  await run(answers);
  const minutes = (Date.now() - started) / 60_000;
  const spent = backendCpu() - cpu;
  const made = backendCalls() - calls;
  return [String(count), `${spent.toFixed(1)} s (${(100 * spent / (minutes * 60)).toFixed(0)} % of a core)`,
    `${(made / minutes).toFixed(1)}`, answers.length ? `${Math.round(median(answers))} / ${Math.round(percentile(answers, 0.95))} ms` : '—', String(answers.length)];
}

const clock = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** The real pages: `count` tabs of one browser, opened one after another, as a person opens
 * tabs; then DURATION seconds of their own live refresh, nothing here but the clock. */
async function realTabs(browser, url, count) {
  const context = await browser.newContext();
  const first = await context.newPage();
  await login(first, 'admin');
  const pages = [first, ...await Promise.all(Array.from({ length: count - 1 }, () => context.newPage()))];
  let answers = [];
  for (const page of pages) {
    page.on('requestfinished', (request) => {
      if (!isShim(request)) return;
      const t = request.timing();
      if (t.responseEnd > 0) answers.push(t.responseEnd - Math.max(t.requestStart, 0));
    });
  }
  // Each loaded (its first shim answer in) before the next opens; the window counts refreshes.
  for (const page of pages) {
    const loaded = page.waitForEvent('requestfinished', { predicate: isShim, timeout: 120_000 });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await loaded;
  }
  const row = await window(count, async (counted) => { answers = counted; await clock(DURATION * 1000); });
  await context.close();
  return row;
}

/** The API requests one automatic refresh of the real page makes, and the session's cookie. */
async function oneRefresh(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, 'admin');
  const loaded = page.waitForEvent('requestfinished', { predicate: isShim, timeout: 120_000 });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await loaded;
  await page.waitForLoadState('networkidle');
  const urls = [];
  page.on('request', (request) => { if (isApi(request)) urls.push(request.url()); });
  await page.waitForEvent('requestfinished', { predicate: isShim, timeout: INTERVAL * 3 });
  await page.waitForLoadState('networkidle');
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  await context.close();
  return { urls, cookie };
}

/** One GET over `agent`; resolves with the ms from its socket to its last byte (or null). */
function get(agent, target, cookie) {
  return new Promise((resolve) => {
    let start = null;
    const request = http.get(target, { agent, headers: { cookie, accept: 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(Date.now() - start));
    });
    request.on('socket', () => { start = Date.now(); });
    request.on('error', () => resolve(null));
  });
}

/** The pages as they were: `count` tabs, each on its own 30 s clock from when it opened. */
async function scriptedTabs(refresh, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const end = Date.now() + DURATION * 1000;
  const row = await window(count, async (answers) => {
    const replay = async () => {
      for (const target of refresh.urls) {
        const ms = await get(agent, target, refresh.cookie);
        if (ms !== null && isShimUrl(target)) answers.push(ms);
      }
    };
    const tab = async (k) => {
      const pending = [];
      // Opened one after another, a second apart; each refresh starts on the clock, whatever
      // the last one is doing.
      for (let next = Date.now() + k * 1000 + INTERVAL; next < end; next += INTERVAL) {
        await clock(next - Date.now());
        pending.push(replay());
      }
      await Promise.all(pending);
    };
    await Promise.all(Array.from({ length: count }, (_, k) => tab(k)));
  });
  agent.destroy();
  return row;
}

export async function load(browser, data) {
  const vm = data.vms['web-01'];
  const rows = [];
  for (const [what, url] of [['status page', `${NETBOX}/plugins/proxbox-ha/ha`], ['HA live tab', `${NETBOX}/virtualization/virtual-machines/${vm.id}/ha-live/`]]) {
    const refresh = await oneRefresh(browser, url);
    console.error(`  one refresh of the ${what}: ${refresh.urls.map((u) => new URL(u).pathname).join(', ')}`);
    for (const count of COUNTS) {
      rows.push([what, 'before', ...await scriptedTabs(refresh, count)]);
      console.error(`  ${what} ${rows.at(-1).slice(1).join(' | ')}`);
      rows.push([what, 'after', ...await realTabs(browser, url, count)]);
      console.error(`  ${what} ${rows.at(-1).slice(1).join(' | ')}`);
    }
  }
  return [
    `Viewers: N tabs of one browser, then ${DURATION} s of live refresh (every 30 s) counted; before: a script replaying one real refresh per tab on a fixed clock, as the pages did before the good-citizen refresh; after: the pages themselves:`,
    '',
    table(['page', 'refresh', 'tabs', 'proxbox-api CPU', 'proxbox-api calls / min', 'shim answer p50 / p95', 'shim answers'], rows),
  ].join('\n');
}
