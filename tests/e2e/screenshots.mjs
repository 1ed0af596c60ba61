// Refreshes the README's screenshots from the e2e build (run tools/test.sh first):
//   node tests/e2e/screenshots.mjs
import path from 'node:path';
import { launchBrowser, openApp, root, startMock, waitForResources } from './harness.mjs';

const out = (name) => path.join(root, 'tests/e2e/screenshots', name);
const shots = [
  { name: 'status-light.png', scenario: 'demo', ready: waitForResources },
  { name: 'status-dark.png', scenario: 'demo', colorScheme: 'dark', ready: waitForResources },
  { name: 'status-filtered.png', scenario: 'demo', path: 'ha?cluster=prod&node=pve01&sort=sid', ready: waitForResources },
  { name: 'banner-backend-too-old.png', scenario: 'backend-too-old', ready: (p) => p.locator('[role=alert]').waitFor() },
  { name: 'vm-tab.png', scenario: 'demo', path: 'vm/1', ready: (p) => p.locator('[data-state="managed"]').waitFor() },
];

const mock = await startMock();
const browser = await launchBrowser();
try {
  for (const shot of shots) {
    const app = await openApp(browser, mock, { scenario: shot.scenario, path: shot.path, colorScheme: shot.colorScheme, viewport: { width: 1280, height: 900 } });
    await shot.ready(app.page);
    await app.page.screenshot({ path: out(shot.name), fullPage: true });
    console.log('wrote', out(shot.name));
    await app.close();
  }
} finally {
  await browser.close();
  mock.stop();
}
