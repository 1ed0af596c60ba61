// Arming and disarming HA on the real NetBox through netbox-proxbox's own routes
// (POST /plugins/proxbox/ha/arm/ and /disarm/), from the plugin's page, in headless Chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { NETBOX, artifacts, launchBrowser, login, seed, standinActionOutcome, stopStandin } from './harness.mjs';

const APP = `${NETBOX}/plugins/proxbox-ha/`;

describe('HA actions on the real NetBox', () => {
  let browser;
  before(async () => { await seed(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); stopStandin(); });

  /** The status page as `user`, with the actions panel open; `route` may rewrite requests. */
  async function open(user, route) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const posts = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/plugins/proxbox/ha/')) posts.push(r); });
    await login(page, user);
    if (route) await route(page);
    await page.goto(`${APP}ha`);
    await page.locator('#ha-resources tbody tr').first().waitFor();
    await page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
    await page.locator('#ha-actions tr[data-endpoint="prod"]').waitFor();
    return { context, page, posts };
  }

  async function act(page, label) {
    await page.locator('#ha-actions').getByRole('button', { name: label, exact: true }).click();
    const dialog = page.locator('dialog.confirm');
    await dialog.waitFor();
    await dialog.locator('[data-testid=confirm]').click();
    await dialog.waitFor({ state: 'hidden' });
    const alert = page.locator('#ha-actions .alert').last();
    await alert.waitFor();
    return alert.innerText();
  }

  it('disarms and arms HA on prod for a user with run_proxmox_action; the status shows it', async () => {
    const { context, page, posts } = await open('operator');
    // Paired with its cluster as soon as the VM lookups answer.
    await page.waitForFunction(() => /prod\s+prod\s+armed\s+allowed/.test(document.querySelector('#ha-actions tr[data-endpoint="prod"]').innerText));
    assert.match(await act(page, 'Disarm HA on prod'), /Disarm HA: done[\s\S]*prod: HA disarmed: done/);
    await page.locator('.cluster[data-cluster="prod"]', { hasText: /Fencing\s*disarmed\s*resources: freeze/ }).waitFor();
    assert.match(await page.locator('.overview-cluster[data-cluster="prod"]').innerText(), /HA disarmed/);
    await page.locator('#ha-actions tr[data-endpoint="prod"]', { hasText: 'disarmed' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'actions-disarmed.png'), fullPage: true });
    assert.match(await act(page, 'Arm HA on prod'), /prod: HA armed: done/);
    await page.locator('.cluster[data-cluster="prod"]', { hasText: /Fencing\s*armed/ }).waitFor();
    assert.equal(posts.length, 2, 'one POST per confirmation');
    assert.equal(posts[0].postData(), `endpoint_id=${(await seed()).endpoints.prod.id}`);
    await context.close();
  });

  it('skips the read-only endpoint and says how to allow writes', async () => {
    const { context, page } = await open('operator');
    assert.match(await act(page, 'Disarm HA on lab9'), /lab9: Skipped: the endpoint is read-only\. Enable writes on this endpoint in Proxbox\./);
    await context.close();
  });

  it('gives Proxmox\'s own words when it refuses, and says when the backend fails', async () => {
    const { context, page } = await open('operator');
    await standinActionOutcome('prod', 'proxmox-error');
    try {
      assert.match(await act(page, 'Disarm HA on prod'), /Disarm HA: not everywhere[\s\S]*prod: Proxmox refused: prod: cluster not ready - no quorum\? \(500\)/);
      await standinActionOutcome('prod', 'fail');
      assert.match(await act(page, 'Disarm HA on prod'), /prod: Failed: the backend answered HTTP 500: Internal Server Error/);
    } finally {
      await standinActionOutcome('prod', 'ok');
    }
    assert.match(await page.locator('.cluster[data-cluster="prod"]').innerText(), /Fencing\s*armed/, 'nothing was disarmed');
    await context.close();
  });

  it('tells a user without run_proxmox_action whom to ask', async () => {
    const { context, page } = await open('viewer');
    const text = await act(page, 'Disarm HA on prod');
    assert.match(text, /No permission to arm or disarm HA \(HTTP 403\)[\s\S]*run_proxmox_action permission on this Proxmox endpoint/);
    await context.close();
  });

  for (const [what, rewrite] of [
    ['a forged', (headers) => ({ ...headers, 'x-csrftoken': 'forged-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghij' })],
    ['a missing', (headers) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'x-csrftoken'))],
  ]) {
    it(`says to reload the page on ${what} CSRF token, and nothing happens`, async () => {
      const route = (page) => page.route('**/plugins/proxbox/ha/*/', (r) => r.continue({ headers: rewrite(r.request().headers()) }));
      const { context, page, posts } = await open('operator', route);
      assert.match(await act(page, 'Disarm HA on prod'), /CSRF token[\s\S]*Reload the page and try again/);
      assert.equal(posts.length, 1);
      assert.match(await page.locator('.cluster[data-cluster="prod"]').innerText(), /Fencing\s*armed/);
      await context.close();
    });
  }
});
