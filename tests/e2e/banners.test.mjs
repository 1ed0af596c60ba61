// Every failure of the contract renders an inline banner with the server's words and what to do.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SUMMARY, launchBrowser, openApp, requestsTo, setScenario, startMock, waitForResources } from './harness.mjs';

const cases = [
  ['backend-too-old', 'backend-too-old', /too old for HA views/, /Backend does not support HA endpoints — upgrade proxbox-api to v0\.0\.12 or later\./, /Upgrade proxbox-api/],
  ['not-configured', 'backend-not-configured', /No Proxbox backend is configured/, /No FastAPI backend endpoint is configured\./, /Add a FastAPI backend endpoint/],
  ['backend-down', 'backend-unavailable', /unavailable \(HTTP 502\)/, /Connection refused/, /proxbox-api service is running/],
  ['upstream-500', 'backend-unavailable', /HTTP 502/, /Upstream HA call failed: 500/, /proxbox-api service/],
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

describe('error banners', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  for (const [scenario, kind, title, detail, advice] of cases) {
    it(`${scenario}: ${kind} banner with the server's words and what to do`, async () => {
      const app = await openApp(browser, mock, { scenario });
      const banner = app.page.locator('.alert[role="alert"]');
      await banner.waitFor();
      assert.equal(await banner.getAttribute('data-error'), kind);
      const text = await banner.innerText();
      assert.match(text, title);
      if (detail) assert.match(text, detail);
      assert.match(text, advice);
      assert.equal(await banner.locator('button', { hasText: 'Retry' }).count(), 1);
      assert.equal(await app.page.locator('.spinner').count(), 0, 'no spinner left behind');
      assert.equal(requestsTo(app.requests, SUMMARY).length, 1);
      assert.deepEqual(app.errors, []);
      await app.close();
    });
  }

  it('retry shows the data once the backend is back, without reloading', async () => {
    const app = await openApp(browser, mock, { scenario: 'backend-down' });
    await app.page.locator('.alert[role="alert"]').waitFor();
    await app.page.evaluate(() => { window.notReloaded = true; });
    await setScenario(app.context, mock, 'demo');
    await app.page.locator('.alert button', { hasText: 'Retry' }).click();
    await waitForResources(app.page);
    assert.equal(await app.page.evaluate(() => window.notReloaded), true);
    assert.equal(await app.page.locator('.alert[role="alert"]').count(), 0);
    assert.equal(requestsTo(app.requests, SUMMARY).length, 2);
    await app.close();
  });

  it('shows a spinner while a slow answer is on its way, then the data', async () => {
    const app = await openApp(browser, mock, { scenario: 'slow' });
    await app.page.locator('.loading .spinner').waitFor();
    await waitForResources(app.page);
    assert.equal(await app.page.locator('#ha-resources tbody tr').count(), 8);
    await app.close();
  });

  it('reads a 20 MB answer without trouble', async () => {
    const app = await openApp(browser, mock, { scenario: 'huge' });
    await app.page.locator('#ha-resources .empty-row').waitFor({ timeout: 30000 });
    assert.deepEqual(app.errors, []);
    await app.close();
  });

  it('gives up on an answer that never arrives, a little after the shim\'s 15 s', async () => {
    const app = await openApp(browser, mock, { scenario: 'hang' });
    const started = Date.now();
    const banner = app.page.locator('.alert[role="alert"]');
    await banner.waitFor({ timeout: 30000 });
    const waited = (Date.now() - started) / 1000;
    assert.equal(await banner.getAttribute('data-error'), 'timeout');
    assert.match(await banner.innerText(), /No answer after 17 seconds[\s\S]*Retry in a moment/);
    assert.ok(waited > 14 && waited < 25, `gave up after ${waited}s`);
    await app.close();
  });
});
