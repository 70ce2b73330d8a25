// Searching, paging, opening a document and coming back, on the sample archive that the
// build ships (`dist/data/archive.json`), as a person would do it in the browser.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import {
  BASE,
  DIST_DIR,
  SEL,
  SUMMARY_RE,
  absentWord,
  docUrl,
  eventually,
  expectedSummary,
  headingText,
  hitIds,
  hitTitles,
  parseSummary,
  pickQuery,
  readBundle,
  sampleMissing,
  squash,
  summaryText,
  typeQuery,
  urlParams,
  useBrowser,
  useServer,
  waitForDocument,
  waitForResults,
  waitForSummary,
} from './helpers.mjs';

const skip = sampleMissing();
const bundle = skip ? null : readBundle();
const docs = bundle?.documents ?? [];
const total = docs.length;
const { query, df } = skip ? {} : pickQuery(docs);
const noHitWord = skip ? null : absentWord(docs);
const byId = new Map(docs.map((d) => [d?.id, d]));
const hasText = (d) => typeof d?.text === 'string' && d.text.trim() !== '';
// A deep-link target with a full text if the sample has one (its documents may be metadata only).
const usable = docs.filter((d) => typeof d?.id === 'string' && typeof d?.title === 'string');
const deepDoc = usable.find(hasText) ?? usable[0];

/** Checks the parts of a document page that `doc` has data for. */
async function expectDocumentParts(page, doc) {
  const parts = [
    [SEL.docMeta, true],
    [SEL.backToResults, true],
    [SEL.docDate, Boolean(doc?.date)],
    [SEL.docSummary, Boolean(doc?.summary?.trim())],
    [SEL.docParagraphs, hasText(doc)],
  ];
  for (const [part, expected] of parts) {
    if (expected) assert.ok((await page.locator(part).count()) > 0, `the page of ${doc?.id} should have ${part}`);
  }
}
const twoPages = total > 10 ? false : `the sample archive has ${total} documents: paging needs more than 10`;
const queryTwoPages = df > 10 ? false : `no word of the sample archive is in more than 10 documents`;

if (!skip) console.log(`sample archive: ${total} documents; test query "${query}" (in ${df} documents)`);

describe('the sample archive', { skip }, () => {
  const server = useServer();
  const s = useBrowser();

  /** Opens the search page and waits for the browse results. */
  async function openSearch(search = '') {
    await s.page.goto(server.url + search);
    await waitForResults(s.page);
  }

  /** Types the test query and waits for its results; returns the summary line. */
  const search = (q = query) => typeQuery(s.page, q);

  it('loads the search page and browses every document ten at a time', async () => {
    await openSearch();
    await assert.doesNotReject(s.page.locator(SEL.searchBox).waitFor(), 'the search box should be there');
    const text = await summaryText(s.page);
    assert.match(text ?? '', total >= 10 ? /^Results: 1 - 10 of \d+$/ : SUMMARY_RE);
    assert.equal(text, expectedSummary(total), 'browsing should count every document of the bundle');
    const hits = s.page.locator(SEL.hits);
    assert.equal(await hits.count(), Math.min(10, total));
    for (const part of [SEL.hitDate, SEL.hitTitle, SEL.hitSummary]) {
      assert.equal(await hits.locator(part).count(), Math.min(10, total), `every hit should have a ${part}`);
    }
    assert.equal(await s.page.locator(SEL.loading).count(), 0, 'the loading indicator should be gone');
    s.session.expectCleanConsole();
  });

  it('updates the results as the user types a query, and puts the query in the URL', async () => {
    await openSearch();
    const browse = await summaryText(s.page);
    const text = await search();
    assert.notEqual(text, browse);
    assert.match(text ?? '', df >= 10 ? /^Results: 1 - 10 of \d+$/ : SUMMARY_RE);
    const { total: found } = parseSummary(text);
    assert.ok(found >= 1 && found < total, `"${query}" should find some documents but not all: ${text}`);
    assert.ok((await hitTitles(s.page)).length > 0, 'hits should be listed');
    await eventually(() => assert.equal(urlParams(s.page).get('q'), query, 'the URL should carry the query as q'));
    s.session.expectCleanConsole();
  });

  it('goes to results 11 to 20 with the next page link while browsing', { skip: twoPages }, async () => {
    await openSearch();
    await s.page.locator(SEL.next).click();
    await waitForSummary(s.page, expectedSummary(total, 2));
    assert.equal(urlParams(s.page).get('page'), '2', 'the URL should carry page=2');
    assert.equal(squash(await s.page.locator(SEL.currentPage).textContent()), '2', 'page 2 should be marked aria-current');
    assert.equal(await s.page.locator(SEL.prev).count(), 1, 'page 2 should have a previous page link');
    s.session.expectCleanConsole();
  });

  it('goes to results 11 to 20 of a query with the next page link', { skip: queryTwoPages }, async () => {
    await openSearch();
    const { total: found } = parseSummary(await search());
    await s.page.locator(SEL.next).click();
    await waitForSummary(s.page, expectedSummary(found, 2));
    assert.match(await summaryText(s.page), /^Results: 11 - \d+ of \d+$/);
    const params = urlParams(s.page);
    assert.equal(params.get('page'), '2', 'the URL should carry page=2');
    assert.equal(params.get('q'), query, 'the URL should keep the query');
    assert.equal(await s.page.locator(SEL.searchBox).inputValue(), query, 'the search box should keep the query');
    s.session.expectCleanConsole();
  });

  it('opens a document from its result title, and the back button returns to the same results page', { skip: queryTwoPages }, async () => {
    await openSearch();
    await search();
    await s.page.locator(SEL.next).click();
    const results = await waitForSummary(s.page, /^Results: 11 - /);
    const resultsUrl = s.page.url();

    const link = s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).nth(2);
    const title = squash(await link.textContent());
    const [id] = (await hitIds(s.page)).slice(2, 3);
    await link.click();
    await waitForDocument(s.page);
    assert.equal(await headingText(s.page), title, 'the document page h1 should be the clicked title');
    const { pathname } = new URL(s.page.url());
    assert.ok(pathname.startsWith(`${BASE}doc/`) && !pathname.slice(BASE.length + 4).includes('/'), `the document page should live at ${BASE}doc/{id}, not ${pathname}`);
    await expectDocumentParts(s.page, byId.get(id));

    await s.page.goBack();
    await waitForSummary(s.page, results);
    assert.equal(s.page.url(), resultsUrl, 'back should restore the results URL');
    assert.equal(await s.page.locator(SEL.searchBox).inputValue(), query, 'the search box should hold the query again');
    s.session.expectCleanConsole();
  });

  it('returns from a document to the same results page with the back-to-results link', { skip: queryTwoPages }, async () => {
    await openSearch();
    await search();
    await s.page.locator(SEL.next).click();
    const results = await waitForSummary(s.page, /^Results: 11 - /);

    await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
    await waitForDocument(s.page);
    await s.page.locator(SEL.backToResults).click();
    await waitForSummary(s.page, results);
    const params = urlParams(s.page);
    assert.equal(params.get('q'), query);
    assert.equal(params.get('page'), '2');
    assert.equal(await s.page.locator(SEL.searchBox).inputValue(), query);
    s.session.expectCleanConsole();
  });

  it('shows the results page that a deep link with q and page names', { skip: queryTwoPages }, async () => {
    await openSearch(`?q=${encodeURIComponent(query)}&page=2`);
    await waitForSummary(s.page, /^Results: 11 - \d+ of \d+$/);
    assert.equal(await s.page.locator(SEL.searchBox).inputValue(), query);
    assert.equal(squash(await s.page.locator(SEL.currentPage).textContent()), '2');
    s.session.expectCleanConsole();
  });

  it('shows a document from a deep link, also after a reload', async () => {
    assert.ok(deepDoc, 'the sample archive should have a document with an id and a title');
    await s.page.goto(docUrl(server.url, deepDoc.id));
    await waitForDocument(s.page);
    assert.equal(await headingText(s.page), squash(deepDoc.title));
    await s.page.reload();
    await waitForDocument(s.page);
    assert.equal(await headingText(s.page), squash(deepDoc.title));
    await expectDocumentParts(s.page, deepDoc);
    s.session.expectCleanConsole();
  });

  it('says that a query has no hits and repeats the query', async () => {
    await openSearch();
    await typeQuery(s.page, noHitWord);
    const message = s.page.locator(SEL.noResults);
    await message.waitFor({ state: 'visible' });
    assert.ok(squash(await message.textContent()).includes(noHitWord), 'the message should contain the query');
    assert.equal(await s.page.locator(SEL.hits).count(), 0, 'no hits should be listed');
    s.session.expectCleanConsole();
  });

  it('shows "Document not found" for an unknown document id', async () => {
    await s.page.goto(docUrl(server.url, 'no-such-document-4711'));
    await waitForDocument(s.page);
    assert.equal(await headingText(s.page), 'Document not found');
    s.session.expectCleanConsole();
  });

  it('adds at most one history entry while the user types five characters', async () => {
    await openSearch();
    const before = await s.page.evaluate(() => history.length);
    // Slower than the debounce, so every keystroke gets its own chance to touch the history.
    await typeQuery(s.page, query.slice(0, 5), { delay: 250 });
    const afterTyping = await s.page.evaluate(() => history.length);
    assert.ok(afterTyping <= before + 1, `history grew from ${before} to ${afterTyping} entries while typing 5 characters`);
    s.session.expectCleanConsole();
  });
});

const no404Page = skip || (existsSync(path.join(DIST_DIR, '404.html')) ? false : 'dist/404.html is missing: GitHub Pages serves it for deep links');

describe('the sample archive on a GitHub-Pages-like host', { skip: no404Page }, () => {
  const server = useServer({ pages: true });
  const s = useBrowser();

  it("shows a document from a deep link, which the host answers with the document's own page", async () => {
    const response = await s.page.goto(docUrl(server.url, deepDoc.id));
    assert.equal(response.status(), 200, 'the host should have answered with doc/<id>.html');
    await waitForDocument(s.page);
    // The prerendered page is the page; a control that needs the app starts it.
    await s.page.locator('[data-first-view] section.cite button').first().focus();
    await s.page.waitForFunction(() => !document.querySelector('[data-first-view]'));
    assert.equal(await headingText(s.page), squash(deepDoc.title));
    s.session.expectCleanConsole();
  });

  it('shows the not-found page for an unknown document (404.html), and a search deep link (index.html)', async () => {
    // First: once the service worker runs, it answers every page with the stored index.html.
    let response = await s.page.goto(docUrl(server.url, 'no-such-document'));
    assert.equal(response.status(), 404, 'the host should have answered with its 404 page');
    await s.page.locator('h1', { hasText: /not found/i }).waitFor();
    response = await s.page.goto(`${server.url}?q=${encodeURIComponent('treaty')}&page=1`);
    assert.equal(response.status(), 200);
    await waitForResults(s.page);
    s.session.expectCleanConsole({ ignore: [/status of 404/] });
  });
});
