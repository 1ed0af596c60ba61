// Faults, hostile input, races and the CSP, on both pages.
import { BASE, SUMMARY, answerOfLater, cspViolations, expect, failedRequests, followLink, test, waitForResources } from './fixtures.mjs';

const inner = { useInnerText: true };

// scenario -> the banner kind both pages show for it
const matrix = {
  'backend-too-old': 'backend-too-old', 'not-configured': 'backend-not-configured',
  'backend-down': 'backend-unavailable', 'upstream-500': 'upstream-failed', 'bad-payload': 'backend-unavailable',
  unauthenticated: 'not-authenticated', 'bad-token': 'not-authenticated', forbidden: 'forbidden',
  'plugin-missing': 'plugin-missing', 'server-error': 'http', 'session-expired': 'not-json',
  truncated: 'not-json', 'wrong-shape': 'bad-shape', drop: 'network',
};

test.describe('fault matrix on the VM tab', () => {
  for (const [scenario, kind] of Object.entries(matrix)) {
    test(`${scenario} -> ${kind} banner with a retry`, async ({ openApp }) => {
      const app = await openApp({ scenario, path: 'vm/1' });
      const banner = app.page.locator(`[role=alert][data-error="${kind}"]`);
      await expect(banner).toBeVisible();
      await expect(banner.locator('button', { hasText: 'Retry' })).toHaveCount(1);
      await expect(app.page.locator('.vm-header'), 'the VM is still named').toHaveText(/web-01/, inner);
      expect(await app.page.locator('.loading').count()).toBe(0);
      expect(app.errors).toEqual([]);
    });
  }

  test('a 200 {"detail"} is information, a 20 MB answer is a typed error', async ({ openApp }) => {
    const notice = await openApp({ scenario: 'no-endpoints', path: 'vm/1' });
    await expect(notice.page.locator('.alert-info', { hasText: 'No enabled Proxmox endpoints configured.' })).toBeVisible();
    await notice.close();
    const huge = await openApp({ scenario: 'huge', path: 'vm/1' });
    await expect(huge.page.locator('[data-error="bad-shape"]')).toBeVisible({ timeout: 30_000 });
  });

  test('retry shows the VM once the backend is back, without reloading', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'backend-down', path: 'vm/1' });
    await expect(app.page.locator('[data-error="backend-unavailable"]')).toBeVisible();
    await app.page.evaluate(() => { window.notReloaded = true; });
    await app.context.addCookies([{ name: 'mock_scenario', value: 'demo', url: mock.origin }]);
    await app.page.locator('[role=alert] button', { hasText: 'Retry' }).click();
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    expect(await app.page.evaluate(() => window.notReloaded)).toBe(true);
  });
});

test.describe('wrong types, hostile strings, races and CSP', () => {
  test('renders JSON of the wrong types with dashes and a notice of what was skipped', async ({ openApp }) => {
    const app = await openApp({ scenario: 'wrong-types' });
    await expect(app.page.locator('#ha-resources')).toBeVisible();
    await expect(app.page.locator('.alert-warning[role=status]').first()).toHaveText(/could not be read[\s\S]*entries in `status` were not objects[\s\S]*`rules` was not a list[\s\S]*entries in `resources` were not objects/, inner);
    const row = (await app.page.locator('#ha-resources tbody tr').first().locator('td').allInnerTexts()).map((t) => t.trim());
    expect(row.slice(0, 1).concat(row.slice(5))).toEqual(['vm:101', '5', '—', '—', '—', '—', '—', '—']);
    await expect(app.page.locator('.cluster[data-cluster="prod"]')).toHaveText(/NO QUORUM/, inner);
    expect(app.errors).toEqual([]);
  });

  async function expectInert(app, mock) {
    expect(await app.page.evaluate(() => window.__pwned), 'no injected code ran').toBe(undefined);
    expect(await app.page.evaluate(() => document.body.querySelectorAll('script, img, iframe, object').length), 'no markup injected').toBe(0);
    const hrefs = await app.page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')));
    for (const href of hrefs) expect(href.startsWith(mock.origin + '/') || href.startsWith(BASE), `unexpected link ${href}`).toBe(true);
    const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `long strings push the page ${overflow}px sideways`).toBeLessThanOrEqual(0);
    expect(await cspViolations(app.page)).toEqual([]);
    expect(app.errors).toEqual([]);
  }

  test('shows hostile strings on the status page as inert text', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'hostile' });
    await waitForResources(app.page);
    await expectInert(app, mock);
    await expect(app.page.locator('#ha-resources')).toHaveText(/<script>window\.__pwned=1<\/script>/, inner);
    await expect(app.page.locator('#cluster-status')).toHaveText(/<img src=x onerror="window\.__pwned=1">/, inner);
    const links = await app.page.locator('#ha-resources td.sid a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links, 'only the valid SID links, to an integer id').toEqual([`${mock.origin}/virtualization/virtual-machines/1/`]);
  });

  test('shows hostile strings on the VM tab and in banners as inert text', async ({ openApp, mock }) => {
    const vm = await openApp({ scenario: 'hostile', path: 'vm/1' });
    await expect(vm.page.locator('[data-state="managed"]')).toBeVisible();
    await expectInert(vm, mock);
    await vm.close();
    const banner = await openApp({ scenario: 'hostile-detail' });
    await expect(banner.page.locator('[role=alert]')).toBeVisible();
    await expect(banner.page.locator('[role=alert]')).toHaveText(/<script>window\.__pwned=1<\/script><img/, inner);
    await expectInert(banner, mock);
  });

  test('leaving the status page before its answer arrives aborts it and shows the new view', async ({ openApp }) => {
    const app = await openApp({ scenario: 'slow' });
    const aborted = failedRequests(app.page);
    await expect(app.page.locator('.loading')).toBeVisible();
    const summary = await app.request(SUMMARY);
    await followLink(app.page, `${BASE}vm/4`);
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    // The summary is 3 s late: once a summary asked for now has come, the first one would have too.
    await answerOfLater(app.page, summary.url());
    expect(await app.page.locator('#ha-resources').count(), 'the late summary did not come back').toBe(0);
    expect(aborted).toEqual([[SUMMARY, 'net::ERR_ABORTED']]);
  });

  test('runs under a strict Content-Security-Policy', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'demo' });
    await waitForResources(app.page);
    const response = await app.page.request.get(mock.url('ha'));
    const policy = response.headers()['content-security-policy'];
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    expect(await app.page.evaluate(() => document.querySelectorAll('script:not([src])').length), 'no inline script').toBe(0);
    expect(await cspViolations(app.page)).toEqual([]);
  });
});
