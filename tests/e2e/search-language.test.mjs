// The search a historian trusts, in the browser, on the whole FRUS corpus: corrections said
// out loud, snippets that mark what matched (stemmed and corrected words too), phrases,
// sorting and page size in the URL, partial matches for long questions, and the query's
// words marked on the document page with a working match counter.

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import { corpusFiles, makeCorpusBundle } from './corpus-bundle.mjs';
import { distMissing, parseSummary, squash, summaryText, useBrowser, useServer, waitForDocument, waitForResults, waitForAnswer, waitForSummary } from './helpers.mjs';

const LOAD_TIMEOUT = 60_000;
const skip = distMissing() || (corpusFiles() ? false : 'the shared corpus (../shared/corpus) is absent');
if (skip) console.log(`skipping the search-language tests: ${skip}`);

describe('search on the FRUS corpus', { skip, timeout: 600_000 }, () => {
  const bundleFile = path.join(os.tmpdir(), `folio-search-${process.pid}.json`);
  const server = useServer(async () => {
    assert.ok(await makeCorpusBundle(bundleFile), 'the corpus bundle should be written');
    return { bundlePath: bundleFile };
  });
  const s = useBrowser();
  after(() => rm(bundleFile, { force: true }));

  async function open(search) {
    await s.page.goto(server.url + search);
    await waitForResults(s.page, { timeout: LOAD_TIMEOUT });
  }

  const marks = (scope = 'ol.hits') => s.page.locator(`${scope} mark`).allInnerTexts();

  it('corrects a misspelt name, says so, and can search exactly what was typed instead', async () => {
    await open('?q=Krushchev%20Vienna');
    const correction = squash(await s.page.locator('.correction').innerText());
    assert.match(correction, /^Showing results for Khrushchev Vienna · Search instead for Krushchev Vienna$/);
    const { total } = parseSummary(await summaryText(s.page));
    assert.ok(total > 5, `the corrected query should find the Vienna meetings, got ${total}`);
    const marked = (await marks()).map((m) => m.toLowerCase());
    assert.ok(marked.includes('khrushchev'), `the corrected word is marked in snippets: ${marked.join(', ')}`);
    await s.page.click('.search-instead');
    await s.page.waitForURL(/exact=1/);
    // Exactly as typed, "Krushchev" matches nothing: only "Vienna" documents remain, as partial matches.
    await s.page.locator('.partial-note, .no-results').first().waitFor();
    assert.equal(await s.page.locator('.correction').count(), 0, 'no correction when asked for exact words');
    const exactMarks = (await marks()).map((m) => m.toLowerCase());
    assert.ok(!exactMarks.includes('khrushchev'), `nothing corrected is marked: ${exactMarks.join(', ')}`);
    s.session.expectCleanConsole();
  });

  it('marks stemmed forms in the snippets and picks a passage that holds the words', async () => {
    await open('?q=negotiations%20');
    const marked = new Set((await marks()).map((m) => m.toLowerCase()));
    assert.ok(marked.has('negotiations') || marked.has('negotiation'), `exact forms marked: ${[...marked]}`);
    assert.ok([...marked].some((m) => m !== 'negotiations' && m.startsWith('negotiat')), `other forms of the word are marked too: ${[...marked]}`);
    const snippets = await s.page.locator('ol.hits .hit-summary').allInnerTexts();
    assert.ok(snippets.filter((t) => /negotiat/i.test(t)).length >= 8, 'most snippets show where the word stands');
  });

  it('a quoted phrase narrows the results to the words side by side', async () => {
    await open('?q=security%20council%20soviet%20');
    const loose = parseSummary(await summaryText(s.page)).total;
    await open('?q=%22security%20council%22%20soviet%20');
    const phrase = parseSummary(await summaryText(s.page)).total;
    assert.ok(phrase > 0 && phrase < loose, `phrase ${phrase} should be fewer than loose ${loose}`);
    const marked = (await marks()).map((m) => m.toLowerCase());
    assert.ok(marked.includes('security') && marked.includes('council'));
  });

  it('sorts by date both ways and changes the page size, all kept in the URL', async () => {
    await open('?q=Berlin%20');
    const dates = async () =>
      (await s.page.locator('ol.hits .hit-date').allInnerTexts())
        .map((t) => {
          // The start of a span: "June 12 – 14, 1962" starts on June 12, 1962.
          const [start] = t.split(' – ');
          const year = t.match(/(\d{4})\s*$/)?.[1];
          return Date.parse(/\d{4}/.test(start) || !year ? start : `${start} ${year}`);
        })
        .filter((n) => !Number.isNaN(n));
    await s.page.selectOption('select[name=sort]', 'date');
    await s.page.waitForURL(/sort=date(&|$)/);
    await waitForAnswer(s.page);
    const asc = await dates();
    assert.ok(asc.length >= 5 && asc.every((d, i) => i === 0 || asc[i - 1] <= d), 'oldest first');
    await s.page.selectOption('select[name=sort]', 'date-desc');
    await s.page.waitForURL(/sort=date-desc/);
    await waitForAnswer(s.page);
    const desc = await dates();
    assert.ok(desc.length >= 5 && desc.every((d, i) => i === 0 || desc[i - 1] >= d), 'newest first');
    assert.ok(desc[0] > asc[0], 'the two orders differ');
    await s.page.selectOption('select[name=per]', '50');
    await s.page.waitForURL(/per=50/);
    await waitForSummary(s.page, /^Results: 1 - 50 of \d+$/);
    assert.equal(await s.page.locator('ol.hits li.hit').count(), 50);
    await s.page.reload();
    await waitForResults(s.page, { timeout: LOAD_TIMEOUT });
    assert.equal(await s.page.locator('select[name=sort]').inputValue(), 'date-desc', 'a reload keeps the sort');
    s.session.expectCleanConsole();
  });

  it('a long question with a wrong word still finds documents and says it matched some words', async () => {
    await open('?q=Khrushchev%20released%20the%20two%20RB-47%20pilots%20shot%20down%20over%20the%20Caspian%20Sea%20');
    await s.page.locator('.partial-note').waitFor();
    assert.ok(parseSummary(await summaryText(s.page)).total > 0);
    assert.match(squash(await s.page.locator('.partial-note').innerText()), /Also showing documents that match some of your words/);
  });

  it('the document page marks the query, counts the matches and steps through them', async () => {
    await open('?q=Khrushchev%20');
    await s.page.locator('ol.hits a.hit-title').first().click();
    await waitForDocument(s.page);
    const count = squash(await s.page.locator('.match-count').innerText());
    const n = Number(count.match(/^(\d+) match/)?.[1]);
    assert.ok(n >= 1, `a match count: "${count}"`);
    assert.equal(await s.page.locator('article mark').count(), n, 'the count equals the marks on the page');
    await s.page.click('.match-next');
    assert.match(squash(await s.page.locator('.match-count').innerText()), new RegExp(`^Match 1 of ${n} for`));
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'match-0');
    await s.page.click('.match-prev');
    assert.match(squash(await s.page.locator('.match-count').innerText()), new RegExp(`^Match ${n} of ${n} for`));
    s.session.expectCleanConsole();
  });
});
