// Time to data on the chain users run, this app against netbox-proxbox's own pages, same
// browser, same run: with 0, 100 and 300 ms added to every call of the simulated Proxmox
// (its fault layer), warm and cold; NetBox's VM page usable; 200 HA resources; a slow link.
import { CLUSTERS, NETBOX, clearFaults, setFaults } from '../harness.mjs';
import { RUNS, firstSight, measure, ms, ratio, shown, table, usable } from './measure.mjs';

const LATENCIES = (process.env.LATENCIES || '0,100,300').split(',').map(Number);
const WAIT = { timeout: 90_000 };

/** Every simulated cluster `delay` ms slower per call (0: as fast as it is). */
async function slowProxmox(delay) {
  for (const name of Object.keys(CLUSTERS)) {
    await (delay ? setFaults(name, [{ path: '/api2/json/*', delay_ms: delay }]) : clearFaults(name));
  }
}

const frame = (page) => page.frameLocator('#proxbox-ha');
const ourTab = async (page) => ({ saw: await firstSight(page, ['our-tab'], WAIT) });
const theirTab = async (page) => ({ saw: await firstSight(page, ['their-tab'], WAIT) });
// The status pages until their rows show, or what they show instead (at 200 resources and
// 100 ms per Proxmox call proxbox-api needs longer than netbox-proxbox waits for it): the
// banner's error kind, netbox-proxbox's alert.
const ourRows = async (page) => {
  const saw = await firstSight(page, ['our-rows', 'our-banner'], WAIT);
  return saw === 'our-rows' ? { saw } : { saw, instead: `error: ${await frame(page).locator('[data-error]').first().getAttribute('data-error')}` };
};
const theirRows = async (page) => {
  const saw = await firstSight(page, ['their-rows', 'their-alert'], WAIT);
  return saw === 'their-rows' ? { saw } : { saw, instead: `alert: ${(await page.locator('.alert-warning').first().textContent()).trim().slice(0, 60)}` };
};
// NetBox's VM page itself: its header and tabs drawn, its scripts run.
const pageUsable = async (page) => {
  await page.locator('.nav-tabs').waitFor(WAIT);
  await page.waitForFunction(() => document.readyState !== 'loading');
};
// With Proxmox hanging, the HA live tab's page is done when the tab says what is wrong: no
// request of it is left to hold one of NetBox's workers during the next load.
const ourHung = async (page) => {
  await pageUsable(page);
  return { saw: await firstSight(page, ['our-banner'], WAIT) };
};

/** Rows of the latency tables. */
export async function latency(browser, data) {
  const vm = data.vms['web-01'];
  const tabs = [`${NETBOX}/virtualization/virtual-machines/${vm.id}/ha-live/`, `${NETBOX}/virtualization/virtual-machines/${vm.id}/proxmox-ha/`];
  const status = [`${NETBOX}/plugins/proxbox-ha/ha`, `${NETBOX}/plugins/proxbox/ha/`];
  const tabRows = [];
  const usableRows = [];
  const statusRows = [];
  let hung = ['—', '—'];
  try {
    for (const delay of LATENCIES) {
      await slowProxmox(delay);
      for (const cold of [false, true]) {
        const cache = cold ? 'cold' : 'warm';
        const ours = await measure(browser, tabs[0], ourTab, { cold, marks: usable });
        const theirs = await measure(browser, tabs[1], theirTab, { cold, marks: usable });
        tabRows.push([`${delay} ms`, cache, ms(ours.ms), ms(theirs.ms), ratio(ours.ms, theirs.ms)]);
        usableRows.push([`${delay} ms`, cache, ms(ours.usable ?? null), ms(theirs.usable ?? null), ratio(ours.usable, theirs.usable)]);
        if (!cold) {
          const rowsOurs = await measure(browser, status[0], ourRows, { cold });
          const rowsTheirs = await measure(browser, status[1], theirRows, { cold });
          statusRows.push([`${delay} ms`, shown(rowsOurs), shown(rowsTheirs), ratio(rowsOurs.ms, rowsTheirs.ms, rowsOurs.shown || rowsTheirs.shown)]);
        }
      }
    }
    // Proxmox hanging until every timeout: NetBox's own VM page, usable or not.
    await slowProxmox(120_000);
    const hungOurs = await measure(browser, tabs[0], ourHung, { marks: usable });
    const hungTheirs = await measure(browser, tabs[1], pageUsable, { marks: usable });
    usableRows.push(['hanging', 'warm', ms(hungOurs.usable), ms(hungTheirs.usable), ratio(hungOurs.usable, hungTheirs.usable)]);
    hung = [ms(hungOurs.ms), ms(hungTheirs.ms)];
  } finally {
    await slowProxmox(0);
  }
  // A first visit over a slow link: 10 Mbit/s, 40 ms round trip, cold cache.
  const slowLink = async (page) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 1_250_000, uploadThroughput: 1_250_000 });
  };
  const linkRows = [];
  for (const [what, [ours, theirs], readyOurs, readyTheirs] of [['HA live tab', tabs, ourTab, theirTab], ['status page', status, ourRows, theirRows]]) {
    const a = await measure(browser, ours, readyOurs, { cold: true, setup: slowLink });
    const b = await measure(browser, theirs, readyTheirs, { cold: true, setup: slowLink });
    linkRows.push([what, ms(a.ms), ms(b.ms), ratio(a.ms, b.ms)]);
  }
  return [
    `Time until the HA state is visible, medians of ${RUNS}, ms from navigation (Proxmox latency added to every call of the simulated clusters):`,
    '',
    table(['Proxmox latency', 'cache', 'HA live tab', 'netbox-proxbox\'s tab', 'ratio'], tabRows),
    '',
    'Until NetBox\'s VM page itself is drawn and usable (DOMContentLoaded), same loads:',
    '',
    table(['Proxmox latency', 'cache', 'HA live tab\'s page', 'netbox-proxbox\'s tab', 'ratio'], usableRows),
    '',
    `With Proxmox hanging, until the HA live tab says what is wrong: ${hung[0]}; until netbox-proxbox's tab is drawn: ${hung[1]}.`,
    '',
    `Status page until its rows are visible (or, in brackets, what it showed instead), ${data.big?.resources ?? '?'} + 6 HA resources, warm:`,
    '',
    table(['Proxmox latency', 'proxbox-ha', 'netbox-proxbox\'s HA page', 'ratio'], statusRows),
    '',
    'First visit over an emulated slow link (10 Mbit/s, 40 ms round trip), cold cache, no added Proxmox latency:',
    '',
    table(['page', 'proxbox-ha', 'netbox-proxbox', 'ratio'], linkRows),
  ].join('\n');
}
