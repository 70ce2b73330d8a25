// The citation files a reader downloads (BibTeX, RIS and CSL-JSON for one document; RIS and
// BibTeX for a whole result list), read back by a real parser, Citation.js, the way a
// reference manager imports them: each must come back as a manuscript with the document's
// title, date, archive, collection, URL and type. The files are the ones the running app
// offers for download, from the sample archive and from a bundle of awkward titles (TeX's
// special characters, ligatures, braces, accents, other scripts, line breaks, text that looks
// like a RIS tag or a BibTeX entry).
//
// What each format carries, as Zotero's import translators read it (the fields checked here):
// BibTeX @unpublished → manuscript; title, date, url, type; archive and collection in `note`.
// RIS TY MANSCPT → manuscript; TI, DA, UR, M3; DB the archive, AN and AV the collection.
// CSL-JSON manuscript; title, issued, URL, genre, archive, archive_location.

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';

import { BASE, docIdFromUrl, docUrl, readBundle, sampleMissing, useBrowser, useServer, waitForDocument, waitForResults } from './helpers.mjs';
import { EX, resultTotal, usableDocs, valuesOf } from './explore-support.mjs';

const skip = sampleMissing();
const squash = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

/** The archive's name as citations give it: its title, else its publisher, else "Folio". */
const archiveName = (meta) => [meta?.title, meta?.publisher].map(squash).find(Boolean) ?? 'Folio';

/** Citation.js's CSL items for a downloaded file, the format named (never guessed from content). */
function parse(format, text) {
  if (format === 'CSL-JSON') return new Cite(JSON.parse(text), { forceType: '@csl/list+object' }).data;
  return new Cite(text, { forceType: format === 'RIS' ? '@ris/file' : '@biblatex/text' }).data;
}

/** Asserts that `item` (Citation.js's reading of a file in `format`) describes `doc`. */
function expectDocument(item, doc, { format, meta, permalink }) {
  const what = `${format} of ${doc.id}`;
  assert.equal(item.type, 'manuscript', `${what}: item type`);
  assert.equal(squash(item.title), squash(doc.title), `${what}: title`);
  const parts = squash(doc.date).split('-').filter(Boolean).map(Number);
  if (parts.length) assert.deepEqual(item.issued?.['date-parts']?.[0], parts, `${what}: date`);
  else assert.equal(item.issued, undefined, `${what}: no date`);
  assert.equal(item.URL, permalink, `${what}: URL`);
  const archive = archiveName(meta);
  const collection = squash(doc.collection);
  if (format === 'BibTeX') {
    // BibTeX has no archive field a reference manager reads: both go into the note.
    assert.ok(squash(item.note).includes(archive), `${what}: the note names the archive: ${item.note}`);
    assert.ok(squash(item.note).includes(collection), `${what}: the note names the collection: ${item.note}`);
  } else {
    // RIS's DB ("name of database") is Zotero's archive and Citation.js's source.
    assert.equal(squash(format === 'RIS' ? item.source : item.archive), archive, `${what}: archive`);
    if (collection) assert.equal(squash(item.archive_location), collection, `${what}: collection`);
    else assert.equal(item.archive_location, undefined, `${what}: no collection`);
  }
  if (squash(doc.type)) assert.equal(squash(item.genre), squash(doc.type), `${what}: type`);
}

/** Clicks a download button and resolves to `{name, text}` of the file. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/** The three downloads of a document's page, parsed: `{BibTeX: [...], RIS: [...], 'CSL-JSON': [...]}`. */
async function citeDownloads(page, siteUrl, id) {
  await page.goto(docUrl(siteUrl, id));
  await waitForDocument(page);
  const out = {};
  for (const format of ['BibTeX', 'RIS', 'CSL-JSON']) {
    const { name, text } = await download(page, EX.citeDownload(format));
    assert.match(name, { BibTeX: /\.bib$/, RIS: /\.ris$/, 'CSL-JSON': /\.json$/ }[format]);
    if (format === 'RIS') {
      // Well-formed RIS: CR LF line ends, every line a tag, one record closed by ER.
      const lines = text.split('\r\n');
      assert.equal(lines.at(-1), '', 'RIS ends with CR LF');
      assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(text), 'no bare CR or LF');
      for (const line of lines.slice(0, -1)) assert.match(line, /^[A-Z][A-Z0-9] {2}- /, `RIS line “${line}”`);
      assert.equal(lines.at(-2), 'ER  - ');
    }
    out[format] = parse(format, text);
  }
  return out;
}

/** The result list's RIS and BibTeX downloads at `search`, parsed, with the result total. */
async function resultDownloads(page, siteUrl, search) {
  await page.goto(siteUrl + search);
  await waitForResults(page);
  const total = await resultTotal(page);
  await page.locator(`${EX.exportMenu} summary`).click();
  const ris = await download(page, EX.exportButton('ris'));
  const bib = await download(page, EX.exportButton('bib'));
  return { total, ris: parse('RIS', ris.text), bib: parse('BibTeX', bib.text), bibText: bib.text };
}

/** Checks every entry of a result-list export against the bundle, matched by its URL. */
function expectResults(items, { format, total, byId, meta, siteUrl, filter = () => true }) {
  assert.equal(items.length, total, `${format}: one entry per result`);
  const ids = items.map((item) => docIdFromUrl(item.URL, BASE));
  assert.equal(new Set(ids).size, ids.length, `${format}: no document twice`);
  items.forEach((item, i) => {
    const doc = byId.get(ids[i]);
    assert.ok(doc, `${format}: ${item.URL} is a document of the bundle`);
    assert.ok(filter(doc), `${format}: ${doc.id} is one of the results`);
    expectDocument(item, doc, { format, meta, permalink: docUrl(siteUrl, doc.id) });
  });
}

describe('citation downloads read back by Citation.js: the sample archive', { skip }, () => {
  const bundle = skip ? null : readBundle();
  const docs = skip ? [] : usableDocs(bundle);
  const meta = bundle?.archive ?? {};
  const byId = new Map(docs.map((d) => [d.id, d]));
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block' });

  it('gives each document as a manuscript with its title, date, archive, collection, URL and type', async () => {
    // The richest document, one dated to the year, one to the month, and a span.
    const rich = [...docs].sort((a, b) => Object.keys(b).length - Object.keys(a).length)[0];
    const year = docs.find((d) => /^\d{4}$/.test(d.date ?? ''));
    const month = docs.find((d) => /^\d{4}-\d{2}$/.test(d.date ?? ''));
    const span = docs.find((d) => d.date_end && d.date_end > d.date);
    const picked = [...new Set([rich, year, month, span].filter(Boolean))];
    assert.ok(picked.length >= 2, 'the sample has documents of different kinds');
    for (const doc of picked) {
      const files = await citeDownloads(s.page, server.url, doc.id);
      for (const [format, items] of Object.entries(files)) {
        assert.equal(items.length, 1, `${format} of ${doc.id}: one item`);
        expectDocument(items[0], doc, { format, meta, permalink: docUrl(server.url, doc.id) });
      }
    }
    s.session.expectCleanConsole();
  });

  it('gives the whole result list as RIS and BibTeX, every entry a manuscript of the results', async () => {
    const counts = {};
    for (const d of docs) for (const v of valuesOf(d, 'subject')) counts[v] = (counts[v] ?? 0) + 1;
    const [subject] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
    const { total, ris, bib } = await resultDownloads(s.page, server.url, `?subject=${encodeURIComponent(subject)}`);
    assert.ok(total > 10, 'more results than one page');
    const filter = (doc) => valuesOf(doc, 'subject').includes(subject);
    expectResults(ris, { format: 'RIS', total, byId, meta, siteUrl: server.url, filter });
    expectResults(bib, { format: 'BibTeX', total, byId, meta, siteUrl: server.url, filter });
    s.session.expectCleanConsole();
  });
});

// Titles that break naive writers, each with its own collection; dates of every precision.
const AWKWARD = [
  ['tex', '50% of $80,000 & #1 a_b c~d e^f back\\slash'],
  ['braces', 'Set {A} and a lone { brace'],
  ['closing', 'Closing } brace first {x'],
  ['ligatures', 'Pages 10--12, 1945---1946, ``quoted\'\' and \'\'this\'\', Now!! What?! ¡Sí! ¿Qué?'],
  ['tel', 'TELEGRAM FROM THE HOTEL'],
  ['accents', 'Count Szögyényi to Mr. Frelinghuysen: Asunción, Łódź, Dvořák'],
  ['scripts', 'Хрущёв — Кеннеди; 日本国との平和条約; اتفاقية'],
  ['lines', 'Line one\nLine  two\r\nthree\ttabbed'],
  ['ris', 'TI  - looks like a tag  - and\nER  - an end'],
  ['entry', 'Injected misc evil @misc{evil, title={x}} %comment'],
  ['latex', '\\textit{Italic} $\\alpha$ \\url{http://x}'],
];

describe('citation downloads read back by Citation.js: awkward titles', { skip }, () => {
  const bundleFile = path.join(os.tmpdir(), `folio-citations-${process.pid}.json`);
  const meta = { title: 'Archive & Co. {50%} -- TEL ~', publisher: 'The Folio project' };
  const dates = ['1945-05-08', '1946', '1947-02', '1961-08-13'];
  const docs = AWKWARD.map(([key, title], i) => ({
    id: `awkward-${key}`,
    title,
    date: dates[i % dates.length],
    collection: `Papers {${i}} & 50% -- ${key}`,
    summary: `About: ${title}`,
    subjects: ['Cold War', 'Germany, Federal Republic of'],
    language: 'en',
    type: i % 2 ? 'telegram' : 'memorandum',
  }));
  docs.push({ id: 'awkward-undated', title: 'No date, no collection' });
  const byId = new Map(docs.map((d) => [d.id, d]));
  const server = useServer(async () => {
    await writeFile(bundleFile, JSON.stringify({ format: 'folio-bundle', version: 1, archive: meta, documents: docs }));
    return { bundlePath: bundleFile };
  });
  const s = useBrowser({ serviceWorkers: 'block' });
  after(() => rm(bundleFile, { force: true }));

  it('keeps every title, date, archive, collection, URL and type through BibTeX, RIS and CSL-JSON', async () => {
    for (const doc of docs) {
      const files = await citeDownloads(s.page, server.url, doc.id);
      for (const [format, items] of Object.entries(files)) {
        assert.equal(items.length, 1, `${format} of ${doc.id}: one item`);
        expectDocument(items[0], doc, { format, meta, permalink: docUrl(server.url, doc.id) });
      }
    }
    s.session.expectCleanConsole();
  });

  it('exports every document of the list, and a query cannot add an entry through the BibTeX comment', async () => {
    const all = await resultDownloads(s.page, server.url, '');
    assert.equal(all.total, docs.length);
    expectResults(all.ris, { format: 'RIS', total: all.total, byId, meta, siteUrl: server.url });
    expectResults(all.bib, { format: 'BibTeX', total: all.total, byId, meta, siteUrl: server.url });

    const q = 'evil}@misc{evil, title={x}}';
    const hostile = await resultDownloads(s.page, server.url, `?q=${encodeURIComponent(q)}`);
    assert.ok(hostile.total >= 1, 'the query finds the document it names');
    const comment = hostile.bibText.split('\n')[0];
    assert.match(comment, /^@comment\{[^{}@]*\}$/, `the comment holds no brace or @: ${comment}`);
    assert.equal((hostile.bibText.match(/^@unpublished\{/gm) ?? []).length, hostile.total);
    expectResults(hostile.bib, { format: 'BibTeX', total: hostile.total, byId, meta, siteUrl: server.url });
    s.session.expectCleanConsole();
  });
});
