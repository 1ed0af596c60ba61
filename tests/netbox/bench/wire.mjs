// Bytes on the wire as NetBox serves the app: a first visit (a new browser context) through the
// plugin behind the tier's nginx, counted by Chromium itself (encoded bytes received, headers
// included) for every file under /plugins/proxbox-ha/; and each file's raw, gzip and brotli size.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { NETBOX, login, root } from '../harness.mjs';
import { table } from './measure.mjs';

const APP = '/plugins/proxbox-ha/';
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

/** Bytes received for the app's own files while `url` loads until `ready`. */
async function firstVisit(browser, url, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, 'admin');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const files = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response));
  cdp.on('Network.loadingFinished', (e) => {
    const response = urls.get(e.requestId);
    const where = response && new URL(response.url);
    // The app's files and pages; not NetBox's own page that frames them (/plugins/proxbox-ha/ha).
    if (where && where.pathname.startsWith(APP) && where.pathname !== `${APP}ha` && !response.fromDiskCache) {
      files.set(where.pathname, { bytes: e.encodedDataLength, coding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? 'identity' });
    }
  });
  await page.goto(url);
  await ready(page);
  await context.close();
  return files;
}

/** The build inside the installed wheel: each file's raw, gzip and brotli size. */
function buildSizes() {
  const dir = path.join(root, 'target/netbox-tier/opt/netbox/venv/lib/python3.12/site-packages/netbox_proxbox_ha/app');
  const size = (name) => { try { return statSync(path.join(dir, name)).size; } catch { return null; } };
  return readdirSync(dir).filter((n) => !/\.(br|gz)$/.test(n)).sort()
    .map((name) => [name, kb(size(name)), size(`${name}.gz`) === null ? '—' : kb(size(`${name}.gz`)), size(`${name}.br`) === null ? '—' : kb(size(`${name}.br`))]);
}

export async function wire(browser, data) {
  const vm = data.vms['web-01'];
  const pages = [
    ['status page (NetBox\'s menu entry: its page framing ha.html)', `${NETBOX}${APP}ha`,
      (page) => page.frameLocator('#proxbox-ha').locator('#ha-resources tbody tr').first().waitFor(), 180],
    ['HA live tab\'s frame (embed.html, preloaded by NetBox\'s VM page)', `${NETBOX}/virtualization/virtual-machines/${vm.id}/ha-live/`,
      (page) => page.frameLocator('#proxbox-ha').locator('[data-state="managed"]').waitFor(), 100],
    ['whole app (index.html, /vm/{id})', `${NETBOX}${APP}vm/${vm.id}`,
      (page) => page.locator('[data-state="managed"]').waitFor(), 240],
  ];
  const rows = [];
  const detail = [];
  for (const [what, url, ready, budget] of pages) {
    const files = await firstVisit(browser, url, ready);
    const total = [...files.values()].reduce((sum, f) => sum + f.bytes, 0);
    rows.push([what, kb(total), `≤ ${budget} KB`, total <= budget * 1000 ? 'met' : '**not met**']);
    for (const [name, { bytes, coding }] of files) detail.push([what.split(' (')[0], path.basename(name), coding, kb(bytes)]);
  }
  return [
    'Bytes on the wire, first visit through the plugin behind nginx (Chromium\'s count of bytes received, headers included):',
    '',
    table(['page', 'received', 'budget', ''], rows),
    '',
    table(['page', 'file', 'content coding', 'received'], detail),
    '',
    'The build in the wheel (tools/precompress: gzip -9, brotli 11):',
    '',
    table(['file', 'raw', 'gzip', 'brotli'], buildSizes()),
  ].join('\n');
}
