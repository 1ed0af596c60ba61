// Refreshes the README's screenshots from the real NetBox tier:
//   tests/netbox/tier.sh up && node tests/netbox/screenshots.mjs
import path from 'node:path';
import { NETBOX, launchBrowser, login, root, seed, stopStandin } from './harness.mjs';

const out = (name) => path.join(root, 'tests/netbox/screenshots', name);
const data = await seed();
const browser = await launchBrowser();
try {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, 'admin');
    await page.evaluate((mode) => localStorage.setItem('netbox-color-mode', mode), colorScheme);
    await page.goto(`${NETBOX}/virtualization/virtual-machines/${data.vms['web-01'].id}/ha-live/`);
    await page.frameLocator('#proxbox-ha').locator('[data-state="managed"]').waitFor();
    await page.waitForFunction(() => parseFloat(document.getElementById('proxbox-ha').style.height) > 240);
    await page.screenshot({ path: out(`vm-tab-${colorScheme}.png`), fullPage: true });
    if (colorScheme === 'light') {
      await page.locator('.navbar-nav .nav-link', { hasText: 'Plugins' }).first().click();
      await page.locator('a', { hasText: 'HA Status (live)' }).first().waitFor();
      await page.screenshot({ path: out('menu.png') });
    }
    await context.close();
  }
  // The confirmation of an HA action, opened and cancelled: nothing is sent.
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  const page = await context.newPage();
  await login(page, 'admin');
  await page.goto(`${NETBOX}/plugins/proxbox-ha/ha`);
  await page.locator('#ha-resources tbody tr').first().waitFor();
  await page.locator('button', { hasText: 'Arm / disarm HA…' }).click();
  await page.waitForFunction(() => /prod\s+prod\s+armed/.test(document.querySelector('#ha-actions tr[data-endpoint="prod"]')?.innerText ?? ''));
  await page.locator('#ha-actions').getByRole('button', { name: 'Disarm HA on prod', exact: true }).click();
  await page.locator('dialog.confirm').waitFor();
  await page.screenshot({ path: out('actions-dialog.png') });
  await page.locator('dialog.confirm button', { hasText: 'Cancel' }).click();
  await context.close();
  console.log('wrote tests/netbox/screenshots/{vm-tab-light,vm-tab-dark,menu,actions-dialog}.png');
} finally {
  await browser.close();
  stopStandin();
}
