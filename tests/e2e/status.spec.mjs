// The HA Status page against the mock NetBox: sections, links, request counts.
import path from 'node:path';
import { BASE, SUMMARY, SYNC_STATE, VM_LIST, cellTexts, expect, requestsTo, root, rowOf, test, waitForResources } from './fixtures.mjs';

// Screenshots of the last run, to look at (not compared).
const artifacts = path.join(root, 'tests/e2e/artifacts');
const inner = { useInnerText: true };
const BY_ENDPOINT = '/api/plugins/proxbox-ha/ha/summary/by-endpoint/';

test.describe('HA Status page', () => {
  test('renders every section of a PVE 8 + PVE 9 estate with one summary request', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo' });
    const { page } = app;
    await waitForResources(page);

    const prod = page.locator('.cluster[data-cluster="prod"]');
    await expect(prod).toHaveText(/Quorum\s+quorate\s+OK/, inner);
    await expect(prod).toHaveText(/Master\s+pve01\s+active/, inner);
    await expect(prod).toHaveText(/Fencing\s+armed/, inner);
    const nodeRows = prod.locator('tbody tr');
    await expect(nodeRows).toHaveCount(3);
    expect((await cellTexts(nodeRows.nth(2))).slice(0, 3)).toEqual(['pve03', 'maintenance', 'active']);
    await expect(page.locator('.cluster[data-cluster="lab9"] tbody tr')).toHaveCount(2);

    const groups = await page.locator('#ha-groups tbody tr').allInnerTexts();
    expect(groups.length).toBe(2);
    expect(groups[0]).toMatch(/prod\s+web\s+pve01:2\s*pve02:1\s+no\s+no/);
    expect(groups[1]).toMatch(/db\s+pve02\s*pve03\s+yes\s+yes/);

    const rules = await page.locator('#ha-rules tbody tr').allInnerTexts();
    expect(rules.length).toBe(2);
    expect(rules[0]).toMatch(/lab-pin\s+node-affinity\s+—\s+lab-a:2\s*lab-b:1\s+vm:101\s+no\s+enabled/);
    expect(rules[1]).toMatch(/keep-apart\s+resource-affinity\s+negative\s+—\s+vm:101, vm:300\s+yes\s+disabled/);

    await expect(page.locator('#ha-resources-title')).toHaveText(/HA Resources \(8\)/, inner);
    const first = await cellTexts(page.locator('#ha-resources tbody tr').first());
    expect(first.slice(0, 8), 'problems sort first').toEqual(['vm:104', 'monitoring', 'vm', 'prod', '—', 'pve03', 'started', 'error']);
    // A zero counter is a value, not a dash; states carry their words, not only colours.
    const ct = await cellTexts(rowOf(page, 'prod', 'ct:200'));
    expect(ct).toEqual(['ct:200', 'cache-ct', 'ct', 'prod', 'db', 'pve01', 'started', 'started', 'started', '0', '0', 'yes']);
    await expect(page.locator('#ha-resources .badge.text-bg-red', { hasText: 'error' })).toHaveCount(1);
    await expect(page.locator('#ha-resources .badge.text-bg-yellow', { hasText: 'migrate' })).toHaveCount(1);

    expect(requestsTo(app.requests, SUMMARY).length, 'exactly one summary request per render').toBe(1);
    expect(requestsTo(app.requests, BY_ENDPOINT).length, 'no per-endpoint read when the summary answers').toBe(0);
    expect(requestsTo(app.requests, SYNC_STATE).length, 'one batched link lookup for 7 ids').toBe(1);
    expect(requestsTo(app.requests, VM_LIST).length, 'no custom-field lookups on a current plugin').toBe(0);
    expect(app.errors).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'status-demo-light.png'), fullPage: true });
  });

  test('links each SID to the NetBox VM of its own cluster', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'demo' });
    await waitForResources(app.page);
    const prodLink = rowOf(app.page, 'prod', 'vm:101').locator('td.sid a');
    const labLink = rowOf(app.page, 'lab9', 'vm:101').locator('td.sid a');
    await expect(prodLink).toHaveAttribute('href', `${mock.origin}/virtualization/virtual-machines/1/`);
    await expect(labLink).toHaveAttribute('href', `${mock.origin}/virtualization/virtual-machines/7/`);
    expect(await rowOf(app.page, 'lab9', 'vm:101').locator('td.guest').innerText()).toBe('lab-web');
    // A link to NetBox leaves the app rather than being routed inside it.
    await prodLink.click();
    await expect(app.page).toHaveURL(`${mock.origin}/virtualization/virtual-machines/1/`);
    await expect(app.page.locator('h1')).toHaveText(/web-01/, inner);
  });

  test('uses the proxmox_vm_id custom field on older plugins', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'pve8' });
    await waitForResources(app.page);
    await expect(rowOf(app.page, 'prod', 'vm:102').locator('td.guest a')).toHaveAttribute('href',
      `${mock.origin}/virtualization/virtual-machines/2/`);
    expect(requestsTo(app.requests, SYNC_STATE).length, 'sync-state tried once (404)').toBe(1);
    expect(requestsTo(app.requests, VM_LIST).length, 'then one custom-field lookup').toBe(1);
    await expect(app.page.locator('#ha-rules tbody')).toHaveText(/No HA rules\. Rules replace groups from Proxmox VE 9/, inner);
  });

  test('follows paged lookups on the configured origin even when next names another host', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'proxy-next' });
    await waitForResources(app.page);
    const lookups = requestsTo(app.requests, VM_LIST);
    expect(lookups.length, `paged 2 at a time: ${lookups.length} requests`).toBeGreaterThanOrEqual(3);
    expect(app.requests.every((r) => r.url().startsWith(mock.origin)), 'no request left the NetBox origin').toBe(true);
    expect(await rowOf(app.page, 'prod', 'vm:105').locator('td.guest').innerText()).toBe('web-03');
  });

  test('shows a failing cluster as an error while the others render', async ({ openApp }) => {
    const app = await openApp({ scenario: 'one-cluster-failing' });
    await waitForResources(app.page);
    const edge = app.page.locator('.cluster[data-cluster="edge"]');
    await expect(edge).toHaveText(/could not read this cluster[\s\S]*596 Connection timed out \(edge-pve1:8006\)/, inner);
    await expect(edge).toHaveText(/needs attention/, inner);
    await expect(app.page.locator('.cluster[data-cluster="prod"]')).toHaveText(/quorate/, inner);
    expect(requestsTo(app.requests, BY_ENDPOINT).length, 'a cluster\'s error row in a 200: no per-endpoint read').toBe(0);
    await expect(app.page.locator('[data-error="read-per-endpoint"]')).toHaveCount(0);
  });

  test('renders empty states instead of missing tables', async ({ openApp }) => {
    const app = await openApp({ scenario: 'empty' });
    await expect(app.page.locator('#ha-resources')).toBeVisible();
    await expect(app.page.locator('#cluster-status')).toHaveText(/No HA status reported/, inner);
    expect(await app.page.locator('#ha-groups .empty-row').innerText()).toBe('No HA groups configured.');
    expect(await app.page.locator('#ha-rules .empty-row').innerText()).toBe('No HA rules configured.');
    expect(await app.page.locator('#ha-resources .empty-row').innerText()).toBe('No HA resources configured.');
    expect(requestsTo(app.requests, SYNC_STATE).length, 'nothing to link, nothing looked up').toBe(0);
  });

  test('reads the older documented envelope with node rows and kebab-case keys', async ({ openApp }) => {
    const app = await openApp({ scenario: 'legacy-envelope' });
    await waitForResources(app.page);
    const nodes = await app.page.locator('#cluster-status tbody tr').allInnerTexts();
    expect(nodes.length).toBe(3);
    expect(nodes.join('\n')).toMatch(/pve-01\s+active\s+—\s+1\s+online[\s\S]*pve-02\s+unknown\s+—\s+0\s+offline/);
    const row = await cellTexts(rowOf(app.page, '—', 'vm:101'));
    expect(row.slice(0, 2)).toEqual(['vm:101', 'web-01']);
    expect(row.slice(5)).toEqual(['pve-01', 'started', 'started', 'started', '0', '1', '—']);
  });

  test('shows the informational answer when no Proxmox endpoint is enabled', async ({ openApp }) => {
    const app = await openApp({ scenario: 'no-endpoints' });
    const banner = app.page.locator('.alert-info');
    await expect(banner).toBeVisible();
    await expect(banner).toHaveText(/No enabled Proxmox endpoints configured\.[\s\S]*Enable a Proxmox endpoint/, inner);
  });

  test('keeps the HA data when VM lookups fail, with a notice and unlinked SIDs', async ({ openApp }) => {
    const app = await openApp({ scenario: 'links-fail' });
    const notice = app.page.locator('.link-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveText(/Links to NetBox VMs are unavailable[\s\S]*HTTP 500/, inner);
    await expect(app.page.locator('#ha-resources tbody tr')).toHaveCount(8);
    expect(await app.page.locator('#ha-resources td.sid a').count()).toBe(0);
  });

  test('pages 1,000 resources with one summary call and ten link lookups', async ({ openApp }) => {
    const app = await openApp({ scenario: 'large' });
    await waitForResources(app.page);
    await expect(app.page.locator('#ha-resources tbody tr')).toHaveCount(250);
    await expect(app.page.locator('#ha-resources-title')).toHaveText(/HA Resources \(1000\)/, inner);
    await expect(app.page.locator('[data-testid=pager]')).toHaveText(/Showing 1–250 of 1000\s+Previous\s+page 1 of 4\s+Next/, inner);
    expect(requestsTo(app.requests, SUMMARY).length).toBe(1);
    expect(requestsTo(app.requests, SYNC_STATE).length).toBe(10);
    await expect(app.page.locator('#ha-resources td.sid a')).toHaveCount(250);
    await app.page.locator('[data-testid=pager] button', { hasText: 'Next' }).click();
    await expect(app.page).toHaveURL(/page=2/);
    await expect(app.page.locator('[data-testid=pager]')).toHaveText(/Showing 251–500 of 1000/, inner);
    expect(requestsTo(app.requests, SUMMARY).length, 'paging does not refetch').toBe(1);
  });

  test('sends / to the HA Status page under the sub-path', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'demo', path: '' });
    await expect(app.page).toHaveURL(mock.url('ha'));
    await expect(app.page.locator('#cluster-status')).toBeVisible();
    expect(mock.url('ha').includes(BASE)).toBe(true);
    const nav = app.page.locator('.navbar-nav a', { hasText: 'HA Status' });
    await expect(nav, 'links keep the sub-path').toHaveAttribute('href', `${BASE}ha`);
    await expect(nav).toHaveAttribute('aria-current', 'page');
    await expect(app.page.locator('.navbar-nav a', { hasText: 'NetBox' })).toHaveAttribute('href', `${mock.origin}/`);
  });

  test('follows the dark colour scheme and stays readable on a phone', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo', colorScheme: 'dark', viewport: { width: 390, height: 844 } });
    await waitForResources(app.page);
    const background = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 31, 44)');
    const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `page scrolls sideways by ${overflow}px; wide tables must scroll inside their card`).toBeLessThanOrEqual(0);
    await app.page.screenshot({ path: path.join(artifacts, 'status-demo-dark-phone.png'), fullPage: true });
  });
});
