// The VM HA tab: every case of a NetBox VM, both plugin generations, /vmid/, races, errors.
import path from 'node:path';
import { BASE, HA_VM, answerOfLater, expect, failedRequests, followLink, requestsTo, root, test } from './fixtures.mjs';

// Screenshots of the last run, to look at (not compared).
const artifacts = path.join(root, 'tests/e2e/artifacts');
const inner = { useInnerText: true };

async function fields(page) {
  const rows = await page.locator('.vm-cards .kv').allInnerTexts();
  return Object.fromEntries(rows.map((r) => r.split('\n').map((s) => s.trim()).filter(Boolean)).map(([k, ...v]) => [k, v.join(' ')]));
}

test.describe('VM HA tab', () => {
  test('shows an HA-managed VM with every field, in at most 3 requests', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'demo', path: 'vm/1' });
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    expect(await fields(app.page)).toEqual({
      'HA managed': 'yes', SID: 'vm:101', Type: 'vm', Cluster: 'prod', Group: 'web', State: 'started',
      'CRM state': 'started', 'Request state': 'started', Node: 'pve01',
      'Max restart': '1', 'Max relocate': '1', Failback: 'yes', Comment: 'Public web frontend',
    });
    await expect(app.page.locator('.vm-header')).toHaveText(/web-01[\s\S]*Proxmox id 101 \(from the Proxbox sync state\)/, inner);
    await expect(app.page.locator('.vm-title a')).toHaveAttribute('href', `${mock.origin}/virtualization/virtual-machines/1/`);
    const ha = requestsTo(app.requests, HA_VM(101));
    expect(ha.length).toBe(1);
    expect(new URL(ha[0].url()).searchParams.get('virtual_machine_id')).toBe('1');
    const api = app.requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/'));
    expect(api.length, `${api.length} API requests`).toBeLessThanOrEqual(3);
    expect(app.errors).toEqual([]);
    await app.page.screenshot({ path: path.join(artifacts, 'vm-managed.png'), fullPage: true });
  });

  test('shows a managed container with zero counters as 0', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo', path: 'vm/4' });
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    const f = await fields(app.page);
    expect([f.SID, f.Type, f['Max restart'], f['Max relocate'], f.Failback]).toEqual(['ct:200', 'ct', '0', '0', 'yes']);
  });

  test('says a VM is not HA-managed and links to the cluster page', async ({ openApp, mock }) => {
    const app = await openApp({ scenario: 'demo', path: 'vm/12' });
    const empty = app.page.locator('[data-state="not-managed"]');
    await expect(empty).toBeVisible();
    await expect(empty).toHaveText(/This VM is not HA-managed in Proxmox\./, inner);
    await expect(empty.locator('a')).toHaveAttribute('href', `${BASE}ha`);
    await empty.locator('a').click();
    await expect(app.page).toHaveURL(mock.url('ha'));
    await expect(app.page.locator('#ha-resources')).toBeVisible();
  });

  for (const [id, value] of [[9, 'null'], [10, '"abc"']]) {
    test(`says VM ${id} (proxmox_vm_id ${value}) was never synced, without asking the shim`, async ({ openApp }) => {
      const app = await openApp({ scenario: 'pve8', path: `vm/${id}` });
      const empty = app.page.locator('[data-state="not-synced"]');
      await expect(empty).toBeVisible();
      await expect(empty).toHaveText(/has not been synced through Proxbox[\s\S]*Run a Proxbox sync/, inner);
      expect(app.requests.filter((r) => r.url().includes('/ha/vm/')).length).toBe(0);
    });
  }

  test('says an invisible VM does not exist or may not be viewed, and shows no HA data', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo', path: 'vm/11' });
    const banner = app.page.locator('[data-error="vm-not-found"]');
    await expect(banner).toBeVisible();
    await expect(banner).toHaveText(/Virtual machine 11 does not exist in NetBox, or you may not view it/, inner);
    expect(app.requests.filter((r) => r.url().includes('/ha/vm/')).length).toBe(0);
  });

  test('shows a 400 from the plugin with its words', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo', path: 'vm/13' });
    const banner = app.page.locator('[data-error="refused"]');
    await expect(banner).toBeVisible();
    await expect(banner).toHaveText(/The Proxmox endpoint of virtual machine 13 is disabled\. Enable it under Plugins → Proxbox → Endpoints/, inner);
    await expect(app.page.locator('.vm-header')).toHaveText(/endpoint-disabled/, inner);
  });

  test('reads the id from the custom field on older plugins', async ({ openApp }) => {
    const app = await openApp({ scenario: 'pve8', path: 'vm/2' });
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    expect((await fields(app.page)).SID).toBe('vm:102');
    await expect(app.page.locator('.vm-header')).toHaveText(/Proxmox id 102 \(from the proxmox_vm_id custom field\)/, inner);
  });

  for (const [scenario, kind, words] of [
    ['backend-too-old', 'backend-too-old', /upgrade proxbox-api to v0\.0\.12 or later/],
    ['backend-down', 'backend-unavailable', /Connection refused/],
    ['upstream-500', 'upstream-failed', /proxbox-api could not read Proxmox \(it answered HTTP 500\)[\s\S]*Upstream HA call failed: 500[\s\S]*proxbox-api is running, but failed the whole answer/],
    ['unauthenticated', 'not-authenticated', /Log in to NetBox again/],
    ['session-expired', 'not-json', /log in to NetBox again/],
  ]) {
    test(`shows the ${scenario} banner on the VM tab`, async ({ openApp }) => {
      const app = await openApp({ scenario, path: 'vm/1' });
      const banner = app.page.locator(`[data-error="${kind}"]`);
      await expect(banner).toBeVisible();
      await expect(banner).toHaveText(words, inner);
    });
  }

  test('gives up on the per-VM call a little after the shim\'s 10 s', async ({ openApp }) => {
    // The page's clock: the call's 12 s timer fires when the clock is run on.
    const app = await openApp({ scenario: 'hang', path: 'vm/1', clock: true });
    await app.request(HA_VM(101));
    await app.page.clock.runFor(25_000);
    const banner = app.page.locator('[data-error="timeout"]');
    await expect(banner).toBeVisible();
    await expect(banner).toHaveText(/No answer after 12 seconds/, inner);
  });

  test('finds the NetBox VM from a Proxmox id', async ({ openApp }) => {
    const one = await openApp({ scenario: 'demo', path: 'vmid/200' });
    await expect(one.page.locator('[data-state="managed"]')).toBeVisible();
    expect((await fields(one.page)).SID).toBe('ct:200');
    await one.close();

    const two = await openApp({ scenario: 'demo', path: 'vmid/101' });
    const choice = two.page.locator('[data-state="several-netbox-vms"]');
    await expect(choice).toBeVisible();
    expect(await choice.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([`${BASE}vm/1`, `${BASE}vm/7`]);
    await two.close();

    const none = await openApp({ scenario: 'demo', path: 'vmid/999' });
    await expect(none.page.locator('[data-state="no-netbox-vm"]')).toBeVisible();
  });

  test('shows the second VM when switching fast and the first answer arrives last', async ({ openApp }) => {
    const app = await openApp({ scenario: 'vm-race', path: 'vm/1' });
    const aborted = failedRequests(app.page);
    // Switch while VM 1's HA answer (2.5 s late) is in flight.
    const late = await app.request(HA_VM(101));
    await followLink(app.page, `${BASE}vm/4`);
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    // Once VM 1's answer asked for now has come, the first one would have too.
    await answerOfLater(app.page, late.url());
    expect(new URL(app.page.url()).pathname).toBe(`${BASE}vm/4`);
    expect((await fields(app.page)).SID, 'the late answer for VM 1 did not overwrite VM 4').toBe('ct:200');
    expect(await app.page.locator('.vm-title').innerText()).toBe('High Availability: cache-ct');
    expect(aborted, 'the stale request was aborted on unmount').toEqual([[HA_VM(101), 'net::ERR_ABORTED']]);
  });
});

// NetBox's VM page with the tab framed in it, on the mock (`/__mock/embed/{id}`).
const embedded = test.extend({
  openEmbed: async ({ newContext, mock }, use) => {
    await use(async (vm, options = {}) => {
      const context = await newContext({ colorScheme: options.colorScheme || 'light', scenario: options.scenario || 'demo' });
      const page = await context.newPage();
      await page.goto(`${mock.origin}/__mock/embed/${vm}`);
      const frame = page.frameLocator('#proxbox-ha');
      return { context, page, frame };
    });
  },
});

embedded.describe('VM HA tab embedded in NetBox\'s VM page', () => {
  embedded('fits its content: the parent receives the height and sizes the iframe', async ({ openEmbed }) => {
    const { page, frame } = await openEmbed(1);
    await expect(frame.locator('[data-state="managed"]')).toBeVisible();
    await expect.poll(() => page.evaluate(() => {
      const f = document.getElementById('proxbox-ha');
      const inner = f.contentDocument.body.getBoundingClientRect().height;
      return Math.abs(parseFloat(f.style.height) - Math.ceil(inner)) < 1 && inner > 100;
    })).toBe(true);
    expect(await frame.locator('.navbar').count(), 'no app navigation inside NetBox').toBe(0);
    await expect(frame.locator('.vm-title a')).toHaveAttribute('target', '_top');
    await page.screenshot({ path: path.join(artifacts, 'vm-embedded-light.png'), fullPage: true });
  });

  embedded('shrinks to the empty state and grows back, reporting each height', async ({ openEmbed }) => {
    const { page, frame } = await openEmbed(12);
    await expect(frame.locator('[data-state="not-managed"]')).toBeVisible();
    await expect.poll(() => page.evaluate(() => {
      const f = document.getElementById('proxbox-ha');
      return Math.abs(parseFloat(f.style.height) - Math.ceil(f.contentDocument.body.getBoundingClientRect().height)) < 1;
    })).toBe(true);
    const height = await page.evaluate(() => parseFloat(document.getElementById('proxbox-ha').style.height));
    expect(height > 40 && height < 240, `empty state is ${height}px tall`).toBe(true);
    await expect(frame.locator('[data-state="not-managed"] a')).toHaveAttribute('target', '_top');
  });

  embedded('fetches through NetBox\'s page (where a preload can serve it), and says what failed there', async ({ openEmbed }) => {
    const { context, page, frame } = await openEmbed(1);
    await expect(frame.locator('[data-state="managed"]')).toBeVisible();
    const shim = [];
    page.on('request', (r) => { if (r.url().includes('/api/plugins/proxbox/ha/vm/')) shim.push(r); });
    await page.reload();
    await expect(frame.locator('[data-state="managed"]')).toBeVisible();
    expect(shim.length).toBe(1);
    expect(shim[0].frame(), 'sent by the framing page').toBe(page.mainFrame());
    await context.close();

    for (const [scenario, kind, words] of [['drop', 'network', /Failed to fetch/], ['backend-down', 'backend-unavailable', /Connection refused/]]) {
      const { context, page, frame } = await openEmbed(1, { scenario });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const banner = frame.locator('.alert[role="alert"]');
      await expect(banner).toBeVisible();
      await expect(banner).toHaveAttribute('data-error', kind);
      await expect(banner, 'the browser\'s or the server\'s own words').toHaveText(words, inner);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  embedded('follows NetBox\'s theme switch through postMessage', async ({ openEmbed }) => {
    const { page, frame } = await openEmbed(1);
    await expect(frame.locator('[data-state="managed"]')).toBeVisible();
    const frameTheme = () => page.evaluate(() => document.getElementById('proxbox-ha').contentDocument.documentElement.getAttribute('data-bs-theme'));
    await expect.poll(frameTheme).toBe('light');
    await page.locator('#toggle-theme').click();
    await expect.poll(frameTheme).toBe('dark');
    const card = await frame.locator('.vm-cards .card').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(card).toBe('rgb(24, 36, 51)');
    expect(await frameTheme()).toBe('dark');
    await page.screenshot({ path: path.join(artifacts, 'vm-embedded-dark.png'), fullPage: true });
  });

  embedded('embed.html without a VM id says what address it needs', async ({ openApp }) => {
    const app = await openApp({ scenario: 'demo', path: 'embed.html?vm=abc' });
    const banner = app.page.locator('[data-error="bad-address"]');
    await expect(banner).toBeVisible();
    await expect(banner).toHaveText(/does not name a NetBox VirtualMachine id \(embed\.html\?vm=42\)/, inner);
    expect(await app.page.locator('.navbar').count()).toBe(0);
  });

  embedded('takes ?theme=dark from its address and opens NetBox links in the top window', async ({ openApp, openEmbed, mock }) => {
    const app = await openApp({ scenario: 'demo', path: 'vm/1?embed=1&theme=dark' });
    await expect(app.page.locator('[data-state="managed"]')).toBeVisible();
    expect(await app.page.evaluate(() => document.documentElement.getAttribute('data-bs-theme'))).toBe('dark');
    await app.close();

    const { page, frame } = await openEmbed(1);
    await frame.locator('.vm-title a').click();
    await expect(page).toHaveURL(`${mock.origin}/virtualization/virtual-machines/1/`);
  });
});
