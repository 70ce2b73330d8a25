// Nothing a URL or a reader types can break Folio or run a script. On the sample archive:
// hostile queries, typed into the box and carried by the URL, and hostile URL parameters and
// paths. After each, the page is still there (the search box, and a summary line or a
// no-results message; or the document or not-found page), the state that made sense is kept,
// nothing ran, nothing panicked and the console is clean.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, it } from 'node:test';

import {
  DIST_DIR,
  SEL,
  eventually,
  expectedSummary,
  headingText,
  parseSummary,
  pickQuery,
  readBundle,
  sampleMissing,
  squash,
  statusText,
  summaryText,
  urlParams,
  useBrowser,
  useServer,
  waitForDocument,
  waitForQuery,
  waitForResults,
} from './helpers.mjs';
import { armTripwires, expectNothingRan } from './hostile.mjs';

const skip = sampleMissing();
const docs = skip ? [] : readBundle().documents;
const { query: word, df } = skip ? {} : pickQuery(docs);

/** Ten thousand characters: words, operators and punctuation, over and over. */
const LONG_QUERY = 'treaty (peace OR "cold war") title: -soviet * ¿? '.repeat(300).slice(0, 10_000);

/** Hostile queries by kind; each is typed into the box and also opened as `?q=`. */
const QUERIES = {
  'ten thousand characters': [LONG_QUERY, 'a'.repeat(10_000)],
  'only punctuation': ['!!! ... ??? ,,, ;;; --- ***', '"', "''", '()', '[]{}<>', '\\', '%', '&&', '||', '::'],
  'only stop words': ['the of and', 'a an the to in on at by for'],
  'unbalanced quotes and parentheses': ['"treaty of', 'treaty"', '((treaty', 'treaty))', '(peace OR "cold war', ')(', '"(")'],
  'a lone star and operators alone': ['*', '**', '* *', 'OR', 'AND', 'NOT', '-', '+', 'NOT NOT OR', 'treaty OR', 'OR treaty'],
  'a field scope with nothing after it': ['title:', 'title: ', 'people:', 'title:""', 'title:(', 'nosuchfield:treaty', ':', 'title:title:'],
  emoji: ['🕊️', '📜🇺🇳', '👩‍👩‍👧 treaty', '🏳️‍🌈', '\u{1F600}\u{FE0F}\u{200D}'],
  'right-to-left text': ['שלום', 'مرحبا بالعالم', '\u202Etreaty\u202C', '\u2067peace\u2069', 'treaty \u202E'],
  'combining marks': ['Asuncio\u0301n', '\u0301\u0301\u0301', 'e\u0301\u0302\u0303\u0304', 'Z\u0351\u0362a\u0336\u0357l\u0328\u034Fg\u0315o'],
  'zero-width characters': ['\u200B', 'tre\u200Baty', '\u200C\u200D\uFEFF\u2060', 'treaty\u200B'],
  'markup and script': ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)'],
  'control characters': ['\u0000', 'treaty\u0007\u001B[31m', '\u0085\u2028\u2029'],
};

describe('hostile queries and URLs', { skip }, () => {
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block' });
  let wires;
  beforeEach(async () => {
    wires = await armTripwires(s.page);
  });

  /** Fails unless the search page is fully there: the box and a status line. */
  async function expectSearchPage(context) {
    assert.equal(await s.page.locator(SEL.searchBox).count(), 1, `${context}: the search box should be there`);
    const status = await statusText(s.page);
    assert.ok(status, `${context}: a summary line or a no-results message should be shown`);
    return status;
  }

  async function expectSafe() {
    await expectNothingRan(s.page, wires);
    s.session.expectNoPanic();
    s.session.expectCleanConsole();
  }

  /**
   * Opens `url`. Hosts refuse request lines much over 8 KB (Node answers 431 above 16 KB), so
   * a longer URL is opened the way a link inside the app would: by the router, without a
   * request (after loading the site once).
   */
  async function visit(url) {
    if (url.length <= 8_000) {
      await s.page.goto(url);
      return;
    }
    if (!s.page.url().startsWith(server.url)) {
      await s.page.goto(server.url);
      await waitForResults(s.page);
    }
    await s.page.evaluate((href) => {
      history.pushState(null, '', href);
      dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, url);
  }

  /** Opens the search page at `search` (a query string, `?` included) and waits for it. */
  async function openSearch(search = '') {
    await visit(server.url + search);
    await waitForResults(s.page);
  }

  describe('queries', () => {
    for (const [kind, queries] of Object.entries(QUERIES)) {
      it(`keeps the page working for ${kind}, typed and in the URL`, async () => {
        await openSearch();
        const box = s.page.locator(SEL.searchBox);
        for (const q of queries) {
          await box.fill(q);
          await waitForQuery(s.page, q);
          await expectSearchPage(`typed ${JSON.stringify(q.slice(0, 40))}`);
          assert.equal(await box.inputValue(), q, 'the box keeps what was typed');
        }
        for (const q of queries) {
          await openSearch(`?q=${encodeURIComponent(q)}`);
          await expectSearchPage(`?q=${JSON.stringify(q.slice(0, 40))}`);
          await eventually(async () => assert.equal(await box.inputValue(), q, 'the box shows the query from the URL'));
        }
        await expectSafe();
      });
    }

    it('finds the same documents for a word written with a combining accent and a precomposed one', async () => {
      await openSearch('?q=' + encodeURIComponent('Asunción '));
      const composed = await statusText(s.page);
      await openSearch('?q=' + encodeURIComponent('Asuncio\u0301n '));
      assert.equal(await statusText(s.page), composed);
      await expectSafe();
    });
  });

  describe('URL parameters', () => {
    const total = docs.length;
    const pages = Math.ceil(df / 10);
    /** `[query string, what the page should show]`; `word` is a query with `df` hits. */
    const cases = [
      [`q=${word}&page=-1`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&page=0`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&page=abc`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&page=1e3`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&page=2.5`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&page=`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&page=999999`, { q: word, summary: expectedSummary(df, pages) }],
      [`q=${word}&page=99999999999999999999999`, { q: word }],
      [`page=999999`, { q: '', summary: expectedSummary(total, Math.ceil(total / 10)) }],
      [`q=${word}&sort=nonsense`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&sort=`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&per=7`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&per=-10`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&per=100000`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&subject=No+such+subject+anywhere`, { q: word }],
      [`q=${word}&person=%3Cscript%3Ealert(1)%3C%2Fscript%3E`, { q: word }],
      [`q=${word}&facet=x&foo=bar&=&&&`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&from=1956-13-45&to=99999`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&from=0000&to=abc`, { q: word, summary: expectedSummary(df, 1) }],
      [`q=${word}&exact=maybe`, { q: word }],
      [`q=%E0%A4%A`, { q: '\uFFFD%A' }],
      [`q=%`, { q: '%' }],
      [`q=%zz%`, { q: '%zz%' }],
      [`q=100%25`, { q: '100%' }],
      [`q=%FF%FE%00`, { q: '\uFFFD\uFFFD\u0000' }],
      [`q=%ED%A0%80`, {}],
      [`q=first&q=${word}`, { q: word }],
      [`q`, { q: '' }],
      [`=&==&q==`, {}],
      [`%71=${word}`, { q: word }],
      [`q=${encodeURIComponent(LONG_QUERY)}`, { q: LONG_QUERY }],
      [`q=${word}#<img src=x onerror=alert(1)>`, { q: word }],
    ];

    it(`clamps or ignores nonsense in ${cases.length} query strings, keeping the rest of the state`, async () => {
      for (const [qs, want] of cases) {
        await openSearch(`?${qs}`);
        const context = `?${qs.slice(0, 60)}`;
        const status = await expectSearchPage(context);
        if (want.q !== undefined) {
          await eventually(async () =>
            assert.equal(await s.page.locator(SEL.searchBox).inputValue(), want.q, `${context}: the query is kept`),
          );
        }
        if (want.summary) assert.equal(squash(status), want.summary, `${context}: the results shown`);
      }
      await expectSafe();
    });

    it('shows the last page for a page past the end, and its links work', async () => {
      await openSearch(`?q=${word}&page=999999`);
      const last = parseSummary(await summaryText(s.page));
      assert.equal(last.to, df);
      await s.page.locator(SEL.prev).click();
      await waitForResults(s.page);
      assert.equal(urlParams(s.page).get('page'), String(pages - 1) === '1' ? null : String(pages - 1));
      await expectSafe();
    });
  });

  describe('paths', () => {
    // A host that serves the app for every path (as trunk serve and most static hosts do for
    // an SPA), even for paths a strict server would refuse (bad percent-escapes).
    const index = skip ? '' : readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');
    beforeEach(async () => {
      await s.page.route(
        (url) => url.pathname.startsWith('/doc/') || url.pathname.startsWith('/nowhere') || url.pathname.startsWith('//'),
        (route) =>
          route.request().resourceType() === 'document'
            ? route.fulfill({ status: 200, contentType: 'text/html', body: index })
            : route.continue(),
      );
    });

    const notFound = [
      'doc/%E0%A4%A',
      'doc/%',
      'doc/%zz',
      'doc/%00',
      'doc/' + encodeURIComponent('<script>alert(1)</script>'),
      'doc/<img src=x onerror=alert(1)>',
      'doc/no-such-document',
      'doc/a/b/c',
      'doc/..%2F..%2Fetc%2Fpasswd',
      'doc/' + encodeURIComponent('\u202Eevil'),
      'doc/' + 'x'.repeat(5000),
      'nowhere/at/all?q=<script>',
      '/evil.example/',
      '__panic',
    ];

    it(`shows "Document not found" for ${notFound.length} hostile paths, and the way back works`, async () => {
      for (const p of notFound) {
        await s.page.goto(server.url + p);
        await s.page.locator('h1').first().waitFor();
        assert.equal(await headingText(s.page), 'Document not found', `/${p.slice(0, 60)}`);
        assert.equal(new URL(s.page.url()).origin, new URL(server.url).origin, 'the page stays on the site');
      }
      await s.page.locator('.not-found a').first().click();
      await waitForResults(s.page);
      await expectSafe();
    });

    it('keeps the document page working with hostile parameters after the id', async () => {
      const doc = docs.find((d) => typeof d.id === 'string');
      for (const qs of ['page=-1&q=%', `q=${encodeURIComponent(LONG_QUERY)}&page=abc`, 'q=%E0%A4%A&sort=x&per=7']) {
        await visit(`${server.url}doc/${encodeURIComponent(doc.id)}?${qs}`);
        await waitForDocument(s.page);
        assert.equal(await headingText(s.page), squash(doc.title));
        await s.page.locator(SEL.backToResults).click();
        await waitForResults(s.page);
        await expectSearchPage(`back from doc?${qs.slice(0, 40)}`);
      }
      await expectSafe();
    });
  });
});
