// Watching a failover: live refresh, the problem-first overview, table search/filter/sort in
// the URL, the node view, CSV export and accessibility (axe-core).
// The live-refresh tests run the page's clock (page.clock) instead of waiting in real time: the
// `live` scenario refreshes every 2 s, checked once a second (a refresh is due 1.5 s after the
// last one), so running the clock on 2.5 s always brings one refresh.
import { SUMMARY, axeViolations, cellTexts, expect, fetchedTo, requestsTo, setScenario, setVisibility, test, waitForResources } from './fixtures.mjs';

const inner = { useInnerText: true };
const INTERVAL = 2_500;
const sids = async (page) => (await page.locator('#ha-resources tbody td.sid').allInnerTexts()).map((t) => t.trim());

test.describe('live refresh', () => {
  test('re-fetches on the interval, says when, and keeps the search box as it is', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'live', clock: true });
    await waitForResources(app.page);
    await expect(app.page.locator('[data-testid=updated]')).toHaveText(/updated \d s ago · refreshes every 2 s/, inner);
    await app.page.locator('#resource-search').fill('web');
    await setScenario(app.context, mock, 'pve9');
    await app.page.clock.runFor(INTERVAL);
    await expect(app.page.locator('#ha-resources-title')).toHaveText(/^HA Resources \(2\)$/);
    expect(requestsTo(app.requests, SUMMARY).length).toBeGreaterThanOrEqual(2);
    expect(await app.page.evaluate(() => document.activeElement.id), 'focus stays in the search box').toBe('resource-search');
    await expect(app.page.locator('#resource-search')).toHaveValue('web');
    expect(await sids(app.page), 'the filter applies to the new data').toEqual(['vm:101']);
  });

  test('pauses while the tab is hidden and catches up when it shows again', async ({ openApp }) => {
    const app = await openApp({ scenario: 'live', clock: true });
    await waitForResources(app.page);
    await setVisibility(app.page, 'hidden');
    const before = requestsTo(app.requests, SUMMARY).length;
    const fetched = await fetchedTo(app.page, SUMMARY);
    // Five seconds of the page's time, two and a half intervals.
    await app.page.clock.runFor(5_000);
    expect(await fetchedTo(app.page, SUMMARY), 'no refresh while hidden').toBe(fetched);
    expect(requestsTo(app.requests, SUMMARY).length, 'no refresh while hidden').toBe(before);
    await setVisibility(app.page, 'visible');
    await expect.poll(() => requestsTo(app.requests, SUMMARY).length, { message: 'one refresh on showing again' }).toBe(before + 1);
    await requestsTo(app.requests, SUMMARY).at(-1).response();
    await waitForResources(app.page);
    expect(requestsTo(app.requests, SUMMARY).length, 'one refresh on showing again').toBe(before + 1);
    expect(await fetchedTo(app.page, SUMMARY), 'one refresh on showing again').toBe(fetched + 1);
  });

  test('keeps the last data, marked stale, under the banner of a failed refresh, without a storm', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'live', clock: true });
    await waitForResources(app.page);
    await setScenario(app.context, mock, 'backend-down');
    await app.page.clock.runFor(INTERVAL);
    await expect(app.page.locator('[role=alert][data-error="backend-unavailable"]')).toBeVisible();
    await expect(app.page.locator('[data-testid=stale]')).toBeVisible();
    await expect(app.page.locator('#ha-resources tbody tr'), 'the data stay').toHaveCount(8);
    await expect(app.page.locator('[data-testid=updated].stale')).toHaveCount(1);
    // Counted in the page, so that every fetch of the 3 s just run is in.
    const failing = await fetchedTo(app.page, SUMMARY);
    await app.page.clock.runFor(3_000);
    expect((await fetchedTo(app.page, SUMMARY)) - failing, 'retries wait a whole interval').toBeLessThanOrEqual(2);
    await setScenario(app.context, mock, 'live');
    await app.page.clock.runFor(INTERVAL);
    await expect(app.page.locator('[data-testid=stale]')).toHaveCount(0);
    expect(await app.page.locator('[role=alert]').count()).toBe(0);
  });

  test('refreshes the VM tab too, keeping the last state under a failure', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'live', path: 'vm/1', clock: true });
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    await setScenario(app.context, mock, 'backend-down');
    await app.page.clock.runFor(INTERVAL);
    await expect(app.page.locator('[data-testid=stale]')).toBeVisible();
    await expect(app.page.locator('.stale [data-state="managed"]')).toHaveCount(1);
  });
});

test.describe('overview, table, node view, CSV', () => {
  test('counts resources by severity per cluster, and a count filters the table', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo' });
    await waitForResources(app.page);
    const counts = async (cluster) => Object.fromEntries(await app.page.locator(`.overview-cluster[data-cluster="${cluster}"] .count`)
      .evaluateAll((bs) => bs.map((b) => [b.dataset.severity, Number(b.querySelector('strong').textContent)])));
    expect(await counts('prod')).toEqual({ problem: 1, transitional: 1, healthy: 3, neutral: 1 });
    expect(await counts('lab9')).toEqual({ problem: 0, transitional: 1, healthy: 1, neutral: 0 });
    await expect(app.page.locator('.overview-cluster[data-cluster="prod"]')).toHaveText(/quorate[\s\S]*master alive[\s\S]*2 online · 1 maintenance · 0 not running/, inner);
    await expect(app.page.locator('.overview-cluster.overview-problem'), 'prod, with a resource in error, stands out').toHaveCount(1);
    await app.page.locator('.overview-cluster[data-cluster="prod"] .count[data-severity=problem]').click();
    await expect(app.page).toHaveURL(/cluster=prod&severity=problem/);
    expect(await sids(app.page)).toEqual(['vm:104']);
  });

  test('keeps search, filters and sort in the URL, and restores them on reload', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo', path: 'ha?q=web&sort=-sid' });
    await waitForResources(app.page);
    await expect(app.page.locator('#resource-search')).toHaveValue('web');
    expect(await sids(app.page)).toEqual(['vm:105', 'vm:102', 'vm:101', 'vm:101']);
    expect(await app.page.locator('th[aria-sort=descending]').textContent()).toBe('SID ▼');
    await app.page.locator('#filter-cluster').selectOption('prod');
    await expect(app.page).toHaveURL(/q=web&cluster=prod&sort=-sid/);
    expect(await sids(app.page)).toEqual(['vm:105', 'vm:102', 'vm:101']);
    await app.page.reload();
    await waitForResources(app.page);
    expect(await sids(app.page)).toEqual(['vm:105', 'vm:102', 'vm:101']);
    await expect(app.page.locator('#filter-cluster')).toHaveValue('prod');
    // Keyboard: headers are buttons.
    await app.page.locator('th button', { hasText: 'Node' }).focus();
    await app.page.keyboard.press('Enter');
    await expect(app.page).toHaveURL(/sort=node/);
    expect(await app.page.locator('th[aria-sort=ascending]').textContent()).toBe('Node ▲');
    await app.page.locator('button', { hasText: 'Clear filters' }).click();
    await expect(app.page).toHaveURL((url) => url.search === '?sort=node');
    await expect(app.page.locator('#ha-resources tbody tr')).toHaveCount(8);
  });

  test('opens /ha as a page of its own, and the whole app\'s HA Status route is the same page', async ({ openApp }) => {
    const wasm = (app) => app.requests.map((r) => new URL(r.url()).pathname).filter((p) => p.endsWith('.wasm'));
    const app = await openApp({ scenario: 'demo', path: 'vm/1' });
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    expect(wasm(app).map((p) => /proxbox-ha-[0-9a-f]+_bg\.wasm$/.test(p)), 'vm/1: the whole app').toEqual([true]);
    await app.page.evaluate(() => { window.__sameDocument = true; });
    await app.page.locator('nav a', { hasText: 'HA Status' }).click();
    await waitForResources(app.page);
    expect(await app.page.evaluate(() => window.__sameDocument), 'the router drew it: no new page').toBe(true);
    await app.page.locator('#filter-cluster').selectOption('prod');
    await expect(app.page).toHaveURL(/\/proxbox-ha\/ha\?cluster=prod$/);
    expect(await sids(app.page)).toEqual(['vm:104', 'vm:103', 'vm:101', 'vm:102', 'ct:200', 'vm:105']);
    await app.page.reload();
    await waitForResources(app.page);
    expect(wasm(app).at(-1), 'reloaded, /ha is ha.html').toMatch(/proxbox-ha-status-[0-9a-f]+_bg\.wasm$/);
    await expect(app.page.locator('#filter-cluster')).toHaveValue('prod');
    expect(await sids(app.page)).toEqual(['vm:104', 'vm:103', 'vm:101', 'vm:102', 'ct:200', 'vm:105']);
    expect(await app.page.locator('nav a[aria-current=page]').innerText()).toBe('HA Status');
    expect(app.errors).toEqual([]);
  });

  test('percent-encodes the search in the URL and reads it back', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo' });
    await waitForResources(app.page);
    await app.page.locator('#resource-search').fill('web 01&x=é%41');
    await expect(app.page).toHaveURL((url) => url.search === '?q=web%2001%26x%3D%C3%A9%2541');
    await app.page.reload();
    await expect(app.page.locator('#ha-resources')).toBeVisible();
    await expect(app.page.locator('#resource-search')).toHaveValue('web 01&x=é%41');
  });

  test('answers "what runs on pve01?" in one click from the node row', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo' });
    await waitForResources(app.page);
    const button = app.page.locator('.cluster[data-cluster="prod"] button[data-node="pve01"]');
    expect(await button.innerText()).toBe('3');
    await button.click();
    await expect(app.page).toHaveURL(/cluster=prod&node=pve01/);
    expect(await sids(app.page)).toEqual(['vm:101', 'ct:200', 'vm:105']);
    const rows = await app.page.locator('#ha-resources tbody tr').all();
    expect((await cellTexts(rows[0])).slice(5, 8), 'protected and running').toEqual(['pve01', 'started', 'started']);
  });

  test('exports the filtered table as CSV', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo', path: 'ha?cluster=prod&node=pve01' });
    await waitForResources(app.page);
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.locator('[data-testid=export-csv]').click()]);
    expect(download.suggestedFilename()).toBe('ha-resources.csv');
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toEqual([
      'SID,Guest,Type,Cluster,Group,Node,State,CRM state,Request state,Max restart,Max relocate,Failback',
      'vm:101,web-01,vm,prod,web,pve01,started,started,started,1,1,yes',
      'ct:200,cache-ct,ct,prod,db,pve01,started,started,started,0,0,yes',
      'vm:105,web-03,vm,prod,web,pve01,stopped,stopped,stopped,1,1,yes',
    ]);
  });
});

test.describe('accessibility (axe-core)', () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const [name, path, ready] of [
      ['status page', 'ha', '#ha-resources td.sid a'],
      ['VM tab', 'vm/1', '[data-state="managed"]'],
      ['VM tab, not managed', 'vm/12', '[data-state="not-managed"]'],
      ['error banner', 'ha', '[role=alert]'],
    ]) {
      test(`${name} in ${colorScheme} has no violations`, async ({ newContext, mock }) => {
        const context = await newContext({ colorScheme, bypassCSP: true, scenario: name === 'error banner' ? 'backend-too-old' : 'demo' });
        const page = await context.newPage();
        await page.goto(mock.url(path));
        await expect(page.locator(ready).first()).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  }
});
