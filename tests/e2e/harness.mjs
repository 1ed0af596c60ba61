// What the end-to-end suite (through ./fixtures.mjs), the benchmark, the screenshot script and
// the real-NetBox tier share: the mock NetBox, Debian's Chromium and an app opened in a fresh
// browser context, with the scenario chosen per context by the `mock_scenario` cookie.
// Plain Playwright (no test runner), so that scripts run it with `node` too.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE = '/proxbox-ha/';

export const SUMMARY = '/api/plugins/proxbox/ha/summary/';
export const SYNC_STATE = '/api/plugins/proxbox/sync-state/virtual-machines/';
export const VM_LIST = '/api/virtualization/virtual-machines/';
/** The facts the app, the plugin and the mock share (the plugin's contract.json). */
export const contract = JSON.parse(readFileSync(path.join(root, 'netbox-plugin/netbox_proxbox_ha/contract.json'), 'utf8'));
export const HA_VM = (vmid) => contract.vm_ha_path.split('?')[0].replace('{vmid}', vmid);

/** Debian's Chromium; Playwright never downloads a browser here. The test runner's config
 * launches with the same options (`use.launchOptions`). */
export const launchOptions = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export function launchBrowser() {
  return chromium.launch(launchOptions);
}

const running = new Set();
process.on('exit', () => { for (const child of running) child.kill(); });

/** Starts a mock NetBox on a free port; `stop()` resolves once it has exited. */
export async function startMock({ dist = 'target/e2e-dist', scenario = 'demo', base = BASE, args = [], binary = 'target/debug/mock-netbox' } = {}) {
  for (const [file, how] of [[binary, 'cargo build -p mock-netbox'], [path.join(dist, 'index.html'), 'tools/build.sh --public-url /proxbox-ha/ --dist target/e2e-dist']]) {
    if (!existsSync(path.join(root, file))) throw new Error(`${file} is missing: run ${how} first`);
  }
  const child = spawn(path.join(root, binary),
    ['--port', '0', '--dist', path.join(root, dist), '--base', base, '--scenario', scenario, ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));
  const origin = await new Promise((resolve, reject) => {
    let seen = '';
    // Read on after the port line too, so that the pipe never fills.
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
      if (seen.length > 4096) seen = seen.slice(-256);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`mock-netbox exited with ${code}`)));
  });
  return {
    origin,
    url: (p = '') => origin + base + p,
    stop: () => { if (child.exitCode === null && child.signalCode === null) child.kill(); return exited; },
  };
}

export function setScenario(context, mock, scenario) {
  return context.addCookies([{ name: 'mock_scenario', value: scenario, url: mock.origin }]);
}

/** Runs in the page before its scripts: records CSP violations and the paths the page
 * fetches, in the page itself, so that "nothing more was sent" can be read right after a
 * step of the page's clock. */
function instrument() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  window.__fetched = [];
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    try { window.__fetched.push(new URL(input instanceof Request ? input.url : String(input), location.href).pathname); } catch { /* the fetch says why */ }
    return fetch.call(this, input, init);
  };
}

/** Opens an app path in a fresh context; records requests and uncaught errors.
 * `clock: true` installs Playwright's fake clock first (page.clock), running on from now. */
export async function openApp(browser, mock, { scenario, path: appPath = 'ha', colorScheme = 'light', viewport, bypassCSP, clock = false } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, bypassCSP });
  if (scenario) await setScenario(context, mock, scenario);
  if (clock) await context.clock.install();
  const page = await context.newPage();
  await page.addInitScript(instrument);
  const requests = [];
  const errors = [];
  const waiting = [];
  page.on('request', (r) => {
    requests.push(r);
    const path = new URL(r.url()).pathname;
    for (const w of waiting.filter((w) => w.path === path)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(r); }
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (/panicked|RuntimeError|unreachable/.test(m.text())) errors.push(m.text()); });
  /** The first request to `pathname`: already sent, or the next one. */
  const request = (pathname) => requestsTo(requests, pathname)[0]
    ?? new Promise((resolve) => waiting.push({ path: pathname, resolve }));
  await page.goto(mock.url(appPath));
  return { page, context, requests, errors, request, close: () => context.close() };
}

/** Content-Security-Policy violations the page reported so far. */
/** Makes the page hidden or visible to its scripts, as a background tab is (`visibilityState`). */
export function setVisibility(page, state) {
  return page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, state);
}

export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

/** How many times the page has called fetch() for `pathname` so far. */
export function fetchedTo(page, pathname) {
  return page.evaluate((p) => window.__fetched.filter((f) => f === p).length, pathname);
}

/** Requests whose path is exactly `pathname` (query ignored). */
export function requestsTo(requests, pathname) {
  return requests.filter((r) => new URL(r.url()).pathname === pathname);
}

/** Navigates inside the app as a click on one of its links would: the router handles it. */
export function followLink(page, href) {
  return page.evaluate((to) => {
    const a = Object.assign(document.createElement('a'), { href: to });
    document.body.append(a);
    a.click();
  }, href);
}

/** Collects the requests that fail from now on (aborted ones among them) as [path, error]. */
export function failedRequests(page) {
  const failed = [];
  page.on('requestfailed', (r) => failed.push([new URL(r.url()).pathname, r.failure()?.errorText]));
  return failed;
}

/** Waits for the resources table to be drawn with its links resolved (for scripts; the
 * tests use the web-first one in ./fixtures.mjs). */
export async function waitForResources(page) {
  await page.locator('#ha-resources tbody tr').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('#ha-resources .placeholder'));
}

export function rowOf(page, cluster, sid) {
  return page.locator('#ha-resources tbody tr').filter({ has: page.locator('td.sid', { hasText: new RegExp(`^${sid}$`) }) })
    .filter({ has: page.locator('td:nth-child(4)', { hasText: new RegExp(`^${cluster}$`) }) });
}

export async function cellTexts(row) {
  return (await row.locator('td').allInnerTexts()).map((t) => t.trim());
}
