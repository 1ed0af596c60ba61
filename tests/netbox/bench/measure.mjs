// Timing helpers of the real-NetBox benchmark: loads of a page in headless Chromium, warm (one
// context, its HTTP cache filled by a first load) or cold (a new context each time), medians.
import { login } from '../harness.mjs';

export const RUNS = Number(process.env.RUNS || 7);
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
export const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

/** What the pages show when they are ready, by name: [selector, text it contains, an element it
 * contains]. */
export const SIGHTS = {
  'our-tab': ['[data-state="managed"]'],
  'their-tab': ['table.attr-table code', 'vm:101'],
  'our-rows': ['#ha-resources tbody tr:not(.empty-row)'],
  'our-banner': ['[data-error]'],
  'their-rows': ['.card', 'HA Resources', 'tbody tr'],
  'their-alert': ['.alert-warning'],
};

/** Runs in every document of a context (NetBox's page and the app's frame, same origin) and
 * notes in the top window, on the browser's clock, when each sight first appeared. Playwright
 * finds an element in a frame up to 500 ms after it is there (its retries back off while the
 * frame attaches), so its own clock would charge a framed tab for the test's polling. */
function watch(sights) {
  const top = window.top;
  top.__sights = top.__sights || {};
  const check = () => {
    for (const [name, [selector, text, inner]] of Object.entries(sights)) {
      if (top.__sights[name]) continue;
      const found = [...document.querySelectorAll(selector)]
        .some((el) => (!text || el.textContent.includes(text)) && (!inner || el.querySelector(inner)));
      if (found) top.__sights[name] = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
}

/** Waits until one of the sights `names` has appeared, and gives the first of them (in the
 * order asked) that has. */
export async function firstSight(page, names, wait) {
  const seen = await page.waitForFunction((ns) => {
    const appeared = ns.filter((n) => window.__sights?.[n]);
    return appeared.length ? appeared : null;
  }, names, { polling: 'raf', ...wait });
  return (await seen.jsonValue())[0];
}

/** Milliseconds from navigation start until the sight `ready(page)` waited for appeared (on the
 * browser's clock; the test's own where it names none), and what the page showed instead of its
 * data (nothing when it showed them). */
export async function timed(page, url, ready) {
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  const { saw, instead = null } = (await ready(page)) ?? {};
  const done = Date.now() - start;
  const at = saw ? await page.evaluate((name) => window.__sights?.[name] - performance.timeOrigin, saw) : NaN;
  return { ms: Number.isFinite(at) ? Math.round(at) : done, instead };
}

/** When NetBox's page itself was usable: its HTML parsed and its scripts run
 * (DOMContentLoaded), in ms from navigation start. */
export function usable(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { usable: nav.domContentLoadedEventEnd > 0 ? Math.round(nav.domContentLoadedEventEnd) : null };
  });
}

/** The median over RUNS loads of `url` until `ready`; with `marks(page)`, also the medians of
 * what it reads after each load. `setup(context)` runs once per new context (e.g. network
 * emulation). */
export async function measure(browser, url, ready, { cold = false, marks, setup } = {}) {
  const times = [];
  const read = [];
  const insteads = [];
  let context = null;
  let page = null;
  for (let i = 0; i <= RUNS; i += 1) {
    if (cold || !context) {
      await context?.close();
      context = await browser.newContext();
      await context.addInitScript(watch, SIGHTS);
      page = await context.newPage();
      await login(page, 'admin');
      if (setup) await setup(page);
    }
    let ms;
    let instead = null;
    try {
      ({ ms, instead } = await timed(page, url, ready));
    } catch (error) {
      ms = Infinity; // never ready within the wait
    }
    if (cold || i > 0) {
      times.push(ms);
      insteads.push(instead);
      if (marks) read.push(await marks(page));
    }
  }
  await context.close();
  // Progress on stderr: the tables come at the end of a long run.
  console.error(`  ${new URL(url).pathname} ${cold ? 'cold' : 'warm'}: ${times.map((t, k) => `${t === Infinity ? 'never' : t}${insteads[k] ? ` (${insteads[k]})` : ''}`).join(' ')} ms`);
  const medians = {};
  for (const key of Object.keys(read[0] ?? {})) {
    const values = read.map((m) => m[key]).filter((v) => v !== null);
    medians[key] = values.length ? Math.round(median(values)) : null;
  }
  // What most loads (at least half, rounded up) showed instead of the data, if they did.
  const showedInstead = insteads.filter((x) => x !== null);
  const shownInstead = showedInstead.length >= Math.ceil(insteads.length / 2) && showedInstead.length ? showedInstead[0] : null;
  return { ms: median(times), shown: shownInstead, ...medians };
}

/** A median time, with what the page showed instead of its data. */
export const shown = (result) => (result.shown ? `${ms(result.ms)} (${result.shown})` : ms(result.ms));

/** A Markdown table. */
export function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export const ms = (v) => (v === Infinity ? 'never' : v === null || v === undefined ? '—' : `${Math.round(v).toLocaleString('en')} ms`);
/** ours / theirs; none where either page showed something else than its data. */
export const ratio = (ours, theirs, instead = null) => (instead ? '—' : theirs === Infinity ? (ours === Infinity ? '—' : '< 0.01') : (ours / theirs).toFixed(2));
