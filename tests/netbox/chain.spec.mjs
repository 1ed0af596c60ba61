// What the real backend does when Proxmox misbehaves, and what the app then shows: one
// cluster's HA status failing, a cluster unreachable, answering 404, slower than proxbox-api's
// timeouts or than netbox-proxbox waits, and proxbox-api itself stopped and started again.
import { NETBOX, artifacts, setFaults, tier } from './harness.mjs';
import { expect, test } from './fixtures.mjs';
import path from 'node:path';

const APP = `${NETBOX}/plugins/proxbox-ha/`;
const card = (page, name) => page.locator(`.cluster[data-cluster="${name}"]`);
const healthy = async (page, name) => {
  await expect(card(page, name)).toContainText(/quorate/);
  await expect(card(page, name).locator('.cluster-error')).toHaveCount(0);
};

test('one cluster\'s HA status failing shows its error card beside the healthy one', async ({ session }) => {
  await setFaults('lab9', [{ method: 'GET', path: '/api2/json/cluster/ha/status/current', status: 500, body: { data: null } }]);
  const { page, errors } = await session();
  await page.goto(`${APP}ha.html`);
  await expect(card(page, 'lab9').locator('.cluster-error')).toContainText(/could not read this cluster[\s\S]*Error fetching Proxmox HA status/);
  await healthy(page, 'prod');
  await expect(page.locator('#ha-resources td:nth-child(4)', { hasText: /^prod$/ })).toHaveCount(6);
  await expect(page.locator('[data-error="read-per-endpoint"]'), 'the combined summary answered').toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a cluster that cannot be reached leaves the others on the page, named, with what to do', async ({ session }) => {
  const { page, errors } = await session();
  tier('pve-stop', 'lab9');
  try {
    await page.goto(`${APP}ha.html`);
    const failing = card(page, 'lab9').locator('.cluster-error');
    await expect(failing).toContainText('proxbox-api could not reach Proxmox endpoint lab9 (localhost:58444)');
    await expect(failing).toContainText(/Could not return Proxmox Sessions \(proxmox_session_acquisition_failed, HTTP 503\)/);
    await expect(failing).toContainText(/can reach localhost:58444[\s\S]*The other clusters are shown as usual/);
    await healthy(page, 'prod');
    await expect(page.locator('#ha-resources td:nth-child(4)', { hasText: /^prod$/ })).toHaveCount(6);
    await expect(page.locator('[data-error="read-per-endpoint"]')).toContainText(/HTTP 503[\s\S]*1 of 2 answered/);
    await expect(page.locator('[data-error="upstream-failed"], [data-error="backend-unavailable"]'), 'no page-wide banner').toHaveCount(0);
    await page.screenshot({ path: path.join(artifacts, 'cluster-unreachable.png'), fullPage: true });
  } finally {
    tier('pve-start', 'lab9');
  }
  await page.locator('button', { hasText: 'Refresh' }).click();
  await healthy(page, 'lab9');
  await expect(page.locator('[data-error="read-per-endpoint"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('every call to a cluster failing, or answering 404, says what is really wrong', async ({ session }) => {
  const { page } = await session();
  await setFaults('lab9', [{ path: '/api2/json/*', status: 500, body: { data: null } }]);
  await page.goto(`${APP}ha.html`);
  await expect(card(page, 'lab9').locator('.cluster-error')).toContainText(/lab9 \(localhost:58444\) failed proxbox-api's session calls \(HTTP 500\)/);
  await healthy(page, 'prod');
  // netbox-proxbox reads any 404 of proxbox-api as "upgrade proxbox-api"; here Proxmox said it.
  await setFaults('lab9', [{ path: '/api2/json/*', status: 404, body: { data: null } }]);
  await page.locator('button', { hasText: 'Refresh' }).click();
  const failing = card(page, 'lab9').locator('.cluster-error');
  await expect(failing).toContainText(/answered HTTP 404: not the Proxmox API/);
  await expect(failing).toContainText(/proxbox-api is not too old/);
  await expect(page.locator('[data-error="read-per-endpoint"]')).toContainText(/upgrade proxbox-api/);
  await healthy(page, 'prod');
});

test('Proxmox slower than proxbox-api\'s timeouts gives cards that say so, never a blank page', async ({ session }) => {
  test.setTimeout(90_000);
  const { page, errors } = await session();
  await setFaults('lab9', [{ path: '/api2/json/*', delay_ms: 7000 }]);
  await page.goto(`${APP}ha.html`);
  await expect(card(page, 'lab9').locator('.cluster-error')).toContainText(/lab9 \(localhost:58444\) did not answer in time/, { timeout: 40_000 });
  await expect(card(page, 'lab9').locator('.cluster-error')).toContainText(/HTTP 504/);
  await healthy(page, 'prod');
  // Both slow: nothing to show but the two cards and why.
  await setFaults('prod', [{ path: '/api2/json/*', delay_ms: 7000 }]);
  await page.locator('button', { hasText: 'Refresh' }).click();
  await expect(card(page, 'prod').locator('.cluster-error')).toContainText(/did not answer in time/, { timeout: 40_000 });
  await expect(page.locator('[data-error="read-per-endpoint"]')).toContainText(/0 of 2 answered/);
  expect(errors).toEqual([]);
});

test('proxbox-api slower than netbox-proxbox waits for it: a banner that says so and why', async ({ session }) => {
  test.setTimeout(90_000);
  const { page, errors } = await session();
  await page.goto(`${APP}ha.html`);
  await healthy(page, 'prod');
  // No single call reaches proxbox-api's own 5 s timeout; together they pass netbox-proxbox's 15.
  await Promise.all(['prod', 'lab9'].map((name) => setFaults(name, [{ path: '/api2/json/*', delay_ms: 1500 }])));
  await page.locator('button', { hasText: 'Refresh' }).click();
  const banner = page.locator('[role=alert][data-error="backend-too-slow"]');
  await expect(banner).toContainText(/proxbox-api took longer than netbox-proxbox waits \(15 s\)/, { timeout: 40_000 });
  await expect(banner).toContainText(/Read timed out\. \(read timeout=15\)[\s\S]*once per HA resource/);
  await expect(page.locator('[data-testid=stale]'), 'the last data stay, marked stale').toBeVisible();
  expect(errors).toEqual([]);
});

test('the HA live tab of a VM whose cluster cannot be reached says proxbox-api runs and what failed', async ({ session, data }) => {
  const { page } = await session();
  await setFaults('prod', [{ path: '/api2/json/*', status: 500, body: { data: null } }]);
  await page.goto(`${NETBOX}/virtualization/virtual-machines/${data.vms['web-01'].id}/ha-live/`);
  const banner = page.frameLocator('#proxbox-ha').locator('[role=alert][data-error="upstream-failed"]');
  await expect(banner).toContainText(/proxbox-api could not read Proxmox \(it answered HTTP 500\)/);
  await expect(banner).toContainText(/Upstream HA call failed: 500[\s\S]*proxbox-api is running/);
});

test('proxbox-api stopped mid-session: a banner in the server\'s words, then Retry recovers once it is back', async ({ session }) => {
  test.setTimeout(300_000);
  const { page } = await session();
  await page.goto(`${APP}ha.html`);
  await healthy(page, 'lab9');
  tier('backend-stop');
  try {
    await page.locator('button', { hasText: 'Refresh' }).click();
    const banner = page.locator('[role=alert][data-error="backend-unavailable"]');
    await expect(banner).toContainText(/Unable to reach ProxBox backend at localhost:58800\. Connection was refused/);
    await expect(banner).toContainText(/proxbox-api service is running/);
    await expect(page.locator('[data-testid=stale]'), 'the last data stay, marked stale').toBeVisible();
  } finally {
    tier('backend-start');
  }
  await page.locator('[role=alert] button', { hasText: 'Retry' }).click();
  await expect(page.locator('[role=alert][data-error]')).toHaveCount(0);
  await healthy(page, 'prod');
  await healthy(page, 'lab9');
});
