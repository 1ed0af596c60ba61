// When proxbox-api fails the whole HA summary because one Proxmox endpoint cannot be read
// (netbox-proxbox's 502 "Upstream HA call failed: 503", or its 503 "upgrade proxbox-api" for a
// Proxmox 404), the app reads each endpoint on its own through this project's plugin
// (`GET /api/plugins/proxbox-ha/ha/summary/by-endpoint/`): the endpoints that answer render as
// usual, the failing one says in its own card what failed and what to do. Only then: every
// other answer makes no such request, and where the route is missing the combined banner stays.
import path from 'node:path';
import { BASE, SUMMARY, axeViolations, expect, requestsTo, root, rowOf, test, waitForResources } from './fixtures.mjs';

// Screenshots of the last run, to look at (not compared).
const artifacts = path.join(root, 'tests/e2e/artifacts');
const inner = { useInnerText: true };
const BY_ENDPOINT = '/api/plugins/proxbox-ha/ha/summary/by-endpoint/';
/** The HA requests of a status page: the shim's summary and the plugin's per-endpoint one. */
const haRequests = (app) => app.requests.filter((r) => /^\/api\/plugins\/proxbox(-ha)?\/ha\//.test(new URL(r.url()).pathname));

async function expectEdgeFailed(page, title, detail, advice) {
  const edge = page.locator('.cluster[data-cluster="edge"]');
  await expect(edge).toHaveText(/needs attention/, inner);
  const error = edge.locator('.cluster-error');
  await expect(error.locator('.alert-title')).toHaveText(title);
  await expect(error.locator('.alert-detail')).toHaveText(detail);
  await expect(error.locator('.alert-advice')).toHaveText(advice);
  await expect(edge.locator('tbody tr'), 'no node rows for an endpoint that was not read').toHaveCount(0);
}

/** prod, which answered: its card and its resources, with their links, as on a good day. */
async function expectProdShown(app, mock) {
  const prod = app.page.locator('.cluster[data-cluster="prod"]');
  await expect(prod).toHaveText(/Quorum\s+quorate\s+OK/, inner);
  await expect(prod).toHaveText(/Fencing\s+armed/, inner);
  await expect(prod.locator('tbody tr')).toHaveCount(3);
  await expect(prod.locator('.cluster-error')).toHaveCount(0);
  await expect(app.page.locator('#ha-resources-title')).toHaveText(/HA Resources \(6\)/, inner);
  expect(new Set(await app.page.locator('#ha-resources tbody td:nth-child(4)').allInnerTexts()), 'prod\'s resources only').toEqual(new Set(['prod']));
  await expect(rowOf(app.page, 'prod', 'vm:101').locator('td.sid a')).toHaveAttribute('href', `${mock.origin}/virtualization/virtual-machines/1/`);
  await expect(app.page.locator('#ha-resources .badge.text-bg-red', { hasText: 'error' })).toHaveCount(1);
}

test.describe('each Proxmox endpoint read on its own', () => {
  test('endpoint-unreachable: prod renders, edge says proxbox-api could not reach it, in two HA requests per load', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'endpoint-unreachable' });
    await waitForResources(app.page);
    const notice = app.page.locator('[data-error="read-per-endpoint"]');
    await expect(notice).toHaveAttribute('role', 'status');
    await expect(notice.locator('.alert-title')).toHaveText('Read per Proxmox endpoint');
    await expect(notice.locator('.alert-detail')).toHaveText('proxbox-api could not read Proxmox (it answered HTTP 503) (Upstream HA call failed: 503), so each Proxmox endpoint was read on its own: 1 of 2 answered.');
    await expect(notice.locator('.alert-advice')).toHaveText('The clusters that failed say why in their own cards below.');
    await expect(app.page.locator('[data-error="upstream-failed"]'), 'no banner instead of the data').toHaveCount(0);
    await expectProdShown(app, mock);
    await expectEdgeFailed(app.page,
      'proxbox-api could not reach Proxmox endpoint edge (pve-edge.example:8006)',
      'Could not return Proxmox Sessions (proxmox_session_acquisition_failed, HTTP 503)',
      /^Check that the cluster is up and that the proxbox-api host can reach pve-edge\.example:8006 \(firewall, DNS, port\)\. The other clusters are shown as usual\.$/);
    await expect(app.page.locator('.overview-cluster[data-cluster="edge"]')).toHaveText(/unreadable/, inner);
    expect(requestsTo(app.requests, SUMMARY).length).toBe(1);
    expect(requestsTo(app.requests, BY_ENDPOINT).length).toBe(1);
    expect(haRequests(app).length, 'the summary, then each endpoint on its own').toBe(2);
    expect(app.errors).toEqual([]);
    await app.page.screenshot({ path: path.join(artifacts, 'endpoint-unreachable.png'), fullPage: true });

    // A refresh is a load like the first: two HA requests again, and the same page.
    await app.page.locator('button', { hasText: 'Refresh' }).click();
    await expect.poll(() => requestsTo(app.requests, BY_ENDPOINT).length).toBe(2);
    await requestsTo(app.requests, BY_ENDPOINT)[1].response();
    await waitForResources(app.page);
    await expect(app.page.locator('[data-error="read-per-endpoint"] .alert-detail')).toHaveText(/1 of 2 answered\.$/);
    await expect(app.page.locator('.cluster[data-cluster="edge"] .cluster-error')).toHaveCount(1);
    expect(requestsTo(app.requests, SUMMARY).length).toBe(2);
    expect(haRequests(app).length).toBe(4);
  });

  test('endpoint-404: a Proxmox 404 is not "proxbox-api too old": edge says its address is not the Proxmox API', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'endpoint-404' });
    await waitForResources(app.page);
    const notice = app.page.locator('[data-error="read-per-endpoint"] .alert-detail');
    await expect(notice).toHaveText('The Proxbox backend is too old for HA views (Backend does not support HA endpoints — upgrade proxbox-api to v0.0.12 or later.), so each Proxmox endpoint was read on its own: 1 of 2 answered.');
    await expect(app.page.locator('[data-error="backend-too-old"]'), 'no upgrade banner instead of the data').toHaveCount(0);
    await expectProdShown(app, mock);
    await expectEdgeFailed(app.page,
      'Proxmox endpoint edge (pve-edge.example:8006) answered HTTP 404: not the Proxmox API',
      'Could not return Proxmox Sessions (proxmox_session_acquisition_failed, HTTP 404)',
      /^proxbox-api is not too old: the endpoint's address or port points at something that is not a Proxmox VE API\. Check them in Proxbox\./);
    expect(requestsTo(app.requests, SUMMARY).length).toBe(1);
    expect(haRequests(app).length, 'the summary, then each endpoint on its own').toBe(2);
    expect(app.errors).toEqual([]);
  });

  for (const [scenario, kind, title] of [
    ['upstream-500', 'upstream-failed', 'proxbox-api could not read Proxmox (it answered HTTP 500)'],
    ['backend-too-old', 'backend-too-old', 'The Proxbox backend is too old for HA views'],
  ]) {
    test(`${scenario}: where NetBox has no per-endpoint route (404), the combined banner stays; Retry asks both again`, async ({ openApp }) => {
      const app = await openApp({ scenario });
      const banner = app.page.locator('.alert[role="alert"]');
      await expect(banner).toBeVisible();
      await expect(banner).toHaveAttribute('data-error', kind);
      await expect(banner.locator('.alert-title')).toHaveText(title);
      const [asked] = requestsTo(app.requests, BY_ENDPOINT);
      expect(asked, 'each endpoint on its own was tried').toBeTruthy();
      expect((await asked.response()).status()).toBe(404);
      await expect(app.page.locator('[data-error="read-per-endpoint"]')).toHaveCount(0);
      await expect(app.page.locator('.cluster')).toHaveCount(0);
      expect(haRequests(app).length).toBe(2);
      await banner.locator('button', { hasText: 'Retry' }).click();
      await expect.poll(() => requestsTo(app.requests, BY_ENDPOINT).length).toBe(2);
      await requestsTo(app.requests, BY_ENDPOINT)[1].response();
      await expect(app.page.locator('.alert[role="alert"]')).toHaveAttribute('data-error', kind);
      expect(requestsTo(app.requests, SUMMARY).length).toBe(2);
      expect(haRequests(app).length).toBe(4);
      expect(app.errors).toEqual([]);
    });
  }

  test('every other answer makes no per-endpoint request: one summary per render', async ({ openApp }) => {
    for (const [scenario, appPath, ready] of [
      ['demo', 'ha', '#ha-resources td.sid a'],
      ['pve8', 'ha', '#ha-resources td.sid a'],
      ['one-cluster-failing', 'ha', '.cluster[data-cluster="edge"]'],
      ['empty', 'ha', '#ha-resources .empty-row'],
      ['no-endpoints', 'ha', '.alert-info'],
      ['backend-down', 'ha', '[data-error="backend-unavailable"]'],
      ['bad-payload', 'ha', '[data-error="backend-unavailable"]'],
      ['forbidden', 'ha', '[data-error="forbidden"]'],
      // The VM tab asks its own route only, even where the summary would be read per endpoint.
      ['upstream-500', 'vm/1', '[data-error="upstream-failed"]'],
      ['endpoint-unreachable', 'vm/1', '[data-state="managed"]'],
    ]) {
      const app = await openApp({ scenario, path: appPath });
      await expect(app.page.locator(ready).first()).toBeVisible();
      if (appPath === 'ha') {
        await expect(app.page.locator('#ha-resources .placeholder')).toHaveCount(0);
        expect(requestsTo(app.requests, SUMMARY).length, `${scenario}: one summary request`).toBe(1);
      } else {
        expect(requestsTo(app.requests, SUMMARY).length, `${scenario} ${appPath}: the VM tab reads no summary`).toBe(0);
      }
      expect(requestsTo(app.requests, BY_ENDPOINT).length, `${scenario} ${appPath}: no per-endpoint request`).toBe(0);
      expect(new URL(app.page.url()).pathname).toBe(`${BASE}${appPath}`);
      await app.close();
    }
  });

  for (const scenario of ['endpoint-unreachable', 'endpoint-404']) {
    for (const colorScheme of ['light', 'dark']) {
      test(`${scenario} with its error card in ${colorScheme} has no accessibility violations`, async ({ newContext, mock }) => {
        const context = await newContext({ colorScheme, bypassCSP: true, scenario });
        const page = await context.newPage();
        await page.goto(mock.url('ha'));
        await waitForResources(page);
        await expect(page.locator('.cluster[data-cluster="edge"] .cluster-error')).toBeVisible();
        await expect(page.locator('[data-error="read-per-endpoint"]')).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  }
});
