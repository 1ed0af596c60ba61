// The NetBox plugin on a real NetBox 4.7.3 + netbox-proxbox 0.0.29.post6 (tests/netbox/tier.sh),
// logged in through NetBox's form, in headless Chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BARE, GUNICORN, NETBOX, PASSWORD, artifacts, rawGet, launchBrowser, login, seed, standinTooOld, startStandin, stopStandin } from './harness.mjs';

const APP = `${NETBOX}/plugins/proxbox-ha/`;
const tabUrl = (vm) => `${NETBOX}/virtualization/virtual-machines/${vm.id}/ha-live/`;

describe('NetBox plugin on a real NetBox', () => {
  let browser, data;
  before(async () => { data = await seed(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); stopStandin(); });

  async function session(user = 'admin', options = {}) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, user);
    return { context, page, errors };
  }

  it('sends anonymous users to the login page and back to the app', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${APP}ha`);
    assert.equal(new URL(page.url()).pathname, '/login/');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/plugins/proxbox-ha/ha');
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${APP}ha`);
    await page.locator('#ha-resources tbody tr').first().waitFor();
    await context.close();
  });

  it('opens the status page from the menu; rows come through the real shim and link to the right VMs', async () => {
    const { context, page, errors } = await session();
    const wasm = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
    await page.goto(`${NETBOX}/`);
    await page.locator('a', { hasText: 'HA Status (live)' }).first().evaluate((a) => a.click());
    await page.waitForURL(`${APP}ha`);
    await page.waitForFunction(() => document.querySelectorAll('#ha-resources td.sid a').length >= 7);
    const link = async (cluster, sid) => page.locator('#ha-resources tbody tr')
      .filter({ has: page.locator('td.sid', { hasText: new RegExp(`^${sid}$`) }) })
      .filter({ has: page.locator('td:nth-child(4)', { hasText: new RegExp(`^${cluster}$`) }) });
    const href = async (cluster, sid) => (await link(cluster, sid)).locator('td.sid a').getAttribute('href');
    assert.equal(await href('prod', 'vm:101'), `${NETBOX}/virtualization/virtual-machines/${data.vms['web-01'].id}/`);
    assert.equal(await href('lab9', 'vm:101'), `${NETBOX}/virtualization/virtual-machines/${data.vms['lab-web'].id}/`);
    assert.equal(await href('prod', 'ct:200'), `${NETBOX}/virtualization/virtual-machines/${data.vms['cache-ct'].id}/`);
    const orphan = await link('prod', 'vm:104');
    assert.equal(await orphan.locator('td.sid a').count(), 0, 'a SID with no NetBox VM stays unlinked');
    assert.equal(await orphan.locator('td.guest').innerText(), '—');
    assert.match(await page.locator('.cluster[data-cluster="prod"]').innerText(), /quorate[\s\S]*pve01/);
    assert.match(await page.locator('[data-testid=updated]').innerText(), /refreshes every 30 s/, 'refresh_seconds from PLUGINS_CONFIG');
    assert.equal(await page.locator('.settings').count(), 0, 'no API-token setting: the session signs in');
    assert.equal(await page.locator('.navbar-nav a', { hasText: 'NetBox' }).getAttribute('href'), `${NETBOX}/`);
    assert.match(wasm.join(), /^\/plugins\/proxbox-ha\/proxbox-ha-status-[0-9a-f]+_bg\.wasm$/, 'its own page, ha.html, not the whole app');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: path.join(artifacts, 'status-page.png'), fullPage: true });
    await context.close();
  });

  it('shows the HA live tab inside NetBox\'s VM page, fitted, themed, with links to the top window', async () => {
    const { context, page } = await session();
    const vm = data.vms['web-01'];
    await page.goto(`${NETBOX}/virtualization/virtual-machines/${vm.id}/`);
    const api = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) api.push(r); });
    await page.locator('.nav-tabs a', { hasText: 'HA live' }).click();
    await page.waitForURL(tabUrl(vm));
    assert.match(await page.locator('.breadcrumb').innerText(), /prod/, 'NetBox draws its own breadcrumbs');
    const frame = page.frameLocator('#proxbox-ha');
    await frame.locator('[data-state="managed"]').waitFor();
    assert.match(await frame.locator('.vm-cards').innerText(), /vm:101[\s\S]*prod[\s\S]*started/);
    // The page knew the VM: one request, the shim's, preloaded by NetBox's page and fetched
    // through it by the frame.
    assert.deepEqual(api.map((r) => new URL(r.url()).pathname), ['/api/plugins/proxbox/ha/vm/101/']);
    assert.equal(api[0].frame(), page.mainFrame());
    // A new browser context: the frame's script and wasm still come from the HTTP cache,
    // filled by the preloads of NetBox's page.
    const frameFiles = await page.frames()[1].evaluate(() => performance.getEntriesByType('resource')
      .filter((r) => /\.(js|wasm)$/.test(new URL(r.name).pathname)).map((r) => [r.name, r.transferSize]));
    assert.ok(frameFiles.length >= 3, JSON.stringify(frameFiles));
    assert.deepEqual(frameFiles.filter(([, bytes]) => bytes > 0), [], 'downloaded again by the frame');
    await page.waitForFunction(() => {
      const f = document.getElementById('proxbox-ha');
      const inner = f.contentDocument.body.getBoundingClientRect().height;
      return inner > 100 && Math.abs(parseFloat(f.style.height) - Math.ceil(inner)) < 1;
    });
    const theme = () => page.evaluate(() => document.getElementById('proxbox-ha').contentDocument.documentElement.dataset.bsTheme);
    const netboxTheme = await page.evaluate(() => document.documentElement.dataset.bsTheme);
    assert.equal(await theme(), netboxTheme, 'the frame starts in NetBox\'s theme');
    await page.screenshot({ path: path.join(artifacts, `vm-tab-${netboxTheme}.png`), fullPage: true });
    await page.locator('.color-mode-toggle:visible').click();
    await page.waitForFunction((before) => document.getElementById('proxbox-ha').contentDocument.documentElement.dataset.bsTheme !== before, netboxTheme);
    assert.equal(await theme(), await page.evaluate(() => document.documentElement.dataset.bsTheme));
    await page.screenshot({ path: path.join(artifacts, `vm-tab-${await theme()}.png`), fullPage: true });
    await frame.locator('.vm-title a').click();
    await page.waitForURL(`${NETBOX}/virtualization/virtual-machines/${vm.id}/`);
    await context.close();
  });

  it('shows no tab for a VM without a Proxmox id', async () => {
    const { context, page } = await session();
    await page.goto(`${NETBOX}/virtualization/virtual-machines/${data.vms['never-synced'].id}/`);
    await page.locator('.nav-tabs').waitFor();
    assert.equal(await page.locator('.nav-tabs a', { hasText: 'HA live' }).count(), 0);
    await page.goto(`${NETBOX}/virtualization/virtual-machines/${data.vms['web-01'].id}/`);
    assert.equal(await page.locator('.nav-tabs a', { hasText: 'HA live' }).count(), 1);
    await context.close();
  });

  it('gives a user 404 for a VM they may not see, and never its HA data', async () => {
    const { context, page } = await session('viewer');
    const hidden = data.vms['lab-web'];
    const answer = await page.goto(tabUrl(hidden));
    assert.equal(answer.status(), 404);
    const app = await page.goto(`${APP}vm/${hidden.id}?embed=1`);
    assert.equal(app.status(), 200, 'the app page itself is not secret');
    await page.locator('[data-error="vm-not-found"]').waitFor();
    assert.equal(await page.locator('[data-state="managed"]').count(), 0);
    const shim = await page.evaluate(async (id) => (await fetch(`/api/plugins/proxbox/ha/vm/101/?virtual_machine_id=${id}`)).status, hidden.id);
    assert.equal(shim, 400, 'the shim refuses it too');
    const own = data.vms['web-01'];
    await page.goto(tabUrl(own));
    await page.frameLocator('#proxbox-ha').locator('[data-state="managed"]').waitFor();
    await page.goto(`${APP}ha`);
    await page.locator('#ha-resources tbody tr').first().waitFor();
    assert.equal(await page.locator('.cluster[data-cluster="lab9"]').count(), 0, 'only the clusters of endpoints the user may view');
    await context.close();
  });

  it('says to upgrade proxbox-api when the backend has no HA routes', async () => {
    const { context, page } = await session();
    await standinTooOld(true);
    try {
      await page.goto(`${APP}ha`);
      const banner = page.locator('[role=alert][data-error="backend-too-old"]');
      await banner.waitFor();
      assert.match(await banner.innerText(), /upgrade proxbox-api to v0\.0\.12 or later/);
    } finally {
      await standinTooOld(false);
    }
    await context.close();
  });

  it('says the backend is down while it is stopped, and Retry recovers once it is back', async () => {
    const { context, page } = await session();
    stopStandin();
    try {
      await page.goto(`${APP}ha`);
      const banner = page.locator('[role=alert][data-error="backend-unavailable"]');
      await banner.waitFor();
      assert.match(await banner.innerText(), /proxbox-api service is running/);
    } finally {
      await startStandin();
    }
    await page.locator('[role=alert] button', { hasText: 'Retry' }).click();
    await page.locator('#ha-resources tbody tr').first().waitFor();
    assert.equal(await page.locator('[role=alert]').count(), 0);
    await context.close();
  });

  it('says to log in again when the session expires inside the frame, and opens the login page on top', async () => {
    const context = await browser.newContext();
    await context.clock.install();
    const page = await context.newPage();
    await login(page, 'admin');
    const vm = data.vms['web-01'];
    await page.goto(tabUrl(vm));
    const frame = page.frameLocator('#proxbox-ha');
    await frame.locator('[data-state="managed"]').waitFor();
    await context.clearCookies({ name: 'sessionid' });
    await page.clock.fastForward('00:31');
    const banner = frame.locator('[role=alert][data-error="not-authenticated"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Log in to NetBox again/);
    assert.equal(await frame.locator('.stale [data-state="managed"]').count(), 1, 'the last state stays, marked stale');
    await banner.locator('a.login-link').click();
    await page.waitForURL((url) => url.pathname === '/login/');
    assert.equal(new URL(page.url()).searchParams.get('next'), `/virtualization/virtual-machines/${vm.id}/ha-live/`);
    await context.close();
  });

  it('serves the build with the right types and caching, and 404 for anything else', async () => {
    const { context, page } = await session();
    const html = await page.request.get(`${APP}ha`);
    assert.equal(html.headers()['cache-control'], 'no-cache');
    assert.match(html.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    const text = await html.text();
    const wasm = text.match(/href="\/plugins\/proxbox-ha\/([^"]+_bg\.wasm)"/)[1];
    const asset = await page.request.get(`${APP}${wasm}`);
    assert.equal(asset.headers()['content-type'], 'application/wasm');
    assert.equal(asset.headers()['cache-control'], 'public, max-age=31536000, immutable');
    for (const origin of [NETBOX, GUNICORN]) {
      for (const trick of ['../../../../etc/passwd', '..%2f..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        '%2e%2e%2f%2e%2e%2fnetbox%2fsettings.py', '..', '%2e%2e', 'app.py', '__init__.py', 'urls.py',
        'templates/netbox_proxbox_ha/frame.html', '%2fetc%2fpasswd', '/etc/passwd', '//etc/passwd',
        'index.html', `${'a'.repeat(3000)}.js`, 'vm/abc', 'nope.wasm', 'app/index.html']) {
        const r = await rawGet(origin, `/plugins/proxbox-ha/${trick}`);
        // nginx refuses a path that climbs above its root (400) before NetBox sees it; the
        // plugin itself answers 404.
        const refused = origin === GUNICORN ? [404] : [400, 404];
        assert.ok(refused.includes(r.status), `${origin} ${trick.slice(0, 40)} answered ${r.status}`);
        assert.ok(!/wasm-unsafe-eval|root:|import |def |SECRET/.test(r.body), `${trick.slice(0, 40)} leaked ${r.body.slice(0, 80)}`);
      }
      // Longer than a request line may be: the web server refuses it before NetBox.
      const long = await rawGet(origin, `/plugins/proxbox-ha/${'a'.repeat(5000)}.js`);
      assert.ok([400, 404, 414].includes(long.status), `a 5,000-character path answered ${long.status}`);
    }
    await context.close();
  });

  it('loads without netbox-proxbox, and the app says the plugin is missing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, 'admin', BARE);
    await page.goto(`${BARE}/plugins/proxbox-ha/ha`);
    const banner = page.locator('[role=alert][data-error="plugin-missing"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Install or upgrade the netbox-proxbox plugin/);
    await context.close();
  });
});
