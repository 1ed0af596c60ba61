// Playwright Test for the browser suites, on Debian's Chromium (never a downloaded browser).
//   cd tests && npx playwright test --project e2e      (needs the e2e build and the mock NetBox:
//   tools/build.sh --public-url /proxbox-ha/ --dist target/e2e-dist && cargo build -p mock-netbox)
// Results, traces and screenshots of failed tests: target/playwright/; the HTML report:
// target/playwright-report/ (`npx playwright show-report ../target/playwright-report`).
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { launchOptions, root } from './e2e/harness.mjs';

export default defineConfig({
  outputDir: path.join(root, 'target/playwright/results'),
  reporter: [['list'], ['html', { outputFolder: path.join(root, 'target/playwright-report'), open: 'never' }]],
  // A failure is a failure: no retry hides a flaky test.
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Two cores: the tests are independent (a browser context each, one mock NetBox per worker).
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // The mock NetBox (tools/mock-netbox) serving the release build under /proxbox-ha/.
    { name: 'e2e', testDir: 'e2e', testMatch: '**/*.spec.mjs' },
    // The real chain (tests/netbox/tier.sh up): NetBox, netbox-proxbox, proxbox-api and the
    // simulated Proxmox VE, one after another (they share the backend and its faults), with the
    // patience a backend that spends 0.45 s per call needs.
    {
      name: 'tier',
      testDir: 'netbox',
      outputDir: path.join(root, 'target/playwright/tier'),
      testMatch: '**/*.spec.mjs',
      fullyParallel: false,
      workers: 1,
      expect: { timeout: 20_000 },
    },
  ],
});
