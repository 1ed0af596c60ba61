// The benchmark (not a test): tools/bench.sh builds the release app and runs this.
// Prints one table: transfer sizes, then per N the time from navigation start to the
// resource rows in the DOM, requests and JS heap, against a plain server-rendered table.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { launchBrowser, root, startMock } from './harness.mjs';

const RUNS = Number(process.env.RUNS || 5);
const SIZES = (process.env.SIZES || '10,100,1000,5000,20000').split(',').map(Number);
const DIST = 'target/bench-dist';
// The table draws one page at a time: src/table.rs PAGE_SIZE.
const PAGE_ROWS = 250;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** What a page's first load downloads: its boot script, what that imports, and the CSS. */
function transfer(page) {
  const dir = path.join(root, DIST);
  const read = (f) => readFileSync(path.join(dir, f));
  const html = read(page).toString();
  const boot = html.match(/src="(boot-[0-9a-f]+\.js)"/)[1];
  const imported = [...read(boot).toString().matchAll(/\/([^/']+\.(?:js|wasm))'/g)].map((m) => m[1]);
  const styles = [...html.matchAll(/href="[^"]*\/([^/"]+\.css)"/g)].map((m) => m[1]);
  const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const rows = [...imported, boot, ...styles].map((f) => ({ kind: f, raw: read(f).length, gzip: gzipSync(read(f), { level: 9 }).length, br: brotli(read(f)) }));
  const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
  const total = { kind: `${page}: wasm + js + css`, raw: sum('raw'), gzip: sum('gzip'), br: sum('br') };
  return { rows, total };
}

/** Records in the page when `selector` matches `count` elements, and when links settled. */
function watch({ selector, count }) {
  window.__done = null;
  window.__linked = null;
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasmMemory = () => e.detail.wasm.memory.buffer.byteLength; });
  const check = () => {
    const rows = document.querySelectorAll(selector).length;
    if (window.__done === null && rows >= count) window.__done = performance.now();
    if (window.__done !== null && window.__linked === null && !document.querySelector('.placeholder')) window.__linked = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

async function measure(browser, url, scenario, selector, count) {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'mock_scenario', value: scenario, url }]);
  const page = await context.newPage();
  let requests = 0;
  let api = 0;
  page.on('request', (r) => { requests += 1; if (new URL(r.url()).pathname.startsWith('/api/')) api += 1; });
  await page.addInitScript(watch, { selector, count });
  await page.goto(url);
  await page.waitForFunction(() => window.__done !== null && window.__linked !== null, null, { timeout: 120000, polling: 50 });
  const [done, linked] = await page.evaluate(() => [window.__done, window.__linked]);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const wasm = await page.evaluate(() => (window.__wasmMemory ? window.__wasmMemory() : 0));
  await context.close();
  return { done, linked, requests, api, heap, wasm };
}

const mock = await startMock({ dist: DIST, base: '/', args: [] , binary: process.env.MOCK_BINARY });
const browser = await launchBrowser();
try {
  const lines = [];
  const out = (s = '') => { lines.push(s); console.log(s); };
  out(`proxbox-ha benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model.trim()}, headless ${browser.version()}, median of ${RUNS} runs`);
  out();
  out('| initial transfer | raw | gzip -9 | brotli 11 |');
  out('|---|---:|---:|---:|');
  const budgets = [];
  // The status page's first load is ha.html (/ha: NetBox's menu entry), the HA live tab's
  // embed.html, the whole app's index.html; the budgets are brotli, as the plugin and the static
  // recipe send them (the tier's wire table, tests/netbox/bench.mjs, counts what arrives).
  const pages = [['ha.html', 180, 'the status page (/ha)'], ['embed.html', 100, 'the HA live tab\'s frame'], ['index.html', 240, 'the whole app (/vm/{id})']];
  for (const [page, budget, what] of pages) {
    const { rows, total } = transfer(page);
    for (const r of rows) out(`| ${r.kind} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.br)} |`);
    out(`| **${total.kind}** | ${kb(total.raw)} | ${kb(total.gzip)} | **${kb(total.br)}** |`);
    budgets.push(`| ${what}: ${kb(total.br)} brotli | ≤ ${budget} KB | ${total.br <= budget * 1024 ? 'met' : '**not met**'} |`);
  }
  out();
  out('| first-load budget | budget | |');
  out('|---|---:|---|');
  budgets.forEach((b) => out(b));
  out();
  out('| HA resources | rows drawn (SPA) | links resolved | plain HTML table | SPA / plain | API requests | JS heap | wasm memory |');
  out('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of SIZES) {
    const spa = [];
    const plain = [];
    for (let i = 0; i < RUNS; i += 1) {
      spa.push(await measure(browser, mock.url('ha'), `generated-${n}`, '#ha-resources tbody tr:not(.empty-row)', Math.min(n, PAGE_ROWS)));
      plain.push(await measure(browser, `${mock.origin}/__mock/plain/${n}`, `generated-${n}`, '#plain tbody tr', n));
    }
    const t = median(spa.map((m) => m.done));
    const p = median(plain.map((m) => m.done));
    out(`| ${n.toLocaleString('en')} | ${t.toFixed(0)} ms | ${median(spa.map((m) => m.linked)).toFixed(0)} ms | ${p.toFixed(0)} ms | ${(t / p).toFixed(2)} | ${median(spa.map((m) => m.api))} | ${(median(spa.map((m) => m.heap)) / 1048576).toFixed(1)} MB | ${(median(spa.map((m) => m.wasm)) / 1048576).toFixed(1)} MB |`);
  }
  const vm = [];
  for (let i = 0; i < RUNS; i += 1) vm.push(await measure(browser, mock.url('vm/1'), 'generated-1000', '[data-state="managed"]', 1));
  out();
  out(`VM tab (/vm/1): data after ${median(vm.map((m) => m.done)).toFixed(0)} ms, ${median(vm.map((m) => m.api))} API requests (${median(vm.map((m) => m.requests))} in all, with the page, its assets and config.json).`);
} finally {
  await browser.close();
  mock.stop();
}
