// The first view: index.html carries the site header and the home page, rendered at build time
// from the app's own Leptos components (src/ui/prerender.rs, crates/folio-site), so the reader
// sees the archive before the WebAssembly runs; public/first-view.js shows that page on the home
// page only; the app replaces it with its own page (src/ui/handoff.rs), without a visible
// change. Each document has a page of its own too, doc/<slug>.html, and so do the about page and
// the browse pages, which a GitHub-Pages-like host serves at their addresses. Since both come
// from one renderer, these tests are a guard: they check the hand-over, not a second port.
//
// Each test holds or blocks the .wasm through Playwright's routing to look at the page before
// the app runs. Other bundles are tried on copies of the built site, with the post-build hook
// run again on them (as `node .ci/post-build.mjs DIR` does for a publisher).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { BASE, DIST_DIR, REPO_ROOT, SEL, docSlug, docUrl, readBundle, sampleMissing, serveDist, squash, useBrowser, useServer, waitForResults } from './helpers.mjs';
import { armTripwires, expectNothingRan, fixture, writeBundle } from './hostile.mjs';

const skip = sampleMissing();
const POST_BUILD = path.join(REPO_ROOT, '.ci', 'post-build.mjs');
const FIRST_VIEW = '[data-first-view]';
const FIRST_HOME = '[data-first-view="home"]';
const FIRST_PAGE = '[data-first-view="page"]';
// The hits wherever they are (the first view's or the app's).
const HITS = 'ol.hits > li.hit';

/** Holds every .wasm request until `release()`; `block: true` fails them instead. */
async function holdWasm(page, { block = false } = {}) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    if (block) return route.abort();
    await held;
    return route.continue().catch(() => {});
  });
  return release;
}

/** Waits until the app has replaced the first view with its own search page. */
async function waitForApp(page) {
  await waitForResults(page);
  await page.waitForFunction((sel) => !document.querySelector(sel), FIRST_VIEW);
}

/**
 * The visible header and page as normalized HTML, one tag a line: leptos' empty comments
 * dropped, NUL characters dropped, attributes sorted, and the few differences that are meant to be there made equal
 * (the first view's plain forms, its summary line carrying a class instead of the id the
 * tests wait for, its search box named by its label alone, bar heights as classes instead of
 * style attributes, the theme switch's state drawn by the stylesheet).
 */
function visibleHtml(page, drop = null) {
  return page.evaluate((drop) => {
    const shown = [...document.body.children].filter((e) => e.tagName !== 'NOSCRIPT' && getComputedStyle(e).display !== 'none');
    const html = shown
      .filter((e) => !e.matches('.update-status'))
      .map((e) => {
        const copy = e.cloneNode(true);
        if (drop) for (const x of copy.querySelectorAll(drop)) x.remove();
        return copy.outerHTML;
      })
      .join('');
    // Permanent links name the published address when prerendered (FOLIO_SITE_URL) and the
    // page's own when the app writes them: the same on the published site, not on this host.
    const declared = document.querySelector('meta[name="folio-site"]')?.content;
    const here = new URL('./', document.baseURI).href;
    const bare = (u) => u.replace(/^https?:\/\//, ''); // MLA writes addresses without the scheme
    return (declared ? html.split(declared).join(here).split(bare(declared)).join(bare(here)) : html)
      // Comments draw nothing (leptos' markers, the server renderer's placeholders).
      .replace(/<!--[\s\S]*?-->/g, '')
      // An empty text renders as one space on the server (a node to find later), as nothing in
      // the app; alone in its element it draws nothing either way.
      .replace(/> <\//g, '></')
      // The one character HTML cannot carry, which the app's text may hold (and draws as nothing).
      .replace(/\0/g, '')
      .replace(/ data-first-view="[a-z]+"/g, '')
      .replace(/ (action|method)="[^"]*"/g, '')
      .replace(/<p class="result-summary">/g, '<p id="result-summary">')
      .replace(/ aria-label="Search the archive"/g, '')
      .replace(/ style="height: [0-9.]+%;"/g, '')
      .replace(/ class="bar-fill bh\d+"/g, ' class="bar-fill"')
      .replace(/ aria-pressed="(true|false)"/g, '')
      .replace(/<span aria-hidden="true" class="theme-icon">[☀☾]<\/span>|<span class="theme-icon" aria-hidden="true">[☀☾]?<\/span>/g, '<span class="theme-icon"></span>')
      .replace(/<(\w+)((?: [\w-]+(?:="[^"]*")?)*)>/g, (_, tag, attrs) => {
        const list = (attrs.match(/ [\w-]+(?:="[^"]*")?/g) ?? []).map((a) => a.replace(/=""$/, '')).sort();
        return `<${tag}${list.join('')}>`;
      })
      .replace(/<span aria-hidden="true" class="theme-icon"><\/span>/g, '<span class="theme-icon"></span>')
      .replace(/></g, '>\n<');
  }, drop);
}

/**
 * Where each hit, its title and its summary are drawn (the title's width left out: a NUL in a
 * hostile title takes room in the app's text, and HTML cannot carry one).
 */
function hitBoxes(page) {
  return page.evaluate((sel) =>
    [...document.querySelectorAll(sel)]
      .filter((e) => e.getClientRects().length)
      .map((li) => [li, li.querySelector('.hit-title'), li.querySelector('.hit-summary')].map((e, i) => {
        const r = e.getBoundingClientRect();
        return [r.x, r.y, i === 1 ? '' : r.width, r.height].map((v) => (v === '' ? v : Math.round(v * 10) / 10)).join(',');
      }).join(' ')),
  HITS);
}

/** Lines of `a` and `b` that differ, for a readable failure. */
function firstDifferences(a, b, n = 8) {
  const x = a.split('\n');
  const y = b.split('\n');
  const out = [];
  for (let i = 0; i < Math.max(x.length, y.length) && out.length < n; i++) {
    if (x[i] !== y[i]) out.push(`line ${i + 1}:\n  first view: ${x[i]}\n  app:        ${y[i]}`);
  }
  return out.join('\n');
}

/**
 * Opens the home page with the .wasm held, reads the first view, lets the app in and reads its
 * page; asserts that both are the same, drawn in the same place, and that exactly one page is
 * left. Returns the first view's HTML.
 */
async function expectSameAsApp(page, url) {
  const release = await holdWasm(page);
  await page.goto(url);
  await page.locator(`${FIRST_HOME} ${HITS}`).first().waitFor({ state: 'visible' });
  const before = await visibleHtml(page);
  const boxesBefore = await hitBoxes(page);
  release();
  await waitForApp(page);
  const afterwards = await visibleHtml(page);
  assert.ok(before === afterwards, `the first view should be the app's page, but they differ:\n${firstDifferences(before, afterwards)}`);
  assert.deepEqual(await hitBoxes(page), boxesBefore, 'the hits should stay where the first view drew them');
  assert.equal(await page.locator('ol.hits').count(), 1, 'exactly one results list should be left');
  assert.equal(await page.locator(FIRST_VIEW).count(), 0, 'the first view should be gone');
  assert.equal(await page.locator('header.site-header').count(), 1, 'exactly one site header should be left');
  return before;
}

/** Where the document page's title, summary, metadata and text are drawn. */
function docBoxes(page) {
  return page.evaluate(() =>
    ['.document h1', '.doc-summary', '.doc-meta', '.doc-text', '.result-nav']
      .map((sel) => document.querySelector(`${sel}`))
      .filter((e) => e && e.getClientRects().length)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 10) / 10).join(',');
      }),
  );
}

/**
 * Opens a document's address on a Pages-like host with the .wasm held, reads the prerendered
 * page, lets the app in and reads its page down to the full text; asserts that both are the
 * same, drawn in the same place, under the same title. Returns the first view's HTML.
 */
async function expectSameDocAsApp(page, siteUrl, id) {
  const release = await holdWasm(page);
  const response = await page.goto(docUrl(siteUrl, id));
  assert.equal(response.status(), 200, `the host should answer with doc/${id}.html`);
  await page.locator(`${FIRST_PAGE} .document h1`).waitFor({ state: 'visible' });
  const before = await visibleHtml(page);
  const boxesBefore = await docBoxes(page);
  const titleBefore = await page.title();
  release();
  // A page a reader came to read starts the app only when a control needs it (focused without
  // scrolling, so that positions compare).
  await page.evaluate((sel) => document.querySelector(sel).focus({ preventScroll: true }), `${FIRST_PAGE} section.cite button`);
  await page.waitForFunction((sel) => !document.querySelector(sel), FIRST_VIEW);
  await page.locator('section.cite').waitFor({ state: 'visible' });
  const afterwards = await visibleHtml(page);
  assert.ok(before === afterwards, `the document's first view should be the app's page, but they differ:\n${firstDifferences(before, afterwards)}`);
  assert.deepEqual(await docBoxes(page), boxesBefore, 'the document should stay where the first view drew it');
  assert.equal(await page.title(), titleBefore, 'the page title should stay');
  assert.equal(await page.locator('article.document').count(), 1, 'exactly one document should be left');
  assert.equal(await page.locator('header.site-header').count(), 1, 'exactly one site header should be left');
  return before;
}

/** A copy of the built site publishing `bundleFile`, through the post-build hook as a publisher would. */
async function siteWith(bundleFile, env = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'folio-first-view-'));
  await cp(DIST_DIR, dir, { recursive: true });
  await promisify(execFile)(process.execPath, [POST_BUILD, dir], { env: { ...process.env, FOLIO_BUNDLE: bundleFile, TRUNK_PROFILE: 'release', ...env } });
  return dir;
}

/** Documents whose snippets, dates and facets take every path of the rules the first view follows. */
function awkwardDocuments() {
  const long = 'The conference resumed at Brest-Litovsk, where the U.S. observer (file 761.5411/1-2161) met Li Hung-chang’s secretary and O’Brien. ';
  return [
    { id: 'no-summary', title: 'Text only', date: '1900', text: `${long.repeat(4)}\n\nA second paragraph that the snippet never reaches.` },
    { id: 'long-summary', title: 'A long summary', date: '1900-03', date_end: '1900-05', summary: `Asunción, Łódź and Straße — ${long.repeat(6)}` },
    { id: 'quoted', title: 'Quoted first', date: '1900-03-02', date_end: '1900-03-09', summary: '“Peace in our time,” the minister said, and then spoke of other things at great length to the assembled press.' },
    { id: 'cjk', title: '毛泽东 and 周恩来', date: '1901-12-30', date_end: '1902-01-02', summary: '毛泽东主席 met Kennan’s envoy; Хрущёв и Кеннеди; e\u0301le\u0301ve; zero\u200Bwidth; a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-aa-bb-cc.', language: 'ZH' },
    { id: 'blank-summary', title: 'Blank summary', date: '1902-06-01', date_end: '1902-06-01', summary: '   ', text: 'Only the text speaks here.', language: 'fr' },
    { id: 'punctuation-summary', title: 'Punctuation for a summary', date: '1903', date_end: '1905', summary: '— … —', text: `${'word '.repeat(60)}end`, language: 'xx' },
    { id: 'nothing', title: 'Neither summary nor text', date: '1904-02', date_end: '1904-04' },
    { id: 'end-only', title: 'Only an end date', date_end: '1906-07-04' },
    { id: 'spaces', title: '  Spaced   out  title ', date: '1907', summary: '  Lines\n\nand\ttabs   collapse.  ', collection: 'Letters', source: 'Archive & Co' },
    { id: 'a/b?c#d e%f', title: 'An id that needs encoding', date: '1908', summary: 'Six hundred bytes of multi-byte text: ' + 'é'.repeat(280) },
    { id: 'undated', title: 'Undated', summary: 'No date at all.' },
    {
      id: 'extras.v2', title: 'Extra fields', date: '1909-10-11', summary: 'Fields the format does not name.', language: 'EN',
      type: 'memorandum', word_count: 5, pages: [1, 2, 'iii', null], flag: true, no: false, blank: '  ', 'archival-source': '761.00/1', élan: 'vital',
      url: ' https://example.org/a?b=c&d ', people: ['  Ngô Đình Diệm ', 'Ngô Đình Diệm'], places: 'Saigon',
      text: 'First paragraph\nwith a line break.\n\n\n\nSecond & <last> paragraph.\r\n\r\nThird, after Windows breaks.',
    },
    { id: 'unsafe-link', title: 'Unsafe link', date: '1910', url: 'javascript:alert(1)', source: 'Box 3 <folder>', collection: 'Letters' },
    { id: 'object-extra', title: 'An extra the page cannot prerender', date: '1911', details: { a: 1 }, summary: 'The app shows it.' },
    ...Array.from({ length: 14 }, (_, i) => ({
      id: `filler-${i}`,
      title: `Filler ${i}`,
      date: `19${20 + i}`,
      summary: `Filler number ${i}.`,
      subjects: [`Subject ${i % 12}`, 'Common'],
      people: [`Person ${i}`],
      places: i % 2 ? 'Berlin' : ['Vienna', 'Berlin'],
    })),
  ];
}

describe('the first view', { skip }, () => {
  const server = useServer();
  // Like GitHub Pages: doc/<id>.html and about.html answer their routes, 404.html the rest.
  const pagesHost = useServer({ pages: true });
  const s = useBrowser({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } });
  const bundle = skip ? null : readBundle(path.join(DIST_DIR, 'data', 'archive.json'));

  it('shows the archive on the home page before the WebAssembly runs', async () => {
    await holdWasm(s.page, { block: true });
    await s.page.goto(server.url);
    const home = s.page.locator(FIRST_HOME);
    await home.waitFor({ state: 'visible' });
    assert.equal(squash(await s.page.locator('header.site-header .site-title').textContent()), bundle.archive.title);
    assert.equal(squash(await home.locator('#result-summary').textContent()), `Results: 1 - 10 of ${bundle.documents.length}`);
    assert.equal(await home.locator(HITS).count(), 10);
    // Real links: the first page's documents in date order, each to its own page.
    const dated = bundle.documents.filter((d) => d.date).sort((a, b) => a.date.localeCompare(b.date));
    const hrefs = await home.locator(`${HITS} ${SEL.hitTitle}`).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, dated.slice(0, 10).map((d) => docUrl(BASE, d.id)));
    assert.equal(squash(await home.locator(`${HITS} ${SEL.hitTitle}`).first().textContent()), dated[0].title);
    assert.equal(await s.page.locator('main:not([data-first-view])').isVisible(), false, "the app's own page should wait out of sight");
    s.session.expectCleanConsole({ ignore: [/wasm|WebAssembly|Failed to load resource|net::ERR_FAILED|TypeError/i] });
  });

  it('is the page the app shows, drawn in the same place, on a phone', async () => {
    await expectSameAsApp(s.page, server.url);
    s.session.expectCleanConsole();
  });

  it('is the page the app shows, drawn in the same place, on a wide screen', async () => {
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await expectSameAsApp(s.page, server.url);
    s.session.expectCleanConsole();
  });

  for (const [name, where] of [
    ['a search', '?q=treaty'],
    ['a filter', '?subject=Cold%20War'],
    ['a second page', '?page=2'],
    ['a document', 'doc/DOC'],
    ['the about page', 'about'],
    ['an unknown path', 'no/such/page'],
  ]) {
    it(`does not show the home page on ${name}, only the header`, async () => {
      await holdWasm(s.page, { block: true });
      const url = server.url + where.replace('DOC', docSlug(bundle.documents[0].id));
      await s.page.goto(url);
      await s.page.waitForLoadState('domcontentloaded');
      assert.equal(await s.page.locator(FIRST_HOME).count(), 0, 'the home page should be gone from the document');
      assert.equal(await s.page.locator(HITS).count(), 0, 'no results should show');
      assert.equal(squash(await s.page.locator('header.site-header').first().textContent()).startsWith(bundle.archive.title), true);
    });
  }

  it('is hidden before the first paint on a deep link answered with 404.html (Pages-like host)', async () => {
    await holdWasm(s.page, { block: true });
    // Read as the body starts to parse: first-view.js has run, nothing is painted yet.
    await s.page.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive') window.__homeShown = document.documentElement.classList.contains('first-view-home');
      });
    });
    const response = await s.page.goto(docUrl(pagesHost.url, 'no-such-document'));
    assert.equal(response.status(), 404, 'the host answers a deep link with 404.html');
    assert.equal(await s.page.evaluate(() => window.__homeShown), false, 'the home page is not let show');
    assert.equal(await s.page.locator(FIRST_HOME).count(), 0);
    assert.equal(await s.page.locator('header.site-header').isVisible(), true, 'the header is right on every page');
  });

  it('gives way to the app on a document page with its header kept, then to the document', async () => {
    const release = await holdWasm(s.page);
    const doc = bundle.documents[0];
    await s.page.goto(docUrl(server.url, doc.id));
    await s.page.locator('header.site-header[data-first-view]').waitFor({ state: 'visible' });
    release();
    await s.page.locator('h1', { hasText: doc.title }).waitFor();
    await s.page.waitForFunction((sel) => !document.querySelector(sel), FIRST_VIEW);
    assert.equal(await s.page.locator('header.site-header').count(), 1);
    assert.equal(squash(await s.page.locator('.site-title').textContent()), bundle.archive.title);
    s.session.expectCleanConsole();
  });

  it("shows a document's own page before the WebAssembly runs, at its address on a Pages-like host", async () => {
    await holdWasm(s.page, { block: true });
    const order = bundle.documents.map((d, i) => [d, i]).filter(([d]) => d.date)
      .sort(([a, i], [b, j]) => a.date.localeCompare(b.date) || i - j).map(([d]) => d);
    const k = 5;
    const doc = order[k];
    const response = await s.page.goto(docUrl(pagesHost.url, doc.id));
    assert.equal(response.status(), 200, 'the host answers with the prerendered page');
    const view = s.page.locator(FIRST_PAGE);
    await view.waitFor({ state: 'visible' });
    assert.equal(squash(await view.locator('h1').textContent()), squash(doc.title));
    assert.equal(squash(await view.locator('.doc-summary').textContent()), squash(doc.summary));
    assert.equal(squash(await view.locator('.result-position').textContent()), `Result ${k + 1} of ${bundle.documents.length}`);
    assert.equal(await view.locator('a.next-result').getAttribute('href'), `${BASE}doc/${docSlug(order[k + 1].id)}`);
    assert.equal(await view.locator('a.back-to-results').getAttribute('href'), BASE);
    assert.equal(await s.page.title(), `${doc.title} – ${bundle.archive.title}`);
    assert.match(await s.page.locator('meta[name="description"]').getAttribute('content'), new RegExp(`^${squash(doc.summary).slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(await s.page.locator('main:not([data-first-view])').isVisible(), false, "the app's own page should wait out of sight");
    assert.equal(await s.page.locator(FIRST_HOME).count(), 0);
    s.session.expectCleanConsole({ ignore: [/wasm|WebAssembly|Failed to load resource|net::ERR_FAILED|TypeError/i] });
  });

  it('is the document page the app shows, drawn in the same place, on a phone and on a wide screen', async () => {
    const ids = [bundle.documents[0].id, bundle.documents[bundle.documents.length - 1].id, bundle.documents.find((d) => d.url && d.people?.length && d.language)?.id ?? bundle.documents[1].id];
    for (const id of ids) await expectSameDocAsApp(s.page, pagesHost.url, id);
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await expectSameDocAsApp(s.page, pagesHost.url, ids[2]);
    await s.page.setViewportSize({ width: 390, height: 844 });
    s.session.expectCleanConsole();
  });

  it('is the about page the app shows, at /about on a Pages-like host (status 200, not 404.html)', async () => {
    // What the browser says it stores arrives later, in the app only: left out of both.
    const offline = '.about-offline, .about-update, .about-page > p';
    const release = await holdWasm(s.page);
    const response = await s.page.goto(`${pagesHost.url}about`);
    assert.equal(response.status(), 200, 'the host should answer with about.html');
    await s.page.locator(`${FIRST_PAGE} .about-page h1`).waitFor({ state: 'visible' });
    assert.equal(await s.page.title(), `About – ${bundle.archive.title}`);
    assert.equal(squash(await s.page.locator(`${FIRST_PAGE} [data-key="documents"] dd`).textContent()), String(bundle.documents.length));
    const before = await visibleHtml(s.page, offline);
    release();
    // Asking what this browser keeps is what starts the app here.
    await s.page.locator(`${FIRST_PAGE} button.offline-check`).click();
    await s.page.waitForFunction((sel) => !document.querySelector(sel), FIRST_VIEW);
    await s.page.locator('.about-offline').waitFor();
    const afterwards = await visibleHtml(s.page, offline);
    assert.ok(before === afterwards, `the about page's first view should be the app's page, but they differ:\n${firstDifferences(before, afterwards)}`);
    assert.equal(await s.page.locator('.about-page').count(), 1);
    s.session.expectCleanConsole();
  });

  it('does not download the app or the archive on a page a reader came to read until a control needs them', async () => {
    const asked = [];
    s.page.on('request', (r) => {
      if (/\.wasm$|data\/archive\.json$/.test(new URL(r.url()).pathname)) asked.push(new URL(r.url()).pathname);
    });
    const doc = bundle.documents[7];
    await s.page.goto(docUrl(pagesHost.url, doc.id));
    await s.page.locator(`${FIRST_PAGE} .document h1`).waitFor({ state: 'visible' });
    // Reading, scrolling, the theme switch: nothing downloads.
    await s.page.mouse.wheel(0, 600);
    await s.page.locator('[data-first-view] .theme-toggle').click();
    assert.equal(await s.page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the theme switch works before the app');
    await s.page.waitForTimeout(1500);
    assert.deepEqual(asked, [], 'nothing of the app or the archive should be asked for');
    // The service worker is registered all the same (idle), so the site is stored for offline use.
    await s.page.waitForFunction(async () => Boolean(await navigator.serviceWorker?.getRegistration()), null, { timeout: 15_000 }).catch(() => {});
    // A control that needs the app: it starts, and its page takes over.
    await s.page.locator(`${FIRST_PAGE} section.cite button`).first().focus();
    await s.page.waitForFunction((sel) => !document.querySelector(sel), FIRST_VIEW);
    assert.ok(asked.some((p) => p.endsWith('.wasm')) && asked.some((p) => p.endsWith('archive.json')), `the app should have started: ${asked}`);
    assert.equal(squash(await s.page.locator('main h1').textContent()), squash(doc.title));
    s.session.expectCleanConsole();
  });

  it('starts the app for a control used before the first view has finished painting', async () => {
    // A browser that reports no paint: the first view counts as painted only after its
    // three-second fallback. The reader's touch comes before that and must not be lost.
    await s.page.addInitScript(() => {
      const Real = window.PerformanceObserver;
      window.PerformanceObserver = class extends Real {
        observe(options) {
          if (options && options.type === 'paint') return;
          super.observe(options);
        }
      };
      window.PerformanceObserver.supportedEntryTypes = Real.supportedEntryTypes;
    });
    const doc = bundle.documents[5];
    await s.page.goto(docUrl(pagesHost.url, doc.id));
    await s.page.locator(`${FIRST_PAGE} section.cite button`).first().focus();
    const focusedAt = Date.now();
    await s.page.waitForFunction((sel) => !document.querySelector(sel), FIRST_VIEW, { timeout: 20_000 });
    assert.ok(Date.now() - focusedAt > 1000, 'the app should have waited for the first view (the paint fallback)');
    assert.equal(squash(await s.page.locator('main h1').textContent()), squash(doc.title));
    s.session.expectCleanConsole();
  });

  it("does not show a document's page at an address with more after it: the app renders that one", async () => {
    await holdWasm(s.page, { block: true });
    const doc = bundle.documents[3];
    const response = await s.page.goto(`${docUrl(pagesHost.url, doc.id)}?q=treaty`);
    assert.equal(response.status(), 200);
    await s.page.waitForLoadState('domcontentloaded');
    assert.equal(await s.page.locator(FIRST_PAGE).count(), 0, 'the document page should be gone from the page');
    assert.equal(await s.page.locator('header.site-header').first().isVisible(), true, 'the header is right on every page');
  });

  it('keeps the loading view for a search while the archive loads', async () => {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await s.session.context.route('**/data/archive.json', async (route) => {
      await held;
      await route.continue();
    });
    await s.page.goto(`${server.url}?q=treaty`);
    try {
      await s.page.locator(SEL.loadingProgress).waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await s.page.locator('header.site-header:visible').count(), 1, 'one header while loading');
    } finally {
      release();
    }
    await waitForResults(s.page);
    s.session.expectCleanConsole();
  });

  it('says so in a notice at the foot of the window when the archive is slow to come, without moving the first view', async () => {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await s.session.context.route('**/data/archive.json', async (route) => {
      await held;
      await route.continue();
    });
    await s.page.goto(server.url);
    await s.page.locator(`${FIRST_HOME} ${HITS}`).first().waitFor({ state: 'visible' });
    const boxes = await hitBoxes(s.page);
    try {
      const notice = s.page.locator(SEL.loadingProgress);
      await notice.waitFor({ state: 'visible', timeout: 30_000 });
      // Faded in after a second: a quick load never shows it.
      await s.page.waitForFunction(() => getComputedStyle(document.querySelector('.loading')).opacity === '1');
      const box = await s.page.locator('.loading').boundingBox();
      const viewport = s.page.viewportSize();
      assert.ok(box.y + box.height <= viewport.height && box.y > viewport.height / 2, `the notice should sit at the foot of the window: ${JSON.stringify(box)}`);
      assert.deepEqual(await hitBoxes(s.page), boxes, 'the first view should not move');
    } finally {
      release();
    }
    await waitForApp(s.page);
    assert.equal(await s.page.locator(SEL.loading).count(), 0);
    s.session.expectCleanConsole();
  });

  it('asks for the WebAssembly (the app\'s and the index worker\'s) only once the first view is painted, each once', async () => {
    const wasm = [];
    s.page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasm.push(r.url());
    });
    await s.page.goto(server.url);
    await waitForApp(s.page);
    const [paint, fetched] = await s.page.evaluate(() => [
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.startTime,
    ]);
    assert.ok(paint > 0 && fetched >= paint, `the first paint (${paint} ms) should come before the request for the WebAssembly (${fetched} ms)`);
    assert.equal(wasm.length, 2, `one request for each WebAssembly: ${wasm.join(', ')}`);
    assert.equal(new Set(wasm).size, 2, `the app's and the index worker's: ${wasm.join(', ')}`);
    assert.equal(wasm.filter((u) => /\/folio-worker-[0-9a-f]+_bg\.wasm$/.test(u)).length, 1, `one is the worker's: ${wasm.join(', ')}`);
    s.session.expectCleanConsole();
  });

  it('lets a reader type before the app runs: the search carries over', async () => {
    const release = await holdWasm(s.page);
    await s.page.goto(server.url);
    const box = s.page.locator(`${FIRST_HOME} input[name="q"]`);
    await box.click();
    await box.pressSequentially('treaty', { delay: 20 });
    release();
    await waitForApp(s.page);
    await s.page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'treaty');
    assert.equal(await s.page.locator(SEL.searchBox).inputValue(), 'treaty');
    assert.equal(await s.page.evaluate((sel) => document.activeElement?.matches(sel), SEL.searchBox), true, 'the box keeps the focus');
    s.session.expectCleanConsole();
  });

  it('searches before the app runs when the reader presses Enter', async () => {
    await holdWasm(s.page, { block: true });
    await s.page.goto(server.url);
    await s.page.locator(`${FIRST_HOME} input[name="q"]`).fill('treaty');
    await Promise.all([s.page.waitForURL(/[?&]q=treaty/), s.page.keyboard.press('Enter')]);
    assert.equal(await s.page.locator(FIRST_HOME).count(), 0, 'the results page is not the home page');
  });

  it('draws the theme the reader chose before the app runs', async () => {
    await s.page.addInitScript(() => localStorage.setItem('folio-theme', 'dark'));
    await holdWasm(s.page, { block: true });
    await s.page.goto(server.url);
    await s.page.locator(FIRST_HOME).waitFor({ state: 'visible' });
    assert.equal(await s.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const icon = await s.page.locator('[data-first-view] .theme-icon').evaluate((e) => getComputedStyle(e, '::before').content);
    assert.equal(icon, '"☾"');
  });
});

describe('the first view of other bundles', { skip }, () => {
  const s = useBrowser({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
  const dirs = [];
  const scratch = { dir: null };
  before(async () => {
    scratch.dir = await mkdtemp(path.join(os.tmpdir(), 'folio-first-view-bundles-'));
  });
  after(async () => {
    for (const d of [...dirs, scratch.dir]) if (d) await rm(d, { recursive: true, force: true });
  });

  /** Serves a copy of the site with `bundleFile` and runs `check(url)` against it. */
  async function withSite(bundleFile, check, { pages = false } = {}) {
    const dir = await siteWith(bundleFile);
    dirs.push(dir);
    const site = await serveDist({ root: dir, pages });
    try {
      await check(site.url, dir);
    } finally {
      await site.close();
    }
  }

  it('escapes the text of a hostile bundle: it stays text, nothing runs', async () => {
    await withSite(fixture('markup.json'), async (url) => {
      const wires = await armTripwires(s.page);
      const html = await expectSameAsApp(s.page, url);
      assert.match(html, /&lt;script&gt;window.__pwned='archive title'&lt;\/script&gt;Hostile &amp;amp; Archive/);
      await expectNothingRan(s.page, wires);
    });
  });

  it('escapes the text of a hostile bundle on its document pages too: it stays text, nothing runs', async () => {
    const docs = readBundle(fixture('markup.json')).documents;
    await withSite(fixture('markup.json'), async (url, dir) => {
      const made = docs.filter((d) => existsSync(path.join(dir, 'doc', `${docSlug(d.id)}.html`)));
      assert.equal(made.length, docs.length, 'every document of the fixture should have its page');
      const wires = await armTripwires(s.page);
      for (const d of made) {
        const html = await expectSameDocAsApp(s.page, url, d.id);
        assert.doesNotMatch(html, /<(script|img|iframe|svg|object|embed)\b/i);
        await expectNothingRan(s.page, wires);
      }
    }, { pages: true });
  });

  it('is the app page for awkward ids', async () => {
    await withSite(fixture('awkward-ids.json'), async (url) => {
      await expectSameAsApp(s.page, url);
      s.session.expectCleanConsole();
    });
  });

  it('follows the app in every rule: snippets without a summary or cut to forty words, date spans, undated, languages', async () => {
    const file = path.join(scratch.dir, 'awkward.json');
    await writeBundle(file, awkwardDocuments(), { title: 'Awkward <first> view' });
    await withSite(file, async (url) => {
      await expectSameAsApp(s.page, url);
      s.session.expectCleanConsole();
    });
  });

  it('follows the app on document pages: extras, links that are not web addresses, paragraphs, lists, languages', async () => {
    const file = path.join(scratch.dir, 'awkward-docs.json');
    const docs = awkwardDocuments();
    await writeBundle(file, docs, { title: 'Awkward <doc> pages' });
    await withSite(file, async (url, dir) => {
      // Every document gets its page, whatever its id (a slug spells it: doc/a~2Fb~3Fc…).
      const made = docs.filter((d) => existsSync(path.join(dir, 'doc', `${docSlug(d.id)}.html`))).map((d) => d.id);
      assert.deepEqual(made, docs.map((d) => d.id));
      for (const id of made) await expectSameDocAsApp(s.page, url, id);
      const extras = await s.page.goto(docUrl(url, 'extras.v2')).then(() => s.page.locator('.doc-meta').innerText());
      assert.match(extras, /Pages\s+1; 2; iii/);
      assert.match(extras, /Archival source\s+761\.00\/1/);
      assert.match(extras, /Élan\s+vital/);
      const response = await s.page.goto(docUrl(url, 'object-extra'));
      assert.equal(response.status(), 200);
      await s.page.locator('h1', { hasText: 'An extra the page cannot prerender' }).waitFor();
      s.session.expectCleanConsole();
    }, { pages: true });
  });

  it('writes no document pages when the publisher turns them off (FOLIO_DOC_PAGES=off): the app renders them', async () => {
    const dir = await siteWith(path.join(DIST_DIR, 'data', 'archive.json'), { FOLIO_DOC_PAGES: 'off' });
    dirs.push(dir);
    assert.equal(existsSync(path.join(dir, 'doc')), false, 'no doc/ folder');
    assert.equal(existsSync(path.join(dir, 'about.html')), true, 'the about page is still written');
    const doc = readBundle(path.join(DIST_DIR, 'data', 'archive.json')).documents[2];
    const site = await serveDist({ root: dir, pages: true });
    try {
      const response = await s.page.goto(docUrl(site.url, doc.id));
      assert.equal(response.status(), 404, 'the host answers with 404.html');
      await s.page.locator('h1', { hasText: doc.title }).waitFor();
      s.session.expectCleanConsole({ ignore: [/status of 404/] });
    } finally {
      await site.close();
    }
  });

  it('is the app page for a bundle with flawed documents, notice of skipped and repaired ones included', async () => {
    await withSite(fixture('wrong-shapes.json'), async (url) => {
      const html = await expectSameAsApp(s.page, url);
      assert.match(html, /skipped|repaired/i, 'the load notice is part of the page');
      s.session.expectCleanConsole();
    });
  });

  it('is left out for a bundle the app refuses, which then says why', async () => {
    const file = path.join(scratch.dir, 'not-a-bundle.json');
    await writeFile(file, JSON.stringify({ format: 'folio-bundle', version: 99, documents: [] }));
    await withSite(file, async (url) => {
      await s.page.goto(url);
      await s.page.locator('.load-error').waitFor();
      assert.equal(await s.page.locator(FIRST_VIEW).count(), 0);
      assert.match(await s.page.locator('html').innerHTML(), /<!-- folio:first-view --><!-- \/folio:first-view -->/, 'the markers stay, empty');
    });
  });
});

describe('the prerendered pages with scripts off', { skip }, () => {
  // Like GitHub Pages: each prerendered page answers its route, 404.html the rest.
  const pagesHost = useServer({ pages: true });
  const s = useBrowser({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } });
  const bundle = skip ? null : readBundle(path.join(DIST_DIR, 'data', 'archive.json'));
  let off;
  before(async () => {
    off = await s.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  });
  after(async () => off?.close());

  /** Opens `url` with scripts off; asserts the page answered 200 and its `main` shows. */
  async function openOff(url) {
    const page = await off.newPage();
    const response = await page.goto(url);
    assert.equal(response.status(), 200, `${url} should be a page of its own`);
    await page.locator('main').first().waitFor({ state: 'visible' });
    return page;
  }

  it('reads a document completely: title, date, summary, metadata, full text, citation, related documents', async () => {
    const doc = bundle.documents.find((d) => d.summary && d.people?.length) ?? bundle.documents[0];
    const page = await openOff(docUrl(pagesHost.url, doc.id));
    assert.equal(squash(await page.locator('main h1').textContent()), squash(doc.title));
    assert.equal(await page.locator('main .doc-summary').isVisible(), true);
    assert.equal(await page.locator('main .doc-meta').isVisible(), true);
    assert.equal(await page.locator('main section.cite').isVisible(), true);
    assert.match(await page.locator('main section.cite').innerText(), new RegExp(docSlug(doc.id)));
    assert.equal(await page.locator('header.site-header').isVisible(), true);
    assert.match(await page.locator('noscript').first().textContent(), /Searching this archive needs JavaScript/);
    await page.close();
  });

  it('reads the about page and every browse page', async () => {
    const about = await openOff(`${pagesHost.url}about`);
    assert.equal(squash(await about.locator('main h1').textContent()), 'About this archive');
    assert.equal(squash(await about.locator('main [data-key="documents"] dd').textContent()), String(bundle.documents.length));
    const browse = await about.locator('main .about-browse a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(browse.length >= 4, 'the about page links the browse pages');
    await about.close();
    for (const href of browse) {
      const page = await openOff(new URL(href, pagesHost.url).href);
      assert.ok((await page.locator('main li a').count()) > 0, `${href} should list its values`);
      await page.close();
    }
  });

  it('shows the home page with its first documents', async () => {
    const page = await openOff(pagesHost.url);
    assert.equal(await page.locator(`main ${HITS}`).count(), 10);
    await page.close();
  });
});
