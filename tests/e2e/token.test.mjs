// The API token: pasted in the UI, kept for the tab only, sent only to NetBox, never in a URL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SUMMARY, launchBrowser, openApp, requestsTo, startMock, waitForResources } from './harness.mjs';

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
});
