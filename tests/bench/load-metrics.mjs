#!/usr/bin/env node
// Load metrics of the release app on the whole real corpus (issue 2), in headless Chromium.
//
//   node tests/bench/load-metrics.mjs [--dist dist] [--runs 3] [--query soviet] [--out FILE.json]
//                                     [--more yes] [--cpu 4] [--own yes]
//
// --more yes  adds ../shared/corpus-more (11,026 documents in all).
// --cpu N     slows the page's CPU N times (DevTools' CPU throttling, as Lighthouse's phone).
// --own yes   keeps the site's own data/archive.json (a packed archive's head and parts, say)
//             instead of putting a corpus bundle there.
//
// Copies the built site (default dist/, never modified) to a temporary folder, puts a bundle
// of all of ../shared/corpus in it as data/archive.json (tests/e2e/corpus-bundle.mjs), serves
// it with tests/e2e/server.mjs (at the path it was built for, no compression, no caching) and opens it RUNS times,
// each in a fresh browser (fresh profile, empty cache, no service worker yet). Per run:
//
// - resource timing of the bundle and of the .wasm (request start → response end, localhost);
// - stage marks, performance.now() at the first DOM mutation showing each loading stage
//   ("Downloading the archive…", "Reading … of documents…", "Indexing documents… N of M"),
//   observed by a MutationObserver installed before any page script runs;
// - time to first result: the app's `#result-summary` in the DOM (not the prerendered first
//   view's), and the end of the next frame;
// - first-query latency: the query typed into #q as one input event, until #result-summary
//   changes (and until the next frame);
// - longest main-thread task during the load (PerformanceObserver 'longtask', > 50 ms only);
// - memory after the load, after a full GC: JS heap (CDP Runtime.getHeapUsage usedSize, and
//   Performance.getMetrics JSHeapUsedSize) and the WebAssembly linear memory
//   (memory.buffer.byteLength; boot.js hands the module's exports out in the
//   TrunkApplicationStarted event). Linear memory never shrinks: it is the peak of the load.
//   The index worker's linear memory too (crates/folio-worker/worker.js keeps its exports),
//   and the whole tab: the resident memory of the renderer process (page and worker share it),
//   read from /proc for the process ids CDP's SystemInfo.getProcessInfo gives.
// - the index worker's own stage marks (in the page's time): outline read, index frozen.
//
// Prints one JSON object (sizes, every run, medians) and a short table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CORPUS_DIR, CORPUS_MORE_DIR, makeCorpusBundle } from '../e2e/corpus-bundle.mjs';
import { startServer } from '../e2e/server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const DIST = path.resolve(REPO, args.dist ?? 'dist');
const RUNS = Number(args.runs ?? 3);
const QUERY = args.query ?? 'soviet';
const MORE = args.more === 'yes';
const CPU = Number(args.cpu ?? 1);
const OWN = args.own === 'yes';
const TIMEOUT_MS = 180_000;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const gzip9 = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
function brotli(file) {
  try {
    const n = Number(execFileSync('sh', ['-c', 'brotli -c -q 11 "$1" | wc -c', 'sh', file]).toString().trim());
    if (n > 0) return n; // 0: no brotli command
  } catch { /* no brotli command */ }
  return zlib.brotliCompressSync(fs.readFileSync(file), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  return v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : null;
};

// Runs in the page before any of its scripts.
function probe() {
  const marks = {};
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  window.__folioMarks = marks;
  window.__folioLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__folioLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long task API */ }
  addEventListener('TrunkApplicationStarted', (e) => { window.__folioWasm = e.detail?.wasm; mark('wasmStarted'); });
  const look = () => {
    const label = document.querySelector('.loading-label')?.textContent ?? '';
    if (label.startsWith('Downloading')) mark('downloading');
    if (label.startsWith('Reading')) mark('reading');
    if (label.startsWith('Indexing')) {
      mark('indexing');
      marks.indexingLast = performance.now();
      marks.indexingLastLabel = label;
    }
    // The app's, not the prerendered first view's (which is in the page from the start).
    const summary = [...document.querySelectorAll('#result-summary')].find((e) => !e.closest('[data-first-view]'));
    if (summary && !('firstResult' in marks)) {
      mark('firstResult');
      marks.firstResultText = summary.textContent;
      requestAnimationFrame(() => setTimeout(() => mark('firstResultFrame'), 0));
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
}

// Runs in the page after the first result: one input event, then waits for the summary.
async function typeQuery(query) {
  const app = (sel) => [...document.querySelectorAll(sel)].find((e) => !e.closest('[data-first-view]'));
  const input = app('#q');
  const before = app('#result-summary')?.textContent;
  return await new Promise((resolve) => {
    let changed = null;
    const obs = new MutationObserver(() => {
      const now = app('#result-summary')?.textContent
        ?? app('.no-results')?.textContent;
      if (changed === null && now !== before) {
        changed = performance.now();
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve({ domMs: changed - t0, frameMs: performance.now() - t0, before, after: now }), 0));
      }
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    const t0 = performance.now();
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    setTimeout(() => { if (changed === null) { obs.disconnect(); resolve({ error: 'summary did not change in 30 s' }); } }, 30_000);
  });
}

/** The resident memory of the browser's renderer processes (this test opens one page). */
async function rendererMemory(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  let rss = 0;
  let anon = 0;
  for (const p of processInfo.filter((p) => p.type === 'renderer')) {
    try {
      const status = fs.readFileSync(`/proc/${p.id}/status`, 'utf8');
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      anon += Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch { /* gone */ }
  }
  await cdp.detach();
  return { rss, anon };
}

async function oneRun(url) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(probe);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (CPU > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => 'firstResultFrame' in (window.__folioMarks || {}), null, { timeout: TIMEOUT_MS, polling: 50 });
    const marks = await page.evaluate(() => ({ ...window.__folioMarks }));
    await page.waitForTimeout(1000); // let the load's last tasks (and long-task reports) settle
    const res = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => /archive\.json|\.wasm$/.test(e.name))
      .map((e) => ({ name: e.name.split('/').pop(), start: e.startTime, requestStart: e.requestStart,
        responseStart: e.responseStart, end: e.responseEnd, bytes: e.encodedBodySize })));
    const longTasks = await page.evaluate(() => window.__folioLongTasks.slice());
    // The page's own mark (src/load/worker.rs): the archive ready.
    const appMarks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('folio:')).map((m) => [m.name.slice(6), m.startTime])));
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const wasmMemory = await page.evaluate(() => window.__folioWasm?.memory?.buffer?.byteLength ?? null);
    const worker = page.workers().find((w) => /\/worker\.js$/.test(w.url()));
    const pageOrigin = await page.evaluate(() => performance.timeOrigin);
    const inWorker = worker ? await worker.evaluate(() => ({
      memory: self.folioWasm?.memory?.buffer?.byteLength ?? null,
      origin: performance.timeOrigin,
      marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace(/^folio:/, ''), m.startTime])),
    })) : null;
    const workerMarks = inWorker ? Object.fromEntries(Object.entries(inWorker.marks).map(([k, v]) => [k, v + inWorker.origin - pageOrigin])) : {};
    const tab = await rendererMemory(browser);
    const query = await page.evaluate(typeQuery, QUERY);
    const bundle = res.find((r) => r.name === 'archive.json');
    const wasm = res.find((r) => r.name.endsWith('.wasm'));
    const loadEnd = marks.firstResultFrame;
    const during = longTasks.filter((t) => t.start < loadEnd);
    return {
      marks,
      bundleFetchMs: bundle ? bundle.end - bundle.start : null,
      bundleFetchStartMs: bundle?.start ?? null,
      bundleFetchEndMs: bundle?.end ?? null,
      wasmFetchMs: wasm ? wasm.end - wasm.start : null,
      downloadStageMs: marks.reading - marks.downloading,
      parseStageMs: marks.indexing - marks.reading,
      indexStageMs: marks.firstResult - marks.indexing,
      firstResultMs: marks.firstResult,
      firstResultFrameMs: marks.firstResultFrame,
      firstResultText: marks.firstResultText,
      query: { text: QUERY, ...query },
      longestTaskMs: during.length ? Math.max(...during.map((t) => t.duration)) : 0,
      longTasks: during.length,
      longTasksTotalMs: during.reduce((s, t) => s + t.duration, 0),
      longTaskList: during.map((t) => `${t.start.toFixed(0)}+${t.duration.toFixed(0)}`).join(' '),
      freezeMs: workerMarks.frozen - workerMarks.freeze,
      appMarks,
      workerMarks,
      workerWasmMemoryBytes: inWorker?.memory ?? null,
      tabRssBytes: tab.rss,
      tabAnonBytes: tab.anon,
      jsHeapUsedBytes: heap.usedSize,
      jsHeapMetricBytes: metrics.JSHeapUsedSize,
      wasmMemoryBytes: wasmMemory,
      errors,
    };
  } finally {
    await browser.close();
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-load-'));
let server;
try {
  fs.cpSync(DIST, tmp, { recursive: true });
  const dirs = MORE ? [CORPUS_DIR, CORPUS_MORE_DIR] : [CORPUS_DIR];
  const own = path.join(tmp, 'data', 'archive.json');
  const made = OWN
    ? { path: own, count: JSON.parse(fs.readFileSync(own, 'utf8')).entries?.length ?? NaN }
    : await makeCorpusBundle(own, { dirs });
  if (!made) throw new Error(`no corpus at ${dirs.join(' or ')}`);
  const bundleBuf = fs.readFileSync(made.path);
  const wasmFile = fs.readdirSync(tmp).find((f) => /^folio-[0-9a-f]+_bg\.wasm$/.test(f));
  const jsFile = fs.readdirSync(tmp).find((f) => /^folio-[0-9a-f]+\.js$/.test(f));
  const workerWasmFile = fs.readdirSync(tmp).find((f) => /^folio-worker-[0-9a-f]+_bg\.wasm$/.test(f));
  const wasmBuf = fs.readFileSync(path.join(tmp, wasmFile));
  const jsBuf = fs.readFileSync(path.join(tmp, jsFile));
  const sizes = {
    documents: made.count,
    bundleBytes: bundleBuf.length,
    bundleGzipBytes: gzip9(bundleBuf),
    bundleBrotliBytes: brotli(made.path),
    wasmFile,
    wasmBytes: wasmBuf.length,
    wasmGzipBytes: gzip9(wasmBuf),
    wasmBrotliBytes: brotli(path.join(tmp, wasmFile)),
    glueBytes: jsBuf.length,
    workerWasmFile,
    workerWasmGzipBytes: workerWasmFile ? gzip9(fs.readFileSync(path.join(tmp, workerWasmFile))) : null,
    workerWasmBrotliBytes: workerWasmFile ? brotli(path.join(tmp, workerWasmFile)) : null,
    glueGzipBytes: gzip9(jsBuf),
  };
  // The path the site was built for (its <base href>).
  const base = /<base href="([^"]*)"/.exec(fs.readFileSync(path.join(tmp, 'index.html'), 'utf8'))?.[1] ?? '/';
  server = await startServer({ root: tmp, base, port: 0 });
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(server.url);
    r.loadavg = os.loadavg();
    runs.push(r);
    console.error(`run ${i + 1}: first result ${r.firstResultMs.toFixed(0)} ms, index ${r.indexStageMs.toFixed(0)} ms, ` +
      `query ${r.query.domMs?.toFixed(1)} ms, longest task ${r.longestTaskMs.toFixed(0)} ms (${r.longTaskList}; ` +
      `worker marks ${Object.entries(r.workerMarks).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}), load ${r.loadavg.map((x) => x.toFixed(2)).join(' ')}`);
  }
  const keys = ['bundleFetchMs', 'wasmFetchMs', 'downloadStageMs', 'parseStageMs', 'indexStageMs', 'firstResultMs',
    'firstResultFrameMs', 'longestTaskMs', 'longTasks', 'longTasksTotalMs', 'jsHeapUsedBytes', 'jsHeapMetricBytes', 'wasmMemoryBytes', 'workerWasmMemoryBytes', 'tabRssBytes', 'tabAnonBytes', 'freezeMs'];
  const medians = Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))]));
  medians.queryDomMs = median(runs.map((r) => r.query.domMs));
  medians.queryFrameMs = median(runs.map((r) => r.query.frameMs));
  const out = { date: new Date().toISOString(), dist: DIST, chromium: CHROMIUM_ARGS, query: QUERY, sizes, medians, runs };
  if (args.out) fs.writeFileSync(args.out, JSON.stringify(out, null, 1));
  console.log(JSON.stringify(out, null, 1));
  const ms = (x) => (x == null ? '–' : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
  const mib = (x) => (x == null ? '–' : `${(x / 2 ** 20).toFixed(1)} MiB`);
  console.error([
    `bundle ${(sizes.bundleBytes / 1e6).toFixed(1)} MB raw, ${(sizes.bundleGzipBytes / 1e6).toFixed(2)} MB gzip -9; ` +
      `wasm ${(sizes.wasmBytes / 1e3).toFixed(0)} kB raw, ${(sizes.wasmGzipBytes / 1e3).toFixed(0)} kB gzip, ${(sizes.wasmBrotliBytes / 1e3).toFixed(0)} kB brotli`,
    `medians of ${RUNS}: bundle fetch ${ms(medians.bundleFetchMs)}, parse ${ms(medians.parseStageMs)}, index ${ms(medians.indexStageMs)}, ` +
      `first result ${ms(medians.firstResultMs)} (frame ${ms(medians.firstResultFrameMs)}), first query ${ms(medians.queryDomMs)} (frame ${ms(medians.queryFrameMs)}), ` +
      `longest task ${ms(medians.longestTaskMs)}, JS heap ${mib(medians.jsHeapUsedBytes)}, wasm memory ${mib(medians.wasmMemoryBytes)} (page) + ${mib(medians.workerWasmMemoryBytes)} (index worker), ` +
      `tab (renderer process) ${mib(medians.tabRssBytes)} resident, ${mib(medians.tabAnonBytes)} of it anonymous`,
  ].join('\n'));
} finally {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
