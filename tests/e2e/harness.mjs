// Shared setup of the end-to-end tests: one mock NetBox per test file, Debian's Chromium,
// and the scenario chosen per browser context through the `mock_scenario` cookie.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE = '/proxbox-ha/';

export async function startMock({ dist = 'target/e2e-dist', scenario = 'demo', base = BASE, args = [], binary = 'target/debug/mock-netbox' } = {}) {
  const child = spawn(path.join(root, binary),
    ['--port', '0', '--dist', path.join(root, dist), '--base', base, '--scenario', scenario, ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`mock-netbox exited with ${code}`)));
  });
  return { origin, url: (p = '') => origin + base + p, stop: () => child.kill() };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens an app path in a fresh context; records requests and uncaught errors. */
export async function openApp(browser, mock, { scenario, path: appPath = 'ha', colorScheme = 'light', viewport } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  if (scenario) await setScenario(context, mock, scenario);
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (/panicked|RuntimeError|unreachable/.test(m.text())) errors.push(m.text()); });
  await page.goto(mock.url(appPath));
  return { page, context, requests, errors, close: () => context.close() };
}

/** Content-Security-Policy violations the page reported so far. */
export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

export function setScenario(context, mock, scenario) {
  return context.addCookies([{ name: 'mock_scenario', value: scenario, url: mock.origin }]);
}

/** Requests whose path is exactly `pathname` (query ignored). */
export function requestsTo(requests, pathname) {
  return requests.filter((r) => new URL(r.url()).pathname === pathname);
}

export const SUMMARY = '/api/plugins/proxbox/ha/summary/';
export const SYNC_STATE = '/api/plugins/proxbox/sync-state/virtual-machines/';
export const VM_LIST = '/api/virtualization/virtual-machines/';

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

/** Waits for the resources table to be drawn with its links resolved. */
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

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations on the page, a line each. The page's context must bypass the CSP:
 * axe is injected as a script, which the app's CSP (rightly) refuses. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
