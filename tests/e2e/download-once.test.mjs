// Each byte downloaded once: a large archive (both shared corpora, 11,026 documents, over 12 MB
// gzipped) served the way GitHub Pages serves it (gzip, `Cache-Control: max-age=600`, ETags,
// route pages), with every byte the host sends counted per file. A first visit, until the
// service worker controls the page and has stored the site, downloads the bundle and the
// WebAssembly once (the worker takes the page's own copies, src/offline/sw.js); an update to a
// build that changes only the stylesheet downloads the new stylesheet once and no file the
// stored build already holds (the bundle, the WebAssembly); and a page a reader came to read
// whose app starts while the worker is storing the site waits for the worker's copy.
//
// Skips with a message when the shared corpora (`../shared/corpus`, `../shared/corpus-more`) or
// the sub-path build (target/e2e-folio) are absent.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

import { CORPUS_DIR, CORPUS_MORE_DIR, makeCorpusBundle } from './corpus-bundle.mjs';
import {
  OFFLINE_DIST,
  cacheNames,
  goOffline,
  goOnline,
  makeVersion,
  offlineBuildMissing,
  startSite,
  swManifest,
  waitForController,
} from './deploy.mjs';
import { SEL, SUMMARY_RE, launchBrowser, openSession, squash, typeQuery, waitForResults } from './helpers.mjs';

function corporaMissing() {
  const absent = [CORPUS_DIR, CORPUS_MORE_DIR].filter((d) => !existsSync(d));
  if (absent.length === 0) return false;
  const reason = `the shared corpora are absent (${absent.join(', ')}): no large archive to download`;
  console.log(`# skipping: ${reason}`);
  return reason;
}

const skip = offlineBuildMissing() || corporaMissing();
const BANNER = '.update-status[role="status"] .update-banner';
const STAMP = '__folio/stored.json';

describe('downloads: each byte once, on a large archive served like GitHub Pages', { skip }, () => {
  let browser;
  let work;
  let large; // the sub-path build with the 11,026 documents
  let restyled; // the same with only its stylesheet changed
  let site;
  /** Bytes and answers the host sent, by path relative to the base, since the last reset. */
  let sent = new Map();
  const record = (p, bytes) => {
    const rel = p.startsWith(site?.base ?? '/') ? p.slice((site?.base ?? '/').length) : p;
    const e = sent.get(rel) ?? { answers: 0, bytes: 0 };
    e.answers += 1;
    e.bytes += bytes;
    sent.set(rel, e);
  };
  const sentOf = (rel) => sent.get(rel) ?? { answers: 0, bytes: 0 };
  /** Holds an answer back while it returns a promise (the test decides when a file arrives). */
  let gate = () => undefined;

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'folio-once-'));
    const bundleFile = path.join(work, 'archive.json');
    const made = await makeCorpusBundle(bundleFile, { dirs: [CORPUS_DIR, CORPUS_MORE_DIR] });
    assert.ok(made, 'the corpus bundle should be written');
    const gz = gzipSync(readFileSync(bundleFile), { level: 6 }).length;
    console.log(`# large bundle: ${made.count} documents, ${(await stat(bundleFile)).size} bytes, ${gz} gzipped`);
    assert.ok(gz >= 12_000_000, `the bundle should be at least 12 MB gzipped, is ${gz}`);
    // No page per document: 11,026 pages are not what this test is about. And the bundle
    // whole: at 48 MB the build would pack it by default (README, "Packed archives"), and this
    // test is about a large bundle downloaded once (tests/e2e/pack.test.mjs covers packs).
    const quick = { FOLIO_DOC_PAGES: 'off', FOLIO_PACK: 'never' };
    large = await makeVersion(OFFLINE_DIST, { bundleFile, env: quick });
    restyled = await makeVersion(large.dir, { styleMarker: 'a changed look', env: quick });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    for (const dir of [large?.dir, restyled?.dir, work]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Waits until the worker has stored the build `build` completely (its stamp is written last). */
  async function stored(page, build) {
    await page.waitForFunction(
      async ([name, stamp]) => Boolean(await (await caches.open(name)).match(new URL(stamp, document.baseURI))),
      [`folio ${site.base} ${build}`, STAMP],
      { timeout: 60_000, polling: 250 },
    );
  }

  it('a first visit downloads the bundle and the WebAssembly once, and stores those very copies', async () => {
    site = await startSite(large.dir, { likePages: true, onSent: record, hold: (p) => gate(p) });
    const manifest = swManifest(large.dir);
    const wasm = manifest.files.find((f) => /^folio-[0-9a-f]+_bg\.wasm$/.test(f.url)).url;
    const bundleGz = gzipSync(readFileSync(path.join(large.dir, 'data', 'archive.json')), { level: 6 }).length;
    const wasmGz = gzipSync(readFileSync(path.join(large.dir, wasm)), { level: 6 }).length;
    const s = await openSession(browser);
    const { page, context } = s;
    try {
      sent = new Map();
      await page.goto(site.url);
      await waitForResults(page, { timeout: 90_000 });
      await waitForController(page, { timeout: 60_000 });
      await stored(page, large.build);

      const bundle = sentOf('data/archive.json');
      console.log(`# first visit: bundle ${bundle.answers} answer(s), ${bundle.bytes} bytes (one copy: ${bundleGz}); wasm ${sentOf(wasm).answers}, ${sentOf(wasm).bytes} bytes (one copy: ${wasmGz})`);
      assert.equal(bundle.bytes, bundleGz, 'the bundle should be sent once, gzipped');
      assert.equal(bundle.answers, 1);
      assert.equal(sentOf(wasm).bytes, wasmGz, 'the WebAssembly should be sent once, gzipped');
      assert.equal(sentOf(wasm).answers, 1);
      for (const [file, e] of sent) assert.ok(e.answers <= 2, `${file} was answered ${e.answers} times`);
      const stamp = await page.evaluate(
        async ([name, rel]) => (await (await caches.open(name)).match(new URL(rel, document.baseURI))).json(),
        [`folio ${site.base} ${large.build}`, STAMP],
      );
      assert.ok(stamp.sources.kept >= 2, `the worker should take the page's copies, took ${JSON.stringify(stamp.sources)}`);
      assert.deepEqual(await cacheNames(page), [`folio ${site.base} ${large.build}`], 'the page\'s copies are not kept beside the stored build');

      // The stored copy is whole: offline, the archive loads and searches.
      await goOffline(context, site);
      await page.reload();
      await waitForResults(page, { timeout: 90_000 });
      assert.match(squash(await page.locator(SEL.summary).textContent()), SUMMARY_RE);
      await goOnline(context, site);
      s.expectCleanConsole();
    } finally {
      await s.close();
    }
  });

  it('an update that changes only the stylesheet downloads the new stylesheet once and nothing already stored', async () => {
    const before = swManifest(large.dir);
    const after = swManifest(restyled.dir);
    const old = new Set(before.files.map((f) => f.integrity));
    const unchanged = after.files.filter((f) => old.has(f.integrity)).map((f) => f.url);
    const changed = after.files.filter((f) => !old.has(f.integrity)).map((f) => f.url);
    const css = changed.find((f) => /^style-[0-9a-f]+\.css$/.test(f));
    assert.ok(css, 'the new build should have a new stylesheet');
    assert.ok(unchanged.includes('data/archive.json'), 'the bundle should be the same file');

    // A reader whose browser stored the first build; its HTTP cache is emptied, so that only
    // the worker's own carrying over can spare a download.
    const s = await openSession(browser);
    const { page, context } = s;
    try {
      await page.goto(site.url);
      await waitForResults(page, { timeout: 90_000 });
      await waitForController(page, { timeout: 60_000 });
      await stored(page, large.build);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');

      await site.deploy(restyled.dir);
      sent = new Map();
      await page.reload();
      await page.locator(BANNER).waitFor({ state: 'visible', timeout: 60_000 });
      await stored(page, restyled.build);

      const report = changed.map((f) => `${f} ${sentOf(f).bytes}`).join(', ');
      console.log(`# update: changed files sent: ${report}; unchanged files sent: ${unchanged.filter((f) => sentOf(f).bytes > 0).join(', ') || 'none'}`);
      for (const f of unchanged) assert.equal(sentOf(f).bytes, 0, `${f} is unchanged and should not be sent again`);
      assert.equal(sentOf(css).answers, 1, 'the new stylesheet should be sent once');
      assert.ok(sentOf(css).bytes > 0);

      // Accepted: the new build runs, its stylesheet applied, offline too.
      const reloaded = page.waitForEvent('load');
      await page.locator(BANNER).getByRole('button', { name: 'Reload' }).click();
      await reloaded;
      await waitForResults(page, { timeout: 90_000 });
      assert.deepEqual(await cacheNames(page), [`folio ${site.base} ${restyled.build}`], 'the old cache should be deleted');
      await goOffline(context, site);
      await page.reload();
      await waitForResults(page, { timeout: 90_000 });
      assert.equal(await page.evaluate(() => document.querySelector('link[rel="stylesheet"]').getAttribute('href').split('/').pop()), css);
      assert.match(squash(await typeQuery(page, 'Khrushchev')), SUMMARY_RE, 'the stored archive searches');
      await goOnline(context, site);
      s.expectCleanConsole();
    } finally {
      await s.close();
    }
  });

  it('a page the reader came to read whose app starts while the worker stores the site gets the bundle once', async () => {
    const s = await openSession(browser);
    const { page } = s;
    let release;
    const released = new Promise((resolve) => {
      release = resolve;
    });
    // The bundle arrives only when the test says: the worker is then surely still storing.
    gate = (p) => (p.endsWith('/data/archive.json') ? released : undefined);
    try {
      sent = new Map();
      await page.goto(`${site.url}about`);
      await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.getRegistration())?.installing), null, {
        timeout: 30_000,
        polling: 100,
      });
      // The reader uses the page's control: the app starts, and would download the bundle now.
      await page.locator('.offline-check').click();
      await page.waitForTimeout(1000);
      release();
      await page.locator('.about-page [data-key="app"]').waitFor({ timeout: 90_000 });
      await stored(page, restyled.build);
      const bundle = sentOf('data/archive.json');
      console.log(`# about page, app started while storing: bundle ${bundle.answers} answer(s), ${bundle.bytes} bytes`);
      assert.equal(bundle.answers, 1, 'the bundle should be sent once: the page waits for the worker\'s copy');
      const wasm = swManifest(restyled.dir).files.find((f) => /^folio-[0-9a-f]+_bg\.wasm$/.test(f.url)).url;
      assert.equal(sentOf(wasm).answers, 1, 'the WebAssembly should be sent once');
      s.expectCleanConsole();
    } finally {
      gate = () => undefined;
      release();
      await s.close();
    }
  });
});
