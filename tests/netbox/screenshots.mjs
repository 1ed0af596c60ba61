// Refreshes the README's screenshots from the real chain (NetBox, netbox-proxbox, proxbox-api,
// the simulated Proxmox VE):  tests/netbox/tier.sh up && node tests/netbox/screenshots.mjs
import path from 'node:path';
import { chromium } from '@playwright/test';
import { launchOptions } from '../e2e/harness.mjs';
import { NETBOX, login, root, seed, setFaults, clearFaults, tier } from './harness.mjs';

const out = (name) => path.join(root, 'tests/netbox/screenshots', name);
const data = await seed();
const browser = await chromium.launch(launchOptions);
const open = async (viewport, colorScheme = 'light') => {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  await login(page, 'operator');
  await page.evaluate((mode) => localStorage.setItem('netbox-color-mode', mode), colorScheme);
  return { context, page };
};
const fitted = (page, min) => page.waitForFunction((h) => parseFloat(document.getElementById('proxbox-ha').style.height) > h, min);
try {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await open({ width: 1280, height: 900 }, colorScheme);
    await page.goto(`${NETBOX}/virtualization/virtual-machines/${data.vms['web-01'].id}/ha-live/`);
    await page.frameLocator('#proxbox-ha').locator('[data-state="managed"]').waitFor();
    await fitted(page, 240);
    await page.screenshot({ path: out(`vm-tab-${colorScheme}.png`), fullPage: true });
    if (colorScheme === 'light') {
      await page.goto(`${NETBOX}/plugins/proxbox-ha/ha`);
      await page.frameLocator('#proxbox-ha').locator('#ha-resources tbody tr').first().waitFor();
      await fitted(page, 600);
      await page.screenshot({ path: out('status-in-netbox.png') });
      await page.locator('.navbar-nav .nav-link', { hasText: 'Plugins' }).first().click();
      await page.locator('a', { hasText: 'HA Status (live)' }).first().waitFor();
      await page.screenshot({ path: out('menu.png') });
    }
    await context.close();
  }
  // A cluster that cannot be reached: the others stay, the failing one is named.
  tier('pve-stop', 'lab9');
  try {
    const { context, page } = await open({ width: 1280, height: 820 });
    await page.goto(`${NETBOX}/plugins/proxbox-ha/ha.html`);
    await page.locator('.cluster[data-cluster="lab9"] .cluster-error').waitFor();
    await page.screenshot({ path: out('cluster-unreachable.png') });
    await context.close();
  } finally {
    tier('pve-start', 'lab9');
  }
  // The actions panel on proxbox-api 0.0.30 (Disarm declined in words) and the Arm dialog,
  // opened and cancelled: nothing is sent.
  await setFaults('lab9', []);
  const { context, page } = await open({ width: 1280, height: 820 });
  await page.goto(`${NETBOX}/plugins/proxbox-ha/ha.html`);
  await page.locator('#ha-resources tbody tr').first().waitFor();
  await page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
  await page.locator('#ha-actions tr[data-endpoint="lab9"]', { hasText: 'armed' }).waitFor();
  await page.locator('#ha-actions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: out('actions-panel.png') });
  await page.locator('#ha-actions').getByRole('button', { name: 'Arm HA on lab9', exact: true }).click();
  await page.locator('dialog.confirm').waitFor();
  await page.screenshot({ path: out('actions-dialog.png') });
  await page.locator('dialog.confirm button', { hasText: 'Cancel' }).click();
  await context.close();
  await clearFaults('lab9');
  console.log('wrote tests/netbox/screenshots/{vm-tab-light,vm-tab-dark,status-in-netbox,menu,cluster-unreachable,actions-panel,actions-dialog}.png');
} finally {
  await browser.close();
}
