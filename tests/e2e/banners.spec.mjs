// Every failure of the contract renders an inline banner with the server's words and what to do.
import { SUMMARY, expect, requestsTo, setScenario, test, waitForResources } from './fixtures.mjs';

const inner = { useInnerText: true };
// This project's plugin's per-endpoint summary: asked only when proxbox-api answered but failed
// the whole summary (upstream-failed, backend-too-old); the mock's NetBox has no such route
// in these scenarios (404), so the combined banner stays.
const BY_ENDPOINT = '/api/plugins/proxbox-ha/ha/summary/by-endpoint/';
const readPerEndpoint = new Set(['backend-too-old', 'upstream-500']);

const cases = [
  ['backend-too-old', 'backend-too-old', /too old for HA views/, /Backend does not support HA endpoints — upgrade proxbox-api to v0\.0\.12 or later\./, /Upgrade proxbox-api/],
  ['not-configured', 'backend-not-configured', /No Proxbox backend is configured/, /No FastAPI backend endpoint is configured\./, /Add a FastAPI backend endpoint/],
  ['backend-down', 'backend-unavailable', /unavailable \(HTTP 502\)/, /Connection refused/, /proxbox-api service is running/],
  // netbox-proxbox's 502 for a failing proxbox-api answer: proxbox-api runs, Proxmox failed.
  ['upstream-500', 'upstream-failed', /^proxbox-api could not read Proxmox \(it answered HTTP 500\)/, /Upstream HA call failed: 500/, /proxbox-api is running, but failed the whole answer: a Proxmox cluster it reads is down, unreachable or slower than its timeouts/],
  // netbox-proxbox stopped waiting for proxbox-api (its 15 s), as the real chain answers.
  ['backend-too-slow', 'backend-too-slow', /^proxbox-api took longer than netbox-proxbox waits \(15 s\)/, /Read timed out\. \(read timeout=15\)/, /reads Proxmox once per HA resource/],
  ['bad-payload', 'backend-unavailable', /HTTP 502/, /Invalid HA payload from backend/, /proxbox-api service/],
  ['unauthenticated', 'not-authenticated', /Not signed in to NetBox \(HTTP 403\)/, /Authentication credentials were not provided\./, /Log in to NetBox again/],
  ['bad-token', 'not-authenticated', /HTTP 401/, /Invalid v2 token/, /API token/],
  ['forbidden', 'forbidden', /No permission/, /You do not have permission to perform this action\./, /Ask a NetBox administrator/],
  ['plugin-missing', 'plugin-missing', /not found on NetBox \(HTTP 404\)/, null, /Install or upgrade the netbox-proxbox plugin/],
  ['server-error', 'http', /HTTP 500/, /Internal Server Error/, /NetBox server logs/],
  ['session-expired', 'not-json', /login page/, /HTML page/, /session has expired: log in to NetBox again/],
  ['truncated', 'not-json', /not JSON/, /not valid JSON/, /NetBox URL in config\.json/],
  ['wrong-shape', 'bad-shape', /not in the expected format/, /was a list/, /matching releases/],
  ['drop', 'network', /could not be reached/, null, /CORS_ORIGIN_WHITELIST/],
];

test.describe('error banners', () => {
  for (const [scenario, kind, title, detail, advice] of cases) {
    test(`${scenario}: ${kind} banner with the server's words and what to do`, async ({ openApp }) => {
      const app = await openApp({ scenario });
      const banner = app.page.locator('.alert[role="alert"]');
      await expect(banner).toBeVisible();
      await expect(banner).toHaveAttribute('data-error', kind);
      const text = await banner.innerText();
      expect(text).toMatch(title);
      if (detail) expect(text).toMatch(detail);
      expect(text).toMatch(advice);
      await expect(banner.locator('button', { hasText: 'Retry' })).toHaveCount(1);
      expect(await app.page.locator('.spinner').count(), 'no spinner left behind').toBe(0);
      expect(requestsTo(app.requests, SUMMARY).length).toBe(1);
      expect(requestsTo(app.requests, BY_ENDPOINT).length, 'each endpoint on its own only where proxbox-api failed the whole summary')
        .toBe(readPerEndpoint.has(scenario) ? 1 : 0);
      await expect(app.page.locator('[data-error="read-per-endpoint"]')).toHaveCount(0);
      expect(app.errors).toEqual([]);
    });
  }

  test('retry shows the data once the backend is back, without reloading', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'backend-down' });
    await expect(app.page.locator('.alert[role="alert"]')).toBeVisible();
    await app.page.evaluate(() => { window.notReloaded = true; });
    await setScenario(app.context, mock, 'demo');
    await app.page.locator('.alert button', { hasText: 'Retry' }).click();
    await waitForResources(app.page);
    expect(await app.page.evaluate(() => window.notReloaded)).toBe(true);
    expect(await app.page.locator('.alert[role="alert"]').count()).toBe(0);
    expect(requestsTo(app.requests, SUMMARY).length).toBe(2);
  });

  test('shows a spinner while a slow answer is on its way, then the data', async ({ openApp }) => {
    const app = await openApp({ scenario: 'slow' });
    await expect(app.page.locator('.loading .spinner')).toBeVisible();
    await waitForResources(app.page);
    await expect(app.page.locator('#ha-resources tbody tr')).toHaveCount(8);
  });

  test('reads a 20 MB answer without trouble', async ({ openApp }) => {
    const app = await openApp({ scenario: 'huge' });
    await expect(app.page.locator('#ha-resources .empty-row')).toBeVisible({ timeout: 30_000 });
    expect(app.errors).toEqual([]);
  });

  test('gives up on an answer that never arrives, a little after the shim\'s 15 s', async ({ openApp }) => {
    // The page's clock: its 17 s timer fires when the clock is run on, not after 17 real seconds.
    const app = await openApp({ scenario: 'hang', clock: true });
    await app.request(SUMMARY);
    // From now, in the page's time; and when the banner first shows, in the page's time.
    const started = await app.page.evaluate(() => {
      window.__bannerAt = null;
      new MutationObserver(() => {
        if (window.__bannerAt === null && document.querySelector('.alert[role="alert"]')) window.__bannerAt = Date.now();
      }).observe(document, { childList: true, subtree: true, attributes: true });
      return Date.now();
    });
    await app.page.clock.runFor(25_000);
    const banner = app.page.locator('.alert[role="alert"]');
    await expect(banner).toBeVisible();
    const waited = (await app.page.evaluate(() => window.__bannerAt) - started) / 1000;
    await expect(banner).toHaveAttribute('data-error', 'timeout');
    await expect(banner).toHaveText(/No answer after 17 seconds[\s\S]*Retry in a moment/, inner);
    expect(waited > 14 && waited < 25, `gave up after ${waited}s`).toBe(true);
  });
});
