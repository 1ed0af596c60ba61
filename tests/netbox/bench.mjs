// The real-NetBox half of the benchmark (tools/bench.sh, after tests/netbox/tier.sh up): time
// from opening a page until its HA data are visible, this app against netbox-proxbox's own
// server-rendered pages, same browser, same run. RUNS=7.
import { NETBOX, launchBrowser, login, seed, seedGenerated, stopStandin } from './harness.mjs';

const RUNS = Number(process.env.RUNS || 7);
const RESOURCES = 2000;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Milliseconds from navigation until `ready(page)` resolves. */
async function timed(page, url, ready) {
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  return Date.now() - start;
}

/** Where a VM tab's time goes, in ms from navigation: NetBox's page (its HTML received, then
 * parsed and its scripts run: domInteractive) and, for ours, when the frame's own navigation
 * starts. Both tabs are NetBox's VM page; theirs carries its data, ours frames the app. */
async function tabMilestones(page) {
  const top = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { origin: performance.timeOrigin, html: nav.responseEnd, interactive: nav.domInteractive };
  });
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  const frameOrigin = frame ? await frame.evaluate(() => performance.timeOrigin) : null;
  return {
    html: top.html,
    interactive: top.interactive,
    frame: frameOrigin === null ? null : frameOrigin - top.origin,
  };
}

/** Median time over RUNS loads; warm: one context (its cache filled by a first load), cold: a
 * new context each time. With `milestones`, also the medians of what it reads after each load. */
async function measure(browser, url, ready, { cold, milestones }) {
  const times = [];
  const marks = [];
  let context = null;
  let page = null;
  for (let i = 0; i <= RUNS; i += 1) {
    if (cold || !context) {
      await context?.close();
      context = await browser.newContext();
      page = await context.newPage();
      await login(page, 'admin');
    }
    const ms = await timed(page, url, ready);
    if (cold || i > 0) {
      times.push(ms);
      if (milestones) marks.push(await milestones(page));
    }
  }
  await context.close();
  const medianOf = (key) => (marks.some((m) => m[key] === null) ? null : Math.round(median(marks.map((m) => m[key]))));
  const medians = marks.length ? Object.fromEntries(Object.keys(marks[0]).map((k) => [k, medianOf(k)])) : {};
  return { ms: median(times), ...medians };
}

const data = await seed();
const vm = data.vms['web-01'];
const browser = await launchBrowser();
const rows = [];
const breakdown = [];
const row = (what, ours, theirs, budget) => {
  const ratio = ours / theirs;
  rows.push(`| ${what} | ${ours} ms | ${theirs} ms | ${ratio.toFixed(2)} | ≤ ${budget.toFixed(1)} | ${ratio <= budget ? 'met' : '**not met**'} |`);
};
try {
  const ourTab = `${NETBOX}/virtualization/virtual-machines/${vm.id}/ha-live/`;
  const theirTab = `${NETBOX}/virtualization/virtual-machines/${vm.id}/proxmox-ha/`;
  const ourTabReady = (page) => page.frameLocator('#proxbox-ha').locator('[data-state="managed"]').waitFor();
  const theirTabReady = (page) => page.locator('table.attr-table code', { hasText: 'vm:101' }).waitFor();
  for (const cold of [false, true]) {
    const ours = await measure(browser, ourTab, ourTabReady, { cold, milestones: tabMilestones });
    const theirs = await measure(browser, theirTab, theirTabReady, { cold, milestones: tabMilestones });
    row(`VM tab, ${cold ? 'cold' : 'warm'} cache`, ours.ms, theirs.ms, cold ? 1.5 : 1.0);
    const cache = cold ? 'cold' : 'warm';
    breakdown.push(`| ${cache} | proxbox-ha (HA live) | ${ours.html} | ${ours.interactive} | ${ours.frame} | ${ours.ms} |`);
    breakdown.push(`| ${cache} | netbox-proxbox (Proxmox HA) | ${theirs.html} | ${theirs.interactive} | | ${theirs.ms} |`);
  }
  await seedGenerated(RESOURCES);
  const ourPage = `${NETBOX}/plugins/proxbox-ha/ha`;
  const theirPage = `${NETBOX}/plugins/proxbox/ha/`;
  const ourRows = (page) => page.waitForFunction(() => document.querySelectorAll('#ha-resources tbody tr:not(.empty-row)').length >= 250, null, { polling: 'raf', timeout: 60000 });
  const theirRows = (page) => page.waitForFunction((n) => {
    const card = [...document.querySelectorAll('.card')].find((c) => c.querySelector('.card-header')?.textContent.trim() === 'HA Resources');
    return card && card.querySelectorAll('tbody tr').length >= n;
  }, RESOURCES, { polling: 'raf', timeout: 60000 });
  const ours = await measure(browser, ourPage, ourRows, { cold: false });
  const theirs = await measure(browser, theirPage, theirRows, { cold: false });
  row(`status page, ${RESOURCES.toLocaleString('en')} HA resources, warm cache (rows visible)`, ours.ms, theirs.ms, 0.5);
  console.log(`Real NetBox 4.7.3 + netbox-proxbox 0.0.29.post6 behind nginx, median of ${RUNS}, headless ${browser.version()}`);
  console.log();
  console.log('| time until the HA data are visible | proxbox-ha | netbox-proxbox\'s page | ratio | budget | |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const line of rows) console.log(line);
  console.log();
  console.log('Where the VM tab\'s time goes (medians, ms from navigation; NetBox\'s page: HTML received, then parsed with its scripts run):');
  console.log();
  console.log('| cache | tab | NetBox page HTML | NetBox page interactive | frame starts | HA data visible |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const line of breakdown) console.log(line);
} finally {
  await browser.close();
  stopStandin();
}
