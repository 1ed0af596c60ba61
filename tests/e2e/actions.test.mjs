// Arming and disarming HA from the status page, against the mock NetBox's copy of
// netbox-proxbox's routes: confirmation, one POST per confirmation, every answer in words.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SUMMARY, axeViolations, launchBrowser, openApp, requestsTo, root, startMock, waitForResources } from './harness.mjs';

const artifacts = path.join(root, 'tests/e2e/artifacts');
const posts = (app) => app.requests.filter((r) => r.method() === 'POST');

async function openActions(app) {
  await waitForResources(app.page);
  await app.page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
  await app.page.locator('#ha-actions').waitFor();
}

async function ask(app, label) {
  await app.page.locator('#ha-actions').getByRole('button', { name: label, exact: true }).click();
  const dialog = app.page.locator('dialog.confirm');
  await dialog.waitFor();
  return dialog;
}

async function answer(app) {
  const alert = app.page.locator('#ha-actions .alert').last();
  await alert.waitFor();
  return alert.innerText();
}

describe('HA actions', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  it('are not offered outside NetBox\'s plugin page, and say why', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo' });
    await openActions(app);
    assert.match(await app.page.locator('[data-testid=actions-unavailable]').innerText(), /needs the page NetBox serves/);
    assert.equal(await app.page.locator('#ha-actions button').count(), 0);
    assert.equal(requestsTo(app.requests, '/api/plugins/proxbox/endpoints/proxmox/').length, 0);
    await app.close();
  });

  it('list the endpoints with their clusters where known, only once opened', async () => {
    const app = await openApp(browser, mock, { scenario: 'actions' });
    await waitForResources(app.page);
    assert.equal(requestsTo(app.requests, '/api/plugins/proxbox/endpoints/proxmox/').length, 0, 'not fetched on every render');
    await openActions(app);
    await app.page.locator('#ha-actions tbody tr[data-endpoint]').first().waitFor();
    const row = async (name) => (await app.page.locator(`#ha-actions tr[data-endpoint="${name}"] td`).allInnerTexts()).map((t) => t.trim());
    assert.deepEqual((await row('prod')).slice(0, 4), ['prod', 'prod', 'armed', 'allowed']);
    assert.deepEqual((await row('lab9')).slice(0, 4), ['lab9', 'lab9', '—', 'read-only']);
    assert.match((await row('dc2'))[1], /not known \(no synced VM links it to a cluster\)/);
    assert.equal(await app.page.locator('#ha-actions tr.all-endpoints button', { hasText: 'Disarm HA on all endpoints' }).count(), 1);
    await app.close();
  });

  it('confirm what they do first; Escape and Cancel send nothing', async () => {
    const app = await openApp(browser, mock, { scenario: 'actions' });
    await openActions(app);
    const dialog = await ask(app, 'Disarm HA on prod');
    assert.equal(await dialog.locator('h2').innerText(), 'Disarm HA on prod?');
    assert.match(await dialog.innerText(), /prod \(cluster prod\)[\s\S]*stops fencing[\s\S]*To undo it: Arm HA on prod\./);
    assert.equal(await dialog.locator('[data-testid=confirm]').innerText(), 'Disarm HA on prod');
    assert.equal(await app.page.evaluate(() => document.activeElement.textContent), 'Cancel', 'focus starts on Cancel');
    await app.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await (await ask(app, 'Disarm HA on prod')).locator('button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(posts(app).length, 0, 'nothing is sent without a confirmation');
    await app.close();
  });

  it('disarm and arm again: one POST each with the page\'s CSRF token, then the status shows it', async () => {
    const app = await openApp(browser, mock, { scenario: 'actions' });
    await openActions(app);
    const summaries = requestsTo(app.requests, SUMMARY).length;
    await (await ask(app, 'Disarm HA on prod')).locator('[data-testid=confirm]').click();
    assert.match(await answer(app), /Disarm HA: done[\s\S]*prod: HA disarmed: done/);
    const [post] = posts(app);
    assert.equal(new URL(post.url()).pathname, '/plugins/proxbox/ha/disarm/');
    assert.equal(await post.headerValue('x-csrftoken'), 'mock-csrf-token');
    assert.equal(post.postData(), 'endpoint_id=1');
    assert.equal(await post.headerValue('authorization'), null);
    await app.page.locator('.cluster[data-cluster="prod"]', { hasText: /Fencing\s*disarmed/ }).waitFor();
    assert.ok(requestsTo(app.requests, SUMMARY).length > summaries, 'the status is read again at once');
    assert.match(await app.page.locator('.overview-cluster[data-cluster="prod"]').innerText(), /HA disarmed/);
    await app.page.screenshot({ path: path.join(artifacts, 'actions-disarmed.png'), fullPage: true });
    await (await ask(app, 'Arm HA on prod')).locator('[data-testid=confirm]').click();
    await app.page.locator('.cluster[data-cluster="prod"]', { hasText: /Fencing\s*armed/ }).waitFor();
    assert.equal(posts(app).length, 2);
    assert.equal(new URL(posts(app)[1].url()).pathname, '/plugins/proxbox/ha/arm/');
    await app.close();
  });

  it('send one POST per confirmation, whatever is clicked or pressed meanwhile', async () => {
    const app = await openApp(browser, mock, { scenario: 'actions-slow' });
    await openActions(app);
    const dialog = await ask(app, 'Disarm HA on prod');
    await dialog.locator('[data-testid=confirm]').dblclick();
    await dialog.locator('[data-testid=confirm]').evaluate((b) => { b.click(); b.click(); });
    await app.page.locator('button', { hasText: 'Refresh' }).click({ force: true }).catch(() => {});
    await dialog.locator('[data-testid=confirm]').focus().catch(() => {});
    for (let i = 0; i < 5; i += 1) await app.page.keyboard.press('Enter');
    assert.match(await answer(app), /prod: HA disarmed: done/);
    assert.equal(posts(app).length, 1);
    await app.close();
  });

  it('say per endpoint what happened: read-only, refused by Proxmox, failed; a 200 is not a success', async () => {
    const app = await openApp(browser, mock, { scenario: 'actions' });
    await openActions(app);
    await (await ask(app, 'Disarm HA on all endpoints')).locator('[data-testid=confirm]').click();
    const text = await answer(app);
    assert.match(text, /Disarm HA: not everywhere/);
    assert.match(text, /lab9: Skipped: the endpoint is read-only\. Enable writes on this endpoint in Proxbox\./);
    assert.match(text, /edge: Proxmox refused: cluster not ready - no quorum\?/);
    assert.match(text, /dc2: Failed: the backend answered HTTP 500: Internal Server Error/);
    assert.equal(posts(app)[0].postData(), null, 'all endpoints: no endpoint_id');
    await app.close();
  });

  for (const [scenario, kind, words] of [
    ['actions-forbidden', 'no-action-permission', /No permission to arm or disarm HA \(HTTP 403\)[\s\S]*run_proxmox_action permission on this Proxmox endpoint/],
    ['actions-stale-token', 'csrf-rejected', /CSRF token[\s\S]*Reload the page and try again/],
    ['actions-backend-down', 'backend-unavailable', /Connection refused[\s\S]*proxbox-api service/],
    ['actions-not-configured', 'backend-not-configured', /No FastAPI backend endpoint is configured/],
    ['actions-gone', 'endpoint-not-found', /Proxmox endpoint not found\.[\s\S]*Reload the page/],
  ]) {
    it(`${scenario}: says so in the user's words`, async () => {
      const app = await openApp(browser, mock, { scenario });
      await openActions(app);
      await (await ask(app, 'Disarm HA on prod')).locator('[data-testid=confirm]').click();
      const alert = app.page.locator(`#ha-actions [data-error="${kind}"]`);
      await alert.waitFor();
      assert.match(await alert.innerText(), words);
      assert.equal(posts(app).length, 1);
      await app.close();
    });
  }

  it('the dialog has no accessibility violations, light and dark', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ colorScheme, bypassCSP: true });
      await context.addCookies([{ name: 'mock_scenario', value: 'actions', url: mock.origin }]);
      const page = await context.newPage();
      await page.goto(mock.url('ha'));
      await waitForResources(page);
      await page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
      await page.locator('#ha-actions button', { hasText: 'Disarm HA on prod' }).click();
      await page.locator('dialog.confirm').waitFor();
      await page.screenshot({ path: path.join(artifacts, `actions-dialog-${colorScheme}.png`) });
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    }
  });
});
