// Faults, hostile input, races and the CSP, on both pages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, SUMMARY, cspViolations, failedRequests, followLink, launchBrowser, openApp, requestsTo, startMock, waitForResources } from './harness.mjs';

// scenario -> the banner kind both pages show for it
const matrix = {
  'backend-too-old': 'backend-too-old', 'not-configured': 'backend-not-configured',
  'backend-down': 'backend-unavailable', 'upstream-500': 'backend-unavailable', 'bad-payload': 'backend-unavailable',
  unauthenticated: 'not-authenticated', 'bad-token': 'not-authenticated', forbidden: 'forbidden',
  'plugin-missing': 'plugin-missing', 'server-error': 'http', 'session-expired': 'not-json',
  truncated: 'not-json', 'wrong-shape': 'bad-shape', drop: 'network',
};

describe('fault matrix on the VM tab', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  for (const [scenario, kind] of Object.entries(matrix)) {
    it(`${scenario} -> ${kind} banner with a retry`, async () => {
      const app = await openApp(browser, mock, { scenario, path: 'vm/1' });
      const banner = app.page.locator(`[role=alert][data-error="${kind}"]`);
      await banner.waitFor();
      assert.equal(await banner.locator('button', { hasText: 'Retry' }).count(), 1);
      assert.match(await app.page.locator('.vm-header').innerText(), /web-01/, 'the VM is still named');
      assert.equal(await app.page.locator('.loading').count(), 0);
      assert.deepEqual(app.errors, []);
      await app.close();
    });
  }

  it('a 200 {"detail"} is information, a 20 MB answer is a typed error', async () => {
    const notice = await openApp(browser, mock, { scenario: 'no-endpoints', path: 'vm/1' });
    await notice.page.locator('.alert-info', { hasText: 'No enabled Proxmox endpoints configured.' }).waitFor();
    await notice.close();
    const huge = await openApp(browser, mock, { scenario: 'huge', path: 'vm/1' });
    await huge.page.locator('[data-error="bad-shape"]').waitFor({ timeout: 30000 });
    await huge.close();
  });

  it('retry shows the VM once the backend is back, without reloading', async () => {
    const app = await openApp(browser, mock, { scenario: 'backend-down', path: 'vm/1' });
    await app.page.locator('[data-error="backend-unavailable"]').waitFor();
    await app.page.evaluate(() => { window.notReloaded = true; });
    await app.context.addCookies([{ name: 'mock_scenario', value: 'demo', url: mock.origin }]);
    await app.page.locator('[role=alert] button', { hasText: 'Retry' }).click();
    await app.page.locator('[data-state="managed"]').waitFor();
    assert.equal(await app.page.evaluate(() => window.notReloaded), true);
    await app.close();
  });
});

describe('wrong types, hostile strings, races and CSP', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  it('renders JSON of the wrong types with dashes and a notice of what was skipped', async () => {
    const app = await openApp(browser, mock, { scenario: 'wrong-types' });
    await app.page.locator('#ha-resources').waitFor();
    const notice = await app.page.locator('.alert-warning[role=status]').first().innerText();
    assert.match(notice, /could not be read[\s\S]*entries in `status` were not objects[\s\S]*`rules` was not a list[\s\S]*entries in `resources` were not objects/);
    const row = (await app.page.locator('#ha-resources tbody tr').first().locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(row.slice(0, 1).concat(row.slice(5)), ['vm:101', '5', '—', '—', '—', '—', '—', '—']);
    assert.match(await app.page.locator('.cluster[data-cluster="prod"]').innerText(), /NO QUORUM/);
    assert.deepEqual(app.errors, []);
    await app.close();
  });

  async function assertInert(app) {
    assert.equal(await app.page.evaluate(() => window.__pwned), undefined, 'no injected code ran');
    assert.equal(await app.page.evaluate(() => document.body.querySelectorAll('script, img, iframe, object').length), 0, 'no markup injected');
    const hrefs = await app.page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')));
    for (const href of hrefs) assert.ok(href.startsWith(mock.origin + '/') || href.startsWith(BASE), `unexpected link ${href}`);
    const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `long strings push the page ${overflow}px sideways`);
    assert.deepEqual(await cspViolations(app.page), []);
    assert.deepEqual(app.errors, []);
  }

  it('shows hostile strings on the status page as inert text', async () => {
    const app = await openApp(browser, mock, { scenario: 'hostile' });
    await waitForResources(app.page);
    await assertInert(app);
    assert.match(await app.page.locator('#ha-resources').innerText(), /<script>window\.__pwned=1<\/script>/);
    assert.match(await app.page.locator('#cluster-status').innerText(), /<img src=x onerror="window\.__pwned=1">/);
    const links = await app.page.locator('#ha-resources td.sid a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, [`${mock.origin}/virtualization/virtual-machines/1/`], 'only the valid SID links, to an integer id');
    await app.close();
  });

  it('shows hostile strings on the VM tab and in banners as inert text', async () => {
    const vm = await openApp(browser, mock, { scenario: 'hostile', path: 'vm/1' });
    await vm.page.locator('[data-state="managed"]').waitFor();
    await assertInert(vm);
    await vm.close();
    const banner = await openApp(browser, mock, { scenario: 'hostile-detail' });
    await banner.page.locator('[role=alert]').waitFor();
    assert.match(await banner.page.locator('[role=alert]').innerText(), /<script>window\.__pwned=1<\/script><img/);
    await assertInert(banner);
    await banner.close();
  });

  it('leaving the status page before its answer arrives aborts it and shows the new view', async () => {
    const app = await openApp(browser, mock, { scenario: 'slow' });
    const aborted = failedRequests(app.page);
    await app.page.locator('.loading').waitFor();
    while (!requestsTo(app.requests, SUMMARY).length) await app.page.waitForTimeout(20);
    await followLink(app.page, `${BASE}vm/4`);
    await app.page.locator('[data-state="managed"]').waitFor();
    await app.page.waitForTimeout(3500);
    assert.equal(await app.page.locator('#ha-resources').count(), 0, 'the late summary did not come back');
    assert.deepEqual(aborted, [[SUMMARY, 'net::ERR_ABORTED']]);
    await app.close();
  });

  it('runs under a strict Content-Security-Policy', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo' });
    await waitForResources(app.page);
    const response = await app.page.request.get(mock.url('ha'));
    const policy = response.headers()['content-security-policy'];
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'/);
    assert.equal(await app.page.evaluate(() => document.querySelectorAll('script:not([src])').length), 0, 'no inline script');
    assert.deepEqual(await cspViolations(app.page), []);
    await app.close();
  });
});
