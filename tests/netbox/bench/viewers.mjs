// Cost as viewers grow: N pages of one browser (tabs of one profile) open on the status page or
// on a VM's HA live tab, refreshing live for DURATION seconds; what proxbox-api spends (CPU
// seconds of its process, calls per minute from its log) and how long the shim's answers take
// as the pages see them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_LOG, NETBOX, login, root } from '../harness.mjs';
import { median, percentile, table } from './measure.mjs';

const COUNTS = (process.env.VIEWERS || '1,10,30').split(',').map(Number);
const DURATION = Number(process.env.DURATION || 180);
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

async function viewers(browser, url, count) {
  const context = await browser.newContext();
  const first = await context.newPage();
  await login(first, 'admin');
  const answers = [];
  const pages = [first, ...await Promise.all(Array.from({ length: count - 1 }, () => context.newPage()))];
  for (const page of pages) {
    page.on('requestfinished', (request) => {
      if (!new URL(request.url()).pathname.startsWith('/api/plugins/proxbox')) return;
      const t = request.timing();
      if (t.responseEnd > 0) answers.push(t.responseEnd - Math.max(t.requestStart, 0));
    });
  }
  // Opened one after another, as a person opens tabs; the window counts what they cost then.
  for (const page of pages) await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  answers.length = 0;
  const [cpu, calls, started] = [backendCpu(), backendCalls(), Date.now()];
  // Live: each page refreshes on its own clock; nothing here waits for them but the clock.
  await new Promise((resolve) => { setTimeout(resolve, DURATION * 1000); });
  const minutes = (Date.now() - started) / 60_000;
  const spent = backendCpu() - cpu;
  const made = backendCalls() - calls;
  await context.close();
  return [String(count), `${spent.toFixed(1)} s (${(100 * spent / (minutes * 60)).toFixed(0)} % of a core)`,
    `${(made / minutes).toFixed(1)}`, answers.length ? `${Math.round(median(answers))} / ${Math.round(percentile(answers, 0.95))} ms` : '—', String(answers.length)];
}

export async function load(browser, data) {
  const vm = data.vms['web-01'];
  const rows = [];
  for (const [what, url] of [['status page', `${NETBOX}/plugins/proxbox-ha/ha`], ['HA live tab', `${NETBOX}/virtualization/virtual-machines/${vm.id}/ha-live/`]]) {
    for (const count of COUNTS) rows.push([what, ...await viewers(browser, url, count)]);
  }
  return [
    `Viewers: N tabs of one browser, opened one after another, then ${DURATION} s of live refresh (every 30 s) counted:`,
    '',
    table(['page', 'tabs', 'proxbox-api CPU', 'proxbox-api calls / min', 'shim answer p50 / p95', 'shim answers'], rows),
  ].join('\n');
}
