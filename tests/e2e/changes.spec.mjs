// What moved between two answers: the status page's Changes panel, its marked rows, the tab
// title, the opt-in notifications, and the VM tab's recent states. The mock's `changes` and
// `changes-vm` scenarios move on per HA request (`summary_steps`) and refresh every minute;
// each refresh is a minute of the page's clock (page.clock), never real waiting. The clock
// runs on in steps short of a request's timeout (12 s, 17 s), so that none times out while
// its answer is on its way.
import path from 'node:path';
import { SUMMARY, axeViolations, expect, root, rowOf, setVisibility, test, waitForResources } from './fixtures.mjs';

const MINUTE = 60_000;
const inner = { useInnerText: true };
const TITLE = 'Proxbox HA: HA Status';
const NEW_ERROR = 'prod · vm:102 CRM state started → error on pve02';

// Each test walks its scenario's steps from the first one: a mock of its own.
test.use({ ownMock: true });

/** Runs in the page first: records the notifications it shows and its permission requests. */
function recordNotifications() {
  window.__notifications = [];
  window.__permissionRequests = 0;
  const Real = window.Notification;
  window.Notification = class extends Real {
    constructor(title, options = {}) {
      window.__notifications.push({ title, body: options.body });
      super(title, options);
    }
    static get permission() { return Real.permission; }
    static requestPermission(...args) {
      window.__permissionRequests += 1;
      return Real.requestPermission(...args);
    }
  };
}

/** A page of the app on the page's clock, in a context of its own (`options`: colorScheme,
 * bypassCSP, permissions...), counting its summary requests and uncaught errors. */
async function open(newContext, mock, { scenario = 'changes', path: appPath = 'ha', ...options } = {}) {
  const context = await newContext({ scenario, ...options });
  await context.clock.install();
  const page = await context.newPage();
  await page.addInitScript(recordNotifications);
  const summaries = [];
  const errors = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === SUMMARY) summaries.push(r); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(mock.url(appPath));
  return { page, context, summaries, errors };
}

const panel = (page) => page.locator('#changes');
const lines = (page) => page.locator('#changes .change-list li');

/** Runs the page's clock to the next automatic refresh of the summary (after a failure it may
 * come later) and waits for its answer. */
async function refresh({ page, summaries }) {
  const before = summaries.length;
  await page.clock.runFor(MINUTE - 2_000);
  await expect(async () => {
    if (summaries.length === before) await page.clock.runFor(1_000);
    expect(summaries.length).toBeGreaterThan(before);
  }).toPass({ intervals: [100], timeout: 30_000 });
  await summaries.at(-1).response();
}

/** The next refresh, drawn: "updated 0 s ago" again. */
async function refreshed(app) {
  await refresh(app);
  await expect(app.page.locator('[data-testid=updated]')).toHaveText(/updated \d s ago/);
}

test.describe('Changes on the status page', () => {
  test('logs a state change once, marks its row until the next refresh and counts problems in the title', async ({ newContext, mock }) => {
    const app = await open(newContext, mock);
    const { page, summaries, errors } = app;
    await waitForResources(page);
    await expect(page).toHaveTitle(`(1) ${TITLE}`);
    await expect(panel(page).locator('summary')).toHaveText(/^\W*Changes\s+\(0\)\s*$/, inner);
    await expect(panel(page)).not.toHaveAttribute('open', '');

    await refreshed(app);
    await expect(page).toHaveTitle(`(2) ${TITLE}`);
    await expect(panel(page).locator('summary')).toHaveText(new RegExp(`Changes\\s+\\(1\\)\\s+newest \\d\\d:\\d\\d:\\d\\d · ${NEW_ERROR}$`), inner);
    await expect(page.locator('[data-testid=announced]')).toHaveText(`New problem: ${NEW_ERROR}`);
    const row = rowOf(page, 'prod', 'vm:102');
    await expect(row).toHaveClass(/changed/);
    await expect(row).toHaveAttribute('title', 'Changed on the last refresh: CRM state started → error on pve02');
    await expect(row.locator('td .visually-hidden')).toHaveText(' (Changed on the last refresh: CRM state started → error on pve02)');
    await expect(page.locator('#ha-resources tr.changed')).toHaveCount(1);

    await panel(page).locator('summary').click();
    await expect(lines(page)).toHaveCount(1);
    await expect(lines(page).first()).toHaveText(new RegExp(`^\\d\\d:\\d\\d:\\d\\d · ${NEW_ERROR} · new problem$`), inner);
    await expect(lines(page).first().locator('.badge.text-bg-red', { hasText: 'error' })).toHaveCount(1);
    // The SID is linked like the table's.
    const href = await row.locator('td.sid a').getAttribute('href');
    await expect(lines(page).first().locator('a', { hasText: 'vm:102' })).toHaveAttribute('href', href);

    // The same answer again, every list reversed and a number now a string: nothing new.
    await refreshed(app);
    expect(summaries.length).toBe(3);
    await expect(page.locator('#ha-resources tr.changed'), 'marked until the next refresh').toHaveCount(0);
    await expect(lines(page)).toHaveCount(1);
    await expect(page.locator('[data-testid=announced]')).toHaveText('');
    await expect(page).toHaveTitle(`(2) ${TITLE}`);
    expect(errors).toEqual([]);
  });

  test('a failed refresh logs nothing, and the next answer logs what moved meanwhile, once', async ({ newContext, mock }) => {
    const app = await open(newContext, mock);
    const { page, summaries } = app;
    await waitForResources(page);
    await refreshed(app);
    await refreshed(app);
    await panel(page).locator('summary').click();
    await expect(lines(page)).toHaveCount(1);

    await refresh(app);
    await expect(page.locator('[role=alert][data-error="backend-unavailable"]')).toBeVisible();
    await expect(page.locator('[data-testid=stale]')).toBeVisible();
    await expect(lines(page), 'a failure is no answer to compare').toHaveCount(1);
    await expect(page, 'the last data still count').toHaveTitle(`(2) ${TITLE}`);

    await refreshed(app);
    await expect(page.locator('[role=alert]')).toHaveCount(0);
    await expect(lines(page)).toHaveCount(3);
    await expect(lines(page).nth(0)).toHaveText(/· prod · vm:103 CRM state migrate → started on pve01$/, inner);
    await expect(lines(page).nth(1)).toHaveText(/· prod · vm:103 node pve02 → pve01$/, inner);
    await expect(lines(page).nth(2)).toHaveText(new RegExp(`· ${NEW_ERROR} · new problem$`), inner);
    await expect(rowOf(page, 'prod', 'vm:103')).toHaveAttribute('title', 'Changed on the last refresh: CRM state migrate → started on pve01; node pve02 → pve01');
    await expect(page.locator('[data-testid=announced]'), 'not a problem: not announced').toHaveText('');
    // The README's picture of the panel.
    await panel(page).screenshot({ path: path.join(root, 'tests/e2e/screenshots/changes-panel.png') });

    const answered = summaries.length;
    await refreshed(app);
    expect(summaries.length).toBeGreaterThan(answered);
    await expect(lines(page), 'the last answer sticks: nothing new').toHaveCount(3);
  });

  test('keeps the log over a reload of the tab, a second tab starts empty, and Clear empties it', async ({ newContext, mock }) => {
    const app = await open(newContext, mock);
    const { page, context } = app;
    await waitForResources(page);
    await refreshed(app);
    await expect(panel(page).locator('summary')).toHaveText(/Changes\s+\(1\)/, inner);
    await page.reload();
    await waitForResources(page);
    await expect(panel(page).locator('summary')).toHaveText(/Changes\s+\(1\)/, inner);
    await panel(page).locator('summary').click();
    await expect(lines(page)).toHaveText([new RegExp(`· ${NEW_ERROR} · new problem$`)], inner);

    // Its first answer is the scenario's failed one: no data, and nothing logged either.
    const second = await context.newPage();
    await second.goto(mock.url('ha'));
    await expect(second.locator('[role=alert][data-error="backend-unavailable"]')).toBeVisible();
    await expect(panel(second).locator('summary')).toHaveText(/^\W*Changes\s+\(0\)\s*$/, inner);
    await second.close();

    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(lines(page)).toHaveCount(0);
    await expect(panel(page).locator('summary')).toHaveText(/Changes\s+\(0\)/, inner);
    await expect(page.getByRole('button', { name: 'Clear' })).toBeDisabled();
    await page.reload();
    await waitForResources(page);
    await expect(panel(page).locator('summary')).toHaveText(/Changes\s+\(0\)/, inner);
  });
});

test.describe('notifications of new problems', () => {
  test('are off until the user turns them on, then come while the page is hidden', async ({ newContext, mock }) => {
    const { page } = await open(newContext, mock, { permissions: ['notifications'] });
    await waitForResources(page);
    await panel(page).locator('summary').click();
    const notify = page.getByRole('switch', { name: 'Notify of new problems while hidden' });
    await expect(notify).toHaveAttribute('aria-checked', 'false');
    expect(await page.evaluate(() => window.__permissionRequests), 'nothing asked on load').toBe(0);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    await notify.click();
    await expect(notify).toHaveAttribute('aria-checked', 'true');
    expect(await page.evaluate(() => localStorage.getItem('proxbox-ha.notify')), 'the choice is remembered').toBe('1');
    expect(await page.evaluate(() => window.__permissionRequests), 'granted already: not asked').toBe(0);

    // Hidden, the page still refreshes while notifications are on, and notifies.
    await setVisibility(page, 'hidden');
    await page.clock.runFor(MINUTE);
    await expect.poll(() => page.evaluate(() => window.__notifications)).toEqual([{ title: 'New HA problem', body: NEW_ERROR }]);
    await setVisibility(page, 'visible');
    await page.reload();
    await panel(page).locator('summary').click();
    await expect(notify, 'on after a reload').toHaveAttribute('aria-checked', 'true');
  });

  test('ask for the permission only on the click, and say when the browser refuses', async ({ newContext, mock }) => {
    const { page } = await open(newContext, mock);
    await waitForResources(page);
    expect(await page.evaluate(() => [Notification.permission, window.__permissionRequests])).toEqual(['default', 0]);
    await panel(page).locator('summary').click();
    const notify = page.getByRole('switch', { name: 'Notify of new problems while hidden' });
    await notify.click();
    await expect(page.locator('.changes-tools')).toHaveText(/Not allowed by the browser/, inner);
    await expect(notify).toHaveAttribute('aria-checked', 'false');
    expect(await page.evaluate(() => window.__permissionRequests)).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('proxbox-ha.notify'))).toBe(null);
  });
});

test.describe('framed in NetBox', () => {
  test('the status page counts its problems in the title of NetBox\'s page', async ({ newContext, mock }) => {
    const context = await newContext({ scenario: 'changes' });
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${mock.origin}/__mock/ha-frame`);
    const frame = page.frameLocator('#proxbox-ha');
    await waitForResources(frame);
    await expect(page).toHaveTitle('(1) HA Status (live) | NetBox (mock)');
    await page.clock.runFor(MINUTE);
    await expect(page).toHaveTitle('(2) HA Status (live) | NetBox (mock)');
    await expect(frame.locator('.navbar')).toHaveCount(0);
  });

  test('the VM tab says what its resource was, and leaves NetBox\'s title alone', async ({ newContext, mock }) => {
    const context = await newContext({ scenario: 'changes-vm' });
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${mock.origin}/__mock/embed/1`);
    const frame = page.frameLocator('#proxbox-ha');
    await expect(frame.locator('[data-state="managed"]')).toBeVisible();
    await expect(frame.locator('#vm-history')).toHaveCount(0);
    await page.clock.runFor(MINUTE);
    await expect(frame.locator('#vm-history li')).toHaveText([/^was started on pve01 until \d\d:\d\d$/], inner);
    await expect(page).toHaveTitle('VM 1 | NetBox (mock)');
  });
});

test.describe('the VM tab', () => {
  test('says what its resource was until it moved, newest first, over a reload', async ({ newContext, mock }) => {
    const { page } = await open(newContext, mock, { scenario: 'changes-vm', path: 'vm/1' });
    await expect(page.locator('[data-state="managed"]')).toBeVisible();
    const title = await page.title();
    await page.clock.runFor(MINUTE);
    await expect(page.locator('#vm-history li')).toHaveText([/^was started on pve01 until \d\d:\d\d$/], inner);
    await expect(page.locator('#vm-history .badge.text-bg-green')).toHaveText('started');
    await page.clock.runFor(MINUTE);
    await expect(page.locator('#vm-history li')).toHaveText([/^was migrate on pve01 until/, /^was started on pve01 until/], inner);
    await expect(page.locator('.vm-cards')).toHaveText(/Node\s+pve02/, inner);
    await page.reload();
    await expect(page.locator('#vm-history li')).toHaveCount(2);
    expect(await page.title(), 'the VM tab leaves the title alone').toBe(title);
  });
});

test.describe('accessibility (axe-core)', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`the Changes panel, open after a change, in ${colorScheme} has no violations`, async ({ newContext, mock }) => {
      const app = await open(newContext, mock, { colorScheme, bypassCSP: true, viewport: { width: 1280, height: 900 } });
      const { page } = app;
      await waitForResources(page);
      await refreshed(app);
      await panel(page).locator('summary').click();
      await expect(lines(page)).toHaveCount(1);
      await waitForResources(page);
      expect(await axeViolations(page)).toEqual([]);
      await panel(page).screenshot({ path: path.join(root, `tests/e2e/artifacts/changes-panel-${colorScheme}.png`) });
    });

    test(`the VM tab's recent changes in ${colorScheme} have no violations`, async ({ newContext, mock }) => {
      const { page } = await open(newContext, mock, { scenario: 'changes-vm', path: 'vm/1', colorScheme, bypassCSP: true });
      await expect(page.locator('[data-state="managed"]')).toBeVisible();
      await page.clock.runFor(MINUTE);
      await expect(page.locator('#vm-history li')).toHaveCount(1);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
