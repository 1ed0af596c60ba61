// The README's static hosting: `trunk build` served by Debian's nginx exactly as the README's
// recipe says, at /proxbox-ha/ next to the real NetBox, signed in by NetBox's session.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NETBOX, launchBrowser, login, seed, stopStandin } from './harness.mjs';

const APP = `${NETBOX}/proxbox-ha/`;

describe('static hosting with nginx next to the real NetBox', () => {
  let browser, data;
  before(async () => { data = await seed(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); stopStandin(); });

  async function session() {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (/violates|Refused/.test(m.text())) errors.push(m.text()); });
    await login(page, 'admin');
    return { context, page, errors };
  }

  it('answers a missing config.json with its index.html fallback, and the app starts on defaults', async () => {
    const { context, page, errors } = await session();
    const config = await page.request.get(`${APP}config.json`);
    assert.equal(config.status(), 200);
    assert.match(await config.text(), /^<!DOCTYPE html>/, 'the try_files fallback');
    const wasm = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
    await page.goto(`${APP}ha`);
    await page.waitForFunction(() => document.querySelectorAll('#ha-resources td.sid a').length >= 7);
    assert.match(wasm.join(), /^\/proxbox-ha\/proxbox-ha-status-[0-9a-f]+_bg\.wasm$/, '/ha is ha.html ($uri.html)');
    assert.equal(await page.locator('text=not configured correctly').count(), 0);
    assert.match(await page.locator('[data-testid=updated]').innerText(), /refreshes every 30 s/);
    assert.deepEqual(errors, [], 'no CSP violation under the recipe\'s header');
    await context.close();
  });

  it('serves the VM tab, embedded, with the NetBox session', async () => {
    const { context, page } = await session();
    await page.goto(`${APP}vm/${data.vms['cache-ct'].id}?embed=1&theme=dark`);
    await page.locator('[data-state="managed"]').waitFor();
    assert.match(await page.locator('.vm-cards').innerText(), /ct:200/);
    assert.equal(await page.locator('.navbar').count(), 0);
    await context.close();
  });

  it('sends the CSP and caches only the hashed files for good', async () => {
    const { context, page } = await session();
    const html = await page.request.get(`${APP}ha`);
    assert.match(html.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(html.headers()['cache-control'], 'no-cache');
    const wasm = (await html.text()).match(/href="\/proxbox-ha\/([^"]+_bg\.wasm)"/)[1];
    const asset = await page.request.get(`${APP}${wasm}`);
    assert.equal(asset.headers()['content-type'], 'application/wasm');
    assert.equal(asset.headers()['cache-control'], 'public, max-age=31536000, immutable');
    await context.close();
  });
});
