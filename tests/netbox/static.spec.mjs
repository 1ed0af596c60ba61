// The README's static hosting: `trunk build` served by Debian's nginx exactly as the README's
// recipe says, at /proxbox-ha/ next to the real NetBox, signed in by NetBox's session.
import { contract } from '../e2e/harness.mjs';
import { NETBOX } from './harness.mjs';
import { expect, test } from './fixtures.mjs';

const APP = `${NETBOX}/proxbox-ha/`;

test('answers a missing config.json with its index.html fallback, and the app starts on defaults', async ({ session }) => {
  const { page, errors } = await session();
  page.on('console', (m) => { if (/violates|Refused/.test(m.text())) errors.push(m.text()); });
  const config = await page.request.get(`${APP}config.json`);
  expect(config.status()).toBe(200);
  expect(await config.text(), 'the try_files fallback').toMatch(/^<!DOCTYPE html>/);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto(`${APP}ha`);
  await expect(page.locator('#ha-resources td.sid a')).toHaveCount(7);
  expect(wasm.join(), '/ha is ha.html ($uri.html)').toMatch(/^\/proxbox-ha\/proxbox-ha-status-[0-9a-f]+_bg\.wasm$/);
  await expect(page.locator('text=not configured correctly')).toHaveCount(0);
  await expect(page.locator('[data-testid=updated]')).toContainText(/refreshes every 30 s/);
  expect(errors, 'no CSP violation under the recipe\'s header').toEqual([]);
});

test('serves the VM tab, embedded, with the NetBox session', async ({ session, data }) => {
  const { page } = await session();
  await page.goto(`${APP}vm/${data.vms['cache-ct'].id}?embed=1&theme=dark`);
  await expect(page.locator('[data-state="managed"]')).toBeVisible();
  await expect(page.locator('.vm-cards')).toContainText('ct:200');
  await expect(page.locator('.navbar')).toHaveCount(0);
});

test('sends the CSP and caches only the hashed files for good', async ({ session }) => {
  const { page } = await session();
  const html = await page.request.get(`${APP}ha`);
  // The README's nginx recipe, as the tier runs it, writes the contract's policy.
  expect(html.headers()['content-security-policy']).toBe(contract.content_security_policy);
  expect(html.headers()['cache-control']).toBe('no-cache');
  const wasm = (await html.text()).match(/href="\/proxbox-ha\/([^"]+_bg\.wasm)"/)[1];
  const asset = await page.request.get(`${APP}${wasm}`);
  expect(asset.headers()['content-type']).toBe('application/wasm');
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
});
