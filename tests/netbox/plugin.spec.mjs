// The NetBox plugin on the chain users run: NetBox 4.7.3 + netbox-proxbox 0.0.29.post6 + the
// real proxbox-api 0.0.30.post2 + two simulated Proxmox VE clusters (prod: PVE 8 style, groups;
// lab9: PVE 9.2 style, rules and a fencing row), logged in through NetBox's form.
import { BARE, GUNICORN, NETBOX, PASSWORD, artifacts, login, rawGet } from './harness.mjs';
import { expect, test } from './fixtures.mjs';
import path from 'node:path';
import { contract } from '../e2e/harness.mjs';
import zlib from 'node:zlib';

const APP_BASE = '/plugins/proxbox-ha/';
const APP = `${NETBOX}${APP_BASE}`;
const tabUrl = (vm) => `${NETBOX}/virtualization/virtual-machines/${vm.id}/ha-live/`;
const vmUrl = (vm) => `${NETBOX}/virtualization/virtual-machines/${vm.id}/`;

/** The resource row of `sid` in `cluster`. */
const row = (page, cluster, sid) => page.locator('#ha-resources tbody tr')
  .filter({ has: page.locator('td.sid', { hasText: new RegExp(`^${sid}$`) }) })
  .filter({ has: page.locator('td:nth-child(4)', { hasText: new RegExp(`^${cluster}$`) }) });

test('sends anonymous users to the login page and back to the app', async ({ session }) => {
  const { page } = await session(null);
  await page.goto(`${APP}ha`);
  expect(new URL(page.url()).pathname).toBe('/login/');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/plugins/proxbox-ha/ha');
  await page.locator('input[name=username]').fill('admin');
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(`${APP}ha`);
  await expect(page.frameLocator('#proxbox-ha').locator('#ha-resources tbody tr').first()).toBeVisible();
});

test('opens the status page from the menu inside NetBox\'s own layout: both clusters, as Proxmox and proxbox-api report them', async ({ session }) => {
  const { page, errors } = await session();
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto(`${NETBOX}/`);
  await page.locator('a', { hasText: 'HA Status (live)' }).first().evaluate((a) => a.click());
  await page.waitForURL(`${APP}ha`);
  // NetBox's sidebar, header, search and user menu stay; the page is titled as NetBox's are.
  await expect(page.locator('aside.navbar-vertical')).toBeVisible();
  await expect(page.locator('header.navbar input[name=q]')).toBeVisible();
  await expect(page.locator('header.navbar .nav-item.dropdown').first()).toBeVisible();
  await expect(page.locator('h1.page-title')).toHaveText('HA Status (live)');
  await expect(page).toHaveTitle(/^(\(\d+\) )?HA Status \(live\) \| NetBox$/);
  const app = page.frameLocator('#proxbox-ha');
  const prod = app.locator('.cluster[data-cluster="prod"]');
  const lab9 = app.locator('.cluster[data-cluster="lab9"]');
  await expect(prod).toContainText(/quorate/);
  await expect(prod).toContainText(/pve01/);
  // LRM rows: one per node, in Proxmox's words (PVE 8: "maintenance mode").
  await expect(prod.locator('tbody tr')).toHaveCount(3);
  await expect(prod.locator('tbody tr', { hasText: 'pve03' })).toContainText('maintenance');
  await expect(lab9).toContainText(/quorate/);
  await expect(lab9).toContainText(/Fencing\s*armed/);
  await expect(lab9.locator('tbody tr', { hasText: 'lab-a' })).toContainText(/^lab-a\s*active\s*active\s*1/);
  await expect(lab9.locator('tbody tr', { hasText: 'lab-c' })).toContainText('idle');
  await expect(prod).not.toContainText('Fencing');
  await expect(app.locator('#ha-groups tbody tr', { hasText: 'web' })).toContainText(/prod[\s\S]*pve01/);
  await expect(app.locator('#ha-rules tbody tr', { hasText: 'lab-prefer-a' })).toContainText(/lab9[\s\S]*node-affinity[\s\S]*vm:101/);
  await expect(row(app, 'prod', 'vm:103')).toContainText('error');
  await expect(row(app, 'prod', 'vm:102')).toContainText('migrate');
  await expect(row(app, 'lab9', 'vm:300')).toContainText('request_start');
  // The title counts the problems, as the frame reports them: vm:103 in error, the one.
  await expect(page).toHaveTitle('(1) HA Status (live) | NetBox');
  await expect(app.locator('[data-testid=updated]')).toContainText(/refreshes every 30 s/);
  await expect(app.locator('.settings')).toHaveCount(0);
  await expect(app.locator('.navbar'), 'NetBox\'s navigation, not the app\'s').toHaveCount(0);
  expect([...new Set(wasm)].join(), 'the status page\'s own build, ha.html, not the whole app').toMatch(/^\/plugins\/proxbox-ha\/proxbox-ha-status-[0-9a-f]+_bg\.wasm$/);
  expect(errors).toEqual([]);
  await page.waitForFunction(() => parseFloat(document.getElementById('proxbox-ha').style.height) > 600);
  await page.screenshot({ path: path.join(artifacts, 'status-page.png'), fullPage: true });
});

test('keeps the table\'s query in NetBox\'s address bar, follows its theme and opens links on top', async ({ session, data }) => {
  const { page } = await session();
  await page.goto(`${APP}ha`);
  const app = page.frameLocator('#proxbox-ha');
  await expect(app.locator('#ha-resources tbody tr')).toHaveCount(8);
  // The search reads the NetBox VM names too: once they are there.
  await expect(row(app, 'prod', 'vm:105')).toContainText('web-03');
  await app.locator('#resource-search').fill('web');
  await page.waitForURL((url) => url.pathname === '/plugins/proxbox-ha/ha' && url.searchParams.get('q') === 'web');
  // prod's group "web" (vm:101, vm:102) and the VMs named web-03 and lab-web.
  await expect(app.locator('#ha-resources tbody tr')).toHaveCount(4);
  // A bookmark of the filtered view opens it filtered.
  await page.goto(`${APP}ha?cluster=lab9`);
  await expect(app.locator('#ha-resources tbody tr')).toHaveCount(2);
  await expect(app.locator('#filter-cluster')).toHaveValue('lab9');
  await page.reload();
  await expect(app.locator('#filter-cluster')).toHaveValue('lab9');
  const theme = () => page.evaluate(() => document.getElementById('proxbox-ha').contentDocument.documentElement.dataset.bsTheme);
  const before = await page.evaluate(() => document.documentElement.dataset.bsTheme);
  await expect.poll(theme).toBe(before);
  await page.locator('.color-mode-toggle:visible').click();
  await expect.poll(theme).not.toBe(before);
  await row(app, 'lab9', 'vm:101').locator('td.sid a').click();
  await page.waitForURL(vmUrl(data.vms['lab-web']));
});

test('links each SID to its NetBox VM on both clusters, and leaves one without a VM unlinked', async ({ session, data }) => {
  const { page } = await session();
  await page.goto(`${APP}ha.html`);
  await expect(page.locator('#ha-resources td.sid a')).toHaveCount(7);
  const href = (cluster, sid) => row(page, cluster, sid).locator('td.sid a');
  await expect(href('prod', 'vm:101')).toHaveAttribute('href', vmUrl(data.vms['web-01']));
  await expect(href('lab9', 'vm:101')).toHaveAttribute('href', vmUrl(data.vms['lab-web']));
  await expect(href('lab9', 'vm:300')).toHaveAttribute('href', vmUrl(data.vms['lab-app']));
  await expect(href('prod', 'ct:200')).toHaveAttribute('href', vmUrl(data.vms['cache-ct']));
  const orphan = row(page, 'prod', 'vm:104');
  await expect(orphan.locator('td.sid a')).toHaveCount(0);
  await expect(orphan.locator('td.guest')).toHaveText('—');
});

test('shows the HA live tab inside NetBox\'s VM page, fitted, themed, with links to the top window', async ({ session, data }) => {
  const { page } = await session();
  const vm = data.vms['web-01'];
  await page.goto(vmUrl(vm));
  const apiRequests = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) apiRequests.push(r); });
  await page.locator('.nav-tabs a', { hasText: 'HA live' }).click();
  await page.waitForURL(tabUrl(vm));
  await expect(page.locator('.breadcrumb')).toContainText('prod');
  const frame = page.frameLocator('#proxbox-ha');
  await expect(frame.locator('[data-state="managed"]')).toBeVisible();
  await expect(frame.locator('.vm-cards')).toContainText(/vm:101[\s\S]*prod[\s\S]*started[\s\S]*pve01/);
  // The page knew the VM: one request, the shim's, preloaded by NetBox's page and fetched
  // through it by the frame.
  expect(apiRequests.map((r) => new URL(r.url()).pathname)).toEqual(['/api/plugins/proxbox/ha/vm/101/']);
  expect(apiRequests[0].frame()).toBe(page.mainFrame());
  // A new browser context: the frame's script and wasm still come from the HTTP cache,
  // filled by the preloads of NetBox's page.
  const frameFiles = await page.frames()[1].evaluate(() => performance.getEntriesByType('resource')
    .filter((r) => /\.(js|wasm)$/.test(new URL(r.name).pathname)).map((r) => [r.name, r.transferSize]));
  expect(frameFiles.length, JSON.stringify(frameFiles)).toBeGreaterThanOrEqual(3);
  expect(frameFiles.filter(([, bytes]) => bytes > 0), 'downloaded again by the frame').toEqual([]);
  await page.waitForFunction(() => {
    const f = document.getElementById('proxbox-ha');
    const inner = f.contentDocument.body.getBoundingClientRect().height;
    return inner > 100 && Math.abs(parseFloat(f.style.height) - Math.ceil(inner)) < 1;
  });
  const theme = () => page.evaluate(() => document.getElementById('proxbox-ha').contentDocument.documentElement.dataset.bsTheme);
  const netboxTheme = await page.evaluate(() => document.documentElement.dataset.bsTheme);
  expect(await theme(), 'the frame starts in NetBox\'s theme').toBe(netboxTheme);
  await page.screenshot({ path: path.join(artifacts, `vm-tab-${netboxTheme}.png`), fullPage: true });
  await page.locator('.color-mode-toggle:visible').click();
  await expect.poll(theme).not.toBe(netboxTheme);
  expect(await theme()).toBe(await page.evaluate(() => document.documentElement.dataset.bsTheme));
  await page.screenshot({ path: path.join(artifacts, `vm-tab-${await theme()}.png`), fullPage: true });
  await frame.locator('.vm-title a').click();
  await page.waitForURL(vmUrl(vm));
});

test('the HA live tab shows a container and a VM Proxmox does not manage', async ({ session, data }) => {
  const { page } = await session();
  await page.goto(tabUrl(data.vms['cache-ct']));
  const frame = page.frameLocator('#proxbox-ha');
  await expect(frame.locator('[data-state="managed"]')).toBeVisible();
  await expect(frame.locator('.vm-cards')).toContainText(/ct:200[\s\S]*prod[\s\S]*started/);
  await page.goto(tabUrl(data.vms['idle-01']));
  await expect(frame.locator('[data-state="not-managed"]')).toContainText('not HA-managed');
  await expect(frame.locator('[data-state="managed"]')).toHaveCount(0);
  await page.goto(tabUrl(data.vms['lab-web']));
  await expect(frame.locator('.vm-cards')).toContainText(/vm:101[\s\S]*lab9[\s\S]*lab-a/);
});

test('shows no tab for a VM without a Proxmox id', async ({ session, data }) => {
  const { page } = await session();
  await page.goto(vmUrl(data.vms['never-synced']));
  await expect(page.locator('.nav-tabs')).toBeVisible();
  await expect(page.locator('.nav-tabs a', { hasText: 'HA live' })).toHaveCount(0);
  await page.goto(vmUrl(data.vms['web-01']));
  await expect(page.locator('.nav-tabs a', { hasText: 'HA live' })).toHaveCount(1);
});

test('gives a restricted user only their VMs: 404 for the others, and never their HA data', async ({ session, data }) => {
  const { page } = await session('viewer');
  const hidden = data.vms['lab-web'];
  expect((await page.goto(tabUrl(hidden))).status()).toBe(404);
  expect((await page.goto(`${APP}vm/${hidden.id}?embed=1`)).status(), 'the app page itself is not secret').toBe(200);
  await expect(page.locator('[data-error="vm-not-found"]')).toBeVisible();
  await expect(page.locator('[data-state="managed"]')).toHaveCount(0);
  const shim = await page.evaluate(async (id) => (await fetch(`/api/plugins/proxbox/ha/vm/101/?virtual_machine_id=${id}`)).status, hidden.id);
  expect(shim, 'the shim refuses it too').toBe(400);
  await page.goto(tabUrl(data.vms['web-01']));
  await expect(page.frameLocator('#proxbox-ha').locator('[data-state="managed"]')).toBeVisible();
  await page.goto(`${APP}ha.html`);
  await expect(page.locator('.cluster[data-cluster="prod"]')).toBeVisible();
  await expect(page.locator('.cluster[data-cluster="lab9"]'), 'only the clusters of endpoints the user may view').toHaveCount(0);
  await expect(page.locator('#ha-resources td:nth-child(4)', { hasText: 'lab9' })).toHaveCount(0);
});

test('says to log in again when the session expires inside the frame, and opens the login page on top', async ({ session, data }) => {
  const { context, page } = await session(null);
  await context.clock.install();
  await login(page, 'admin');
  const vm = data.vms['web-01'];
  await page.goto(tabUrl(vm));
  const frame = page.frameLocator('#proxbox-ha');
  await expect(frame.locator('[data-state="managed"]')).toBeVisible();
  await context.clearCookies({ name: 'sessionid' });
  await page.clock.fastForward('00:31');
  const banner = frame.locator('[role=alert][data-error="not-authenticated"]');
  await expect(banner).toContainText(/Log in to NetBox again/);
  await expect(frame.locator('.stale [data-state="managed"]'), 'the last state stays, marked stale').toHaveCount(1);
  await banner.locator('a.login-link').click();
  await page.waitForURL((url) => url.pathname === '/login/');
  expect(new URL(page.url()).searchParams.get('next')).toBe(`/virtualization/virtual-machines/${vm.id}/ha-live/`);
});

test('serves the build with the right types and caching, and 404 for anything else', async ({ session }) => {
  const { page } = await session();
  const html = await page.request.get(`${APP}ha.html`);
  expect(html.headers()['cache-control']).toBe('no-cache');
  expect(html.headers()['content-security-policy']).toBe(contract.content_security_policy);
  const wasm = (await html.text()).match(/href="\/plugins\/proxbox-ha\/([^"]+_bg\.wasm)"/)[1];
  const asset = await page.request.get(`${APP}${wasm}`);
  expect(asset.headers()['content-type']).toBe('application/wasm');
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  for (const origin of [NETBOX, GUNICORN]) {
    for (const trick of ['../../../../etc/passwd', '..%2f..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '%2e%2e%2f%2e%2e%2fnetbox%2fsettings.py', '..', '%2e%2e', 'views.py', 'assets.py', '__init__.py', 'urls.py',
      'templates/netbox_proxbox_ha/frame.html', '%2fetc%2fpasswd', '/etc/passwd', '//etc/passwd',
      'index.html', `${'a'.repeat(3000)}.js`, 'vm/abc', 'nope.wasm', 'app/index.html']) {
      const r = await rawGet(origin, `/plugins/proxbox-ha/${trick}`);
      // nginx refuses a path that climbs above its root (400) before NetBox sees it; the
      // plugin itself answers 404.
      const refused = origin === GUNICORN ? [404] : [400, 404];
      expect(refused, `${origin} ${trick.slice(0, 40)} answered ${r.status}`).toContain(r.status);
      expect(r.body, `${trick.slice(0, 40)} leaked`).not.toMatch(/wasm-unsafe-eval|root:|import |def |SECRET/);
    }
    // Longer than a request line may be: the web server refuses it before NetBox.
    const long = await rawGet(origin, `/plugins/proxbox-ha/${'a'.repeat(5000)}.js`);
    expect([400, 404, 414], `a 5,000-character path answered ${long.status}`).toContain(long.status);
  }
});

for (const [where, base] of [['the plugin', '/plugins/proxbox-ha/'], ['static hosting (the README\'s nginx recipe)', '/proxbox-ha/']]) {
  test(`serves each file compressed as the browser accepts, and raw to a client that takes none: ${where}`, async ({ session }) => {
    const { page } = await session();
    const html = await (await page.request.get(`${NETBOX}${base}${base === APP_BASE ? 'ha.html' : 'ha'}`)).text();
    const files = [...html.matchAll(/(?:href|src)="([^"]+-[0-9a-f]{8,16}(?:_bg)?\.(?:wasm|js|css))"/g)]
      .map((m) => new URL(m[1], `${NETBOX}${base}ha`).pathname);
    expect(files.length, html).toBeGreaterThanOrEqual(3);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    for (const file of files) {
      const raw = await rawGet(NETBOX, file, { cookie });
      expect(raw.status, file).toBe(200);
      expect(raw.headers['content-encoding'], `${file} to a client without Accept-Encoding`).toBeUndefined();
      for (const [accept, coding, decode] of [['gzip, deflate, br', 'br', zlib.brotliDecompressSync], ['gzip', 'gzip', zlib.gunzipSync]]) {
        const sent = await rawGet(NETBOX, file, { cookie, 'accept-encoding': accept });
        expect(sent.headers['content-encoding'], `${file} for ${accept}`).toBe(coding);
        expect(sent.headers.vary, file).toMatch(/Accept-Encoding/i);
        expect(Number(sent.headers['content-length'] ?? sent.bytes.length), file).toBe(sent.bytes.length);
        expect(sent.bytes.length, `${file} is smaller as ${coding}`).toBeLessThan(raw.bytes.length);
        expect(decode(sent.bytes).equals(raw.bytes), `${file} decodes to the raw file`).toBe(true);
      }
    }
    // The page itself is as it was: not precompressed, under its CSP.
    const page_ = await rawGet(NETBOX, `${base}${base === APP_BASE ? 'ha.html' : 'ha'}`, { cookie, 'accept-encoding': 'br' });
    expect(page_.headers['content-encoding']).toBeUndefined();
    expect(page_.headers['content-security-policy']).toBe(contract.content_security_policy);
  });
}

test('loads without netbox-proxbox, and the app says the plugin is missing', async ({ session }) => {
  const { page } = await session(null);
  await login(page, 'admin', BARE);
  await page.goto(`${BARE}/plugins/proxbox-ha/ha`);
  const banner = page.frameLocator('#proxbox-ha').locator('[role=alert][data-error="plugin-missing"]');
  await expect(banner).toContainText(/Install or upgrade the netbox-proxbox plugin/);
});
