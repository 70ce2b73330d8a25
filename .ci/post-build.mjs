#!/usr/bin/env node
// trunk's post_build hook (see Trunk.toml); it runs in trunk's staging folder, after
// index.html is written and before the folder becomes dist/. It:
//
// 1. puts the bundle named by FOLIO_BUNDLE (a path or an http(s) URL) at data/archive.json,
//    after checking that it is a Folio bundle, so a publisher never edits code; and names the
//    site after the archive: its title and description go into index.html's <title> and
//    <meta name="description"> (what search engines and link previews show before the app
//    runs) and into the web app manifest;
// 2. writes the build id into index.html (<meta name="folio-build">): a hash of every file of
//    the site, the bundle included;
// 3. writes sw.js from src/offline/sw.js with the real (hashed) file names, their integrity
//    hashes, the build id and the bundle's hash: the precache list is never kept by hand;
// 4. copies index.html to 404.html, which GitHub Pages serves for deep links.
//
// A debug build (trunk serve) gets build id "dev" and a worker that removes itself.
//
// By hand, on any built folder: node .ci/post-build.mjs DIR  (FOLIO_BUNDLE as above;
// TRUNK_PROFILE=debug for a development build). Running it twice gives the same result.

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SW_TEMPLATE = path.join(REPO, 'src', 'offline', 'sw.js');
const BUNDLE_PATH = 'data/archive.json';
const BUILD_META = /<meta name="folio-build" content="[^"]*"\s*\/?>/;
// Files the worker must not store: itself, and the copy of index.html for GitHub Pages.
const NOT_STORED = new Set(['sw.js', '404.html']);

function fail(message) {
  console.error(`post-build: ${message}`);
  process.exit(1);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/** All files under `dir`, as sorted `/`-separated paths relative to it; dotfiles skipped. */
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

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** At most `max` characters, cut at a word and marked with an ellipsis. */
function clip(text, max) {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}

/** index.html with the archive's title and description, and the manifest named after it. */
async function nameAfterArchive(dir, index) {
  let archive;
  try {
    archive = JSON.parse(await readFile(path.join(dir, BUNDLE_PATH), 'utf8'))?.archive;
  } catch {
    return index; // no bundle, or not JSON: the app says so when it loads
  }
  const title = typeof archive?.title === 'string' ? clip(archive.title, 120) : '';
  const description = typeof archive?.description === 'string' ? clip(archive.description, 200) : '';
  if (title) index = index.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`);
  if (description) {
    index = index.replace(/(<meta name="description" content=")[^"]*(")/, `$1${escapeHtml(description)}$2`);
  }
  const manifestFile = path.join(dir, 'manifest.webmanifest');
  const manifest = await readFile(manifestFile, 'utf8').then(JSON.parse, () => null);
  if (manifest) {
    if (title) manifest.name = title;
    if (title && title.length <= 12) manifest.short_name = title;
    if (description) manifest.description = description;
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return index;
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

  index = await nameAfterArchive(dir, index);

  const files = (await listFiles(dir)).filter((f) => !NOT_STORED.has(f));
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
  else console.log(`post-build: build ${build}, bundle ${manifest.bundle?.hash ?? 'none'}; sw.js stores ${files.length} files (${kb(manifest.bytes)}); 404.html written`);
}

await main();
