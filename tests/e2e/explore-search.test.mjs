// Exploring the results on the search page: facets with exact counts, OR within a facet and AND
// across facets, chips, the date range and the timeline, filters in the URL, downloads of the
// whole result list, and the keyboard. Expected numbers are recomputed from the bundle itself.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import {
  SEL,
  eventually,
  hitIds,
  pickQuery,
  readBundle,
  sampleMissing,
  summaryText,
  typeQuery,
  urlParams,
  useBrowser,
  useServer,
  waitForDocument,
  waitForQuery,
} from './helpers.mjs';
import { EX, countBy, facetCounts, openAt, overlaps, resultTotal, toggleFacet, usableDocs, valuesOf, waitForTotal, yearSpan } from './explore-support.mjs';

const skip = sampleMissing();
const docs = skip ? [] : usableDocs(readBundle());
const { query } = skip ? {} : pickQuery(docs);
const top = (key, n = 1) =>
  Object.entries(countBy(docs, key))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([v]) => v);
const enc = encodeURIComponent;

/** RFC 4180 records of a CSV text (quoted fields may hold commas and line breaks). */
function csvRecords(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

describe('exploring the results', { skip }, () => {
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block' });

  it('browsing lists every facet with exact counts over all documents', async () => {
    await openAt(s.page, server.url);
    for (const key of ['collection', 'subject', 'person', 'place', 'lang']) {
      const expected = countBy(docs, key);
      const shown = await facetCounts(s.page, key);
      const distinct = Object.keys(expected).length;
      assert.equal(Object.keys(shown).length, Math.min(10, distinct), `${key}: the top ${Math.min(10, distinct)} values should be listed`);
      for (const [value, count] of Object.entries(shown)) assert.equal(count, expected[value], `${key} “${value}”`);
      const counts = Object.values(shown);
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a), `${key}: most frequent first`);
    }
    s.session.expectCleanConsole();
  });

  it('a value’s count is the number of results it leads to, and the counts follow the query', async () => {
    await openAt(s.page, server.url);
    await typeQuery(s.page, query);
    const total = await resultTotal(s.page);
    const collections = await facetCounts(s.page, 'collection');
    if (docs.every((d) => valuesOf(d, 'collection').length === 1)) {
      const sum = Object.values(collections).reduce((a, b) => a + b, 0);
      assert.equal(sum, total, 'every document has one collection, so the collection counts add up to the results');
    }
    const [subject, count] = Object.entries(await facetCounts(s.page, 'subject'))[0];
    await toggleFacet(s.page, 'subject', subject);
    await waitForTotal(s.page, count);
    assert.equal(urlParams(s.page).get('q'), query, 'the query stays');
    assert.deepEqual(urlParams(s.page).getAll('subject'), [subject]);
    s.session.expectCleanConsole();
  });

  it('values of one facet combine with OR, facets combine with AND, and siblings stay visible', async () => {
    const [a, b] = top('subject', 2);
    const [p] = top('place', 1);
    await openAt(s.page, server.url);
    await toggleFacet(s.page, 'subject', a);
    await waitForTotal(s.page, docs.filter((d) => valuesOf(d, 'subject').includes(a)).length);
    const siblings = await facetCounts(s.page, 'subject');
    assert.equal(siblings[b], countBy(docs, 'subject')[b], 'the other subjects keep their counts (OR)');
    await toggleFacet(s.page, 'subject', b);
    const either = docs.filter((d) => valuesOf(d, 'subject').some((v) => v === a || v === b));
    await waitForTotal(s.page, either.length);
    await toggleFacet(s.page, 'place', p);
    const both = either.filter((d) => valuesOf(d, 'place').includes(p));
    await waitForTotal(s.page, both.length);
    assert.equal((await facetCounts(s.page, 'place'))[p], both.length, 'the place count is exact under the subject filter');
    const checked = await s.page.locator(`${EX.facet('subject')} input:checked`).count();
    assert.equal(checked, 2, 'both subjects are ticked');
    s.session.expectCleanConsole();
  });

  it('shows selected filters as chips that remove them, with Clear all', async () => {
    const [subject] = top('subject');
    const [place] = top('place');
    await openAt(s.page, server.url, `?subject=${enc(subject)}&place=${enc(place)}&from=1900`);
    assert.equal(await s.page.locator(EX.chips).count(), 3);
    await s.page.locator(EX.chips).first().click();
    await eventually(() => assert.deepEqual(urlParams(s.page).getAll('subject'), []));
    assert.equal(urlParams(s.page).get('place'), place, 'the other filters stay');
    assert.equal(await s.page.locator(EX.chips).count(), 2);
    await s.page.locator(EX.clearAll).click();
    await waitForTotal(s.page, docs.length);
    assert.equal(new URL(s.page.url()).search, '', 'no filter is left in the URL');
    assert.equal(await s.page.locator(EX.chips).count(), 0);
    s.session.expectCleanConsole();
  });

  it('long facets show ten values, then Show more and a filter box', async () => {
    const people = countBy(docs, 'person');
    await openAt(s.page, server.url);
    const facet = s.page.locator(EX.facet('person'));
    assert.equal(await facet.locator('li.facet-value').count(), 10);
    await facet.getByRole('button', { name: /Show more/ }).click();
    assert.equal(await facet.locator('li.facet-value').count(), Object.keys(people).length, 'Show more lists every person');
    const name = top('person')[0];
    const word = name.split(/\s+/).pop().slice(0, 4);
    await facet.getByRole('searchbox', { name: 'Filter people' }).fill(word);
    const listed = Object.keys(await facetCounts(s.page, 'person'));
    assert.ok(listed.includes(name), `filtering by “${word}” keeps ${name}`);
    assert.ok(listed.every((v) => v.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').includes(word.toLowerCase())), `only names with “${word}”: ${listed}`);
    s.session.expectCleanConsole();
  });

  it('narrows to the documents whose date or span overlaps the date range, and explains a bad date', async () => {
    await openAt(s.page, server.url);
    await s.page.locator(EX.dateFrom).fill('1945');
    await s.page.locator(EX.dateTo).fill('1945-06');
    await s.page.locator(EX.dateApply).click();
    await eventually(() => assert.equal(urlParams(s.page).get('to'), '1945-06'));
    assert.equal(urlParams(s.page).get('from'), '1945');
    await waitForTotal(s.page, docs.filter((d) => overlaps(d, '1945', '1945-06')).length);

    const url = s.page.url();
    await s.page.locator(EX.dateFrom).fill('45');
    await s.page.locator(EX.dateApply).click();
    await eventually(async () => assert.match(await s.page.locator(EX.dateError).textContent(), /not a date/));
    assert.equal(await s.page.locator(EX.dateFrom).getAttribute('aria-invalid'), 'true');
    assert.equal(s.page.url(), url, 'a bad date changes nothing');
    s.session.expectCleanConsole();
  });

  it('the timeline counts the results by decade, a span in every decade it touches, and a bar narrows the range', async () => {
    await openAt(s.page, server.url);
    const byDecade = {};
    for (const d of docs) {
      const span = yearSpan(d);
      if (!span) continue;
      for (let dec = Math.floor(span[0] / 10) * 10; dec <= span[1]; dec += 10) byDecade[`${dec}s`] = (byDecade[`${dec}s`] ?? 0) + 1;
    }
    const labels = await s.page.locator(EX.bars).evaluateAll((as) => as.map((a) => a.getAttribute('aria-label')));
    assert.ok(labels.length >= 2, 'there are bars');
    for (const label of labels) {
      const [, decade, n] = /^(\d+s): (\d+) documents?$/.exec(label) ?? [];
      assert.ok(decade, `a bar is labelled “1940s: 36 documents”, not “${label}”`);
      assert.equal(Number(n), byDecade[decade], `${decade}`);
    }
    const [busiest] = Object.entries(byDecade).sort((a, b) => b[1] - a[1]);
    await s.page.locator(`${EX.bars}[aria-label^="${busiest[0]}:"]`).click();
    const start = busiest[0].slice(0, 4);
    await eventually(() => assert.equal(urlParams(s.page).get('from'), start));
    assert.equal(urlParams(s.page).get('to'), String(Number(start) + 9));
    await waitForTotal(s.page, busiest[1]);
    // Now by year, clipped to the decade; a span counts in each of its years.
    const years = await s.page.locator(EX.bars).evaluateAll((as) => as.map((a) => a.getAttribute('aria-label')));
    for (const label of years) {
      const [, year, n] = /^(\d{4}): (\d+) documents?$/.exec(label) ?? [];
      assert.ok(year, `a year bar reads “1945: 12 documents”, not “${label}”`);
      const expected = docs.filter((d) => {
        const sp = yearSpan(d);
        return sp && sp[0] <= Number(year) && sp[1] >= Number(year);
      }).length;
      assert.equal(Number(n), expected, year);
    }
    s.session.expectCleanConsole();
  });

  const spanning = docs.find((d) => yearSpan(d) && yearSpan(d)[0] < yearSpan(d)[1]);
  it('counts a document whose dates span several years in each of those years', { skip: spanning ? false : 'no document spans years' }, async () => {
    const [a, b] = yearSpan(spanning);
    await openAt(s.page, server.url, `?from=${a}&to=${b}`);
    const bars = Object.fromEntries(
      (await s.page.locator(EX.bars).evaluateAll((as) => as.map((x) => x.getAttribute('aria-label'))))
        .map((l) => /^(\d{4}): (\d+)/.exec(l))
        .map((m) => [m[1], Number(m[2])]),
    );
    for (let y = a; y <= b; y++) {
      const expected = docs.filter((d) => yearSpan(d) && yearSpan(d)[0] <= y && yearSpan(d)[1] >= y).length;
      assert.equal(bars[String(y)], expected, `${y}, which “${spanning.title}” spans`);
    }
    await waitForTotal(s.page, docs.filter((d) => overlaps(d, String(a), String(b))).length);
  });

  it('keeps every filter in the URL: without a query, with one, after a reload and through Back', async () => {
    const [subject] = top('subject');
    await openAt(s.page, server.url, `?q=${enc(query)}&subject=${enc(subject)}&from=1900&to=1999`);
    const total = await resultTotal(s.page);
    assert.ok(total > 0, `“${query}” on ${subject} should find something`);
    await s.page.reload();
    await waitForQuery(s.page, query);
    assert.equal(await resultTotal(s.page), total, 'a reload shows the same results');
    assert.equal(await s.page.locator(`${EX.facetValue('subject', subject)} input`).isChecked(), true);
    const [place] = Object.keys(await facetCounts(s.page, 'place'));
    await toggleFacet(s.page, 'place', place);
    assert.equal(urlParams(s.page).get('place'), place);
    await s.page.goBack();
    await eventually(() => assert.equal(urlParams(s.page).get('place'), null, 'Back removes the filter just added'));
    await waitForTotal(s.page, total);
    s.session.expectCleanConsole();
  });

  it('downloads every result as CSV, JSON, RIS and BibTeX, the search in the name and header', async () => {
    const [subject] = top('subject');
    await openAt(s.page, server.url, `?subject=${enc(subject)}`);
    const total = await resultTotal(s.page);
    assert.ok(total > 10, 'more results than one page');
    await s.page.locator(`${EX.exportMenu} summary`).click();
    const files = {};
    for (const ext of ['csv', 'json', 'ris', 'bib']) {
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator(EX.exportButton(ext)).click()]);
      const name = download.suggestedFilename();
      assert.match(name, new RegExp(`^folio-results_subject-[a-z0-9-]+\\.${ext}$`), name);
      assert.ok(name.includes(subject.toLowerCase().replace(/[^a-z0-9]+/g, '-')), `${name} names the subject`);
      files[ext] = await readFile(await download.path(), 'utf8');
    }
    const csv = csvRecords(files.csv.replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
    assert.equal(csv[0][0], 'id');
    assert.equal(csv.length - 1, total, 'one CSV row per result');
    const json = JSON.parse(files.json);
    assert.equal(json.count, total);
    assert.equal(json.documents.length, total);
    assert.deepEqual(json.query.filters.subject, [subject]);
    assert.ok(json.documents.every((d) => d.subjects.includes(subject)));
    assert.equal((files.ris.match(/^TY {2}- MANSCPT/gm) ?? []).length, total);
    assert.equal((files.bib.match(/^@unpublished\{/gm) ?? []).length, total);
    assert.match(files.bib, new RegExp(`^@comment\\{Exported from .*Subject: ${subject}`));
    s.session.expectCleanConsole();
  });

  it('announces the result count in a polite live region', async () => {
    await openAt(s.page, server.url);
    await typeQuery(s.page, query);
    const status = s.page.locator(EX.status);
    assert.equal(await status.count(), 1);
    assert.ok((await status.textContent()).includes(await summaryText(s.page)));
  });

  it('works from the keyboard: / focuses the box, arrows move through results, Enter opens, Escape clears', async () => {
    await openAt(s.page, server.url);
    await s.page.locator('body').click({ position: { x: 5, y: 300 } });
    await s.page.keyboard.press('/');
    const focused = () => s.page.evaluate(() => document.activeElement?.matches('input[type="search"][aria-label="Search the archive"]'));
    assert.equal(await focused(), true, '/ focuses the search box');
    await s.page.keyboard.type(query);
    await waitForQuery(s.page, query);
    const ids = await hitIds(s.page);
    await s.page.keyboard.press('ArrowDown');
    await s.page.keyboard.press('ArrowDown');
    const onSecond = await s.page.evaluate(() => document.activeElement?.closest('li.hit') === document.querySelectorAll('ol.hits li.hit')[1]);
    assert.ok(onSecond, 'two ↓ reach the second result');
    await s.page.keyboard.press('ArrowUp');
    await s.page.keyboard.press('ArrowUp');
    assert.equal(await focused(), true, '↑ from the first result returns to the box');
    await s.page.keyboard.press('Escape');
    await eventually(async () => assert.equal(await s.page.locator(SEL.searchBox).inputValue(), ''));
    await waitForTotal(s.page, docs.length);
    await s.page.keyboard.type(query);
    await waitForQuery(s.page, query);
    await s.page.keyboard.press('ArrowDown');
    await s.page.keyboard.press('Enter');
    await waitForDocument(s.page);
    assert.ok(decodeURIComponent(new URL(s.page.url()).pathname).endsWith(`/doc/${ids[0]}`), 'Enter opens the focused result');
    s.session.expectCleanConsole();
  });

  it('moves the focus to the first result after a page change, and shows it', async () => {
    await openAt(s.page, server.url);
    await s.page.locator(SEL.next).focus();
    await s.page.keyboard.press('Enter');
    await eventually(() => assert.equal(urlParams(s.page).get('page'), '2'));
    await eventually(async () => {
      const where = await s.page.evaluate(() => ({
        first: document.activeElement === document.querySelector('ol.hits a.hit-title'),
        outline: getComputedStyle(document.activeElement).outlineStyle,
      }));
      assert.ok(where.first, 'the first result of page 2 has the focus');
      assert.notEqual(where.outline, 'none', 'and the focus is visible');
    });
  });
});
