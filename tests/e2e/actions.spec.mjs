// Arming and disarming HA from the status page, against the mock NetBox's copy of this
// project's plugin routes (`/plugins/proxbox-ha/ha/actions/`, `arm/`, `disarm/`): what the
// backend can do is read first, disarm is offered only where it takes Proxmox VE 9.2's resource
// mode (`actions-disarm-modes`; `actions` and its variants: arm only), confirmation, one POST
// per confirmation, every answer in words.
import path from 'node:path';
import { SUMMARY, axeViolations, contract, expect, requestsTo, root, test, waitForResources } from './fixtures.mjs';

// Screenshots of the last run, to look at (not compared).
const artifacts = path.join(root, 'tests/e2e/artifacts');
const inner = { useInnerText: true };
const CAPABILITIES = '/plugins/proxbox-ha/ha/actions/';
const ENDPOINTS = '/api/plugins/proxbox/endpoints/proxmox/';
const ARM = '/plugins/proxbox-ha/ha/arm/';
const DISARM = '/plugins/proxbox-ha/ha/disarm/';
// proxbox-api 0.0.30 takes no resource mode: the plugin's words, shown before anyone asks.
const NO_MODE = 'Disarm is not offered here. proxbox-api\'s HA disarm route (POST /proxmox/cluster/ha/disarm) sends no resource mode, which Proxmox VE 9.2\'s disarm-ha requires (freeze or ignore), so Proxmox would refuse it. Disarm HA in the Proxmox web UI instead: Datacenter → HA → Disarm HA.';
const BACKEND_READ_ONLY = 'Skipped: proxbox-api has writes turned off for this endpoint (its own allow_writes, which netbox-proxbox does not copy from NetBox). Turn them on in proxbox-api\'s endpoint settings.';
const posts = (app) => app.requests.filter((r) => r.method() === 'POST');
const pathOf = (request) => new URL(request.url()).pathname;

async function openActions(app) {
  await waitForResources(app.page);
  await app.page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
  await expect(app.page.locator('#ha-actions')).toBeVisible();
  await expect(app.page.locator('#ha-actions tbody tr[data-endpoint]').first()).toBeVisible();
}

async function ask(app, label) {
  await app.page.locator('#ha-actions').getByRole('button', { name: label, exact: true }).click();
  const dialog = app.page.locator('dialog.confirm');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Waits for the last action's answer to say `words`. */
async function expectAnswer(app, words) {
  await expect(app.page.locator('#ha-actions .alert').last()).toHaveText(words, inner);
}

const row = async (app, name) => (await app.page.locator(`#ha-actions tr[data-endpoint="${name}"] td`).allInnerTexts()).map((t) => t.trim());
const prodCard = (app) => app.page.locator('.cluster[data-cluster="prod"]');

test.describe('HA actions', () => {
  // An action disarms or arms HA in the mock's summary from then on: each test has a mock of its own.
  test.use({ ownMock: true });

  test('are not offered outside NetBox\'s plugin page, and say why', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo' });
    await waitForResources(app.page);
    await app.page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
    await expect(app.page.locator('[data-testid=actions-unavailable]')).toHaveText(/needs the page NetBox serves/, inner);
    expect(await app.page.locator('#ha-actions button').count()).toBe(0);
    expect(requestsTo(app.requests, ENDPOINTS).length).toBe(0);
    expect(requestsTo(app.requests, CAPABILITIES).length, 'nor asked what the backend can do').toBe(0);
  });

  test('list the endpoints with their clusters where known, only once opened, after reading what the backend can do', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions' });
    await waitForResources(app.page);
    expect(requestsTo(app.requests, ENDPOINTS).length, 'not fetched on every render').toBe(0);
    expect(requestsTo(app.requests, CAPABILITIES).length, 'not fetched on every render').toBe(0);
    await openActions(app);
    expect(requestsTo(app.requests, CAPABILITIES).length, 'what the backend can do, read once').toBe(1);
    expect(requestsTo(app.requests, ENDPOINTS).length).toBe(1);
    const unknown = 'not known (no synced VM links it to a cluster)';
    expect(await row(app, 'prod')).toEqual(['prod', 'prod', 'armed', 'allowed', 'Arm HA on prod']);
    expect(await row(app, 'edge')).toEqual(['edge', unknown, '—', 'allowed', 'Arm HA on edge']);
    expect(await row(app, 'dc2')).toEqual(['dc2', unknown, '—', 'allowed', 'Arm HA on dc2']);
    // Writable in NetBox (proxbox-api's own copy is read-only: only an action finds out).
    expect(await row(app, 'lab8')).toEqual(['lab8', unknown, '—', 'allowed', 'Arm HA on lab8']);
    await expect(app.page.locator('#ha-actions tr.all-endpoints button', { hasText: 'Arm HA on all endpoints' })).toHaveCount(1);
  });

  test('a disabled endpoint shows as disabled, with no action buttons (issue 18)', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions' });
    await openActions(app);
    expect(await row(app, 'old-dc')).toEqual(['old-dc', 'not known (no synced VM links it to a cluster)', '—', 'disabled', 'disabled in Proxbox']);
    await expect(app.page.locator('#ha-actions tr[data-endpoint="old-dc"] button')).toHaveCount(0);
  });

  test('a cluster on a Proxmox VE before 9.2 (no fencing row) offers neither arm nor disarm', async ({ openApp }) => {
    // lab9 reports no fencing row; its endpoint is linked to it by the synced VMs.
    const app = await openApp({ scenario: 'actions' });
    await openActions(app);
    await expect(app.page.locator('.cluster[data-cluster="lab9"]')).not.toHaveText(/Fencing/, inner);
    expect(await row(app, 'lab9')).toEqual(['lab9', 'lab9', '—', 'read-only', 'Proxmox VE before 9.2: no HA arm or disarm']);
    await expect(app.page.locator('#ha-actions tr[data-endpoint="lab9"] button')).toHaveCount(0);
  });

  test('disarm is not offered where proxbox-api takes no resource mode, and the panel says why', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions' });
    await openActions(app);
    await expect(app.page.locator('[data-testid=disarm-unavailable]')).toHaveText(NO_MODE, inner);
    await expect(app.page.locator('#ha-actions button', { hasText: 'Disarm' }), 'no Disarm button anywhere').toHaveCount(0);
    await expect(app.page.locator('#ha-actions').getByRole('button', { name: /^Arm HA on / })).toHaveCount(5);
  });

  test('a disarm sent anyway, with the page\'s CSRF token, is refused (409) and changes nothing', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'actions' });
    await waitForResources(app.page);
    const settings = JSON.parse(await app.page.locator(`meta[name="${contract.settings_meta_name}"]`).getAttribute('content'));
    expect(settings.csrf_token).toBe('mock-csrf-token');
    // The page's own cookies (its scenario): the backend there declares no resource mode.
    const capabilities = await (await app.page.request.get(mock.origin + CAPABILITIES)).json();
    expect(capabilities.disarm.available).toBe(false);
    const summary = async () => (await app.page.request.get(mock.origin + SUMMARY)).text();
    const before = await summary();
    for (const form of [{ endpoint_id: '1', resource_mode: 'freeze' }, { endpoint_id: '1' }, {}]) {
      const response = await app.page.request.post(mock.origin + DISARM, { form, headers: { 'X-CSRFToken': settings.csrf_token } });
      expect(response.status(), JSON.stringify(form)).toBe(409);
      expect((await response.json()).error).toMatch(/sends no resource mode, which Proxmox VE 9\.2's disarm-ha requires/);
    }
    expect(await summary(), 'the summary is as it was').toBe(before);
    await app.page.locator('button', { hasText: 'Refresh' }).click();
    await expect.poll(() => requestsTo(app.requests, SUMMARY).length).toBeGreaterThan(1);
    await requestsTo(app.requests, SUMMARY).at(-1).response();
    await expect(prodCard(app)).toHaveText(/Fencing\s*armed/, inner);
    await expect(app.page.locator('.overview-cluster[data-cluster="prod"]')).not.toHaveText(/HA disarmed/, inner);
  });

  test('confirm what they do first; Escape and Cancel send nothing', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions' });
    await openActions(app);
    const dialog = await ask(app, 'Arm HA on prod');
    expect(await dialog.locator('h2').innerText()).toBe('Arm HA on prod?');
    await expect(dialog).toHaveText(/arms High Availability again on prod \(cluster prod\)[\s\S]*watchdogs and fencing are active again/, inner);
    expect(await dialog.locator('[data-testid=confirm]').innerText()).toBe('Arm HA on prod');
    await expect(dialog.locator('input[name=resource-mode]'), 'arming asks no mode').toHaveCount(0);
    expect(await app.page.evaluate(() => document.activeElement.textContent), 'focus starts on Cancel').toBe('Cancel');
    await app.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await (await ask(app, 'Arm HA on prod')).locator('button', { hasText: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(posts(app).length, 'nothing is sent without a confirmation').toBe(0);
  });

  test('the disarm dialog asks Proxmox\'s resource mode, freeze first, each with its meaning; Escape and Cancel send nothing', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions-disarm-modes' });
    await openActions(app);
    await expect(app.page.locator('[data-testid=disarm-unavailable]')).toHaveCount(0);
    expect(await row(app, 'prod')).toEqual(['prod', 'prod', 'armed', 'allowed', 'Disarm HA on prod Arm HA on prod']);
    await expect(app.page.locator('#ha-actions tr.all-endpoints button', { hasText: 'Disarm HA on all endpoints' })).toHaveCount(1);
    const dialog = await ask(app, 'Disarm HA on prod');
    expect(await dialog.locator('h2').innerText()).toBe('Disarm HA on prod?');
    await expect(dialog).toHaveText(/prod \(cluster prod\)[\s\S]*stops fencing[\s\S]*To undo it: Arm HA on the same endpoint\./, inner);
    const modes = dialog.locator('input[name=resource-mode]');
    expect(await modes.evaluateAll((inputs) => inputs.map((i) => [i.type, i.value, i.checked]))).toEqual([['radio', 'freeze', true], ['radio', 'ignore', false]]);
    await expect(dialog.locator('label', { has: app.page.locator('input[value=freeze]') })).toHaveText(/^freeze: HA-managed guests stay where and as they are/, inner);
    await expect(dialog.locator('label', { has: app.page.locator('input[value=ignore]') })).toHaveText(/^ignore: HA stops tracking its resources/, inner);
    const confirm = dialog.locator('[data-testid=confirm]');
    await expect(confirm).toHaveText('Disarm HA on prod (freeze)');
    await expect(dialog.locator('#confirm-what')).toHaveText(/Resource mode freeze: HA-managed guests stay/, inner);
    await dialog.locator('input[value=ignore]').check();
    await expect(confirm).toHaveText('Disarm HA on prod (ignore)');
    await expect(dialog.locator('#confirm-what')).toHaveText(/Resource mode ignore: HA stops tracking/, inner);
    await app.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await ask(app, 'Disarm HA on prod');
    await expect(modes.first(), 'each time, freeze is checked first').toBeChecked();
    await expect(confirm).toHaveText('Disarm HA on prod (freeze)');
    expect(await app.page.evaluate(() => document.activeElement.textContent), 'focus starts on Cancel').toBe('Cancel');
    await dialog.locator('button', { hasText: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(posts(app).length, 'nothing is sent without a confirmation').toBe(0);
  });

  test('arm where disarm is not offered: one POST with the page\'s CSRF token, then the status is read again', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions' });
    await openActions(app);
    const summaries = requestsTo(app.requests, SUMMARY).length;
    await (await ask(app, 'Arm HA on prod')).locator('[data-testid=confirm]').click();
    await expectAnswer(app, 'Arm HA: done\nprod: HA armed: done');
    const [post] = posts(app);
    expect(pathOf(post)).toBe(ARM);
    expect(await post.headerValue('x-csrftoken')).toBe('mock-csrf-token');
    expect(post.postData()).toBe('endpoint_id=1');
    expect(await post.headerValue('authorization')).toBe(null);
    await expect.poll(() => requestsTo(app.requests, SUMMARY).length, { message: 'the status is read again at once' }).toBeGreaterThan(summaries);
    await expect(prodCard(app)).toHaveText(/Fencing\s*armed/, inner);
    expect(posts(app).length).toBe(1);
  });

  test('disarm (freeze) and arm again: one POST each with the mode and the page\'s CSRF token, then the status shows it', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions-disarm-modes' });
    await openActions(app);
    const summaries = requestsTo(app.requests, SUMMARY).length;
    await (await ask(app, 'Disarm HA on prod')).locator('[data-testid=confirm]').click();
    await expectAnswer(app, /Disarm HA: done[\s\S]*prod: HA disarmed: done/);
    const [post] = posts(app);
    expect(pathOf(post)).toBe(DISARM);
    expect(await post.headerValue('x-csrftoken')).toBe('mock-csrf-token');
    expect(post.postData()).toBe('endpoint_id=1&resource_mode=freeze');
    expect(await post.headerValue('authorization')).toBe(null);
    await expect(prodCard(app)).toHaveText(/Fencing\s*disarmed\s*resources: freeze/, inner);
    expect(requestsTo(app.requests, SUMMARY).length, 'the status is read again at once').toBeGreaterThan(summaries);
    await expect(app.page.locator('.overview-cluster[data-cluster="prod"]')).toHaveText(/HA disarmed/, inner);
    expect((await row(app, 'prod'))[2], 'the panel says so too').toBe('disarmed');
    await app.page.screenshot({ path: path.join(artifacts, 'actions-disarmed.png'), fullPage: true });
    await (await ask(app, 'Arm HA on prod')).locator('[data-testid=confirm]').click();
    await expect(prodCard(app)).toHaveText(/Fencing\s*armed/, inner);
    await expect(app.page.locator('.overview-cluster[data-cluster="prod"]')).not.toHaveText(/HA disarmed/, inner);
    expect(posts(app).length).toBe(2);
    expect(pathOf(posts(app)[1])).toBe(ARM);
    expect(posts(app)[1].postData()).toBe('endpoint_id=1');
    expect(posts(app).every((p) => !pathOf(p).startsWith('/plugins/proxbox/')), 'never netbox-proxbox\'s own routes').toBe(true);
  });

  test('disarm with ignore: the confirm button, the POST and the cluster card say ignore', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions-disarm-modes' });
    await openActions(app);
    const dialog = await ask(app, 'Disarm HA on prod');
    await dialog.locator('input[value=ignore]').check();
    await dialog.locator('[data-testid=confirm]', { hasText: 'Disarm HA on prod (ignore)' }).click();
    await expectAnswer(app, /Disarm HA: done[\s\S]*prod: HA disarmed: done/);
    expect(posts(app).map((p) => [pathOf(p), p.postData()])).toEqual([[DISARM, 'endpoint_id=1&resource_mode=ignore']]);
    await expect(prodCard(app)).toHaveText(/Fencing\s*disarmed\s*resources: ignore/, inner);
  });

  test('disarm on all endpoints: one POST with the mode and no endpoint_id, the outcome per endpoint', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions-disarm-modes' });
    await openActions(app);
    await (await ask(app, 'Disarm HA on all endpoints')).locator('[data-testid=confirm]', { hasText: 'Disarm HA on all endpoints (freeze)' }).click();
    await expectAnswer(app, /^Disarm HA: not everywhere\s*prod: HA disarmed: done[\s\S]*lab9: Skipped: the endpoint is read-only/);
    expect(posts(app).map((p) => [pathOf(p), p.postData()])).toEqual([[DISARM, 'resource_mode=freeze']]);
    await expect(prodCard(app)).toHaveText(/Fencing\s*disarmed\s*resources: freeze/, inner);
  });

  test('send one POST per confirmation, whatever is clicked or pressed meanwhile', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions-slow' });
    await openActions(app);
    const dialog = await ask(app, 'Arm HA on prod');
    await dialog.locator('[data-testid=confirm]').dblclick();
    await dialog.locator('[data-testid=confirm]').evaluate((b) => { b.click(); b.click(); });
    await app.page.locator('button', { hasText: 'Refresh' }).click({ force: true }).catch(() => {});
    await dialog.locator('[data-testid=confirm]').focus().catch(() => {});
    for (let i = 0; i < 5; i += 1) await app.page.keyboard.press('Enter');
    await expectAnswer(app, /prod: HA armed: done/);
    expect(posts(app).length).toBe(1);
  });

  test('say per endpoint what happened: read-only in NetBox or in proxbox-api, refused by Proxmox, failed; a 200 is not a success', async ({ openApp }) => {
    const app = await openApp({ scenario: 'actions' });
    await openActions(app);
    await (await ask(app, 'Arm HA on all endpoints')).locator('[data-testid=confirm]').click();
    const answer = app.page.locator('#ha-actions .alert').last();
    await expect(answer).toHaveText(/Arm HA: not everywhere/, inner);
    const text = await answer.innerText();
    expect(text).toMatch(/prod: HA armed: done/);
    expect(text).toMatch(/lab9: Skipped: the endpoint is read-only\. Enable writes on this endpoint in Proxbox\./);
    expect(text).toMatch(/edge: Proxmox refused: cluster not ready - no quorum\?/);
    expect(text).toMatch(/dc2: Failed: the backend answered HTTP 500: Internal Server Error/);
    expect(text).toContain(`lab8: ${BACKEND_READ_ONLY}`);
    expect(text, 'a disabled endpoint is not acted on').not.toMatch(/old-dc/);
    await expect(answer.locator('li.failed')).toHaveCount(4);
    expect(posts(app)[0].postData(), 'all endpoints: no endpoint_id').toBe(null);

    await (await ask(app, 'Arm HA on lab8')).locator('[data-testid=confirm]').click();
    await expectAnswer(app, `Arm HA: not everywhere\nlab8: ${BACKEND_READ_ONLY}`);
    expect(posts(app).map((p) => [pathOf(p), p.postData()])).toEqual([[ARM, null], [ARM, 'endpoint_id=5']]);
  });

  for (const [scenario, kind, words] of [
    ['actions-forbidden', 'no-action-permission', /No permission to arm or disarm HA \(HTTP 403\)[\s\S]*run_proxmox_action permission on this Proxmox endpoint/],
    ['actions-stale-token', 'csrf-rejected', /CSRF token[\s\S]*Reload the page and try again/],
    ['actions-backend-down', 'backend-unavailable', /Connection refused[\s\S]*proxbox-api service/],
    ['actions-not-configured', 'backend-not-configured', /No FastAPI backend endpoint is configured/],
    ['actions-gone', 'endpoint-not-found', /Proxmox endpoint not found\.[\s\S]*Reload the page/],
  ]) {
    test(`${scenario}: says so in the user's words`, async ({ openApp }) => {
      const app = await openApp({ scenario });
      await openActions(app);
      await (await ask(app, 'Arm HA on prod')).locator('[data-testid=confirm]').click();
      const alert = app.page.locator(`#ha-actions [data-error="${kind}"]`);
      await expect(alert).toBeVisible();
      await expect(alert).toHaveText(/^Arm HA did not happen: /, inner);
      await expect(alert).toHaveText(words, inner);
      expect(posts(app).map(pathOf)).toEqual([ARM]);
    });
  }

  for (const [scenario, action] of [['actions-disarm-modes', 'Disarm HA on prod'], ['actions', 'Arm HA on prod']]) {
    test(`the dialog (${action}, ${scenario}) has no accessibility violations, light and dark`, async ({ newContext, mock }) => {
      for (const colorScheme of ['light', 'dark']) {
        const context = await newContext({ colorScheme, bypassCSP: true, scenario });
        const page = await context.newPage();
        await page.goto(mock.url('ha'));
        await waitForResources(page);
        await page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
        await page.locator('#ha-actions').getByRole('button', { name: action, exact: true }).click();
        await expect(page.locator('dialog.confirm')).toBeVisible();
        await page.screenshot({ path: path.join(artifacts, `actions-dialog-${scenario}-${colorScheme}.png`) });
        expect(await axeViolations(page)).toEqual([]);
        await context.close();
      }
    });
  }
});
