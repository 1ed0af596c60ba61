// The HA Status page against the mock NetBox: sections, links, request counts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BASE, SUMMARY, SYNC_STATE, VM_LIST, cellTexts, launchBrowser, openApp, requestsTo, root, rowOf, startMock, waitForResources } from './harness.mjs';

const artifacts = path.join(root, 'tests/e2e/artifacts');
mkdirSync(artifacts, { recursive: true });

describe('HA Status page', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  it('renders every section of a PVE 8 + PVE 9 estate with one summary request', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo' });
    const { page } = app;
    await waitForResources(page);

    const prod = page.locator('.cluster[data-cluster="prod"]');
    assert.match(await prod.innerText(), /Quorum\s+quorate\s+OK/);
    assert.match(await prod.innerText(), /Master\s+pve01\s+active/);
    assert.match(await prod.innerText(), /Fencing\s+armed/);
    const nodeRows = prod.locator('tbody tr');
    assert.equal(await nodeRows.count(), 3);
    assert.deepEqual((await cellTexts(nodeRows.nth(2))).slice(0, 3), ['pve03', 'maintenance', 'active']);
    assert.equal(await page.locator('.cluster[data-cluster="lab9"] tbody tr').count(), 2);

    const groups = await page.locator('#ha-groups tbody tr').allInnerTexts();
    assert.equal(groups.length, 2);
    assert.match(groups[0], /prod\s+web\s+pve01:2\s*pve02:1\s+no\s+no/);
    assert.match(groups[1], /db\s+pve02\s*pve03\s+yes\s+yes/);

    const rules = await page.locator('#ha-rules tbody tr').allInnerTexts();
    assert.equal(rules.length, 2);
    assert.match(rules[0], /lab-pin\s+node-affinity\s+—\s+lab-a:2\s*lab-b:1\s+vm:101\s+no\s+enabled/);
    assert.match(rules[1], /keep-apart\s+resource-affinity\s+negative\s+—\s+vm:101, vm:300\s+yes\s+disabled/);

    assert.match(await page.locator('#ha-resources-title').innerText(), /HA Resources \(8\)/);
    const first = await cellTexts(page.locator('#ha-resources tbody tr').first());
    assert.deepEqual(first.slice(0, 8), ['vm:104', 'monitoring', 'vm', 'prod', '—', 'pve03', 'started', 'error'], 'problems sort first');
    // A zero counter is a value, not a dash; states carry their words, not only colours.
    const ct = await cellTexts(rowOf(page, 'prod', 'ct:200'));
    assert.deepEqual(ct, ['ct:200', 'cache-ct', 'ct', 'prod', 'db', 'pve01', 'started', 'started', 'started', '0', '0', 'yes']);
    assert.equal(await page.locator('#ha-resources .badge.text-bg-red', { hasText: 'error' }).count(), 1);
    assert.equal(await page.locator('#ha-resources .badge.text-bg-yellow', { hasText: 'migrate' }).count(), 1);

    assert.equal(requestsTo(app.requests, SUMMARY).length, 1, 'exactly one summary request per render');
    assert.equal(requestsTo(app.requests, SYNC_STATE).length, 1, 'one batched link lookup for 7 ids');
    assert.equal(requestsTo(app.requests, VM_LIST).length, 0, 'no custom-field lookups on a current plugin');
    assert.deepEqual(app.errors, []);
    await page.screenshot({ path: path.join(artifacts, 'status-demo-light.png'), fullPage: true });
    await app.close();
  });

  it('links each SID to the NetBox VM of its own cluster', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo' });
    await waitForResources(app.page);
    const prodLink = rowOf(app.page, 'prod', 'vm:101').locator('td.sid a');
    const labLink = rowOf(app.page, 'lab9', 'vm:101').locator('td.sid a');
    assert.equal(await prodLink.getAttribute('href'), `${mock.origin}/virtualization/virtual-machines/1/`);
    assert.equal(await labLink.getAttribute('href'), `${mock.origin}/virtualization/virtual-machines/7/`);
    assert.equal(await rowOf(app.page, 'lab9', 'vm:101').locator('td.guest').innerText(), 'lab-web');
    // A link to NetBox leaves the app rather than being routed inside it.
    await prodLink.click();
    await app.page.waitForURL(`${mock.origin}/virtualization/virtual-machines/1/`);
    assert.match(await app.page.locator('h1').innerText(), /web-01/);
    await app.close();
  });

  it('uses the proxmox_vm_id custom field on older plugins', async () => {
    const app = await openApp(browser, mock, { scenario: 'pve8' });
    await waitForResources(app.page);
    assert.equal(await rowOf(app.page, 'prod', 'vm:102').locator('td.guest a').getAttribute('href'),
      `${mock.origin}/virtualization/virtual-machines/2/`);
    assert.equal(requestsTo(app.requests, SYNC_STATE).length, 1, 'sync-state tried once (404)');
    assert.equal(requestsTo(app.requests, VM_LIST).length, 1, 'then one custom-field lookup');
    assert.match(await app.page.locator('#ha-rules tbody').innerText(), /No HA rules\. Rules replace groups from Proxmox VE 9/);
    await app.close();
  });

  it('follows paged lookups on the configured origin even when next names another host', async () => {
    const app = await openApp(browser, mock, { scenario: 'proxy-next' });
    await waitForResources(app.page);
    const lookups = requestsTo(app.requests, VM_LIST);
    assert.ok(lookups.length >= 3, `paged 2 at a time: ${lookups.length} requests`);
    assert.ok(app.requests.every((r) => r.url().startsWith(mock.origin)), 'no request left the NetBox origin');
    assert.equal(await rowOf(app.page, 'prod', 'vm:105').locator('td.guest').innerText(), 'web-03');
    await app.close();
  });

  it('shows a failing cluster as an error while the others render', async () => {
    const app = await openApp(browser, mock, { scenario: 'one-cluster-failing' });
    await waitForResources(app.page);
    const edge = app.page.locator('.cluster[data-cluster="edge"]');
    assert.match(await edge.innerText(), /could not read this cluster[\s\S]*596 Connection timed out \(edge-pve1:8006\)/);
    assert.match(await edge.innerText(), /needs attention/);
    assert.match(await app.page.locator('.cluster[data-cluster="prod"]').innerText(), /quorate/);
    await app.close();
  });

  it('renders empty states instead of missing tables', async () => {
    const app = await openApp(browser, mock, { scenario: 'empty' });
    await app.page.locator('#ha-resources').waitFor();
    assert.match(await app.page.locator('#cluster-status').innerText(), /No HA status reported/);
    assert.equal(await app.page.locator('#ha-groups .empty-row').innerText(), 'No HA groups configured.');
    assert.equal(await app.page.locator('#ha-rules .empty-row').innerText(), 'No HA rules configured.');
    assert.equal(await app.page.locator('#ha-resources .empty-row').innerText(), 'No HA resources configured.');
    assert.equal(requestsTo(app.requests, SYNC_STATE).length, 0, 'nothing to link, nothing looked up');
    await app.close();
  });

  it('reads the older documented envelope with node rows and kebab-case keys', async () => {
    const app = await openApp(browser, mock, { scenario: 'legacy-envelope' });
    await waitForResources(app.page);
    const nodes = await app.page.locator('#cluster-status tbody tr').allInnerTexts();
    assert.equal(nodes.length, 3);
    assert.match(nodes.join('\n'), /pve-01\s+active\s+—\s+1\s+online[\s\S]*pve-02\s+unknown\s+—\s+0\s+offline/);
    const row = await cellTexts(rowOf(app.page, '—', 'vm:101'));
    assert.deepEqual(row.slice(0, 2), ['vm:101', 'web-01']);
    assert.deepEqual(row.slice(5), ['pve-01', 'started', 'started', 'started', '0', '1', '—']);
    await app.close();
  });

  it('shows the informational answer when no Proxmox endpoint is enabled', async () => {
    const app = await openApp(browser, mock, { scenario: 'no-endpoints' });
    const banner = app.page.locator('.alert-info');
    await banner.waitFor();
    assert.match(await banner.innerText(), /No enabled Proxmox endpoints configured\.[\s\S]*Enable a Proxmox endpoint/);
    await app.close();
  });

  it('keeps the HA data when VM lookups fail, with a notice and unlinked SIDs', async () => {
    const app = await openApp(browser, mock, { scenario: 'links-fail' });
    const notice = app.page.locator('.link-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /Links to NetBox VMs are unavailable[\s\S]*HTTP 500/);
    assert.equal(await app.page.locator('#ha-resources tbody tr').count(), 8);
    assert.equal(await app.page.locator('#ha-resources td.sid a').count(), 0);
    await app.close();
  });

  it('pages 1,000 resources with one summary call and ten link lookups', async () => {
    const app = await openApp(browser, mock, { scenario: 'large' });
    await waitForResources(app.page);
    assert.equal(await app.page.locator('#ha-resources tbody tr').count(), 250);
    assert.match(await app.page.locator('#ha-resources-title').innerText(), /HA Resources \(1000\)/);
    assert.match(await app.page.locator('[data-testid=pager]').innerText(), /Showing 1–250 of 1000\s+Previous\s+page 1 of 4\s+Next/);
    assert.equal(requestsTo(app.requests, SUMMARY).length, 1);
    assert.equal(requestsTo(app.requests, SYNC_STATE).length, 10);
    assert.equal(await app.page.locator('#ha-resources td.sid a').count(), 250);
    await app.page.locator('[data-testid=pager] button', { hasText: 'Next' }).click();
    await app.page.waitForURL(/page=2/);
    assert.match(await app.page.locator('[data-testid=pager]').innerText(), /Showing 251–500 of 1000/);
    assert.equal(requestsTo(app.requests, SUMMARY).length, 1, 'paging does not refetch');
    await app.close();
  });

  it('sends / to the HA Status page under the sub-path', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: '' });
    await app.page.waitForURL(mock.url('ha'));
    await app.page.locator('#cluster-status').waitFor();
    assert.ok(mock.url('ha').includes(BASE));
    const nav = app.page.locator('.navbar-nav a', { hasText: 'HA Status' });
    assert.equal(await nav.getAttribute('href'), `${BASE}ha`, 'links keep the sub-path');
    assert.equal(await nav.getAttribute('aria-current'), 'page');
    assert.equal(await app.page.locator('.navbar-nav a', { hasText: 'NetBox' }).getAttribute('href'), `${mock.origin}/`);
    await app.close();
  });

  it('follows the dark colour scheme and stays readable on a phone', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', colorScheme: 'dark', viewport: { width: 390, height: 844 } });
    await waitForResources(app.page);
    const background = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(21, 31, 44)');
    const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px; wide tables must scroll inside their card`);
    await app.page.screenshot({ path: path.join(artifacts, 'status-demo-dark-phone.png'), fullPage: true });
    await app.close();
  });
});
