// Updates: a reader has the site stored; while they are offline a new app and a new bundle are
// deployed. Back online, the new version downloads in the background and the page offers
// "A new version is available · Reload"; until the reader accepts, the old app keeps running
// on the old data; after Reload the new app searches the new data, and the old cache is gone.
// At no point does a page run one build's app against another build's bundle.

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  OFFLINE_DIST,
  aboutFacts,
  buildOf,
  cacheNames,
  goOffline,
  goOnline,
  makeVersion,
  offlineBuildMissing,
  pageBuild,
  startSite,
  swManifest,
  waitForController,
} from './deploy.mjs';
import { launchBrowser, openSession, readBundle, screenshot, squash, typeQuery, waitForResults } from './helpers.mjs';

const skip = offlineBuildMissing();
// A word in no document of the first bundle, and the document that brings it in the second.
const NEW_WORD = 'quillfeatherly';
const BANNER = '.update-status[role="status"] .update-banner';

describe('updates: a new app and a new bundle deployed while the reader is away', { skip }, () => {
  let browser;
  let site;
  let next;
  let first;
  let firstBundle;
  let secondTitle;

  before(async () => {
    browser = await launchBrowser();
    first = { dir: OFFLINE_DIST, build: buildOf(OFFLINE_DIST), bundleHash: swManifest(OFFLINE_DIST).bundle.hash };
    firstBundle = readBundle(path.join(OFFLINE_DIST, 'data', 'archive.json'));
    assert.ok(!JSON.stringify(firstBundle).toLowerCase().includes(NEW_WORD), `${NEW_WORD} should not be in the first bundle`);
    const bundle = structuredClone(firstBundle);
    secondTitle = `${bundle.archive?.title || 'Folio'} (second edition)`;
    bundle.archive = { ...bundle.archive, title: secondTitle };
    bundle.documents.push({
      id: 'update-test-accord',
      title: 'Accord on the Quillfeatherly Lighthouse',
      date: '1999-12-31',
      summary: `A document added by the second edition, found by searching for ${NEW_WORD}.`,
    });
    next = await makeVersion(OFFLINE_DIST, { bundle, appMarker: 'second app build' });
    next.bundleHash = swManifest(next.dir).bundle.hash;
    assert.notEqual(next.build, first.build);
    assert.notEqual(next.bundleHash, first.bundleHash);
  });
  after(async () => {
    await browser?.close();
    if (next) await rm(next.dir, { recursive: true, force: true });
  });

  /** The search status for the new word: how a page shows which bundle it runs on. */
  async function newWordStatus(page) {
    await page.goto(site.url);
    await waitForResults(page);
    return typeQuery(page, NEW_WORD);
  }

  /** Fails unless the running page, its bundle and the worker serving it are one build. */
  async function expectOneBuild(page, build) {
    assert.equal(await pageBuild(page), build.build, 'the page should run this build');
    const status = await newWordStatus(page);
    if (build === first) assert.match(status, /^No documents match/, 'the first build has no document with the new word');
    else assert.equal(status, 'Results: 1 - 1 of 1', 'the second build finds the new document');
    await page.goto(`${site.url}about`);
    await page.locator('.about-page [data-key="app"]').waitFor();
    const facts = await aboutFacts(page);
    assert.equal(facts.app, build.build, 'the stored copy should be the build that runs');
    assert.ok(facts.bundle.startsWith(build.bundleHash), `the stored bundle should be ${build.bundleHash}, got ${facts.bundle}`);
  }

  it('offers the new version once back online, keeps the old one whole until Reload, then runs the new one on the new data', async () => {
    site = await startSite(first.dir);
    const s = await openSession(browser);
    const { page, context } = s;
    try {
      await page.goto(site.url);
      await waitForResults(page);
      await waitForController(page);
      await expectOneBuild(page, first);

      // Away: offline, and meanwhile the publisher deploys a new app and a new bundle.
      await goOffline(context, site);
      await page.reload();
      await page.locator('.about-page [data-key="app"]').waitFor();
      await site.deploy(next.dir);

      // Back online: the page looks for the new version by itself and offers it.
      await goOnline(context, site);
      const banner = page.locator(BANNER);
      await banner.waitFor({ state: 'visible', timeout: 20_000 });
      assert.equal(squash(await banner.textContent()), 'A new version is available · Reload');
      console.log(`# update banner: ${await screenshot(page, 'update-banner')}`);
      console.log(`# update banner (phone): ${await (async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        const file = await screenshot(page, 'update-banner-390x844');
        await page.setViewportSize({ width: 1280, height: 900 });
        return file;
      })()}`);

      // Not accepted yet: a reload still runs the old app on the old bundle, and offers again.
      await page.reload();
      await page.locator('.about-page [data-key="app"]').waitFor();
      await page.locator(BANNER).waitFor({ state: 'visible' });
      await expectOneBuild(page, first);

      // Accepted: the new worker takes over and the page reloads into the new version.
      const reloaded = page.waitForEvent('load');
      await page.locator(BANNER).getByRole('button', { name: 'Reload' }).click();
      await reloaded;
      await page.locator('.about-page [data-key="app"]').waitFor();
      await expectOneBuild(page, next);
      assert.equal(await page.locator(BANNER).count(), 0, 'nothing more to offer');
      assert.equal(squash(await page.locator('.site-title').first().textContent()), secondTitle);
      assert.deepEqual(await cacheNames(page), [`folio ${site.base} ${next.build}`], 'the old cache should be deleted');
      console.log(`# about page after the update: ${await screenshot(page, 'about-after-update', { fullPage: true })}`);

      // And the new version is the one kept for offline use.
      await goOffline(context, site);
      await page.reload();
      await page.locator('.about-page [data-key="app"]').waitFor();
      await expectOneBuild(page, next);
      s.expectCleanConsole();
    } finally {
      await s.close();
      await site.close();
    }
  });
});
