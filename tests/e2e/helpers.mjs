// Shared machinery for the end-to-end specs: where things are, the browser (Debian's Chromium
// driven by playwright-core, never a downloaded one), a fresh context and page per test with
// the console watched, the static server for `dist/`, and small readers of the DOM contract
// that the app follows (see `SEL`).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { normalizeBase, startServer } from './server.mjs';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(E2E_DIR, '../..');
// FOLIO_DIST points the specs at another build (for example one made with a different base).
export const DIST_DIR = process.env.FOLIO_DIST ? path.resolve(process.env.FOLIO_DIST) : path.join(REPO_ROOT, 'dist');
// FOLIO_BASE is the path the build was made for (trunk build --public-url); `/` by default.
export const BASE = normalizeBase(process.env.FOLIO_BASE ?? '/');
export const SAMPLE_BUNDLE = path.join(DIST_DIR, 'data', 'archive.json');
export const OUTPUT_DIR = path.join(E2E_DIR, 'output');

export const CHROMIUM = process.env.FOLIO_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * In the app's own page, not in a prerendered first view that may still stand in for it (the
 * same components render both: a test waiting for the app must not find the first view's).
 */
export const IN_APP = ':not([data-first-view] *)';

/** The DOM contract, in one place. */
export const SEL = {
  loading: '.loading',
  loadingProgress: '.loading progress',
  alert: '[role="alert"]',
  loadError: '[role="alert"].load-error',
  searchBox: `input[type="search"][aria-label="Search the archive"]${IN_APP}`,
  summary: `#result-summary${IN_APP}`,
  noResults: `.no-results${IN_APP}`,
  hits: `ol.hits > li.hit${IN_APP}`,
  hitDate: '.hit-date',
  hitTitle: 'a.hit-title',
  hitSummary: '.hit-summary',
  pagination: `nav[aria-label="Pagination"]${IN_APP}`,
  prev: `nav[aria-label="Pagination"] a[rel="prev"]${IN_APP}`,
  next: `nav[aria-label="Pagination"] a[rel="next"]${IN_APP}`,
  currentPage: `nav[aria-label="Pagination"] [aria-current="page"]${IN_APP}`,
  docTitle: 'h1',
  docDate: '.doc-date',
  docSummary: '.doc-summary',
  docMeta: 'dl.doc-meta',
  docParagraphs: '.doc-text p',
  backToResults: 'a.back-to-results',
};

export const SUMMARY_RE = /^Results: (\d+) - (\d+) of (\d+)$/;

// ---------------------------------------------------------------------------------------------
// Preconditions

/** Why the specs that need the built site cannot run, or false when they can (node:test skips on null). */
export function distMissing() {
  if (existsSync(path.join(DIST_DIR, 'index.html'))) return false;
  const reason = `${path.relative(REPO_ROOT, DIST_DIR) || DIST_DIR}/index.html is missing: build the site first (trunk build --release), then run npm run e2e`;
  console.log(`skipping: ${reason}`);
  return reason;
}

/** Why the specs that need the sample bundle cannot run, or false when they can. */
export function sampleMissing() {
  const noDist = distMissing();
  if (noDist) return noDist;
  if (existsSync(SAMPLE_BUNDLE)) return false;
  const reason = 'dist/data/archive.json is missing: the build should copy the sample archive from public/data/';
  console.log(`skipping: ${reason}`);
  return reason;
}

// ---------------------------------------------------------------------------------------------
// Browser and pages

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A fresh context and page. Every console error and uncaught page error is collected;
 * `expectCleanConsole()` fails the test if there were any (minus `ignore` patterns).
 */
export async function openSession(browser, { viewport = { width: 1280, height: 900 }, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers, locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    errors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.stack || err.message || err}`));
  return {
    context,
    page,
    errors,
    /** Fails when the console got an error; `ignore` is a list of RegExps to let through. */
    expectCleanConsole({ ignore = [] } = {}) {
      const left = errors.filter((e) => !ignore.some((re) => re.test(e)));
      assert.deepEqual(left, [], `the browser console should stay clean, but got:\n${left.join('\n')}`);
    },
    /** Fails when the WebAssembly panicked or threw (the app is then dead, whatever it shows). */
    expectNoPanic() {
      const fatal = errors.filter((e) => /panicked|RuntimeError|unreachable|page error/i.test(e));
      assert.deepEqual(fatal, [], `the app should not panic or throw, but got:\n${fatal.join('\n')}`);
    },
    close: () => context.close(),
  };
}

/**
 * Registers hooks inside a `describe`: one browser for the suite, a fresh session per test.
 * Returns an object whose `page`, `session` and `browser` are filled in as the hooks run.
 */
export function useBrowser(sessionOptions = {}) {
  const s = { browser: null, session: null, page: null };
  before(async () => {
    s.browser = await launchBrowser();
  });
  after(async () => {
    await s.browser?.close();
  });
  beforeEach(async () => {
    s.session = await openSession(s.browser, sessionOptions);
    s.page = s.session.page;
  });
  afterEach(async () => {
    await s.session?.close();
    s.session = null;
    s.page = null;
  });
  return s;
}

// ---------------------------------------------------------------------------------------------
// Serving the built site

/**
 * Serves `dist/` on a random port. With `bundlePath`, `{base}data/archive.json` is answered
 * with that file instead of the one in `dist/`. Resolves to `{url, close()}`.
 */
export function serveDist({ base = BASE, pages = false, bundlePath, root = DIST_DIR } = {}) {
  const overrides = bundlePath ? { '/data/archive.json': bundlePath } : {};
  return startServer({ root, base, pages, port: 0, overrides });
}

/** Registers hooks inside a `describe` that serve `dist/`; `server.url` is set once started. */
export function useServer(options = {}) {
  const server = { url: null, close: null };
  before(async () => {
    const started = await serveDist(typeof options === 'function' ? await options() : options);
    Object.assign(server, started);
  });
  after(async () => {
    await server.close?.();
  });
  return server;
}

// ---------------------------------------------------------------------------------------------
// Waiting and reading the page

/** Whitespace runs squashed to one space, ends trimmed: how a reader sees text. */
export const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Retries `check` (which throws on failure) until it passes or `timeout` ms have passed. */
export async function eventually(check, { timeout = 10_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}

async function alertText(page) {
  const alert = page.locator(SEL.alert);
  return (await alert.count()) ? squash(await alert.first().textContent()) : null;
}

/** Waits until the search page shows a summary or a no-results message; fails on a load error. */
export async function waitForResults(page, { timeout = 30_000 } = {}) {
  await page
    .locator(`${SEL.summary}, ${SEL.noResults}, ${SEL.alert}`)
    .first()
    .waitFor({ state: 'visible', timeout });
  const alert = await alertText(page);
  assert.equal(alert, null, `the archive should load, but the page shows an alert: ${alert}`);
}

/** Waits until a document page (or its "not found" heading) is shown; fails on a load error. */
export async function waitForDocument(page, { timeout = 30_000 } = {}) {
  await page
    .locator(`${SEL.docParagraphs}, ${SEL.docMeta}, h1:text-is("Document not found"), ${SEL.alert}`)
    .first()
    .waitFor({ state: 'visible', timeout });
  const alert = await alertText(page);
  assert.equal(alert, null, `the archive should load, but the page shows an alert: ${alert}`);
}

export async function summaryText(page) {
  const el = page.locator(SEL.summary);
  return (await el.count()) ? squash(await el.textContent()) : null;
}

/** `Results: 11 - 20 of 97` → `{from: 11, to: 20, total: 97}`; fails on any other text. */
export function parseSummary(text) {
  const m = SUMMARY_RE.exec(text ?? '');
  assert.ok(m, `the summary line should read "Results: A - B of N", but reads ${JSON.stringify(text)}`);
  return { from: Number(m[1]), to: Number(m[2]), total: Number(m[3]) };
}

/** The summary line the contract expects for a page of results. */
export function expectedSummary(total, page = 1, perPage = 10) {
  const from = (page - 1) * perPage + 1;
  return `Results: ${from} - ${Math.min(page * perPage, total)} of ${total}`;
}

/** Waits until the summary line reads exactly `expected` (a string or a RegExp). */
export async function waitForSummary(page, expected, { timeout = 10_000 } = {}) {
  return eventually(
    async () => {
      const text = await summaryText(page);
      if (expected instanceof RegExp) assert.match(text ?? '', expected);
      else assert.equal(text, expected);
      return text;
    },
    { timeout },
  );
}

/** The status line of the search page: the summary, or the no-results message, or null. */
export async function statusText(page) {
  const el = page.locator(`${SEL.summary}, ${SEL.noResults}`);
  return (await el.count()) ? squash(await el.first().textContent()) : null;
}

/** Waits until the search page shows the answer to its newest question (no aria-busy). */
export async function waitForAnswer(page, { timeout = 10_000 } = {}) {
  await page.waitForFunction(
    () => {
      const panel = [...document.querySelectorAll('.results-panel')].find((p) => !p.closest('[data-first-view]'));
      return panel && panel.getAttribute('aria-busy') !== 'true';
    },
    null,
    { timeout },
  );
}

/** Whether the search page still waits for the answer to its newest question (aria-busy). */
export async function resultsBusy(page) {
  return (await page.locator('.results-panel[aria-busy="true"]').count()) > 0;
}

/**
 * Waits until the search page has taken in query `q`: the URL carries it (given a few
 * seconds: the app writes it when it has the query), the page waits for no answer (aria-busy)
 * and the status line has stopped changing.
 * Returns the status line. Needed because results update per keystroke: right after typing,
 * the page may still show the results of a prefix of the query.
 */
export async function waitForQuery(page, q, { timeout = 10_000, quiet = 300 } = {}) {
  await eventually(() => assert.equal(urlParams(page).get('q') ?? '', q), { timeout: 3_000 }).catch(() => {});
  const deadline = Date.now() + timeout;
  let last = await statusText(page);
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await statusText(page);
    if (now !== last || await resultsBusy(page)) {
      last = now;
      since = Date.now();
    } else if (now !== null && Date.now() - since >= quiet) {
      return now;
    }
  }
  throw new Error(`the results for ${JSON.stringify(q)} did not settle; the status line reads ${JSON.stringify(last)}`);
}

/**
 * Replaces the text of the search box by typing `query` key by key, as a person would, then
 * waits for the results to settle (see `waitForQuery`). Returns the status line.
 */
export async function typeQuery(page, query, { delay = 30, settle = true } = {}) {
  const box = page.locator(SEL.searchBox);
  await box.click();
  await box.press('Control+A');
  await box.press('Backspace');
  await box.pressSequentially(query, { delay });
  return settle ? waitForQuery(page, query) : null;
}

/** The titles shown on the current results page, whitespace squashed. */
export async function hitTitles(page) {
  return (await page.locator(`${SEL.hits} ${SEL.hitTitle}`).allTextContents()).map(squash);
}

/** The document ids the current results page links to (decoded from `{base}doc/{id}`). */
export async function hitIds(page, base = BASE) {
  const hrefs = await page.locator(`${SEL.hits} ${SEL.hitTitle}`).evaluateAll((as) => as.map((a) => a.href));
  return hrefs.map((href) => docIdFromUrl(href, base));
}

export function docIdFromUrl(href, base = BASE) {
  const { pathname } = new URL(href);
  const prefix = `${base}doc/`;
  assert.ok(pathname.startsWith(prefix), `a document link should start with ${prefix}, got ${href}`);
  return idFromSlug(decodeURIComponent(pathname.slice(prefix.length)));
}

/**
 * A document's slug, the last segment of its address (the rule of
 * crates/folio-core/src/doc_slug.rs, written again here as the tests' own oracle): bytes
 * outside `A-Z a-z 0-9 . _ -` as `~XX`, a leading dot and the dot of a final .html/.htm too;
 * past 160 bytes cut and ended with `~~` and a hash (left to the app: not computed here).
 */
export function docSlug(id) {
  let out = '';
  const bytes = Buffer.from(id, 'utf8');
  bytes.forEach((b, i) => {
    const plain = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2e || b === 0x5f || b === 0x2d;
    out += plain && !(i === 0 && b === 0x2e) ? String.fromCharCode(b) : `~${b.toString(16).toUpperCase().padStart(2, '0')}`;
  });
  if (/\.html?$/i.test(out)) out = out.replace(/\.(html?)$/i, '~2E$1');
  assert.ok(out.length <= 160, `docSlug: ids this long get a hashed slug, not computed by the tests (${id})`);
  return out;
}

/** The id a slug spells (not for cut slugs). */
export function idFromSlug(slug) {
  const bytes = [];
  for (let i = 0; i < slug.length; i++) {
    if (slug[i] === '~') {
      bytes.push(parseInt(slug.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(slug.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

export function docUrl(siteUrl, id) {
  return `${siteUrl}doc/${docSlug(id)}`;
}

/** The one `h1` of the page, whitespace squashed. */
export async function headingText(page) {
  const h1 = page.locator('h1');
  const n = await h1.count();
  assert.equal(n, 1, `the page should have exactly one h1, found ${n}: ${JSON.stringify(await h1.allTextContents())}`);
  return squash(await h1.textContent());
}

export function urlParams(page) {
  return new URL(page.url()).searchParams;
}

// ---------------------------------------------------------------------------------------------
// Bundles and queries

export function readBundle(file = SAMPLE_BUNDLE) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Lowercased, accents stripped: close enough to any sane analyzer for choosing test words. */
export function fold(text) {
  return String(text ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

// Words an analyzer may drop or treat specially; never chosen as test queries.
const STOP = new Set(
  ('about above after again against because been before being below between both could does ' +
    'doing down during each further have having here into itself more most other ought same ' +
    'should some such than that their theirs them themselves then there these they this those ' +
    'through under until very were what when where which while with would your yours shall ' +
    'will upon also from')
    .split(' '),
);

/**
 * Picks a query word from a bundle for the search specs: letters only, at least 5 of them,
 * no stop word, found in at least 11 documents (so there is a second page) and at most half
 * of them (so the results visibly change from browsing). Prefers the most frequent such word.
 * Returns `{query, df}`, or the most frequent word found in fewer documents when no word fits.
 */
export function pickQuery(documents) {
  const df = new Map();
  for (const doc of documents) {
    const words = new Set(fold(`${doc.title ?? ''} ${doc.summary ?? ''} ${doc.text ?? ''}`).match(/\p{L}+/gu) ?? []);
    for (const w of words) {
      if (w.length >= 5 && w.length <= 14 && /^[a-z]+$/.test(w) && !STOP.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
    }
  }
  const ranked = [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const half = Math.floor(documents.length / 2);
  const fit = ranked.find(([, n]) => n >= 11 && n <= half) ?? ranked.find(([, n]) => n < documents.length);
  assert.ok(fit, 'the bundle should contain at least one word to search for');
  return { query: fit[0], df: fit[1] };
}

/** A word that occurs nowhere in the bundle. */
export function absentWord(documents) {
  const all = fold(JSON.stringify(documents));
  for (const w of ['zqxjvwk', 'qqvzxjwkp', 'xjqzvvkkqw']) if (!all.includes(w)) return w;
  throw new Error('could not find a word absent from the bundle');
}

// ---------------------------------------------------------------------------------------------
// Output

/** Saves a screenshot of the viewport to tests/e2e/output/NAME.png and returns its path. */
export async function screenshot(page, name, { fullPage = false } = {}) {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

const require = createRequire(import.meta.url);

/**
 * Runs axe-core on the page and returns its violations. The site's Content-Security-Policy
 * forbids inline script, so axe is evaluated through the DevTools protocol (which the policy
 * does not govern) instead of being added as a <script> tag.
 */
export async function runAxe(page, options = {}) {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = await page.evaluate((opts) => window.axe.run(document, { resultTypes: ['violations'], ...opts }), options);
  return results.violations;
}
