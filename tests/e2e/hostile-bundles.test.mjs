// Nothing a bundle holds can break Folio or run a script. Each test serves one hostile bundle
// as `data/archive.json` and checks, in Chromium, that the page shows either the data as
// inert text or a clear message; that no script ran (no dialog, no `window.__pwned`, no
// injected element, nothing for the Content-Security-Policy to block); that nothing panicked
// and the console stayed clean (save the browser's own line for an HTTP error); and that the
// valid documents can still be found.
//
// Small bundles are committed in tests/fixtures/hostile/ (see its README); the big ones
// (a 1 MB title, a 10 MB text, 50,000 documents, 10,000 people) are generated here into a
// temporary folder, and each is checked in a single page load.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';

import {
  SEL,
  distMissing,
  docUrl,
  headingText,
  hitIds,
  hitTitles,
  parseSummary,
  squash,
  summaryText,
  typeQuery,
  useBrowser,
  waitForDocument,
  waitForResults,
} from './helpers.mjs';
import {
  HTTP_ERROR_CONSOLE,
  armTripwires,
  claimSize,
  expectNothingRan,
  fixture,
  prose,
  scratchDir,
  serveFile,
  serveStatus,
  stallAfter,
  stallBeforeHeaders,
  startHostileServer,
  streamOfSize,
  witness,
  writeBundle,
} from './hostile.mjs';

const skip = distMissing();
const BIG_TIMEOUT = 120_000;
// The app gives up on a download after this many seconds without a byte (crates/folio-worker/src/load.rs).
const STALL_SECONDS = 30;
const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;

describe('hostile bundles', { skip }, () => {
  let server;
  let scratch;
  before(async () => {
    server = await startHostileServer();
    scratch = await scratchDir();
  });
  after(async () => {
    await server?.close();
    await scratch?.remove();
  });
  // Blocked so that every bundle request is the page's own (a worker would fetch it too).
  const s = useBrowser({ serviceWorkers: 'block' });
  let wires;
  beforeEach(async () => {
    wires = await armTripwires(s.page);
  });

  /** Serves `answer` as the bundle and opens `path` (relative to the site). */
  async function open(answer, path = '') {
    server.answer(answer);
    await s.page.goto(server.url + path);
  }

  /** Everything every test ends with: nothing ran, nothing panicked, the console is clean. */
  async function expectSafe({ ignore = [] } = {}) {
    await expectNothingRan(s.page, wires);
    s.session.expectNoPanic();
    s.session.expectCleanConsole({ ignore });
  }

  /** Opens the site on a bundle that cannot be used; returns the alert's text. */
  async function expectRefused(answer, pattern, { timeout = 30_000, ignore = [] } = {}) {
    await open(answer);
    const alert = s.page.locator(SEL.loadError);
    await alert.waitFor({ state: 'visible', timeout });
    const text = squash(await alert.textContent());
    assert.match(text, pattern, `the message should say what is wrong: ${text}`);
    assert.equal(await s.page.locator(SEL.loading).count(), 0, 'the loading indicator should be gone');
    await expectSafe({ ignore });
    return text;
  }

  /** Types `word` into the box and returns the ids of the hits. */
  async function find(word) {
    await typeQuery(s.page, word, { delay: 0 });
    return hitIds(s.page);
  }

  it('has tripwires that notice an injected element, a script URL, a dialog and a blocked script', async () => {
    await open(serveFile(fixture('bom.json')));
    await waitForResults(s.page);
    await expectNothingRan(s.page, wires);
    const injections = [
      () => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__pwned=1">'),
      () => document.querySelector('main').insertAdjacentHTML('beforeend', '<a href=" JavaScript:void(0)">x</a>'),
      () => {
        window.__pwned = 'set';
      },
    ];
    for (const inject of injections) {
      await s.page.evaluate(inject);
      await assert.rejects(expectNothingRan(s.page, wires), `the tripwires should notice ${inject}`);
      await s.page.reload();
      await waitForResults(s.page);
      wires.cspViolations.length = 0;
    }
    await s.page.evaluate(() => alert('pwned'));
    await assert.rejects(expectNothingRan(s.page, wires), 'a dialog should be noticed');
  });

  // -------------------------------------------------------------------------------------------
  // Markup, script URLs, entities, control characters, lone surrogates

  describe('markup and script in every text field', () => {
    const bundle = JSON.parse(readFileSync(fixture('markup.json'), 'utf8'));
    const byId = new Map(bundle.documents.map((d) => [d.id, d]));
    const scriptId = "<script>window.__pwned='id'</script>";

    it('lists every document with its markup as text, and runs none of it', async () => {
      await open(serveFile(fixture('markup.json')));
      await waitForResults(s.page);
      assert.equal(parseSummary(await summaryText(s.page)).total, bundle.documents.length, 'every document should load');
      const header = squash(await s.page.locator('.site-title').first().textContent());
      assert.equal(header, bundle.archive.title, 'the archive title should read as written, tags and all');
      await expectSafe();
    });

    it('finds a clean document among hostile ones, and the hostile ones by the words of their markup', async () => {
      await open(serveFile(fixture('markup.json')));
      await waitForResults(s.page);
      assert.deepEqual(await find('marmalade'), ['clean-1']);
      assert.ok((await find('script')).includes(scriptId), 'words inside tags are indexed as text');
      const titles = await hitTitles(s.page);
      assert.ok(titles.includes(squash(byId.get(scriptId).title)), `the title with a script tag should read literally: ${titles}`);
      await expectSafe();
    });

    it('shows a document whose every field is markup as text, with its id in the URL', async () => {
      await open(serveFile(fixture('markup.json')), `doc/${encodeURIComponent(scriptId)}`);
      await waitForDocument(s.page);
      const doc = byId.get(scriptId);
      assert.equal(await headingText(s.page), squash(doc.title));
      const body = squash(await s.page.locator('main').innerText());
      for (const text of [doc.summary, ...doc.people, ...doc.places, ...doc.subjects, doc.collection, doc.source, doc.language]) {
        assert.ok(body.includes(squash(text)), `the page should show ${JSON.stringify(text)} as text`);
      }
      assert.ok(body.includes('<iframe srcdoc='), 'the text keeps its tags as text');
      assert.ok(body.includes('&lt;script&gt;'), 'entities stay entities, not decoded into tags');
      assert.ok(body.includes("alert('extra value')"), 'an extra field is shown as text');
      assert.ok(squash(await s.page.title()).includes(squash(doc.title)), 'the tab title is text too');
      await expectSafe();
    });

    it('links only http(s) URLs: javascript:, data: and vbscript: stay text', async () => {
      await open(serveFile(fixture('markup.json')), 'doc/clean-1');
      await waitForDocument(s.page);
      assert.equal(await s.page.locator('a[href="https://example.org/marmalade"]').count(), 1, 'an https URL is a link');
      for (const id of ['data-url', 'vbscript-url', 'javascript-url-disguised', 'javascript-url-tab', scriptId]) {
        await s.page.goto(docUrl(server.url, id));
        await waitForDocument(s.page);
        const url = byId.get(id).url.trim();
        const body = squash(await s.page.locator('main').innerText());
        assert.ok(body.includes(squash(url)), `${id}: the URL should be shown as text`);
        await expectNothingRan(s.page, wires);
      }
      await expectSafe();
    });

    it('keeps control characters, lone surrogates and bidirectional overrides as harmless text', async () => {
      await open(serveFile(fixture('markup.json')), 'doc/lone-surrogates');
      await waitForDocument(s.page);
      assert.equal(await headingText(s.page), 'Cut emoji \uFFFD at the end of a title', 'a lone surrogate becomes U+FFFD, the rest stays');
      assert.match(squash(await s.page.locator('main').innerText()), /a whole pair 😀 kept/);
      for (const id of ['controls', 'bidi']) {
        await s.page.goto(docUrl(server.url, id));
        await waitForDocument(s.page);
        assert.match(await headingText(s.page), id === 'controls' ? /^Control .* kept as text$/ : /right-to-left override/);
      }
      await s.page.goto(server.url);
      await waitForResults(s.page);
      assert.deepEqual(await find('marmalade'), ['clean-1'], 'the valid documents stay searchable');
      await expectSafe();
    });
  });

  // -------------------------------------------------------------------------------------------
  // Wrong shapes, invalid dates, duplicate ids

  it('loads the valid and repaired documents of a bundle of wrong shapes and lists what it skipped', async () => {
    await open(serveFile(fixture('wrong-shapes.json')));
    await waitForResults(s.page);
    // 28 entries: 14 skipped (no usable id or title, a repeated id, not an object), 14 loaded,
    // 11 of them repaired (numbers made text, lists and objects left out, impossible dates).
    assert.equal(parseSummary(await summaryText(s.page)).total, 14);
    const notice = squash(await s.page.locator('.load-notice').textContent());
    assert.match(notice, /14 documents skipped/, notice);
    assert.match(notice, /11 documents repaired/, notice);
    assert.match(notice, /“1956-13-45”/, 'each repair is listed with its reason');
    assert.deepEqual(await find('quince'), ['valid-shapes']);
    assert.deepEqual(await find('pomegranate'), ['12345'], 'a numeric id becomes text');
    await s.page.goto(docUrl(server.url, 'dup'));
    await waitForDocument(s.page);
    assert.equal(await headingText(s.page), 'The first document with id dup', 'the first of two equal ids wins');
    await s.page.goto(docUrl(server.url, 'nested-arrays'));
    await waitForDocument(s.page);
    const meta = squash(await s.page.locator(SEL.docMeta).innerText());
    assert.match(meta, /Flat Person/);
    assert.doesNotMatch(meta, /Deeper|Object Person|Rome/, 'values of the wrong shape are left out');
    await s.page.goto(docUrl(server.url, 'bad-month-day'));
    await waitForDocument(s.page);
    assert.equal(await s.page.locator(SEL.docDate).count(), 0, 'an impossible date is left out, not shown');
    await expectSafe();
  });

  // -------------------------------------------------------------------------------------------
  // Awkward ids

  describe('ids with / ? # % & +, spaces and non-Latin letters', () => {
    const docs = JSON.parse(readFileSync(fixture('awkward-ids.json'), 'utf8')).documents;

    it('reaches every document at its URL, and goes back to the archive from it', async () => {
      await open(serveFile(fixture('awkward-ids.json')));
      await waitForResults(s.page);
      for (const doc of docs) {
        await s.page.goto(docUrl(server.url, doc.id));
        await waitForDocument(s.page);
        assert.equal(await headingText(s.page), doc.title, `doc/${encodeURIComponent(doc.id)} should show ${JSON.stringify(doc.id)}`);
        await s.page.locator(SEL.backToResults).click();
        await waitForResults(s.page);
        assert.equal(new URL(s.page.url()).pathname, new URL(server.url).pathname, `back from ${JSON.stringify(doc.id)}`);
      }
      await expectSafe();
    });

    it('links every document from the results to its URL, and back restores the results', async () => {
      await open(serveFile(fixture('awkward-ids.json')));
      await waitForResults(s.page);
      for (const doc of docs) {
        const word = doc.title.split(' ').pop();
        assert.deepEqual(await find(word), [doc.id], `"${word}" should find ${JSON.stringify(doc.id)}`);
        const results = s.page.url();
        await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
        await waitForDocument(s.page);
        assert.equal(await headingText(s.page), doc.title);
        await s.page.goBack();
        await waitForResults(s.page);
        assert.equal(s.page.url(), results, `back from ${JSON.stringify(doc.id)} should restore the results`);
      }
      await expectSafe();
    });
  });

  // -------------------------------------------------------------------------------------------
  // Files that are not a usable bundle

  it('loads a bundle that starts with a byte-order mark', async () => {
    await open(serveFile(fixture('bom.json')));
    await waitForResults(s.page);
    assert.deepEqual(await find('tamarind'), ['bom-1']);
    await expectSafe();
  });

  it('says so when the bundle is an empty file', async () => {
    await expectRefused(serveFile(fixture('empty.json')), /empty/);
  });

  it('says where a truncated bundle ends', async () => {
    await expectRefused(serveFile(fixture('truncated.json')), /not valid JSON.*line \d+, column \d+/);
  });

  it('says so, and runs none of it, when an HTML error page is served as the bundle', async () => {
    await expectRefused(serveFile(fixture('html-error-page.json'), { contentType: 'text/html' }), /HTML page/);
  });

  it('says so when the file is JSON but not a Folio bundle', async () => {
    await expectRefused(serveFile(fixture('not-a-bundle.json')), /not a Folio bundle/);
  });

  it('says so when the bundle is a newer format version', async () => {
    await expectRefused(serveFile(fixture('newer-version.json')), /version 99.*reads version 1/);
  });

  it('says so when no document of the bundle is usable', async () => {
    await expectRefused(serveFile(fixture('no-usable-documents.json')), /no usable documents \(5 skipped\)/);
  });

  // -------------------------------------------------------------------------------------------
  // HTTP failures, stalls, sizes

  it('says so when the bundle is missing (HTTP 404)', async () => {
    await expectRefused(serveStatus(404, 'Not found'), /HTTP 404/, { ignore: [HTTP_ERROR_CONSOLE] });
  });

  it('says so when the server fails (HTTP 500)', async () => {
    await expectRefused(serveStatus(500, '<h1>Internal Server Error</h1><script>alert(1)</script>'), /HTTP 500/, {
      ignore: [HTTP_ERROR_CONSOLE],
    });
  });

  it('shows progress, then says the download stalled, when the server never answers', async () => {
    await open(stallBeforeHeaders());
    await s.page.locator(SEL.loadingProgress).waitFor({ state: 'visible' });
    const alert = s.page.locator(SEL.loadError);
    await alert.waitFor({ state: 'visible', timeout: (STALL_SECONDS + 15) * 1000 });
    assert.match(squash(await alert.textContent()), new RegExp(`stalled.*${STALL_SECONDS} seconds`));
    await expectSafe();
  });

  it('shows the bytes received, then says the download stalled, when the server stops halfway', async () => {
    const bytes = readFileSync(fixture('markup.json'));
    await open(stallAfter(bytes, Math.floor(bytes.length / 2)));
    await s.page.locator(SEL.loadingProgress).waitFor({ state: 'visible' });
    await s.page.getByText(/Downloading the archive… \d+ KB of \d+ KB/).waitFor();
    const alert = s.page.locator(SEL.loadError);
    await alert.waitFor({ state: 'visible', timeout: (STALL_SECONDS + 15) * 1000 });
    assert.match(squash(await alert.textContent()), /stalled/);
    await expectSafe();
  });

  it('refuses at once a bundle whose Content-Length is over the size limit', async () => {
    const text = await expectRefused(claimSize(MAX_BUNDLE_BYTES + 1), /too large.*128 MiB/);
    assert.match(text, /134217728 bytes/);
  });

  it('refuses a bundle that turns out to be over the size limit while it streams in, without crashing the tab', async () => {
    await expectRefused(streamOfSize(MAX_BUNDLE_BYTES + (1 << 20)), /too large.*128 MiB/, { timeout: BIG_TIMEOUT });
    // The tab is alive and responsive.
    assert.equal(await s.page.evaluate(() => 6 * 7), 42);
  });

  // -------------------------------------------------------------------------------------------
  // Sizes: generated bundles, one page load each

  it('loads a document with a 1 MB title, and finds the others', async () => {
    const title = `Giant ${prose(150_000)} colossus`;
    assert.ok(title.length > 1_000_000);
    const file = await writeBundle(scratch.file('big-title.json'), [
      { id: 'giant-title', title, date: '1900' },
      witness('witness', 'lemonade'),
    ]);
    await open(serveFile(file));
    await waitForResults(s.page, { timeout: BIG_TIMEOUT });
    assert.deepEqual(await find('lemonade'), ['witness']);
    assert.deepEqual(await find('colossus'), ['giant-title']);
    await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
    await waitForDocument(s.page, { timeout: BIG_TIMEOUT });
    assert.equal((await s.page.locator('h1').textContent()).length, title.length, 'the whole title is shown');
    await expectSafe();
  });

  it('loads a document with a 10 MB text, and finds words at its end', async () => {
    const paragraphs = [];
    for (let size = 0; size < 10_000_000; size += paragraphs.at(-1).length + 2) paragraphs.push(prose(300, paragraphs.length + 1));
    paragraphs.push('The very last paragraph holds the word needlework.');
    const text = paragraphs.join('\n\n');
    const file = await writeBundle(scratch.file('big-text.json'), [
      { id: 'giant-text', title: 'A very long text', date: '1900', text },
      witness('witness', 'lemonade'),
    ]);
    await open(serveFile(file));
    await waitForResults(s.page, { timeout: BIG_TIMEOUT });
    assert.deepEqual(await find('lemonade'), ['witness']);
    assert.deepEqual(await find('needlework'), ['giant-text']);
    await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
    await waitForDocument(s.page, { timeout: BIG_TIMEOUT });
    assert.equal(await s.page.locator(SEL.docParagraphs).count(), paragraphs.length, 'every paragraph is shown');
    await expectSafe();
  });

  it('loads 50,000 documents, pages to the last one and finds a single one', async () => {
    const n = 50_000;
    const docs = Array.from({ length: n }, (_, i) => ({
      id: `n${i + 1}`,
      title: `Document ${i + 1}: ${prose(5, i + 1)}`,
      date: `${1900 + (i % 100)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
      summary: prose(14, n + i),
    }));
    docs[n - 2].summary += ' Only this one mentions Zanzibar.';
    const file = await writeBundle(scratch.file('many-documents.json'), docs);
    await open(serveFile(file));
    await waitForResults(s.page, { timeout: BIG_TIMEOUT });
    assert.equal(parseSummary(await summaryText(s.page)).total, n);
    await s.page.goto(`${server.url}?page=999999`);
    await waitForResults(s.page, { timeout: BIG_TIMEOUT });
    const last = parseSummary(await summaryText(s.page));
    assert.equal(last.to, n, 'a page past the end shows the last page');
    assert.deepEqual(await find('zanzibar'), [`n${n - 1}`]);
    await expectSafe();
  });

  it('loads a document with 10,000 people, and finds it by one of them', async () => {
    const people = Array.from({ length: 10_000 }, (_, i) => `Person ${i + 1} ${prose(1, i + 7)}`);
    people[9_999] = 'Zebedee Last';
    const file = await writeBundle(scratch.file('many-people.json'), [
      { id: 'crowd', title: 'A crowded conference', date: '1919', people },
      witness('witness', 'lemonade'),
    ]);
    await open(serveFile(file));
    await waitForResults(s.page, { timeout: BIG_TIMEOUT });
    assert.deepEqual(await find('lemonade'), ['witness']);
    assert.deepEqual(await find('zebedee'), ['crowd']);
    await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
    await waitForDocument(s.page, { timeout: BIG_TIMEOUT });
    const meta = await s.page.locator(SEL.docMeta).innerText();
    assert.ok(meta.includes('Person 1 ') && meta.includes('Zebedee Last'), 'the first and the last person are listed');
    await expectSafe();
  });
});
