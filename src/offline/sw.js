// Folio's service worker: keeps the whole site (app and archive bundle) on the device so it
// loads, searches and opens documents with the network off.
//
// This file is a template. The post-build hook (.ci/post-build.mjs) writes a copy to the site
// root as `sw.js`, with BUILD below replaced by the build's real file list: every file's URL
// relative to the scope and its Subresource Integrity hash, a build id (a hash of all of them)
// and the bundle's hash. Because the list and the ids are in this file, any change to the app
// or to the bundle changes `sw.js`, which is how the browser notices an update.
//
// Versions never mix: one cache per build holds the app and the bundle together, every
// request is answered from that cache, and a new build installs into its own cache and waits
// until the reader accepts it (SKIP_WAITING). Old caches of this scope are deleted when the new
// worker takes over.
//
// Each byte is downloaded once, by construction rather than by the HTTP cache's good will (it
// does not keep a file of many megabytes): a file an earlier build already stored with the
// same integrity hash is copied from that build's cache, and on a first visit the files the
// page itself downloaded (the WebAssembly and the bundle) are taken from the page's copies;
// see precache().
//
// In a debug build (trunk serve) BUILD is null: the worker then removes itself and its caches,
// so a development server on an address that once served a release build shows fresh files.

const BUILD = /* FOLIO_BUILD */ null;

const SCOPE = self.registration.scope; // absolute, ends with "/"
const PREFIX = `folio ${new URL(SCOPE).pathname} `; // caches of this site only
const CACHE = BUILD ? PREFIX + BUILD.build : null;
const INDEX = 'index.html';
// Stored beside the files, last: which build this cache holds, its files and their hashes
// (what a later build carries over), and when it was stored.
const STAMP = '__folio/stored.json';
// The page's own downloads of this visit (public/first-view.js writes them), taken instead of
// downloading the same files again; deleted once the build is stored.
const KEPT = PREFIX + 'kept';
// A packed archive's parts (data/parts/, named by the hash of their bytes, never changed) are
// not stored at install: each is stored here the first time a question fetches it, and
// answered from here after, online or not. Shared by every build (a part of the same name is
// the same bytes); when a new build takes over, the parts its head no longer names are deleted.
const PARTS = PREFIX + 'parts';
const PART = /\/data\/parts\/([a-z]+-[0-9a-f]{16}\.(bin|json))$/;

self.addEventListener('install', (event) => {
  if (!BUILD) {
    self.skipWaiting();
    return;
  }
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(BUILD ? takeOver() : removeSelf());
});

self.addEventListener('message', (event) => {
  const msg = event.data ?? {};
  if (msg.type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (msg.type === 'INFO' && event.ports[0]) {
    event.waitUntil(info().then((answer) => event.ports[0].postMessage(answer)));
  }
});

if (BUILD) {
  self.addEventListener('fetch', (event) => {
    const request = event.request;
    if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
    event.respondWith(respond(request));
  });
}

/**
 * Stores every file of the build in a fresh cache, each downloaded at most once:
 * - a file whose integrity hash an earlier build's complete cache already holds is carried
 *   over from there (an update downloads only what changed);
 * - a file the page itself downloaded on this visit, before any worker controlled it, is taken
 *   from the page's copy (KEPT, written by public/boot.js and src/offline/client.js) when its
 *   hash is right (a first visit downloads the bundle and the WebAssembly once);
 * - anything else is fetched, checked against its integrity hash (a copy from the HTTP cache
 *   first, the server's if that one is stale or from a half-finished deploy).
 * If a file cannot be had, installation fails and the browser tries again on a later visit.
 */
async function precache() {
  await caches.delete(CACHE); // leftovers of an install that failed half-way
  const cache = await caches.open(CACHE);
  const earlier = await earlierCopies();
  const kept = await caches.open(KEPT);
  const sources = { carried: 0, kept: 0, fetched: 0 };
  await Promise.all(
    BUILD.files.map(async ({ url, integrity }) => {
      const href = new URL(url, SCOPE);
      let response = await carriedOver(earlier.get(integrity));
      let source = 'carried';
      if (!response) {
        response = await checkedCopy(await kept.match(href, { ignoreSearch: true }), integrity);
        source = 'kept';
      }
      if (!response) {
        response = await fetch(new Request(href, { integrity })).catch(() => fetch(new Request(href, { cache: 'reload', integrity })));
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        source = 'fetched';
      }
      sources[source] += 1;
      await cache.put(href, response);
    }),
  );
  const stamp = {
    build: BUILD.build,
    bundle: BUILD.bundle,
    files: BUILD.files,
    sources,
    storedAt: new Date().toISOString(),
  };
  await cache.put(new URL(STAMP, SCOPE), new Response(JSON.stringify(stamp), { headers: { 'Content-Type': 'application/json' } }));
  await caches.delete(KEPT);
}

/**
 * Where each file of the earlier builds' complete caches is: integrity hash → {cache, url}.
 * A cache counts only with its stamp, written last, so a half-stored one is never used.
 */
async function earlierCopies() {
  const out = new Map();
  const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE && n !== KEPT);
  for (const name of names) {
    const cache = await caches.open(name);
    const stamp = await cache.match(new URL(STAMP, SCOPE));
    const files = stamp ? (await stamp.json().catch(() => null))?.files : null;
    if (!Array.isArray(files)) continue;
    for (const f of files) {
      if (typeof f?.integrity === 'string' && typeof f?.url === 'string' && !out.has(f.integrity)) {
        out.set(f.integrity, { cache, url: new URL(f.url, SCOPE) });
      }
    }
  }
  return out;
}

/** The stored copy of a file an earlier build holds, or null. */
async function carriedOver(place) {
  if (!place) return null;
  return (await place.cache.match(place.url)) ?? null;
}

/**
 * `response` when its body has the SHA-256 `integrity` ("sha256-<base64>"), as a fresh
 * response; null otherwise (also when there is none).
 */
async function checkedCopy(response, integrity) {
  if (!response || !response.ok || !integrity.startsWith('sha256-')) return null;
  const body = await response.arrayBuffer().catch(() => null);
  if (!body) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  let binary = '';
  for (const b of digest) binary += String.fromCharCode(b);
  if (`sha256-${btoa(binary)}` !== integrity) return null;
  return new Response(body, { status: 200, headers: response.headers });
}

async function takeOver() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE && n !== PARTS).map((n) => caches.delete(n)));
  await dropOldParts();
  await self.clients.claim();
}

/** Deletes the stored parts that this build's head does not name (or all, with no pack). */
async function dropOldParts() {
  if (!(await caches.has(PARTS))) return;
  const head = await (await caches.open(CACHE)).match(new URL('data/archive.json', SCOPE));
  const text = head ? await head.text() : '';
  const parts = await caches.open(PARTS);
  for (const request of await parts.keys()) {
    const name = PART.exec(new URL(request.url).pathname)?.[1];
    if (!name || !text.includes(`"${name}"`)) await parts.delete(request);
  }
}

/** A part of a packed archive: the stored copy, or the network's, stored for next time. */
async function part(request) {
  const parts = await caches.open(PARTS);
  const hit = await parts.match(request, { ignoreSearch: true, ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await parts.put(request, response.clone());
  return response;
}

async function removeSelf() {
  await self.clients.claim(); // navigate() below works only on pages this worker controls
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PREFIX)).map((n) => caches.delete(n)));
  await self.registration.unregister();
  const pages = await self.clients.matchAll({ type: 'window' });
  await Promise.all(pages.map((page) => page.navigate(page.url).catch(() => {})));
}

/**
 * A stored file by its URL (the query string is ignored: the app asks for fixed names); any
 * page under the scope gets the stored index.html, which routes it. Anything else goes to the
 * network.
 */
async function respond(request) {
  if (PART.test(new URL(request.url).pathname)) return part(request);
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
  if (hit) return hit;
  if (request.mode === 'navigate') {
    const shell = await cache.match(new URL(INDEX, SCOPE));
    if (shell) return shell;
  }
  try {
    return await fetch(request);
  } catch (err) {
    if (request.mode === 'navigate') return notStoredPage();
    throw err;
  }
}

/** What the reader sees when the stored copy is gone (the browser evicted it) and the network is off. */
function notStoredPage() {
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Archive not available offline</title></head>
<body><main class="offline-missing" role="alert">
<h1>This archive is not stored on this device</h1>
<p>You are offline, and the copy of the archive that this browser kept for offline use is gone: the browser may have removed it to free space.</p>
<p>Connect to the internet and reload the page; the archive will be stored again.</p>
</main></body></html>`;
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

/** This worker's build and bundle, and when they were stored. */
async function info() {
  if (!BUILD) return { build: null };
  const stamp = await (await caches.open(CACHE)).match(new URL(STAMP, SCOPE));
  const stored = stamp ? await stamp.json() : null;
  return {
    build: BUILD.build,
    bundle: BUILD.bundle,
    files: BUILD.files.length,
    bytes: BUILD.bytes,
    storedAt: stored?.storedAt ?? null,
    complete: Boolean(stored),
  };
}
