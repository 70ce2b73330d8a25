// Machinery for the offline and update specs: the release build made for a sub-path
// (`FOLIO_BASE=/folio/ bash .ci/build --dist target/e2e-folio`, which .ci/test runs), a host
// that behaves like GitHub Pages and can be redeployed and switched off at the same address
// (the service worker and its caches belong to that origin), and new versions of a build made
// without compiling: a changed bundle, and a changed app (its JS and wasm renamed with new
// content, as trunk would), with the post-build hook run again to write their sw.js.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from './helpers.mjs';
import { startServer } from './server.mjs';

// FOLIO_OFFLINE_DIST points these specs at another build made for a sub-path.
export const OFFLINE_DIST = path.resolve(process.env.FOLIO_OFFLINE_DIST ?? path.join(REPO_ROOT, 'target', 'e2e-folio'));
const HOOK = path.join(REPO_ROOT, '.ci', 'post-build.mjs');

/** Why the offline specs cannot run, or false when they can. */
export function offlineBuildMissing() {
  const need = ['index.html', 'sw.js', '404.html', 'data/archive.json'].filter((f) => !existsSync(path.join(OFFLINE_DIST, f)));
  if (need.length === 0) return false;
  const reason = `${path.relative(REPO_ROOT, OFFLINE_DIST)} lacks ${need.join(', ')}: build it first with FOLIO_BASE=/folio/ bash .ci/build --dist target/e2e-folio`;
  console.log(`# ${reason}`);
  return reason;
}

/** The base path a build was made for, from its `<base href>`. */
export function baseOf(dir) {
  const m = /<base href="([^"]*)"/.exec(readFileSync(path.join(dir, 'index.html'), 'utf8'));
  assert.ok(m, `${dir}/index.html has no <base href>`);
  return m[1];
}

/** The build id that the post-build hook wrote into index.html. */
export function buildOf(dir) {
  const m = /<meta name="folio-build" content="([^"]*)"/.exec(readFileSync(path.join(dir, 'index.html'), 'utf8'));
  assert.ok(m?.[1], `${dir}/index.html has no build id`);
  return m[1];
}

/** The precache manifest written into sw.js: `{build, bundle: {url, hash, bytes}, bytes, files: [{url, integrity}]}`. */
export function swManifest(dir) {
  const text = readFileSync(path.join(dir, 'sw.js'), 'utf8');
  const start = text.indexOf('const BUILD = ');
  const end = text.indexOf('\n};', start);
  assert.ok(start >= 0 && end > start, 'sw.js should hold the build manifest');
  return JSON.parse(text.slice(start + 'const BUILD = '.length, end + 2));
}

/** Every file of a built site, relative and `/`-separated. */
export async function siteFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await siteFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * A GitHub-Pages-like host for a build folder, always on the same port: `deploy(dir)` swaps
 * what it serves (atomically, through a symlink), `stop()` and `start()` take it off and on
 * the network. `url` is the site's address, base included. `options` go to the server
 * (`likePages`: Pages' caching headers and gzip; `onSent`: count what it sends; `hold`: delay
 * an answer).
 */
export async function startSite(dir, options = {}) {
  const base = baseOf(dir);
  const work = await mkdtemp(path.join(os.tmpdir(), 'folio-site-'));
  const root = path.join(work, 'site');
  await symlink(dir, root);
  let server = await startServer({ ...options, root, base, pages: true, port: 0 });
  const port = server.port;
  return {
    url: server.url,
    base,
    async deploy(next) {
      const tmp = `${root}.next`;
      await symlink(next, tmp);
      await rename(tmp, root);
    },
    async stop() {
      await server?.close();
      server = null;
    },
    async start() {
      server ??= await startServer({ ...options, root, base, pages: true, port });
    },
    async close() {
      await server?.close();
      server = null;
      await rm(work, { recursive: true, force: true });
    },
  };
}

const sriSha384 = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** `bytes` (a wasm module) with a custom section appended: a different module that runs the same. */
function withCustomSection(bytes, name, payload) {
  const leb = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return Buffer.from(out);
  };
  const nameBytes = Buffer.from(name);
  const body = Buffer.concat([leb(nameBytes.length), nameBytes, Buffer.from(payload)]);
  return Buffer.concat([bytes, Buffer.from([0]), leb(body.length), body]);
}

/**
 * A new version of the built site `from`, in a fresh folder:
 * - `bundle`: an object written as data/archive.json (a changed bundle);
 * - `bundleFile`: a file copied to data/archive.json;
 * - `appMarker`: a string baked into new JS and wasm files with new hashed names, referenced
 *   from index.html with new integrity hashes (a changed app, as a new trunk build makes);
 * - `styleMarker`: the same for the stylesheet only (a changed look, the app unchanged);
 * - `env`: more environment for the hook (`FOLIO_DOC_PAGES: 'off'` for a quick one).
 * The post-build hook then writes its sw.js, build id and 404.html. Returns `{dir, build}`.
 */
export async function makeVersion(from, { bundle, bundleFile, appMarker, styleMarker, env: moreEnv = {} } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'folio-version-'));
  await cp(from, dir, { recursive: true });
  if (styleMarker) {
    const css = (await readdir(dir)).find((n) => /^style-[0-9a-f]+\.css$/.test(n));
    assert.ok(css, `${from} should hold style-<hash>.css`);
    const oldCss = await readFile(path.join(dir, css));
    const newCss = Buffer.concat([oldCss, Buffer.from(`\n/* ${styleMarker} */\n`)]);
    const newName = `style-${createHash('sha256').update(newCss).digest('hex').slice(0, 16)}.css`;
    await unlink(path.join(dir, css));
    await writeFile(path.join(dir, newName), newCss);
    let index = await readFile(path.join(dir, 'index.html'), 'utf8');
    for (const [a, b] of [
      [css, newName],
      [sriSha384(oldCss), sriSha384(newCss)],
    ]) {
      assert.ok(index.includes(a), `index.html should mention ${a}`);
      index = index.split(a).join(b);
    }
    await writeFile(path.join(dir, 'index.html'), index);
  }
  if (appMarker) {
    const names = await readdir(dir);
    const js = names.find((n) => /^folio-[0-9a-f]+\.js$/.test(n));
    const wasm = names.find((n) => /^folio-[0-9a-f]+_bg\.wasm$/.test(n));
    assert.ok(js && wasm, `${from} should hold folio-<hash>.js and folio-<hash>_bg.wasm`);
    const oldJs = await readFile(path.join(dir, js));
    const oldWasm = await readFile(path.join(dir, wasm));
    const newWasm = withCustomSection(oldWasm, 'folio-test-version', appMarker);
    const hash = createHash('sha256').update(newWasm).update(appMarker).digest('hex').slice(0, 16);
    const [newJsName, newWasmName] = [`folio-${hash}.js`, `folio-${hash}_bg.wasm`];
    const newJs = Buffer.concat([oldJs, Buffer.from(`\n// ${appMarker}\n`)]);
    await unlink(path.join(dir, js));
    await unlink(path.join(dir, wasm));
    await writeFile(path.join(dir, newJsName), newJs);
    await writeFile(path.join(dir, newWasmName), newWasm);
    let index = await readFile(path.join(dir, 'index.html'), 'utf8');
    for (const [a, b] of [
      [js, newJsName],
      [wasm, newWasmName],
      [sriSha384(oldJs), sriSha384(newJs)],
      [sriSha384(oldWasm), sriSha384(newWasm)],
    ]) {
      assert.ok(index.includes(a), `index.html should mention ${a}`);
      index = index.split(a).join(b);
    }
    await writeFile(path.join(dir, 'index.html'), index);
  }
  if (bundle) await writeFile(path.join(dir, 'data', 'archive.json'), JSON.stringify(bundle));
  if (bundleFile) await cp(bundleFile, path.join(dir, 'data', 'archive.json'));
  const env = { ...process.env, ...moreEnv };
  delete env.FOLIO_BUNDLE;
  delete env.TRUNK_PROFILE;
  const run = spawnSync(process.execPath, [HOOK, dir], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, `the post-build hook failed on ${dir}:\n${run.stdout}\n${run.stderr}`);
  return { dir, build: buildOf(dir) };
}

// ---------------------------------------------------------------------------------------------
// In the browser

/** Waits until the page is controlled by a service worker (it then serves the stored copy). */
export async function waitForController(page, { timeout = 20_000 } = {}) {
  await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), null, { timeout });
}

/** Cuts the reader off: the browser goes offline and the host stops answering. */
export async function goOffline(context, site) {
  await context.setOffline(true);
  await site.stop();
}

export async function goOnline(context, site) {
  await site.start();
  await context.setOffline(false);
}

/** This site's cache names in the browser. */
export function cacheNames(page) {
  return page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('folio ')));
}

/** The URLs stored in the one cache named `name`, relative to `base`. */
export function cachedUrls(page, name) {
  return page.evaluate(async (n) => {
    const cache = await caches.open(n);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  }, name);
}

/** The build id of the page that is running (from its index.html). */
export function pageBuild(page) {
  return page.evaluate(() => document.querySelector('meta[name="folio-build"]')?.content ?? null);
}

/** The about page's facts: `{key: text}` for each row (`data-key`). */
export async function aboutFacts(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('.about-page [data-key]')].map((row) => [
        row.dataset.key,
        row.querySelector('dd')?.textContent.replace(/\s+/g, ' ').trim() ?? '',
      ]),
    ),
  );
}
