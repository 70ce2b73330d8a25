// The site keeps working offline: the release build made for /folio/, on a host that behaves
// like GitHub Pages (no SPA fallback: unknown paths get 404.html with status 404). The first
// visit stores the app and the bundle; then the network goes off (the browser offline and the
// host stopped) and the reader reloads the home page, a results deep link and a document deep
// link, searches and opens a document. Also: the precache list is the build's real file list,
// the app is installable, an evicted copy is reported, and the about page shows what is stored.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';

import {
  OFFLINE_DIST,
  aboutFacts,
  baseOf,
  buildOf,
  cacheNames,
  cachedUrls,
  goOffline,
  offlineBuildMissing,
  siteFiles,
  startSite,
  swManifest,
  waitForController,
} from './deploy.mjs';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  SEL,
  docIdFromUrl,
  docUrl,
  expectedSummary,
  headingText,
  launchBrowser,
  openSession,
  pickQuery,
  readBundle,
  screenshot,
  squash,
  typeQuery,
  waitForDocument,
  waitForResults,
  waitForSummary,
} from './helpers.mjs';
import { startServer } from './server.mjs';

const skip = offlineBuildMissing();
const bundle = skip ? null : readBundle(path.join(OFFLINE_DIST, 'data', 'archive.json'));
const docs = bundle?.documents ?? [];
const { query } = skip ? {} : pickQuery(docs);
const titled = docs.filter((d) => typeof d?.id === 'string' && typeof d?.title === 'string');
const [firstDoc, secondDoc] = [titled[0], titled[Math.floor(titled.length / 2)]];
const byId = new Map(titled.map((d) => [d.id, d]));
// The first visit to a deep link is answered by the host's 404.html, with status 404.
const HOST_404 = /status of 404/;

describe('offline, on a GitHub-Pages-like host under a sub-path', { skip }, () => {
  let browser;
  let site;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  async function session() {
    site = await startSite(OFFLINE_DIST);
    return openSession(browser);
  }
  async function close(s) {
    await s?.close();
    await site?.close();
  }

  it('lists every file of the build in sw.js, with its integrity hash, and nothing else', () => {
    const manifest = swManifest(OFFLINE_DIST);
    return siteFiles(OFFLINE_DIST).then((files) => {
      // Not the prerendered route pages either (offline, the stored index.html renders them),
      // nor the sitemaps (for search engines).
      const routePages = files.filter((f) => /^(about|doc\/[^/]+|browse\/[^/]+)\.html$/.test(f));
      assert.ok(routePages.includes('about.html') && routePages.length > docs.length / 2, 'the build should prerender the route pages');
      const expected = files.filter((f) => f !== 'sw.js' && f !== '404.html' && !routePages.includes(f) && !/^sitemap(-\d+)?\.xml$/.test(f));
      assert.deepEqual(manifest.files.map((f) => decodeURIComponent(f.url)).sort(), expected);
      for (const f of manifest.files) assert.match(f.integrity, /^sha256-[A-Za-z0-9+/]+=*$/, f.url);
      assert.equal(manifest.build, buildOf(OFFLINE_DIST), 'sw.js and index.html should name the same build');
      assert.ok(expected.some((f) => /^folio-[0-9a-f]+_bg\.wasm$/.test(f)), 'the hashed wasm should be stored');
      assert.equal(readFileSync(path.join(OFFLINE_DIST, '404.html'), 'utf8'), readFileSync(path.join(OFFLINE_DIST, 'index.html'), 'utf8'));
    });
  });

  it('stores the app and the bundle on the first visit, then loads, searches and opens documents with the network off', async () => {
    const s = await session();
    const { page, context } = s;
    try {
      // First visit: a deep link to a document, which the host answers with its prerendered
      // page (doc/<id>.html); a results deep link would get 404.html (below, offline).
      const response = await page.goto(docUrl(site.url, firstDoc.id));
      assert.equal(response.status(), 200, "the host should answer a document's address with its page");
      await waitForDocument(page);
      await waitForController(page);
      const registration = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
      assert.equal(registration, site.url, 'the service worker should be registered for the sub-path');
      const manifest = swManifest(OFFLINE_DIST);
      const [cache] = await cacheNames(page);
      assert.ok(cache?.endsWith(manifest.build), `the cache should carry the build id, got ${cache}`);
      const stored = await cachedUrls(page, cache);
      for (const f of manifest.files) assert.ok(stored.includes(`${site.base}${f.url}`), `${f.url} should be stored`);

      await goOffline(context, site);

      await page.reload();
      await waitForDocument(page);
      assert.equal(await headingText(page), squash(firstDoc.title), 'a document deep link, reloaded offline');

      await page.goto(site.url);
      await waitForResults(page);
      await waitForSummary(page, expectedSummary(docs.length));

      await page.goto(`${site.url}?q=${encodeURIComponent(query)}&page=2`);
      await waitForSummary(page, /^Results: 11 - \d+ of \d+$/);
      await page.reload();
      await waitForSummary(page, /^Results: 11 - \d+ of \d+$/);
      assert.equal(await page.locator(SEL.searchBox).inputValue(), query, 'a results deep link, reloaded offline');

      await page.goto(docUrl(site.url, secondDoc.id));
      await waitForDocument(page);
      assert.equal(await headingText(page), squash(secondDoc.title));

      await page.goto(site.url);
      await waitForResults(page);
      const status = await typeQuery(page, query);
      assert.match(status, /^Results: 1 - \d+ of \d+$/, 'searching offline');
      const first = page.locator(`${SEL.hits} ${SEL.hitTitle}`).first();
      const id = docIdFromUrl(await first.evaluate((a) => a.href), site.base);
      await first.click();
      await waitForDocument(page);
      assert.equal(await headingText(page), squash(byId.get(id)?.title), 'opening a hit offline');
      s.expectCleanConsole({ ignore: [HOST_404] });
    } finally {
      await close(s);
    }
  });

  it('reloads deep links on a plain static host too (index.html for every path), online and offline', async () => {
    const spa = await startServer({ root: OFFLINE_DIST, base: baseOf(OFFLINE_DIST), port: 0 });
    const s = await openSession(browser);
    try {
      const results = `${spa.url}?q=${encodeURIComponent(query)}&page=2`;
      await s.page.goto(results);
      await waitForSummary(s.page, /^Results: 11 - \d+ of \d+$/);
      await waitForController(s.page);
      await s.page.goto(docUrl(spa.url, secondDoc.id));
      await waitForDocument(s.page);
      await s.context.setOffline(true);
      await spa.close();
      await s.page.reload();
      await waitForDocument(s.page);
      assert.equal(await headingText(s.page), squash(secondDoc.title));
      await s.page.goto(results);
      await waitForSummary(s.page, /^Results: 11 - \d+ of \d+$/);
      s.expectCleanConsole();
    } finally {
      await s.close();
      await spa.close();
    }
  });

  it('is installable: a manifest with icons and a theme colour, and a service worker', async () => {
    // Chromium never offers to install from an incognito-like context: use a real profile.
    const profile = await mkdtemp(path.join(os.tmpdir(), 'folio-profile-'));
    site = await startSite(OFFLINE_DIST);
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await context.newPage();
      await page.goto(site.url);
      await waitForResults(page);
      await waitForController(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, [], 'Chromium should find nothing that stops installing the app');
      const { errors } = await cdp.send('Page.getAppManifest');
      assert.deepEqual(errors, [], 'the manifest should parse without errors');
      assert.equal(await page.locator('meta[name="theme-color"]').getAttribute('content'), '#7a2e1d');
      const manifest = JSON.parse(readFileSync(path.join(OFFLINE_DIST, 'manifest.webmanifest'), 'utf8'));
      for (const size of ['192x192', '512x512']) {
        const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
        assert.ok(icon, `the manifest should list a ${size} PNG icon`);
        const png = readFileSync(path.join(OFFLINE_DIST, icon.src));
        assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, size, `${icon.src} should be ${size}`);
      }
    } finally {
      await context.close();
      await site.close();
      await rm(profile, { recursive: true, force: true });
    }
  });

  it('says clearly that the archive is not stored when the browser has evicted it and the network is off', async () => {
    const s = await session();
    const { page, context } = s;
    try {
      await page.goto(site.url);
      await waitForResults(page);
      await waitForController(page);
      // What eviction leaves behind: the worker, without its cache.
      await page.evaluate(async () => Promise.all((await caches.keys()).map((n) => caches.delete(n))));
      await goOffline(context, site);
      await page.reload();
      assert.equal(await headingText(page), 'This archive is not stored on this device');
      assert.match(squash(await page.locator('[role="alert"]').textContent()), /You are offline.*Connect to the internet and reload the page/);
    } finally {
      await close(s);
    }
  });

  it('shows on the about page which version is stored, when, and how much storage it takes', async () => {
    const s = await session();
    const { page, context } = s;
    try {
      await page.goto(site.url);
      await waitForResults(page);
      await waitForController(page);
      await goOffline(context, site);
      await page.goto(`${site.url}about`);
      await page.locator('.about-page [data-key="persisted"]').waitFor();
      const facts = await aboutFacts(page);
      const manifest = swManifest(OFFLINE_DIST);
      assert.match(facts.stored, /^Yes/);
      assert.match(facts.bundle, new RegExp(`^${manifest.bundle.hash} \\(bundle format \\d+, [\\d.]+ KB\\)$`));
      assert.equal(facts.app, manifest.build);
      assert.ok(facts['stored-at'], 'the page should say when the copy was stored');
      const storedAt = await page.locator('[data-key="stored-at"] time').getAttribute('datetime');
      assert.ok(Math.abs(Date.now() - Date.parse(storedAt)) < 10 * 60_000, `stored just now, not ${storedAt}`);
      assert.match(facts.usage, /^[\d.]+ (KB|MB)/);
      assert.match(facts.persisted, /^(Granted|Not granted)/);
      assert.equal(facts.documents, String(docs.length));
      console.log(`# about page: ${await screenshot(page, 'about-offline', { fullPage: true })}`);
      s.expectCleanConsole();
    } finally {
      await close(s);
    }
  });
});
