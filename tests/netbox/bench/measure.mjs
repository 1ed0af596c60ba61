// Timing helpers of the real-NetBox benchmark: loads of a page in headless Chromium, warm (one
// context, its HTTP cache filled by a first load) or cold (a new context each time), medians.
import { login } from '../harness.mjs';

export const RUNS = Number(process.env.RUNS || 7);
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
export const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

/** Milliseconds from navigation start until `ready(page)` resolves, on the page's own clock. */
export async function timed(page, url, ready) {
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  return Date.now() - start;
}

/** When NetBox's page itself was usable: its HTML parsed and its scripts run
 * (DOMContentLoaded), in ms from navigation start. */
export function usable(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return nav.domContentLoadedEventEnd > 0 ? Math.round(nav.domContentLoadedEventEnd) : null;
  });
}

/** The median over RUNS loads of `url` until `ready`; with `marks(page)`, also the medians of
 * what it reads after each load. `setup(context)` runs once per new context (e.g. network
 * emulation). */
export async function measure(browser, url, ready, { cold = false, marks, setup } = {}) {
  const times = [];
  const read = [];
  let context = null;
  let page = null;
  for (let i = 0; i <= RUNS; i += 1) {
    if (cold || !context) {
      await context?.close();
      context = await browser.newContext();
      page = await context.newPage();
      await login(page, 'admin');
      if (setup) await setup(page);
    }
    let ms;
    try {
      ms = await timed(page, url, ready);
    } catch (error) {
      ms = Infinity; // never ready within the wait
    }
    if (cold || i > 0) {
      times.push(ms);
      if (marks) read.push(await marks(page));
    }
  }
  await context.close();
  const medians = {};
  for (const key of Object.keys(read[0] ?? {})) {
    const values = read.map((m) => m[key]).filter((v) => v !== null);
    medians[key] = values.length ? Math.round(median(values)) : null;
  }
  return { ms: median(times), ...medians };
}

/** A Markdown table. */
export function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export const ms = (v) => (v === Infinity ? 'never' : v === null || v === undefined ? '—' : `${Math.round(v).toLocaleString('en')} ms`);
export const ratio = (ours, theirs) => (theirs === Infinity ? (ours === Infinity ? '—' : '< 0.01') : (ours / theirs).toFixed(2));
