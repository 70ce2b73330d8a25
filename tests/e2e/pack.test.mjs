// A packed archive in the browser (FOLIO_PACK=always; README, "Packed archives"): the release
// build of the sample under /folio/ with its archive packed (target/e2e-pack), served like
// GitHub Pages, against the same sample loaded whole (target/e2e-folio). The same searches
// (words, a typo, a prefix, a phrase, boolean and field syntax, a date range, a filter, sorted
// by date, a second page) give the same summary line and the same hits in the same order;
// documents open with their text; the parts fetched are only the ones needed; a part that
// cannot be fetched tells the reader so while the rest keeps working; and what was fetched
// answers again with the network off.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { OFFLINE_DIST, goOffline, startSite, swManifest, waitForController } from './deploy.mjs';
import {
  REPO_ROOT,
  SEL,
  headingText,
  hitTitles,
  launchBrowser,
  openSession,
  screenshot,
  squash,
  statusText,
  waitForAnswer,
  waitForDocument,
  waitForResults,
} from './helpers.mjs';

const PACK_DIST = path.resolve(process.env.FOLIO_PACK_DIST ?? path.join(REPO_ROOT, 'target', 'e2e-pack'));
const need = [path.join(PACK_DIST, 'data', 'parts'), path.join(OFFLINE_DIST, 'data', 'archive.json')];
const skip = need.some((p) => !existsSync(p))
  ? `build target/e2e-pack (FOLIO_PACK=always FOLIO_BASE=/folio/ bash .ci/build --dist target/e2e-pack) and target/e2e-folio first`
  : false;
if (skip) console.log(`# ${skip}`);

const QUERIES = [
  'treaty',
  'Krushchev',
  'disarm',
  '"cold war"',
  'berlin OR vienna',
  'title:agreement',
  'date:1945..1950 conference',
  'peace -treaty',
];

describe('a packed archive, on a GitHub-Pages-like host under /folio/', { skip }, () => {
  let browser;
  let whole;
  let packed;
  before(async () => {
    browser = await launchBrowser();
    whole = await startSite(OFFLINE_DIST, { likePages: true });
    packed = await startSite(PACK_DIST, { likePages: true });
  });
  after(async () => {
    await browser?.close();
    await whole?.close();
    await packed?.close();
  });

  /** The status line and hit titles for `search` (a query string) on `site`. */
  async function results(page, site, search) {
    await page.goto(`${site.url}?${search}`);
    await waitForResults(page);
    await waitForAnswer(page);
    return { status: await statusText(page), hits: await hitTitles(page) };
  }

  it('is a head and parts, and the head is much smaller than the bundle', () => {
    const head = readFileSync(path.join(PACK_DIST, 'data', 'archive.json'));
    assert.match(head.subarray(0, 40).toString(), /^\{"format":"folio-pack"/);
    const bundle = readFileSync(path.join(OFFLINE_DIST, 'data', 'archive.json'));
    assert.ok(head.length < bundle.length / 2, `head ${head.length} bytes, bundle ${bundle.length}`);
    const parts = readdirSync(path.join(PACK_DIST, 'data', 'parts'));
    assert.ok(parts.length > 10 && parts.every((p) => /^[a-z]+-[0-9a-f]{16}\.(bin|json)$/.test(p)), parts.join(' '));
    const stored = swManifest(PACK_DIST).files.map((f) => f.url);
    assert.ok(stored.includes('data/archive.json'), 'the head is stored at install');
    assert.ok(!stored.some((u) => u.startsWith('data/parts/')), 'the parts are not stored at install');
  });

  it('answers every search as the archive loaded whole does', async () => {
    const a = await openSession(browser);
    const b = await openSession(browser);
    try {
      const searches = [
        ...QUERIES.map((q) => `q=${encodeURIComponent(q)}`),
        'q=war&page=2',
        'q=war&sort=date',
        'q=peace&subject=Cold%20War',
        'q=&from=1950&to=1960',
      ];
      let found = 0;
      for (const search of searches) {
        const expected = await results(a.page, whole, search);
        const got = await results(b.page, packed, search);
        assert.deepEqual(got, expected, search);
        if (expected.hits.length > 0) found += 1;
      }
      assert.ok(found >= searches.length - 2, `most searches should find something (${found} of ${searches.length} did)`);
      await screenshot(b.page, 'pack-results');
      a.expectNoPanic();
      b.expectCleanConsole();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('opens a document from the results with its text, fetching only some parts', async () => {
    const s = await openSession(browser);
    const fetched = [];
    s.page.on('request', (r) => {
      if (r.url().includes('/data/parts/')) fetched.push(r.url());
    });
    try {
      await s.page.goto(`${packed.url}?q=treaty`);
      await waitForResults(s.page);
      const title = squash(await s.page.locator(SEL.hitTitle).first().textContent());
      await s.page.locator(SEL.hitTitle).first().click();
      await waitForDocument(s.page);
      assert.equal(await headingText(s.page), title);
      const total = readdirSync(path.join(PACK_DIST, 'data', 'parts')).length;
      assert.ok(fetched.length > 0 && fetched.length < total / 2, `${fetched.length} of ${total} parts fetched`);
      s.expectCleanConsole();
    } finally {
      await s.close();
    }
  });

  it('tells the reader when a part cannot be fetched, and the rest keeps working', async () => {
    const s = await openSession(browser);
    try {
      await s.page.goto(`${packed.url}?q=treaty`);
      await waitForResults(s.page);
      const before = await hitTitles(s.page);
      await s.context.route('**/data/parts/post-*', (route) => route.fulfill({ status: 404, body: 'Not found' }));
      await s.page.locator(SEL.searchBox).fill('memorandum conversation');
      const alert = s.page.locator('[role="alert"].part-trouble');
      await alert.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(squash(await alert.textContent()), /could not be loaded: .*post-[0-9a-f]{16}\.bin.*HTTP 404/);
      assert.deepEqual(await hitTitles(s.page), before, 'no partial answer replaces the results shown');
      await screenshot(s.page, 'pack-part-missing');
      await s.context.unroute('**/data/parts/post-*');
      await s.page.locator(SEL.searchBox).fill('treaty peace');
      await alert.waitFor({ state: 'detached', timeout: 15_000 });
      s.expectNoPanic();
    } finally {
      await s.close();
    }
  });

  it('downloads the whole archive from the about page, after which every search works offline', async () => {
    const site = await startSite(PACK_DIST, { likePages: true });
    const s = await openSession(browser);
    const r = await openSession(browser);
    try {
      await s.page.goto(`${site.url}about`);
      // The prerendered about page starts the app when asked what this browser keeps.
      await s.page.getByRole('button', { name: 'Show what this browser keeps for offline use' }).click();
      await waitForController(s.page);
      const button = s.page.getByRole('button', { name: /Download the whole archive for offline use \(\d+ KB\)/ });
      await button.click();
      const status = s.page.locator('.whole-archive-status');
      await status.filter({ hasText: 'The whole archive is stored' }).waitFor({ timeout: 30_000 });
      await screenshot(s.page, 'pack-whole-archive');
      const total = readdirSync(path.join(PACK_DIST, 'data', 'parts')).length;
      const stored = await s.page.evaluate(async () => {
        const name = (await caches.keys()).find((n) => n.endsWith(' parts'));
        return name ? (await (await caches.open(name)).keys()).length : 0;
      });
      assert.equal(stored, total, 'every part is stored');
      await goOffline(s.context, site);
      for (const q of ['Krushchev', 'memorandum of conversation', 'date:1960..1970 berlin']) {
        const expected = await results(r.page, whole, `q=${encodeURIComponent(q)}`);
        await s.page.goto(`${site.url}?q=${encodeURIComponent(q)}`);
        await waitForResults(s.page);
        await waitForAnswer(s.page);
        assert.deepEqual({ status: await statusText(s.page), hits: await hitTitles(s.page) }, expected, `offline: ${q}`);
      }
      s.expectNoPanic();
    } finally {
      await s.close();
      await r.close();
      await site.close();
    }
  });

  it('answers again with the network off from the parts it fetched', async () => {
    const site = await startSite(PACK_DIST, { likePages: true });
    const s = await openSession(browser);
    try {
      await s.page.goto(`${site.url}?q=treaty`);
      await waitForResults(s.page);
      await waitForController(s.page);
      // Fetched under the service worker: stored as they come.
      await s.page.goto(`${site.url}?q=conference`);
      await waitForResults(s.page);
      await waitForAnswer(s.page);
      const expected = { status: await statusText(s.page), hits: await hitTitles(s.page) };
      await goOffline(s.context, site);
      await s.page.reload();
      await waitForResults(s.page);
      await waitForAnswer(s.page);
      assert.deepEqual({ status: await statusText(s.page), hits: await hitTitles(s.page) }, expected);
      s.expectNoPanic();
    } finally {
      await s.close();
      await site.close();
    }
  });
});
