// The index worker (crates/folio-worker): the archive is downloaded, parsed, indexed and searched
// on a thread of its own, the page holds no documents, and a worker that cannot start or stops
// shows the reader why instead of leaving a frozen page. With the FRUS corpus (../shared/corpus,
// skipped when absent), the page's main thread stays free while the worker indexes on a CPU four
// times slower: no long task, and a keystroke painted at once.

import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { makeCorpusBundle } from './corpus-bundle.mjs';
import { SEL, distMissing, eventually, serveDist, squash, typeQuery, useBrowser, useServer, waitForResults, hitTitles } from './helpers.mjs';

const skip = distMissing();

/** The page's index worker, once it runs. */
async function indexWorker(page) {
  let found = null;
  await eventually(() => {
    found = page.workers().find((w) => /\/worker\.js$/.test(w.url())) ?? null;
    assert.ok(found, `the page should run worker.js, runs ${page.workers().map((w) => w.url())}`);
  }, { timeout: 30_000 });
  return found;
}

/** The alert the page shows, whitespace squashed. */
async function alertText(page) {
  const alert = page.locator(SEL.loadError);
  await alert.first().waitFor({ state: 'visible', timeout: 60_000 });
  return squash(await alert.first().textContent());
}

describe('the index worker', { skip }, () => {
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block' });

  it('downloads and searches the archive; the page itself never downloads the bundle', async () => {
    await s.page.goto(server.url);
    await waitForResults(s.page);
    const worker = await indexWorker(s.page);
    const fetchedBy = (where) => where.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('archive.json')));
    assert.equal((await fetchedBy(worker)).length, 1, 'the worker should download the bundle once');
    assert.deepEqual(await fetchedBy(s.page), [], 'the page should not download the bundle');
    await typeQuery(s.page, 'treaty');
    const titles = await hitTitles(s.page);
    assert.ok(titles.length > 0 && titles.some((t) => /treaty/i.test(t)), `a search should find treaties: ${titles}`);
    s.session.expectCleanConsole();
  });

  it('says so when the worker\'s script cannot be loaded', async () => {
    await s.session.context.route('**/worker.js', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }));
    await s.page.goto(server.url);
    const text = await alertText(s.page);
    assert.match(text, /search engine of this page stopped working/, text);
    s.session.expectNoPanic();
  });

  it('says so when the worker\'s WebAssembly cannot be loaded', async () => {
    await s.session.context.route(/folio-worker-[0-9a-f]+_bg\.wasm$/, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }));
    await s.page.goto(server.url);
    const text = await alertText(s.page);
    assert.match(text, /search engine of this page stopped working/, text);
    s.session.expectNoPanic();
  });

  it('says so when the worker fails after the archive has loaded', async () => {
    await s.page.goto(server.url);
    await waitForResults(s.page);
    const worker = await indexWorker(s.page);
    await worker.evaluate(() => setTimeout(() => {
      throw new Error('simulated failure');
    }, 0));
    const text = await alertText(s.page);
    assert.match(text, /stopped working \(.*simulated failure\)/, text);
  });

  it('says so when the worker stops without a word and a question goes unanswered', async () => {
    await s.page.goto(server.url);
    await waitForResults(s.page);
    const worker = await indexWorker(s.page);
    await worker.evaluate(() => self.close());
    await typeQuery(s.page, 'telegram', { settle: false });
    const text = await alertText(s.page);
    assert.match(text, /stopped answering/, text);
  });
});

describe('the page while the worker indexes a real archive, CPU four times slower', { skip }, () => {
  let bundleFile = null;
  let server = null;
  before(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-worker-'));
    bundleFile = path.join(dir, 'frus.json');
    const made = await makeCorpusBundle(bundleFile);
    if (!made) return;
    server = await serveDist({ bundlePath: bundleFile });
  });
  after(async () => {
    await server?.close();
  });
  const s = useBrowser({ serviceWorkers: 'block' });

  it('has no long task and paints a keystroke at once while the archive is indexed', async (t) => {
    if (!server) {
      t.skip('../shared/corpus is absent');
      return;
    }
    // Long tasks and event timings (a keystroke's duration runs to the next paint), from the start.
    await s.page.addInitScript(() => {
      window.__long = [];
      window.__events = [];
      new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration }))))
        .observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => window.__events.push(...list.getEntries().map((e) => ({ name: e.name, start: e.startTime, duration: e.duration }))))
        .observe({ type: 'event', buffered: true, durationThreshold: 16 });
    });
    const cdp = await s.session.context.newCDPSession(s.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await s.page.goto(server.url);
    const worker = await indexWorker(s.page);
    // The worker's marks, in the page's time (their clocks start apart).
    const workerMarks = () => worker.evaluate(() => ({
      origin: performance.timeOrigin,
      marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
    }));
    await eventually(async () => {
      assert.ok((await workerMarks()).marks['folio:outline'] !== undefined, 'the worker should be indexing');
    }, { timeout: 60_000, interval: 20 });
    // A keystroke in the search box (the first view's or the app's: whichever the reader sees).
    const box = s.page.locator('input[name="q"]:visible').first();
    await box.click();
    await box.press('w');
    assert.equal(await box.inputValue(), 'w', 'the key should be in the box');
    await eventually(async () => {
      assert.ok((await workerMarks()).marks['folio:frozen'] !== undefined, 'the worker should finish indexing');
    }, { timeout: 120_000, interval: 100 });
    const { origin, marks } = await workerMarks();
    const pageOrigin = await s.page.evaluate(() => performance.timeOrigin);
    const from = marks['folio:outline'] + origin - pageOrigin;
    const to = marks['folio:frozen'] + origin - pageOrigin;
    const during = (e) => e.start < to && e.start + e.duration > from;
    const long = (await s.page.evaluate(() => window.__long)).filter(during);
    const keys = (await s.page.evaluate(() => window.__events)).filter((e) => e.name === 'keydown' || e.name === 'keypress');
    console.log(`# indexing in the worker took ${Math.round(to - from)} ms (CPU 4x slower); long tasks meanwhile: ${JSON.stringify(long)}; slow key events: ${JSON.stringify(keys)}`);
    assert.ok(to - from > 100, 'the index should take a while to build here, or this test shows nothing');
    assert.deepEqual(long, [], 'no task of the page should take 50 ms or more while the worker indexes');
    // Event timing rounds to 8 ms and reports only events of 16 ms or more: a keystroke painted
    // within 100 ms is either absent here or under 100.
    assert.ok(keys.every((e) => e.duration <= 100), `the keystroke should be painted within 100 ms: ${JSON.stringify(keys)}`);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await waitForResults(s.page, { timeout: 60_000 });
  });
});
