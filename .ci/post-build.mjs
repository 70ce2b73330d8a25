#!/usr/bin/env node
// trunk's post_build hook (see Trunk.toml); it runs in trunk's staging folder, after
// index.html is written and before the folder becomes dist/. Plumbing only: every page, its
// markup and its metadata come from Rust (crates/folio-site, which renders the app's own Leptos
// components natively). It:
//
// 1. puts the bundle named by FOLIO_BUNDLE (a path or an http(s) URL) at data/archive.json,
//    after checking that it is a Folio bundle, so a publisher never edits code;
// 2. hands trunk's preload of the WebAssembly to public/first-view.js (as its data-wasm
//    attributes), which starts that download after the first view is painted, and the index
//    worker's files, renamed with a hash (data-worker-js and data-worker-wasm), which it starts;
// 3. runs `folio-site DIR` (built with cargo's `prerender` profile): the prerendered first view
//    and head tags of index.html, the pages doc/<slug>.html, about.html and
//    browse/<facet>.html, the sitemap and robots.txt, the manifest named after the archive;
// 4. writes the build id (<meta name="folio-build">: a hash of every file the service worker
//    stores, the bundle included) into index.html and every prerendered page, and copies
//    index.html to 404.html, which GitHub Pages serves for other deep links;
// 5. writes sw.js from src/offline/sw.js with the real (hashed) file names, their integrity
//    hashes, the build id and the bundle's hash: the precache list is never kept by hand. The
//    prerendered pages and sitemaps are not stored (offline, the stored index.html renders
//    every page).
//
// A debug build (trunk serve) gets build id "dev", a worker that removes itself, and the home
// page's first view only.
//
// By hand, on any built folder: node .ci/post-build.mjs DIR  (FOLIO_BUNDLE, FOLIO_SITE_URL and
// FOLIO_DOC_PAGES as for .ci/build; TRUNK_PROFILE=debug for a development build). Running it
// twice gives the same result.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SW_TEMPLATE = path.join(REPO, 'src', 'offline', 'sw.js');
const BUNDLE_PATH = 'data/archive.json';
const BUILD_META = /<meta name="folio-build" content="[^"]*"\s*\/?>/;
// Files the worker must not store: itself, the copy of index.html for GitHub Pages, the
// prerendered pages (offline, the stored index.html renders every page) and the sitemaps.
const NOT_STORED = new Set(['sw.js', '404.html']);
const PRERENDERED = /^(about\.html|doc\/[^/]*\.html|browse\/[^/]*\.html)$/;
const SITEMAP = /^sitemap(-\d+)?\.xml$/;
// A packed archive's parts are stored by the service worker as questions fetch them, not at
// install (the head, data/archive.json, names them all, so the build id covers them).
const PARTS = /^data\/parts\//;

function fail(message) {
  console.error(`post-build: ${message}`);
  process.exit(1);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** The bytes of FOLIO_BUNDLE, from disk or over HTTP, checked to be a Folio bundle. */
async function readBundleSource(source) {
  let bytes;
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source).catch((err) => fail(`cannot download FOLIO_BUNDLE ${source}: ${err.message}`));
    if (!response.ok) fail(`cannot download FOLIO_BUNDLE ${source}: HTTP ${response.status} ${response.statusText}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } else {
    bytes = await readFile(path.resolve(REPO, source)).catch((err) => fail(`cannot read FOLIO_BUNDLE ${source}: ${err.message}`));
  }
  let json;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    fail(`FOLIO_BUNDLE ${source} is not valid JSON: ${err.message}`);
  }
  if (json?.format !== 'folio-bundle' || !Array.isArray(json?.documents)) {
    fail(`FOLIO_BUNDLE ${source} is not a Folio bundle (it needs "format": "folio-bundle" and a "documents" list; see docs/bundle-format.md)`);
  }
  return { bytes, documents: json.documents.length };
}

/**
 * index.html with trunk's preload of the WebAssembly handed to public/first-view.js (as its
 * data-wasm and data-wasm-integrity attributes), which starts that download at once on most
 * pages but only after the first view is painted where one shows. Running again finds it done.
 */
function moveWasmPreload(index) {
  const link = /<link rel="preload"[^>]*\shref="([^"]+_bg\.wasm)"[^>]*>/.exec(index);
  const tag = '<script src="first-view.js"></script>';
  if (!link || !index.includes(tag)) return index;
  const integrity = /\sintegrity="([^"]*)"/.exec(link[0])?.[1] ?? '';
  return index
    .replace(link[0], '')
    .replace(tag, `<script src="first-view.js" data-wasm="${link[1]}" data-wasm-integrity="${integrity}"></script>`);
}

/**
 * The index worker's glue and WebAssembly (crates/folio-worker; trunk names a worker's files
 * after its binary, unhashed) renamed with a hash of their contents, so a browser never mixes
 * one build's glue with another's module, and their names given to public/first-view.js (its
 * data-worker-js and data-worker-wasm attributes), which starts the worker. Running again finds
 * it done.
 */
async function nameWorker(dir, index) {
  const js = path.join(dir, 'folio-worker.js');
  const wasm = path.join(dir, 'folio-worker_bg.wasm');
  let names = /data-worker-js="([^"]+)" data-worker-wasm="([^"]+)"/.exec(index)?.slice(1);
  const glue = await readFile(js).catch(() => null);
  if (glue) {
    const module = await readFile(wasm);
    const hash = createHash('sha256').update(glue).update(module).digest('hex').slice(0, 16);
    names = [`folio-worker-${hash}.js`, `folio-worker-${hash}_bg.wasm`];
    await rename(js, path.join(dir, names[0]));
    await rename(wasm, path.join(dir, names[1]));
  }
  if (!names) fail('no index worker in the build (crates/folio-worker; see index.html)');
  return index
    .replace(/ data-worker-js="[^"]*" data-worker-wasm="[^"]*"/, '')
    .replace(/<script src="first-view\.js"/, `<script src="first-view.js" data-worker-js="${names[0]}" data-worker-wasm="${names[1]}"`);
}

/** Runs the Rust site writer on `dir`, building it first if needed (cargo's `prerender` profile). */
function writePages(dir) {
  const cargo = process.env.CARGO ?? 'cargo';
  execFileSync(cargo, ['run', '--quiet', '--locked', '--profile', 'prerender', '-p', 'folio-site', '--', dir], {
    cwd: REPO,
    stdio: 'inherit',
    // trunk's own cargo settings are for the WebAssembly; the site writer is native.
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^CARGO_(BUILD_TARGET|TARGET_DIR_WASM)|^RUSTFLAGS$/.test(k))),
  });
}

async function main() {
  const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? fail('no folder: run from trunk, or pass one'));
  const debug = process.env.TRUNK_PROFILE === 'debug';
  const indexFile = path.join(dir, 'index.html');
  let index = await readFile(indexFile, 'utf8').catch(() => fail(`${indexFile} is missing`));
  if (!BUILD_META.test(index)) fail('index.html has no <meta name="folio-build" content="..."> to fill in');

  const source = process.env.FOLIO_BUNDLE;
  if (source) {
    const { bytes, documents } = await readBundleSource(source);
    await mkdir(path.join(dir, 'data'), { recursive: true });
    await writeFile(path.join(dir, BUNDLE_PATH), bytes);
    console.log(`post-build: bundle from ${source}: ${documents} documents, ${bytes.length} bytes`);
  }

  await writeFile(indexFile, await nameWorker(dir, moveWasmPreload(index)));
  writePages(dir);
  index = await readFile(indexFile, 'utf8');

  const all = await listFiles(dir);
  const pages = all.filter((f) => PRERENDERED.test(f));
  const files = all.filter((f) => !NOT_STORED.has(f) && !PRERENDERED.test(f) && !SITEMAP.test(f) && !PARTS.test(f));
  if (!files.includes(BUNDLE_PATH)) console.warn(`post-build: warning: no ${BUNDLE_PATH} in the site`);

  // The build id covers every stored file; index.html with its id blanked, since the id goes in it.
  const setBuild = (html, id) => html.replace(BUILD_META, `<meta name="folio-build" content="${id}" />`);
  const contents = new Map();
  for (const f of files) contents.set(f, f === 'index.html' ? Buffer.from(setBuild(index, '')) : await readFile(path.join(dir, f)));
  const whole = createHash('sha256');
  for (const f of files) whole.update(`${f}\0`).update(sha256(contents.get(f))).update('\0');
  const build = debug ? 'dev' : whole.digest('hex').slice(0, 16);

  index = setBuild(index, build);
  await writeFile(indexFile, index);
  contents.set('index.html', Buffer.from(index));
  await writeFile(path.join(dir, '404.html'), index);
  for (const f of pages) {
    const file = path.join(dir, f);
    await writeFile(file, setBuild(await readFile(file, 'utf8'), build));
  }

  const bundleBytes = contents.get(BUNDLE_PATH);
  const manifest = debug
    ? null
    : {
        build,
        bundle: bundleBytes ? { url: BUNDLE_PATH, hash: sha256(bundleBytes).toString('hex').slice(0, 16), bytes: bundleBytes.length } : null,
        bytes: files.reduce((n, f) => n + contents.get(f).length, 0),
        files: files.map((f) => ({
          url: f.split('/').map(encodeURIComponent).join('/'),
          integrity: `sha256-${sha256(contents.get(f)).toString('base64')}`,
        })),
      };

  const template = await readFile(SW_TEMPLATE, 'utf8');
  const marker = '/* FOLIO_BUILD */ null';
  if (!template.includes(marker)) fail(`${SW_TEMPLATE} lost its marker ${marker}`);
  await writeFile(path.join(dir, 'sw.js'), template.replace(marker, JSON.stringify(manifest, null, 1)));

  const kb = (n) => `${Math.round(n / 1024)} KB`;
  if (debug) console.log('post-build: debug build: sw.js removes itself; 404.html written');
  else console.log(`post-build: build ${build}, bundle ${manifest.bundle?.hash ?? 'none'}; sw.js stores ${files.length} files (${kb(manifest.bytes)}); 404.html and ${pages.length} prerendered pages stamped`);
}

await main();
