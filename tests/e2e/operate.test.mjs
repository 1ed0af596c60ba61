// Watching a failover: live refresh, the problem-first overview, table search/filter/sort in
// the URL, the node view, CSV export and accessibility (axe-core).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SUMMARY, axeViolations, cellTexts, launchBrowser, openApp, requestsTo, setScenario, startMock, waitForResources } from './harness.mjs';

const sids = async (page) => (await page.locator('#ha-resources tbody td.sid').allInnerTexts()).map((t) => t.trim());

function setVisibility(page, state) {
  return page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, state);
}

describe('live refresh', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  it('re-fetches on the interval, says when, and keeps the search box as it is', async () => {
    const app = await openApp(browser, mock, { scenario: 'live' });
    await waitForResources(app.page);
    assert.match(await app.page.locator('[data-testid=updated]').innerText(), /updated \d s ago · refreshes every 2 s/);
    await app.page.locator('#resource-search').fill('web');
    await setScenario(app.context, mock, 'pve9');
    await app.page.waitForFunction(() => document.querySelector('#ha-resources-title')?.textContent === 'HA Resources (2)', null, { timeout: 8000 });
    assert.ok(requestsTo(app.requests, SUMMARY).length >= 2);
    assert.equal(await app.page.evaluate(() => document.activeElement.id), 'resource-search', 'focus stays in the search box');
    assert.equal(await app.page.locator('#resource-search').inputValue(), 'web');
    assert.deepEqual(await sids(app.page), ['vm:101'], 'the filter applies to the new data');
    await app.close();
  });

  it('pauses while the tab is hidden and catches up when it shows again', async () => {
    const app = await openApp(browser, mock, { scenario: 'live' });
    await waitForResources(app.page);
    await setVisibility(app.page, 'hidden');
    const before = requestsTo(app.requests, SUMMARY).length;
    await app.page.waitForTimeout(5000);
    assert.equal(requestsTo(app.requests, SUMMARY).length, before, 'no refresh while hidden');
    await setVisibility(app.page, 'visible');
    await app.page.waitForTimeout(500);
    assert.equal(requestsTo(app.requests, SUMMARY).length, before + 1, 'one refresh on showing again');
    await app.close();
  });

  it('keeps the last data, marked stale, under the banner of a failed refresh, without a storm', async () => {
    const app = await openApp(browser, mock, { scenario: 'live' });
    await waitForResources(app.page);
    await setScenario(app.context, mock, 'backend-down');
    await app.page.locator('[role=alert][data-error="backend-unavailable"]').waitFor({ timeout: 8000 });
    await app.page.locator('[data-testid=stale]').waitFor();
    assert.equal(await app.page.locator('#ha-resources tbody tr').count(), 8, 'the data stay');
    assert.equal(await app.page.locator('[data-testid=updated].stale').count(), 1);
    const failing = requestsTo(app.requests, SUMMARY).length;
    await app.page.waitForTimeout(3000);
    assert.ok(requestsTo(app.requests, SUMMARY).length - failing <= 2, 'retries wait a whole interval');
    await setScenario(app.context, mock, 'live');
    await app.page.locator('[data-testid=stale]').waitFor({ state: 'detached', timeout: 8000 });
    assert.equal(await app.page.locator('[role=alert]').count(), 0);
    await app.close();
  });

  it('refreshes the VM tab too, keeping the last state under a failure', async () => {
    const app = await openApp(browser, mock, { scenario: 'live', path: 'vm/1' });
    await app.page.locator('[data-state="managed"]').waitFor();
    await setScenario(app.context, mock, 'backend-down');
    await app.page.locator('[data-testid=stale]').waitFor({ timeout: 8000 });
    assert.equal(await app.page.locator('.stale [data-state="managed"]').count(), 1);
    await app.close();
  });
});

describe('overview, table, node view, CSV', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  it('counts resources by severity per cluster, and a count filters the table', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo' });
    await waitForResources(app.page);
    const counts = async (cluster) => Object.fromEntries(await app.page.locator(`.overview-cluster[data-cluster="${cluster}"] .count`)
      .evaluateAll((bs) => bs.map((b) => [b.dataset.severity, Number(b.querySelector('strong').textContent)])));
    assert.deepEqual(await counts('prod'), { problem: 1, transitional: 1, healthy: 3, neutral: 1 });
    assert.deepEqual(await counts('lab9'), { problem: 0, transitional: 1, healthy: 1, neutral: 0 });
    assert.match(await app.page.locator('.overview-cluster[data-cluster="prod"]').innerText(), /quorate[\s\S]*master alive[\s\S]*2 online · 1 maintenance · 0 not running/);
    assert.equal(await app.page.locator('.overview-cluster.overview-problem').count(), 1, 'prod, with a resource in error, stands out');
    await app.page.locator('.overview-cluster[data-cluster="prod"] .count[data-severity=problem]').click();
    await app.page.waitForURL(/cluster=prod&severity=problem/);
    assert.deepEqual(await sids(app.page), ['vm:104']);
    await app.close();
  });

  it('keeps search, filters and sort in the URL, and restores them on reload', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'ha?q=web&sort=-sid' });
    await waitForResources(app.page);
    assert.equal(await app.page.locator('#resource-search').inputValue(), 'web');
    assert.deepEqual(await sids(app.page), ['vm:105', 'vm:102', 'vm:101', 'vm:101']);
    assert.equal(await app.page.locator('th[aria-sort=descending]').textContent(), 'SID ▼');
    await app.page.locator('#filter-cluster').selectOption('prod');
    await app.page.waitForURL(/q=web&cluster=prod&sort=-sid/);
    assert.deepEqual(await sids(app.page), ['vm:105', 'vm:102', 'vm:101']);
    await app.page.reload();
    await waitForResources(app.page);
    assert.deepEqual(await sids(app.page), ['vm:105', 'vm:102', 'vm:101']);
    assert.equal(await app.page.locator('#filter-cluster').inputValue(), 'prod');
    // Keyboard: headers are buttons.
    await app.page.locator('th button', { hasText: 'Node' }).focus();
    await app.page.keyboard.press('Enter');
    await app.page.waitForURL(/sort=node/);
    assert.equal(await app.page.locator('th[aria-sort=ascending]').textContent(), 'Node ▲');
    await app.page.locator('button', { hasText: 'Clear filters' }).click();
    await app.page.waitForURL((url) => url.search === '?sort=node');
    assert.equal(await app.page.locator('#ha-resources tbody tr').count(), 8);
    await app.close();
  });

  it('opens /ha as a page of its own, and the whole app\'s HA Status route is the same page', async () => {
    const wasm = (app) => app.requests.map((r) => new URL(r.url()).pathname).filter((p) => p.endsWith('.wasm'));
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'vm/1' });
    await app.page.locator('[data-state="managed"]').waitFor();
    assert.deepEqual(wasm(app).map((p) => /proxbox-ha-[0-9a-f]+_bg\.wasm$/.test(p)), [true], 'vm/1: the whole app');
    await app.page.evaluate(() => { window.__sameDocument = true; });
    await app.page.locator('nav a', { hasText: 'HA Status' }).click();
    await waitForResources(app.page);
    assert.equal(await app.page.evaluate(() => window.__sameDocument), true, 'the router drew it: no new page');
    await app.page.locator('#filter-cluster').selectOption('prod');
    await app.page.waitForURL(/\/proxbox-ha\/ha\?cluster=prod$/);
    assert.deepEqual(await sids(app.page), ['vm:104', 'vm:103', 'vm:101', 'vm:102', 'ct:200', 'vm:105']);
    await app.page.reload();
    await waitForResources(app.page);
    assert.match(wasm(app).at(-1), /proxbox-ha-status-[0-9a-f]+_bg\.wasm$/, 'reloaded, /ha is ha.html');
    assert.equal(await app.page.locator('#filter-cluster').inputValue(), 'prod');
    assert.deepEqual(await sids(app.page), ['vm:104', 'vm:103', 'vm:101', 'vm:102', 'ct:200', 'vm:105']);
    assert.equal(await app.page.locator('nav a[aria-current=page]').innerText(), 'HA Status');
    assert.deepEqual(app.errors, []);
    await app.close();
  });

  it('percent-encodes the search in the URL and reads it back', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo' });
    await waitForResources(app.page);
    await app.page.locator('#resource-search').fill('web 01&x=é%41');
    await app.page.waitForURL((url) => url.search === '?q=web%2001%26x%3D%C3%A9%2541');
    await app.page.reload();
    await app.page.locator('#ha-resources').waitFor();
    assert.equal(await app.page.locator('#resource-search').inputValue(), 'web 01&x=é%41');
    await app.close();
  });

  it('answers "what runs on pve01?" in one click from the node row', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo' });
    await waitForResources(app.page);
    const button = app.page.locator('.cluster[data-cluster="prod"] button[data-node="pve01"]');
    assert.equal(await button.innerText(), '3');
    await button.click();
    await app.page.waitForURL(/cluster=prod&node=pve01/);
    assert.deepEqual(await sids(app.page), ['vm:101', 'ct:200', 'vm:105']);
    const rows = await app.page.locator('#ha-resources tbody tr').all();
    assert.deepEqual((await cellTexts(rows[0])).slice(5, 8), ['pve01', 'started', 'started'], 'protected and running');
    await app.close();
  });

  it('exports the filtered table as CSV', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'ha?cluster=prod&node=pve01' });
    await waitForResources(app.page);
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.locator('[data-testid=export-csv]').click()]);
    assert.equal(download.suggestedFilename(), 'ha-resources.csv');
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\r\n');
    assert.deepEqual(lines, [
      'SID,Guest,Type,Cluster,Group,Node,State,CRM state,Request state,Max restart,Max relocate,Failback',
      'vm:101,web-01,vm,prod,web,pve01,started,started,started,1,1,yes',
      'ct:200,cache-ct,ct,prod,db,pve01,started,started,started,0,0,yes',
      'vm:105,web-03,vm,prod,web,pve01,stopped,stopped,stopped,1,1,yes',
    ]);
    await app.close();
  });
});

describe('accessibility (axe-core)', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  for (const colorScheme of ['light', 'dark']) {
    for (const [name, path, ready] of [
      ['status page', 'ha', '#ha-resources td.sid a'],
      ['VM tab', 'vm/1', '[data-state="managed"]'],
      ['VM tab, not managed', 'vm/12', '[data-state="not-managed"]'],
      ['error banner', 'ha', '[role=alert]'],
    ]) {
      it(`${name} in ${colorScheme} has no violations`, async () => {
        const context = await browser.newContext({ colorScheme, bypassCSP: true });
        await context.addCookies([{ name: 'mock_scenario', value: name === 'error banner' ? 'backend-too-old' : 'demo', url: mock.origin }]);
        const page = await context.newPage();
        await page.goto(mock.url(path));
        await page.locator(ready).first().waitFor();
        assert.deepEqual(await axeViolations(page), []);
        await context.close();
      });
    }
  }
});
