// Lighthouse on the release build, served the way GitHub Pages serves it: under the sub-path,
// with gzip and `Cache-Control: max-age=600`, a route answered by its prerendered page
// (doc/<id>.html, about.html) and an unknown path by 404.html with status 404 (Lighthouse
// refuses to audit such a page: audit the pages that exist). Uses npm's
// `lighthouse` with Debian's Chromium (CHROME_PATH, /usr/bin/chromium by default); never
// downloads a browser. A measurement, not a test: it prints the four category scores and every
// audit that did not pass, and saves the HTML reports in tests/e2e/output/.
//
//   node tests/e2e/lighthouse.mjs [--dist target/e2e-folio] [--desktop] [--page PATH]... [--runs N] [--trace]
//
// Default pages: the home page (search), a document and the about page; mobile emulation
// (Lighthouse's default: a mid-range phone on slow 4G), or the desktop preset with --desktop.
// Exits 1 when a score misses its target (accessibility and best practices 100, SEO 100,
// performance 95). The simulated throttling multiplies what the machine measured, so a busy
// machine gives lower and scattered performance scores: `--runs N` audits each page N times and
// judges the median (the lower middle one for an even N); every run is printed. `--trace` also saves each run's trace beside the
// reports, and the long tasks are listed (simulated start and duration, in ms).

import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

import { baseOf, OFFLINE_DIST } from './deploy.mjs';
import { CHROMIUM_ARGS, OUTPUT_DIR, readBundle } from './helpers.mjs';
import { startServer } from './server.mjs';

const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json|wasm|xml)|image\/svg)/;

function parseArgs(argv) {
  const opts = { dist: OFFLINE_DIST, desktop: false, pages: [], runs: 1, trace: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dist') opts.dist = path.resolve(argv[++i]);
    else if (argv[i] === '--desktop') opts.desktop = true;
    else if (argv[i] === '--page') opts.pages.push(argv[++i]);
    else if (argv[i] === '--runs') opts.runs = Math.max(1, Number(argv[++i]) || 1);
    else if (argv[i] === '--trace') opts.trace = true;
    else throw new Error(`unknown argument ${argv[i]}; usage: node tests/e2e/lighthouse.mjs [--dist DIR] [--desktop] [--page PATH]... [--runs N] [--trace]`);
  }
  return opts;
}

/**
 * GitHub Pages in front of the test server: gzip for text and wasm when the browser accepts
 * it, and the ten-minute cache lifetime that Pages sets on every file.
 */
async function startPagesLikeHost(dist) {
  const inner = await startServer({ root: dist, base: baseOf(dist), pages: true, port: 0 });
  const pack = promisify(gzip);
  const front = createServer(async (req, res) => {
    try {
      const upstream = await fetch(new URL(req.url, new URL(inner.url).origin), { method: req.method, redirect: 'manual' });
      const headers = Object.fromEntries(upstream.headers);
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      delete headers.connection;
      delete headers['keep-alive'];
      headers['cache-control'] = 'max-age=600';
      let body = Buffer.from(await upstream.arrayBuffer());
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && COMPRESSIBLE.test(headers['content-type'] ?? '')) {
        body = await pack(body, { level: 6 });
        headers['content-encoding'] = 'gzip';
        headers.vary = 'Accept-Encoding';
      }
      headers['content-length'] = body.length;
      res.writeHead(upstream.status, headers).end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(502).end(String(err));
    }
  });
  await new Promise((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${front.address().port}${inner.base}`,
    async close() {
      front.closeAllConnections?.();
      await new Promise((resolve) => front.close(resolve));
      await inner.close();
    },
  };
}

async function audit(url, chrome, { desktop, name, run, trace }) {
  const flags = { port: chrome.port, output: ['html', 'json'], logLevel: 'error', onlyCategories: Object.keys(TARGETS) };
  const result = await lighthouse(url, flags, desktop ? desktopConfig : undefined);
  const lhr = result.lhr;
  await mkdir(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `lighthouse-${name}${desktop ? '-desktop' : ''}${run ? `-${run}` : ''}.html`);
  await writeFile(file, result.report[0]);
  await writeFile(file.replace(/\.html$/, '.json'), result.report[1]);
  if (trace) await writeFile(file.replace(/\.html$/, '.trace.json'), JSON.stringify(result.artifacts.Trace));
  const scores = Object.fromEntries(Object.keys(TARGETS).map((k) => [k, Math.round((lhr.categories[k]?.score ?? 0) * 100)]));
  const failing = [];
  for (const [key, category] of Object.entries(lhr.categories)) {
    for (const ref of category.auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) failing.push(`${key}: ${a.id} (${a.score}) ${a.displayValue ?? ''}`.trim());
    }
  }
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
    .map((id) => `${id.replace(/-/g, ' ')} ${lhr.audits[id]?.displayValue ?? '?'}`)
    .join(', ');
  const longTasks = (lhr.audits['long-tasks']?.details?.items ?? [])
    .map((t) => `${Math.round(t.startTime)}+${Math.round(t.duration)}`)
    .join(' ');
  return { name, url, scores, failing, metrics, longTasks, file, warnings: lhr.runWarnings };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  process.env.CHROME_PATH ??= '/usr/bin/chromium';
  // A bundle's documents, or a packed archive's catalogue entries.
  const archive = readBundle(path.join(opts.dist, 'data', 'archive.json'));
  const firstDoc = (archive.documents ?? archive.entries ?? []).find((d) => typeof d?.id === 'string');
  const pages = opts.pages.length
    ? opts.pages.map((p) => ({ name: p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home', path: p }))
    : [
        { name: 'home', path: '' },
        { name: 'document', path: `doc/${encodeURIComponent(firstDoc.id)}` },
        { name: 'about', path: 'about' },
      ];
  const host = await startPagesLikeHost(opts.dist);
  // Lighthouse drives Chromium through its own launcher; the flags are the project's usual ones.
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags: CHROMIUM_ARGS.filter((f) => f !== '--headless').concat('--headless=new') });
  let missed = false;
  try {
    for (const page of pages) {
      const runs = [];
      for (let run = 0; run < opts.runs; run++) {
        const r = await audit(host.url + page.path, chrome, { desktop: opts.desktop, name: page.name, run: opts.runs > 1 ? run + 1 : 0, trace: opts.trace });
        runs.push(r);
        console.log(`\n${r.name} (${r.url}), ${opts.desktop ? 'desktop' : 'mobile'}${opts.runs > 1 ? `, run ${run + 1} of ${opts.runs}` : ''}:`);
        for (const [k, v] of Object.entries(r.scores)) {
          console.log(`  ${k.padEnd(15)} ${String(v).padStart(3)}${v >= TARGETS[k] ? '' : `   below the target of ${TARGETS[k]}`}`);
        }
        console.log(`  metrics: ${r.metrics}`);
        console.log(`  long tasks: ${r.longTasks || 'none'}`);
        for (const f of r.failing) console.log(`  not passed: ${f}`);
        for (const w of r.warnings ?? []) console.log(`  warning: ${w}`);
        console.log(`  report: ${path.relative(process.cwd(), r.file)}`);
      }
      // Judged on the median of the runs, category by category.
      const median = (k) => runs.map((r) => r.scores[k]).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)];
      if (runs.length > 1) {
        console.log(`\n${page.name}: median of ${runs.length} runs: ${Object.keys(TARGETS).map((k) => `${k} ${median(k)}`).join(', ')}`);
      }
      for (const k of Object.keys(TARGETS)) missed ||= median(k) < TARGETS[k];
    }
  } finally {
    await chrome.kill();
    await host.close();
  }
  process.exit(missed ? 1 : 0);
}

await main();
