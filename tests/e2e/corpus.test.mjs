// The whole shared FRUS corpus (4,167 documents, about 19 MB) as one bundle: it loads in
// reasonable time, browsing counts every document, and search finds names with and without
// their accents.

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import { corpusFiles, makeCorpusBundle, readCorpusDocuments } from './corpus-bundle.mjs';
import {
  SEL,
  distMissing,
  docUrl,
  fold,
  headingText,
  hitIds,
  parseSummary,
  squash,
  typeQuery,
  useBrowser,
  useServer,
  waitForDocument,
  waitForResults,
  waitForSummary,
} from './helpers.mjs';

const CORPUS_SIZE = 4167;
const LOAD_TIMEOUT = 60_000;

function corpusMissing() {
  if (corpusFiles()) return false;
  const reason = 'the shared corpus (../shared/corpus/*.jsonl beside the repository) is absent';
  console.log(`skipping the corpus tests: ${reason}`);
  return reason;
}

const skip = distMissing() || corpusMissing();
const docs = skip ? [] : readCorpusDocuments();
const byId = new Map(docs.map((d) => [d.id, d]));
const searchable = (d) => fold(`${d.title} ${d.summary} ${d.text}`);
// Documents that write "Asunción" and never "Asuncion": only accent folding can find them.
const accentedOnly = new Set(
  docs
    .filter((d) => `${d.title} ${d.summary} ${d.text}`.includes('Asunción'))
    .filter((d) => !`${d.title} ${d.summary} ${d.text}`.includes('Asuncion'))
    .map((d) => d.id),
);

describe('the whole FRUS corpus', { skip, timeout: 600_000 }, () => {
  const bundleFile = path.join(os.tmpdir(), `folio-corpus-${process.pid}.json`);
  const server = useServer(async () => {
    const made = await makeCorpusBundle(bundleFile);
    assert.ok(made, 'the corpus bundle should be written');
    console.log(`corpus bundle: ${made.count} documents in ${made.path}`);
    return { bundlePath: bundleFile };
  });
  const s = useBrowser();
  after(() => rm(bundleFile, { force: true }));

  async function openCorpus() {
    const started = Date.now();
    await s.page.goto(server.url);
    await waitForResults(s.page, { timeout: LOAD_TIMEOUT });
    return Date.now() - started;
  }

  it(`loads within a minute and browsing shows Results: 1 - 10 of ${CORPUS_SIZE}`, async () => {
    const ms = await openCorpus();
    console.log(`the corpus loaded and rendered in ${(ms / 1000).toFixed(1)} s`);
    await waitForSummary(s.page, `Results: 1 - 10 of ${CORPUS_SIZE}`);
    s.session.expectCleanConsole();
  });

  it('finds documents about Khrushchev', async () => {
    await openCorpus();
    const text = await typeQuery(s.page, 'Khrushchev');
    const { total } = parseSummary(text);
    assert.ok(total > 0, `a search for Khrushchev should have hits: ${text}`);
    const ids = await hitIds(s.page);
    assert.ok(ids.length > 0);
    const top = byId.get(ids[0]);
    assert.ok(top, `the top hit ${ids[0]} should be a corpus document`);
    assert.ok(searchable(top).includes('khrushchev'), `the top hit ${ids[0]} should mention Khrushchev`);
    s.session.expectCleanConsole();
  });

  it('shows a document of the corpus with its full text in paragraphs', async () => {
    const doc = docs.find((d) => d.id === 'frus1961-63v05-d1') ?? docs[0];
    await s.page.goto(docUrl(server.url, doc.id));
    await waitForDocument(s.page, { timeout: LOAD_TIMEOUT });
    assert.equal(await headingText(s.page), squash(doc.title));
    const paragraphs = await s.page.locator(SEL.docParagraphs).count();
    assert.ok(paragraphs > 1, `the full text of ${doc.id} should be shown in paragraphs, found ${paragraphs}`);
    s.session.expectCleanConsole();
  });

  it('finds documents that write "Asunción" when searching for Asuncion', async () => {
    assert.ok(accentedOnly.size > 0, 'the corpus should have documents that write Asunción only with the accent');
    await openCorpus();
    const text = await typeQuery(s.page, 'Asuncion');
    const { total } = parseSummary(text);
    const ids = await hitIds(s.page);
    const accented = ids.filter((id) => accentedOnly.has(id));
    console.log(`Asuncion: ${text}; ${accented.length} of the first ${ids.length} hits write only "Asunción" (${accentedOnly.size} such documents in the corpus)`);
    assert.ok(total >= accentedOnly.size, `Asuncion should find at least the ${accentedOnly.size} documents that write Asunción: ${text}`);
    assert.ok(accented.length > 0, 'the first page should include documents that write Asunción');
    s.session.expectCleanConsole();
  });
});
