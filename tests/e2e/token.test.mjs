// The API token: pasted in the UI, kept for the tab only, sent only to NetBox, never in a URL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SUMMARY, cspViolations, launchBrowser, openApp, requestsTo, startMock, waitForResources } from './harness.mjs';

const TOKEN = 'nbt_abcdef123456.0123456789abcdef0123456789abcdef01234567';

describe('API token', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  it('is sent as a Bearer header to NetBox only, refetches, and can be cleared', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo' });
    const { page } = app;
    await waitForResources(page);
    assert.equal(await requestsTo(app.requests, SUMMARY)[0].headerValue('authorization'), null, 'same origin: session cookie, no token');

    await page.locator('.settings summary').click();
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('.settings button[type="submit"]').click();
    await page.locator('[data-testid="token-state"]', { hasText: /^set$/ }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#ha-resources tbody tr').length === 8);
    await page.waitForTimeout(300);
    const summaries = requestsTo(app.requests, SUMMARY);
    assert.equal(summaries.length, 2, 'a new token refetches');
    assert.equal(await summaries[1].headerValue('authorization'), `Bearer ${TOKEN}`);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('proxbox-ha.token')), TOKEN);
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'never persisted beyond the tab');
    assert.ok(app.requests.every((r) => !r.url().includes(TOKEN)), 'never in a URL');
    assert.ok(!(await page.content()).includes(TOKEN), 'never in the page');

    await page.locator('.settings button', { hasText: 'Clear token' }).click();
    await page.locator('[data-testid="token-state"]', { hasText: 'not set' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#ha-resources tbody tr').length === 8);
    await page.waitForTimeout(300);
    const last = requestsTo(app.requests, SUMMARY).at(-1);
    assert.equal(await last.headerValue('authorization'), null);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('proxbox-ha.token')), null);
    await app.close();
  });

  it('cross-origin: needed, sent only to the configured NetBox, never to the app host or the console', async () => {
    const netbox = await startMock({ args: ['--require-token'] });
    const host = await startMock({ args: ['--netbox-url', netbox.origin] });
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = [];
    const consoleText = [];
    page.on('request', (r) => requests.push(r));
    page.on('console', (m) => consoleText.push(m.text()));
    try {
      // A query parameter cannot point the app at another NetBox.
      await page.goto(host.url('ha?netbox_url=http://127.0.0.9:9/&token=x'));
      const banner = page.locator('[role=alert][data-error="not-authenticated"]');
      await banner.waitFor();
      assert.match(await banner.innerText(), /Authentication credentials were not provided\.[\s\S]*set a NetBox API token/);

      await page.locator('.settings summary').click();
      await page.locator('#token-input').fill(TOKEN);
      await page.locator('.settings button[type="submit"]').click();
      await waitForResources(page);

      const toNetbox = requests.filter((r) => r.url().startsWith(netbox.origin + '/api/') && r.method() === 'GET');
      assert.ok(toNetbox.length >= 2, 'summary and links went to NetBox');
      const withToken = await Promise.all(toNetbox.map((r) => r.headerValue('authorization')));
      assert.deepEqual(withToken.slice(1), withToken.slice(1).map(() => `Bearer ${TOKEN}`), 'every call after the paste carries the token');
      for (const r of requests.filter((r) => r.url().startsWith(host.origin))) {
        assert.equal(await r.headerValue('authorization'), null, `${r.url()} got the token`);
      }
      assert.ok(requests.every((r) => r.url().startsWith(host.origin) || r.url().startsWith(netbox.origin)), 'no other origin was contacted');
      assert.ok(requests.every((r) => !r.url().includes(TOKEN)), 'never in a URL');
      assert.ok(consoleText.every((t) => !t.includes(TOKEN)), 'never in the console');
      assert.equal(await page.locator(`text=${TOKEN}`).count(), 0, 'never on the page');
      assert.deepEqual(await page.evaluate(() => window.__cspViolations ?? []), []);
    } finally {
      await context.close();
      netbox.stop();
      host.stop();
    }
  });
});
