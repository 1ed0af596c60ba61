// Arming and disarming HA on the chain users run: this plugin's routes (netbox-proxbox's own,
// with the NetBox user as proxbox-api's actor) -> the real proxbox-api -> the simulated Proxmox
// VE, whose fault layer logs every write that reaches it.
import { NETBOX, api, artifacts, backend, backendRow, clearWrites, setFencing, writeAttempts, writes } from './harness.mjs';
import { expect, test } from './fixtures.mjs';
import path from 'node:path';
import { contract } from '../e2e/harness.mjs';

const APP = `${NETBOX}/plugins/proxbox-ha/`;
const lab9Card = (page) => page.locator('.cluster[data-cluster="lab9"]');

/** The status page as `user` with the actions panel open; `route` may rewrite its requests. */
async function open(session, user, route) {
  const { page, context, data } = await session(user);
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/ha/')) posts.push(r); });
  if (route) await route(page);
  await page.goto(`${APP}ha.html`);
  await expect(page.locator('#ha-resources tbody tr').first()).toBeVisible();
  await page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
  await expect(page.locator('#ha-actions tr[data-endpoint="lab9"]')).toBeVisible();
  return { page, context, posts, data };
}

/** Asks for `label`, confirms once, and returns the answer's words. */
async function act(page, label) {
  await page.locator('#ha-actions').getByRole('button', { name: label, exact: true }).click();
  const dialog = page.locator('dialog.confirm');
  await expect(dialog).toBeVisible();
  await dialog.locator('[data-testid=confirm]').click();
  await expect(dialog).toBeHidden();
  const alert = page.locator('#ha-actions .alert').last();
  await expect(alert).toBeVisible();
  return alert.innerText();
}

/** The page's own CSRF token, from the settings the plugin hands the app. */
const csrfToken = (page) => page.evaluate((name) => JSON.parse(document.querySelector(`meta[name="${name}"]`).content).csrf_token, contract.settings_meta_name);
/** A POST of an HA action from the page, as a script there could send it. */
const post = (page, action, form, token) => page.evaluate(async ([action, form, token]) => {
  const r = await fetch(`/plugins/proxbox-ha/ha/${action}/`, {
    method: 'POST', body: form, redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(token ? { 'x-csrftoken': token } : {}) },
  });
  return { status: r.status, text: await r.text() };
}, [action, form, token]);

test.beforeEach(async () => {
  await setFencing('lab9', { state: 'disarmed', mode: 'freeze' });
  await clearWrites('lab9');
  await clearWrites('prod');
});

test('Arm reaches Proxmox once per confirmation, with the NetBox user as proxbox-api\'s actor', async ({ session }) => {
  const { page, posts, data } = await open(session, 'operator');
  const since = new Date(Math.floor(Date.now() / 1000) * 1000);
  await expect(lab9Card(page)).toContainText(/Fencing\s*disarmed\s*resources: freeze/);
  await expect(page.locator('#ha-actions tr[data-endpoint="lab9"]')).toContainText(/^lab9\s*lab9\s*disarmed\s*allowed/);
  await page.screenshot({ path: path.join(artifacts, 'actions-panel.png'), fullPage: true });
  await page.locator('#ha-actions').getByRole('button', { name: 'Arm HA on lab9', exact: true }).click();
  const dialog = page.locator('dialog.confirm');
  await expect(dialog).toContainText(/Arm HA on lab9\?[\s\S]*watchdogs and fencing are active again/);
  // A double click and Enter held down confirm once.
  await dialog.locator('[data-testid=confirm]').dblclick();
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.locator('#ha-actions .alert').last()).toContainText(/Arm HA: done[\s\S]*lab9: HA armed: done/);
  await expect(lab9Card(page)).toContainText(/Fencing\s*armed/);
  await expect(lab9Card(page)).not.toContainText('resources: freeze');
  expect(posts.map((r) => [new URL(r.url()).pathname, r.postData()])).toEqual([['/plugins/proxbox-ha/ha/arm/', `endpoint_id=${data.endpoints.lab9.id}`]]);
  const reached = await writes('lab9');
  expect(reached.map((w) => [w.method, w.path])).toEqual([['POST', '/cluster/ha/status/arm-ha']]);
  expect(writeAttempts(since)).toEqual([expect.stringMatching(/HA arm-ha attempt: actor=operator cluster=lab9/)]);
  expect(await writes('prod')).toEqual([]);
});

test('Disarm is declined in words before anyone confirms, and nothing without a mode reaches Proxmox', async ({ session }) => {
  await setFencing('lab9', { state: 'armed' });
  const { page } = await open(session, 'operator');
  const why = page.locator('[data-testid="disarm-unavailable"]');
  await expect(why).toContainText(/sends no resource mode, which Proxmox VE 9\.2's disarm-ha requires \(freeze or ignore\)/);
  await expect(why).toContainText('Datacenter → HA → Disarm HA');
  await expect(page.locator('#ha-actions').getByRole('button', { name: /^Disarm HA/ })).toHaveCount(0);
  await expect(page.locator('#ha-actions tr[data-endpoint="prod"]')).toContainText('Proxmox VE before 9.2: no HA arm or disarm');
  await expect(page.locator('#ha-actions tr[data-endpoint="prod"] button')).toHaveCount(0);
  // Even asked directly, the route refuses before it reaches proxbox-api.
  const direct = await post(page, 'disarm', 'endpoint_id=&resource_mode=freeze', await csrfToken(page));
  expect(direct.status).toBe(409);
  expect(direct.text).toMatch(/sends no resource mode/);
  expect(await writes('lab9')).toEqual([]);
});

test('a read-only endpoint, in NetBox or in proxbox-api, is skipped and nothing reaches Proxmox', async ({ session, data }) => {
  const id = data.endpoints.lab9.id;
  await api('PATCH', `plugins/proxbox/endpoints/proxmox/${id}/`, { allow_writes: false });
  try {
    const { page } = await open(session, 'operator');
    expect(await act(page, 'Arm HA on lab9')).toMatch(/lab9: Skipped: the endpoint is read-only\. Enable writes on this endpoint in Proxbox\./);
  } finally {
    await api('PATCH', `plugins/proxbox/endpoints/proxmox/${id}/`, { allow_writes: true });
  }
  const row = await backendRow('lab9');
  await backend('PUT', `/proxmox/endpoints/${row.id}`, { ...row, allow_writes: false });
  try {
    const { page } = await open(session, 'operator');
    expect(await act(page, 'Arm HA on lab9')).toMatch(/lab9: Skipped: proxbox-api has writes turned off for this endpoint/);
  } finally {
    await backend('PUT', `/proxmox/endpoints/${row.id}`, { ...row, allow_writes: true });
  }
  expect(await writes('lab9')).toEqual([]);
});

test('a user without run_proxmox_action is told whom to ask, and nothing happens', async ({ session }) => {
  const { page } = await open(session, 'auditor');
  expect(await act(page, 'Arm HA on lab9')).toMatch(/No permission to arm or disarm HA \(HTTP 403\)[\s\S]*run_proxmox_action permission on this Proxmox endpoint/);
  expect(await writes('lab9')).toEqual([]);
});

test('a user who may act on prod only cannot reach lab9, even by a forged endpoint id', async ({ session, data }) => {
  const { page } = await session('prod-operator');
  await page.goto(`${APP}ha.html`);
  await expect(page.locator('.cluster[data-cluster="lab9"]')).toHaveCount(0);
  const forged = await post(page, 'arm', `endpoint_id=${data.endpoints.lab9.id}`, await csrfToken(page));
  expect(forged.status).toBe(404);
  expect(forged.text).toMatch(/Proxmox endpoint not found/);
  expect(await writes('lab9')).toEqual([]);
});

for (const [what, rewrite] of [
  ['a forged', (headers) => ({ ...headers, 'x-csrftoken': 'forged-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghij' })],
  ['a missing', (headers) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'x-csrftoken'))],
]) {
  test(`says to reload the page on ${what} CSRF token, and nothing happens`, async ({ session }) => {
    const route = (page) => page.route('**/plugins/proxbox-ha/ha/*/', (r) => (r.request().method() === 'POST'
      ? r.continue({ headers: rewrite(r.request().headers()) }) : r.continue()));
    const { page, posts } = await open(session, 'operator', route);
    expect(await act(page, 'Arm HA on lab9')).toMatch(/CSRF token[\s\S]*Reload the page and try again/);
    expect(posts).toHaveLength(1);
    await expect(lab9Card(page)).toContainText(/Fencing\s*disarmed/);
    expect(await writes('lab9')).toEqual([]);
  });
}

test('another user\'s form token or an API token carries no action', async ({ session, data }) => {
  const operator = await session('operator');
  await operator.page.goto(`${APP}ha.html`);
  const theirs = await csrfToken(operator.page);
  const auditor = await session('auditor');
  await auditor.page.goto(`${APP}ha.html`);
  const replayed = await post(auditor.page, 'arm', `endpoint_id=${data.endpoints.lab9.id}`, theirs);
  expect(replayed.status).toBe(403);
  expect(replayed.text).toMatch(/CSRF verification failed/i);
  // No session, an API token of the admin: the route knows no tokens.
  const { page } = await session(null);
  await page.goto(`${NETBOX}/login/`);
  const token = await api('POST', 'users/tokens/', { user: (await api('GET', 'users/users/?username=admin')).results[0].id });
  const answer = await page.request.post(`${APP}ha/arm/`, {
    form: { endpoint_id: String(data.endpoints.lab9.id) }, maxRedirects: 0,
    headers: { authorization: `Bearer nbt_${token.key}.${token.token}` },
  });
  expect(answer.status()).not.toBe(200);
  expect(await writes('lab9')).toEqual([]);
});
