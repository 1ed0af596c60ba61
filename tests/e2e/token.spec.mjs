// The API token: pasted in the UI, kept for the tab only, sent only to NetBox, never in a URL.
import { SUMMARY, expect, requestsTo, test, waitForResources } from './fixtures.mjs';

const TOKEN = 'nbt_abcdef123456.0123456789abcdef0123456789abcdef01234567';
const inner = { useInnerText: true };

test.describe('API token', () => {
  test('is sent as a Bearer header to NetBox only, refetches, and can be cleared', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo' });
    const { page } = app;
    await waitForResources(page);
    expect(await requestsTo(app.requests, SUMMARY)[0].headerValue('authorization'), 'same origin: session cookie, no token').toBe(null);

    await page.locator('.settings summary').click();
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('.settings button[type="submit"]').click();
    await expect(page.locator('[data-testid="token-state"]', { hasText: /^set$/ })).toBeVisible();
    // The refetch: sent, answered, drawn with its links; then nothing more was asked.
    await expect.poll(() => requestsTo(app.requests, SUMMARY).length).toBeGreaterThanOrEqual(2);
    await requestsTo(app.requests, SUMMARY)[1].response();
    await expect(page.locator('#ha-resources tbody tr')).toHaveCount(8);
    await waitForResources(page);
    const summaries = requestsTo(app.requests, SUMMARY);
    expect(summaries.length, 'a new token refetches').toBe(2);
    expect(await summaries[1].headerValue('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(await page.evaluate(() => sessionStorage.getItem('proxbox-ha.token'))).toBe(TOKEN);
    expect(await page.evaluate(() => localStorage.length), 'never persisted beyond the tab').toBe(0);
    expect(app.requests.every((r) => !r.url().includes(TOKEN)), 'never in a URL').toBe(true);
    expect((await page.content()).includes(TOKEN), 'never in the page').toBe(false);

    await page.locator('.settings button', { hasText: 'Clear token' }).click();
    await expect(page.locator('[data-testid="token-state"]', { hasText: 'not set' })).toBeVisible();
    // Clearing refetches too; that answer is drawn before the checks.
    await expect.poll(() => requestsTo(app.requests, SUMMARY).length).toBeGreaterThan(2);
    await requestsTo(app.requests, SUMMARY).at(-1).response();
    await expect(page.locator('#ha-resources tbody tr')).toHaveCount(8);
    await waitForResources(page);
    const last = requestsTo(app.requests, SUMMARY).at(-1);
    expect(await last.headerValue('authorization')).toBe(null);
    expect(await page.evaluate(() => sessionStorage.getItem('proxbox-ha.token'))).toBe(null);
  });

  test('cross-origin: needed, sent only to the configured NetBox, never to the app host or the console', async ({ newContext, startMock }) => {
    const netbox = await startMock({ args: ['--require-token'] });
    const host = await startMock({ args: ['--netbox-url', netbox.origin] });
    const context = await newContext();
    const page = await context.newPage();
    const requests = [];
    const consoleText = [];
    page.on('request', (r) => requests.push(r));
    page.on('console', (m) => consoleText.push(m.text()));
    // A query parameter cannot point the app at another NetBox.
    await page.goto(host.url('ha?netbox_url=http://127.0.0.9:9/&token=x'));
    const banner = page.locator('[role=alert][data-error="not-authenticated"]');
    await expect(banner).toBeVisible();
    await expect(banner).toHaveText(/Authentication credentials were not provided\.[\s\S]*set a NetBox API token/, inner);

    await page.locator('.settings summary').click();
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('.settings button[type="submit"]').click();
    await waitForResources(page);

    const toNetbox = requests.filter((r) => r.url().startsWith(netbox.origin + '/api/') && r.method() === 'GET');
    expect(toNetbox.length, 'summary and links went to NetBox').toBeGreaterThanOrEqual(2);
    const withToken = await Promise.all(toNetbox.map((r) => r.headerValue('authorization')));
    expect(withToken.slice(1), 'every call after the paste carries the token').toEqual(withToken.slice(1).map(() => `Bearer ${TOKEN}`));
    for (const r of requests.filter((r) => r.url().startsWith(host.origin))) {
      expect(await r.headerValue('authorization'), `${r.url()} got the token`).toBe(null);
    }
    expect(requests.every((r) => r.url().startsWith(host.origin) || r.url().startsWith(netbox.origin)), 'no other origin was contacted').toBe(true);
    expect(requests.every((r) => !r.url().includes(TOKEN)), 'never in a URL').toBe(true);
    expect(consoleText.every((t) => !t.includes(TOKEN)), 'never in the console').toBe(true);
    expect(await page.locator(`text=${TOKEN}`).count(), 'never on the page').toBe(0);
    expect(await page.evaluate(() => window.__cspViolations ?? [])).toEqual([]);
  });
});
