// Playwright fixtures of the real-NetBox tier: the seeded estate (once per worker) and browser
// sessions logged in through NetBox's form, every context closed after its test, pass or fail.
import { test as base, expect } from '@playwright/test';
import { clearFaults, CLUSTERS, login, seed } from './harness.mjs';

export { expect };

export const test = base.extend({
  data: [async ({}, use) => { await use(await seed()); }, { scope: 'worker' }],

  /** `session(user, contextOptions)`: a new browser context logged in as `user` (none: anonymous). */
  session: async ({ browser, data }, use) => {
    const contexts = [];
    await use(async (user = 'admin', options = {}) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (/panicked|RuntimeError|unreachable/.test(m.text())) errors.push(m.text()); });
      if (user) await login(page, user);
      return { context, page, errors, data };
    });
    await Promise.all(contexts.map((c) => c.close()));
  },

  /** Every simulated cluster back to its own answers after the test. */
  faultless: [async ({}, use) => {
    await use();
    await Promise.all(Object.keys(CLUSTERS).map(clearFaults));
  }, { auto: true }],
});
