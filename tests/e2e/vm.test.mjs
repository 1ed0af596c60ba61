// The VM HA tab: every case of a NetBox VM, both plugin generations, /vmid/, races, errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BASE, failedRequests, followLink, launchBrowser, openApp, requestsTo, root, startMock } from './harness.mjs';

const HA_VM = (vmid) => `/api/plugins/proxbox/ha/vm/${vmid}/`;
const artifacts = path.join(root, 'tests/e2e/artifacts');

async function fields(page) {
  const rows = await page.locator('.vm-cards .kv').allInnerTexts();
  return Object.fromEntries(rows.map((r) => r.split('\n').map((s) => s.trim()).filter(Boolean)).map(([k, ...v]) => [k, v.join(' ')]));
}

describe('VM HA tab', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  it('shows an HA-managed VM with every field, in at most 3 requests', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'vm/1' });
    await app.page.locator('[data-state="managed"]').waitFor();
    assert.deepEqual(await fields(app.page), {
      'HA managed': 'yes', SID: 'vm:101', Type: 'vm', Cluster: 'prod', Group: 'web', State: 'started',
      'CRM state': 'started', 'Request state': 'started', Node: 'pve01',
      'Max restart': '1', 'Max relocate': '1', Failback: 'yes', Comment: 'Public web frontend',
    });
    assert.match(await app.page.locator('.vm-header').innerText(), /web-01[\s\S]*Proxmox id 101 \(from the Proxbox sync state\)/);
    assert.equal(await app.page.locator('.vm-title a').getAttribute('href'), `${mock.origin}/virtualization/virtual-machines/1/`);
    const ha = requestsTo(app.requests, HA_VM(101));
    assert.equal(ha.length, 1);
    assert.equal(new URL(ha[0].url()).searchParams.get('virtual_machine_id'), '1');
    const api = app.requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/'));
    assert.ok(api.length <= 3, `${api.length} API requests`);
    assert.deepEqual(app.errors, []);
    await app.page.screenshot({ path: path.join(artifacts, 'vm-managed.png'), fullPage: true });
    await app.close();
  });

  it('shows a managed container with zero counters as 0', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'vm/4' });
    await app.page.locator('[data-state="managed"]').waitFor();
    const f = await fields(app.page);
    assert.deepEqual([f.SID, f.Type, f['Max restart'], f['Max relocate'], f.Failback], ['ct:200', 'ct', '0', '0', 'yes']);
    await app.close();
  });

  it('says a VM is not HA-managed and links to the cluster page', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'vm/12' });
    const empty = app.page.locator('[data-state="not-managed"]');
    await empty.waitFor();
    assert.match(await empty.innerText(), /This VM is not HA-managed in Proxmox\./);
    assert.equal(await empty.locator('a').getAttribute('href'), `${BASE}ha`);
    await empty.locator('a').click();
    await app.page.waitForURL(mock.url('ha'));
    await app.page.locator('#ha-resources').waitFor();
    await app.close();
  });

  for (const [id, value] of [[9, 'null'], [10, '"abc"']]) {
    it(`says VM ${id} (proxmox_vm_id ${value}) was never synced, without asking the shim`, async () => {
      const app = await openApp(browser, mock, { scenario: 'pve8', path: `vm/${id}` });
      const empty = app.page.locator('[data-state="not-synced"]');
      await empty.waitFor();
      assert.match(await empty.innerText(), /has not been synced through Proxbox[\s\S]*Run a Proxbox sync/);
      assert.equal(app.requests.filter((r) => r.url().includes('/ha/vm/')).length, 0);
      await app.close();
    });
  }

  it('says an invisible VM does not exist or may not be viewed, and shows no HA data', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'vm/11' });
    const banner = app.page.locator('[data-error="vm-not-found"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Virtual machine 11 does not exist in NetBox, or you may not view it/);
    assert.equal(app.requests.filter((r) => r.url().includes('/ha/vm/')).length, 0);
    await app.close();
  });

  it('shows a 400 from the plugin with its words', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'vm/13' });
    const banner = app.page.locator('[data-error="refused"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /The Proxmox endpoint of virtual machine 13 is disabled\. Enable it under Plugins → Proxbox → Endpoints/);
    assert.match(await app.page.locator('.vm-header').innerText(), /endpoint-disabled/);
    await app.close();
  });

  it('reads the id from the custom field on older plugins', async () => {
    const app = await openApp(browser, mock, { scenario: 'pve8', path: 'vm/2' });
    await app.page.locator('[data-state="managed"]').waitFor();
    assert.equal((await fields(app.page)).SID, 'vm:102');
    assert.match(await app.page.locator('.vm-header').innerText(), /Proxmox id 102 \(from the proxmox_vm_id custom field\)/);
    await app.close();
  });

  for (const [scenario, kind, words] of [
    ['backend-too-old', 'backend-too-old', /upgrade proxbox-api to v0\.0\.12 or later/],
    ['backend-down', 'backend-unavailable', /Connection refused/],
    ['unauthenticated', 'not-authenticated', /Log in to NetBox again/],
    ['session-expired', 'not-json', /log in to NetBox again/],
  ]) {
    it(`shows the ${scenario} banner on the VM tab`, async () => {
      const app = await openApp(browser, mock, { scenario, path: 'vm/1' });
      const banner = app.page.locator(`[data-error="${kind}"]`);
      await banner.waitFor();
      assert.match(await banner.innerText(), words);
      await app.close();
    });
  }

  it('gives up on the per-VM call a little after the shim\'s 10 s', async () => {
    const app = await openApp(browser, mock, { scenario: 'hang', path: 'vm/1' });
    const banner = app.page.locator('[data-error="timeout"]');
    await banner.waitFor({ timeout: 25000 });
    assert.match(await banner.innerText(), /No answer after 12 seconds/);
    await app.close();
  });

  it('finds the NetBox VM from a Proxmox id', async () => {
    const one = await openApp(browser, mock, { scenario: 'demo', path: 'vmid/200' });
    await one.page.locator('[data-state="managed"]').waitFor();
    assert.equal((await fields(one.page)).SID, 'ct:200');
    await one.close();

    const two = await openApp(browser, mock, { scenario: 'demo', path: 'vmid/101' });
    const choice = two.page.locator('[data-state="several-netbox-vms"]');
    await choice.waitFor();
    assert.deepEqual(await choice.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [`${BASE}vm/1`, `${BASE}vm/7`]);
    await two.close();

    const none = await openApp(browser, mock, { scenario: 'demo', path: 'vmid/999' });
    await none.page.locator('[data-state="no-netbox-vm"]').waitFor();
    await none.close();
  });

  it('shows the second VM when switching fast and the first answer arrives last', async () => {
    const app = await openApp(browser, mock, { scenario: 'vm-race', path: 'vm/1' });
    const aborted = failedRequests(app.page);
    // Switch while VM 1's HA answer (2.5 s late) is in flight.
    while (!requestsTo(app.requests, HA_VM(101)).length) await app.page.waitForTimeout(20);
    await followLink(app.page, `${BASE}vm/4`);
    await app.page.locator('[data-state="managed"]').waitFor();
    await app.page.waitForTimeout(3000);
    assert.equal(new URL(app.page.url()).pathname, `${BASE}vm/4`);
    assert.equal((await fields(app.page)).SID, 'ct:200', 'the late answer for VM 1 did not overwrite VM 4');
    assert.equal(await app.page.locator('.vm-title').innerText(), 'High Availability: cache-ct');
    assert.deepEqual(aborted, [[HA_VM(101), 'net::ERR_ABORTED']], 'the stale request was aborted on unmount');
    await app.close();
  });
});

describe('VM HA tab embedded in NetBox\'s VM page', () => {
  let mock, browser;
  before(async () => { mock = await startMock(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); mock?.stop(); });

  async function openEmbed(vm, options = {}) {
    const context = await browser.newContext({ colorScheme: options.colorScheme || 'light' });
    await context.addCookies([{ name: 'mock_scenario', value: options.scenario || 'demo', url: mock.origin }]);
    const page = await context.newPage();
    await page.goto(`${mock.origin}/__mock/embed/${vm}`);
    const frame = page.frameLocator('#proxbox-ha');
    return { context, page, frame };
  }

  it('fits its content: the parent receives the height and sizes the iframe', async () => {
    const { context, page, frame } = await openEmbed(1);
    await frame.locator('[data-state="managed"]').waitFor();
    await page.waitForFunction(() => {
      const f = document.getElementById('proxbox-ha');
      const inner = f.contentDocument.body.getBoundingClientRect().height;
      return Math.abs(parseFloat(f.style.height) - Math.ceil(inner)) < 1 && inner > 100;
    });
    assert.equal(await frame.locator('.navbar').count(), 0, 'no app navigation inside NetBox');
    assert.equal(await frame.locator('.vm-title a').getAttribute('target'), '_top');
    await page.screenshot({ path: path.join(artifacts, 'vm-embedded-light.png'), fullPage: true });
    await context.close();
  });

  it('shrinks to the empty state and grows back, reporting each height', async () => {
    const { context, page, frame } = await openEmbed(12);
    await frame.locator('[data-state="not-managed"]').waitFor();
    await page.waitForFunction(() => {
      const f = document.getElementById('proxbox-ha');
      return Math.abs(parseFloat(f.style.height) - Math.ceil(f.contentDocument.body.getBoundingClientRect().height)) < 1;
    });
    const height = await page.evaluate(() => parseFloat(document.getElementById('proxbox-ha').style.height));
    assert.ok(height > 40 && height < 240, `empty state is ${height}px tall`);
    assert.equal(await frame.locator('[data-state="not-managed"] a').getAttribute('target'), '_top');
    await context.close();
  });

  it('fetches through NetBox\'s page (where a preload can serve it), and says what failed there', async () => {
    const { context, page, frame } = await openEmbed(1);
    await frame.locator('[data-state="managed"]').waitFor();
    const shim = [];
    page.on('request', (r) => { if (r.url().includes('/api/plugins/proxbox/ha/vm/')) shim.push(r); });
    await page.reload();
    await frame.locator('[data-state="managed"]').waitFor();
    assert.equal(shim.length, 1);
    assert.equal(shim[0].frame(), page.mainFrame(), 'sent by the framing page');
    await context.close();

    for (const [scenario, kind, words] of [['drop', 'network', /Failed to fetch/], ['backend-down', 'backend-unavailable', /Connection refused/]]) {
      const { context, page, frame } = await openEmbed(1, { scenario });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const banner = frame.locator('.alert[role="alert"]');
      await banner.waitFor();
      assert.equal(await banner.getAttribute('data-error'), kind);
      assert.match(await banner.innerText(), words, 'the browser\'s or the server\'s own words');
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  it('follows NetBox\'s theme switch through postMessage', async () => {
    const { context, page, frame } = await openEmbed(1);
    await frame.locator('[data-state="managed"]').waitFor();
    const frameTheme = () => page.evaluate(() => document.getElementById('proxbox-ha').contentDocument.documentElement.getAttribute('data-bs-theme'));
    await page.waitForFunction(() => document.getElementById('proxbox-ha').contentDocument.documentElement.getAttribute('data-bs-theme') === 'light');
    await page.locator('#toggle-theme').click();
    await page.waitForFunction(() => document.getElementById('proxbox-ha').contentDocument.documentElement.getAttribute('data-bs-theme') === 'dark');
    const card = await frame.locator('.vm-cards .card').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(card, 'rgb(24, 36, 51)');
    assert.equal(await frameTheme(), 'dark');
    await page.screenshot({ path: path.join(artifacts, 'vm-embedded-dark.png'), fullPage: true });
    await context.close();
  });

  it('embed.html without a VM id says what address it needs', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'embed.html?vm=abc' });
    const banner = app.page.locator('[data-error="bad-address"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /does not name a NetBox VirtualMachine id \(embed\.html\?vm=42\)/);
    assert.equal(await app.page.locator('.navbar').count(), 0);
    await app.close();
  });

  it('takes ?theme=dark from its address and opens NetBox links in the top window', async () => {
    const app = await openApp(browser, mock, { scenario: 'demo', path: 'vm/1?embed=1&theme=dark' });
    await app.page.locator('[data-state="managed"]').waitFor();
    assert.equal(await app.page.evaluate(() => document.documentElement.getAttribute('data-bs-theme')), 'dark');
    await app.close();

    const { context, page, frame } = await openEmbed(1);
    await frame.locator('.vm-title a').click();
    await page.waitForURL(`${mock.origin}/virtualization/virtual-machines/1/`);
    await context.close();
  });
});
