// The end-to-end suite's fixtures: one mock NetBox per worker (a test that changes the mock's
// state gets its own with `test.use({ ownMock: true })`), Debian's Chromium from the config,
// and apps opened in fresh browser contexts that are always closed after the test, whether it
// passed or not. Every test picks its scenario per context (the `mock_scenario` cookie), so
// tests run side by side on one mock.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as harness from './harness.mjs';

export { expect };
export {
  BASE, HA_VM, contract, SUMMARY, SYNC_STATE, VM_LIST, cellTexts, cspViolations, failedRequests, fetchedTo,
  followLink, requestsTo, root, rowOf, setScenario, setVisibility,
} from './harness.mjs';

export const test = base.extend({
  /** A test that arms or disarms HA changes what the mock answers afterwards: it gets a mock of its own. */
  ownMock: [false, { option: true }],

  workerMock: [async ({}, use) => {
    const mock = await harness.startMock();
    await use(mock);
    await mock.stop();
  }, { scope: 'worker' }],

  /** Starts further mock NetBoxes (`startMock({ args })`); all are stopped after the test. */
  startMock: async ({}, use) => {
    const started = [];
    await use(async (options) => {
      const mock = await harness.startMock(options);
      started.push(mock);
      return mock;
    });
    await Promise.all(started.map((m) => m.stop()));
  },

  mock: async ({ ownMock, workerMock, startMock }, use) => {
    await use(ownMock ? await startMock() : workerMock);
  },

  /** Browser contexts of the test, closed after it. */
  newContext: async ({ browser, mock }, use) => {
    const contexts = [];
    await use(async ({ scenario, ...options } = {}) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      if (scenario) await harness.setScenario(context, mock, scenario);
      return context;
    });
    await Promise.all(contexts.map((c) => c.close()));
  },

  /** openApp({ scenario, path, colorScheme, viewport, bypassCSP, clock }): see harness.openApp. */
  openApp: async ({ browser, mock }, use) => {
    const apps = [];
    await use(async (options) => {
      const app = await harness.openApp(browser, mock, options);
      apps.push(app);
      return app;
    });
    await Promise.all(apps.map((a) => a.close()));
  },
});

/** Waits for the resources table to be drawn with its links resolved. */
export async function waitForResources(page) {
  await expect(page.locator('#ha-resources tbody tr').first()).toBeVisible();
  await expect(page.locator('#ha-resources .placeholder')).toHaveCount(0);
}

/** axe-core's violations on the page, a line each. The page's context must bypass the CSP,
 * as it did when axe was injected as a script, so that the pages are checked as before. */
export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Until `page`'s mock answers a request sent now, with the page's cookies (its scenario):
 * on a slow scenario, by then the answer to any earlier request would have arrived too. */
export async function answerOfLater(page, url) {
  const response = await page.request.get(url);
  await response.body();
}
