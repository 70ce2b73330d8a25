// The document page (every field, links to results, previous and next result, related
// documents, citations and their downloads, the permanent link, printing) and the browse and
// About pages, checked against the bundle itself.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import {
  SEL,
  docUrl,
  eventually,
  headingText,
  readBundle,
  sampleMissing,
  squash,
  summaryText,
  urlParams,
  useBrowser,
  useServer,
  waitForDocument,
  waitForResults,
} from './helpers.mjs';
import { EX, countBy, openAt, textOf, usableDocs, valuesOf, waitForTotal } from './explore-support.mjs';

const skip = sampleMissing();
const bundle = skip ? null : readBundle();
const docs = skip ? [] : usableDocs(bundle);
const meta = bundle?.archive ?? {};
const enc = encodeURIComponent;
const KNOWN = new Set(['id', 'title', 'date', 'date_end', 'summary', 'text', 'people', 'places', 'subjects', 'collection', 'source', 'language', 'url']);
// The richest document: the most fields, extras included.
const rich = [...docs].sort((a, b) => Object.keys(b).length - Object.keys(a).length)[0];
const [subject] = Object.entries(countBy(docs, 'subject')).sort((a, b) => b[1] - a[1])[0] ?? [];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const reading = (iso) => {
  const [y, m, d] = iso.split('-').map(Number);
  return d ? `${MONTHS[m - 1]} ${d}, ${y}` : m ? `${MONTHS[m - 1]} ${y}` : String(y);
};
/** A date or span as the page writes it: "June 12 – 14, 1962", "June – July 1962", "1961 – 1963". */
const readingRange = (start, end) => {
  if (!end || end <= start) return reading(start);
  const [y1, m1, d1] = start.split('-').map(Number);
  const [y2, m2, d2] = end.split('-').map(Number);
  if (y1 === y2 && m1 && m2 && d1 && d2) return m1 === m2 ? `${MONTHS[m1 - 1]} ${d1} – ${d2}, ${y1}` : `${MONTHS[m1 - 1]} ${d1} – ${MONTHS[m2 - 1]} ${d2}, ${y1}`;
  if (y1 === y2 && m1 && m2 && !d1 && !d2) return `${MONTHS[m1 - 1]} – ${MONTHS[m2 - 1]} ${y1}`;
  return `${reading(start)} – ${reading(end)}`;
};

describe('the document page', { skip }, () => {
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block' });

  async function openDoc(id, search = '') {
    await s.page.goto(docUrl(server.url, id) + search);
    await waitForDocument(s.page);
  }

  it('shows every field of the bundle, extras included, with people, places, subjects and collection linking to their results', async () => {
    await openDoc(rich.id);
    assert.equal(await textOf(s.page, SEL.docDate), readingRange(rich.date, rich.date_end), 'the date, or the span, as the bundle has it');
    const meta = squash(await s.page.locator(SEL.docMeta).textContent());
    for (const [key, value] of Object.entries(rich)) {
      if (['title', 'date', 'date_end', 'summary', 'text', 'language'].includes(key)) continue;
      for (const v of Array.isArray(value) ? value : [value]) assert.ok(meta.includes(String(v)), `the page should show ${key} “${v}”`);
    }
    const extras = Object.keys(rich).filter((k) => !KNOWN.has(k));
    assert.ok(extras.length > 0, 'the chosen document has extra fields');
    for (const key of ['person', 'place', 'subject', 'collection']) {
      for (const v of valuesOf(rich, key)) {
        const link = s.page.locator(`${SEL.docMeta} a[href$="?${key}=${enc(v).replace(/'/g, '%27')}"]`);
        assert.equal(await link.count(), 1, `${key} “${v}” links to its results`);
      }
    }
    const [first] = valuesOf(rich, 'subject');
    await s.page.locator(`${SEL.docMeta} a`, { hasText: first }).first().click();
    await waitForResults(s.page);
    await waitForTotal(s.page, docs.filter((d) => valuesOf(d, 'subject').includes(first)).length);
    s.session.expectCleanConsole();
  });

  it('steps to the previous and next result, and goes back to the results page that holds the document', async () => {
    const total = docs.filter((d) => valuesOf(d, 'subject').includes(subject)).length;
    assert.ok(total > 20, 'the subject fills three pages');
    await openAt(s.page, server.url, `?subject=${enc(subject)}&page=2`);
    await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).last().click();
    await waitForDocument(s.page);
    assert.equal(await textOf(s.page, EX.resultPosition), `Result 20 of ${total}`);
    await s.page.locator(EX.nextResult).focus();
    await s.page.keyboard.press('Enter');
    await eventually(async () => assert.equal(await textOf(s.page, EX.resultPosition), `Result 21 of ${total}`));
    assert.equal(urlParams(s.page).get('page'), '3', 'the next result sits on page 3');
    await eventually(async () => assert.ok(await s.page.evaluate(() => document.activeElement?.classList.contains('next-result')), 'the focus stays on “Next result”'));
    await s.page.locator(SEL.backToResults).click();
    await waitForResults(s.page);
    assert.equal(await summaryText(s.page), `Results: 21 - 30 of ${total}`);
    assert.deepEqual(urlParams(s.page).getAll('subject'), [subject]);
    await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
    await waitForDocument(s.page);
    await s.page.locator(EX.prevResult).click();
    await eventually(async () => assert.equal(await textOf(s.page, EX.resultPosition), `Result 20 of ${total}`));
    assert.equal(urlParams(s.page).get('page'), '2');
    s.session.expectCleanConsole();
  });

  it('lists at least five related documents, each saying why', async () => {
    await openDoc(rich.id);
    const items = s.page.locator(EX.related);
    assert.ok((await items.count()) >= 5, 'at least five related documents');
    const byTitle = new Map(docs.map((d) => [squash(d.title), d]));
    for (const item of await items.all()) {
      const other = byTitle.get(squash(await item.locator('a').textContent()));
      const reason = squash(await item.locator('.related-reason').textContent());
      assert.ok(other && other.id !== rich.id, 'a related document is another document of the archive');
      const shared = ['person', 'place', 'subject'].flatMap((k) => valuesOf(other, k).filter((v) => valuesOf(rich, k).includes(v)));
      for (const v of shared) assert.ok(reason.includes(v), `the reason “${reason}” names the shared “${v}”`);
      if (!shared.length) assert.match(reason, /^(Similar words|Close in date)/, reason);
    }
    s.session.expectCleanConsole();
  });

  it('cites the document in Chicago and MLA, each copied with one click', async () => {
    await s.session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await openDoc(rich.id, `?subject=${enc(valuesOf(rich, 'subject')[0])}`);
    const permalink = docUrl(server.url, rich.id);
    const note = await textOf(s.page, EX.citation('chicago-note'));
    assert.ok(note.startsWith(`“${rich.title},” ${readingRange(rich.date, rich.date_end)}, `), note);
    for (const part of [rich.collection, meta.title, permalink]) assert.ok(note.includes(part), `the note names ${part}: ${note}`);
    const bib = await textOf(s.page, EX.citation('chicago-bibliography'));
    assert.ok(bib.startsWith(`“${rich.title}.” ${readingRange(rich.date, rich.date_end)}. `), bib);
    const mla = await textOf(s.page, EX.citation('mla'));
    assert.ok(mla.startsWith(`“${rich.title}.” `), mla);
    assert.equal(squash(await s.page.locator(`${EX.citation('mla')} i`).textContent()), meta.title, 'MLA italicises the archive');
    await s.page.locator(EX.copy('chicago-note')).click();
    await eventually(async () => assert.equal(await s.page.evaluate(() => navigator.clipboard.readText()), note));
    await s.page.locator(EX.copy('mla')).click();
    await eventually(async () => assert.equal(await s.page.evaluate(() => navigator.clipboard.readText()), mla));
    assert.match(await textOf(s.page, '.cite-status'), /copied/);
    s.session.expectCleanConsole();
  });

  it('downloads BibTeX, RIS and CSL-JSON with the item type, title, date, archive, collection and URL', async () => {
    await openDoc(rich.id);
    const permalink = docUrl(server.url, rich.id);
    const files = {};
    for (const label of ['BibTeX', 'RIS', 'CSL-JSON']) {
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator(EX.citeDownload(label)).click()]);
      files[label] = { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
    }
    const bib = files.BibTeX.text;
    assert.match(files.BibTeX.name, /\.bib$/);
    assert.match(bib, /^@unpublished\{/, 'Zotero reads @unpublished as a manuscript');
    assert.ok(bib.includes(`title = {{${rich.title}}}`));
    assert.ok(bib.includes(`date = {${rich.date}}`));
    assert.ok(bib.includes(`url = {${permalink}}`));
    assert.ok(bib.includes(meta.title) && bib.includes(rich.collection), 'archive and collection in the note');
    const ris = files.RIS.text.split(/\r\n/);
    assert.match(files.RIS.name, /\.ris$/);
    for (const line of ['TY  - MANSCPT', `TI  - ${rich.title}`, `DA  - ${rich.date.replace(/-/g, '/')}/`, `DB  - ${meta.title}`, `AN  - ${rich.collection}`, `UR  - ${permalink}`]) {
      assert.ok(ris.includes(line), `RIS has “${line}”`);
    }
    assert.equal(ris.at(-2), 'ER  - ');
    const [csl] = JSON.parse(files['CSL-JSON'].text);
    assert.equal(csl.type, 'manuscript');
    assert.equal(csl.title, rich.title);
    assert.deepEqual(csl.issued['date-parts'][0], rich.date.split('-').map(Number));
    assert.equal(csl.archive, meta.title);
    assert.equal(csl.archive_location, rich.collection);
    assert.equal(csl.URL, permalink);
    s.session.expectCleanConsole();
  });

  it('gives a permanent link: the document’s own address, without the search', async () => {
    await openDoc(rich.id, `?subject=${enc(valuesOf(rich, 'subject')[0])}&page=2`);
    const href = await s.page.locator(EX.permalink).getAttribute('href');
    assert.equal(href, docUrl(server.url, rich.id));
    await s.page.goto(href);
    await waitForDocument(s.page);
    assert.equal(await headingText(s.page), squash(rich.title));
  });

  it('prints cleanly: the document and its citation, without the search chrome', async () => {
    await openDoc(rich.id);
    await s.page.emulateMedia({ media: 'print' });
    const visible = (sel) => s.page.locator(sel).first().isVisible();
    for (const sel of ['.site-header', '.site-nav', EX.resultNav, 'section.related', `${EX.cite} button`, '.site-footer']) {
      assert.equal(await visible(sel), false, `${sel} is not printed`);
    }
    for (const sel of ['h1', SEL.docMeta, EX.citation('chicago-bibliography')]) {
      assert.equal(await visible(sel), true, `${sel} is printed`);
    }
    await s.page.emulateMedia({ media: 'screen' });
  });
});

describe('the browse and About pages', { skip }, () => {
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block' });

  const rowsOf = (page) =>
    page.locator(EX.browseRows).evaluateAll((trs) => trs.map((tr) => [tr.querySelector('a').textContent.trim(), Number(tr.querySelector('td').textContent)]));

  it('lists every collection, subject, person and place with its count, by name or by count, filterable', async () => {
    for (const [slug, key] of [['collections', 'collection'], ['subjects', 'subject'], ['people', 'person'], ['places', 'place']]) {
      await s.page.goto(`${server.url}browse/${slug}`);
      await s.page.locator(EX.browseRows).first().waitFor();
      const expected = countBy(docs, key);
      const rows = await rowsOf(s.page);
      assert.equal(rows.length, Object.keys(expected).length, `${slug}: every value`);
      for (const [v, n] of rows) assert.equal(n, expected[v], `${slug} “${v}”`);
      const names = rows.map(([v]) => v.toLowerCase());
      assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })), `${slug} by name`);
    }
    await s.page.locator(EX.browseSort).selectOption('count');
    await eventually(() => assert.equal(urlParams(s.page).get('sort'), 'count'));
    const byCount = (await rowsOf(s.page)).map(([, n]) => n);
    assert.deepEqual(byCount, [...byCount].sort((a, b) => b - a));
    await s.page.locator(EX.browseFilter).fill('ber');
    await eventually(async () => assert.ok((await rowsOf(s.page)).every(([v]) => v.toLowerCase().includes('ber'))));
    assert.equal(urlParams(s.page).get('filter'), 'ber');
    const [[place, n]] = await rowsOf(s.page);
    await s.page.locator(EX.browseRows).first().locator('a').click();
    await waitForResults(s.page);
    await waitForTotal(s.page, n);
    assert.deepEqual(urlParams(s.page).getAll('place'), [place]);
    s.session.expectCleanConsole();
  });

  it('the About page gives the title, description, publisher, licence, number of documents and date span', async () => {
    await s.page.goto(`${server.url}about`);
    await s.page.locator('h1').waitFor();
    const text = squash(await s.page.locator('main').textContent());
    for (const v of [meta.title, meta.description, meta.publisher, meta.licence]) assert.ok(text.includes(squash(v)), `About shows “${v}”`);
    assert.ok(text.includes(`Documents${docs.length}`) || text.includes(String(docs.length)));
    const dated = docs.filter((d) => d.date).map((d) => [d.date, d.date_end ?? d.date]);
    const first = dated.map(([a]) => a).sort()[0];
    const last = dated.map(([, b]) => b).sort().at(-1);
    assert.ok(text.includes(`${reading(first)} – ${reading(last)}`), `the span ${first} – ${last}`);
    s.session.expectCleanConsole();
  });
});
