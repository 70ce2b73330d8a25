// The page's side of offline support, imported by the WebAssembly glue (see mod.rs): registers
// the service worker (`sw.js` beside index.html, scope = the site's base path), tells the app
// when a new version has been downloaded and waits, applies it on request, asks for persistent
// storage, and reports what is stored for the about page.
//
// A plain module file rather than web-sys bindings: it keeps the WebAssembly small, and it is
// not inline script, so a strict Content-Security-Policy can allow it by origin.

/** The build id the post-build hook wrote into index.html; "dev" or "" when there is no service worker. */
function appBuild() {
  return document.querySelector('meta[name="folio-build"]')?.content ?? '';
}

function baseUrl() {
  return new URL('./', document.baseURI);
}

let registration = null;
let updateAsked = false;

/**
 * Registers the service worker. `onUpdate` is called (maybe more than once) when a new version
 * is stored and waits for the reader to accept it.
 */
export function start(onUpdate) {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  const build = appBuild();
  if (!build) return; // not a page built by trunk with the hook (component tests)
  const base = baseUrl();
  if (build === 'dev') {
    // A development build: drop a release worker left on this address by an earlier build.
    sw.getRegistration(base.href).then((reg) => reg?.unregister()).catch(() => {});
    return;
  }

  let controlled = Boolean(sw.controller);
  sw.addEventListener('controllerchange', () => {
    if (updateAsked) {
      window.location.reload();
    } else if (controlled) {
      // Another tab switched to the new version; this page still runs the old one, whole.
      onUpdate();
    }
    controlled = true;
  });

  // After the page has loaded, so that storing the site never competes with showing it, and
  // once the page's and the index worker's own downloads are kept (public/first-view.js,
  // crates/folio-worker/worker.js), so that the service worker takes them instead of
  // downloading them again.
  afterLoad()
    .then(() => window.folioKept?.())
    .then(() => sw.register(new URL('sw.js', base).href, { scope: base.pathname }))
    .then((reg) => {
      registration = reg;
      const offer = () => {
        if (reg.waiting && sw.controller) onUpdate();
      };
      offer();
      reg.addEventListener('updatefound', () => {
        const worker = reg.installing;
        worker?.addEventListener('statechange', () => {
          if (worker.state === 'installed') offer();
        });
      });
      // Back online, or back to a tab left open for a while: look for a new version.
      const check = () => reg.update().catch(() => {});
      window.addEventListener('online', check);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible' && navigator.onLine) check();
      });
      return askForPersistence();
    })
    .catch((err) => console.warn('Folio: offline support is not available:', err?.message ?? err));
}

function afterLoad() {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
}

/** Switches to the waiting version (the page reloads when it has taken over), or just reloads. */
export function applyUpdate() {
  const waiting = registration?.waiting;
  if (!waiting) {
    window.location.reload();
    return;
  }
  updateAsked = true;
  waiting.postMessage({ type: 'SKIP_WAITING' });
  // Should the worker never take over (it was replaced meanwhile), reload anyway.
  setTimeout(() => window.location.reload(), 5000);
}

async function askForPersistence() {
  try {
    if (navigator.storage?.persist && !(await navigator.storage.persisted())) await navigator.storage.persist();
  } catch {
    // Not allowed here (an insecure origin, a private window): the browser decides on eviction.
  }
}

/** Asks the active worker what it stores; null when there is none or it does not answer. */
async function storedCopy() {
  const sw = navigator.serviceWorker;
  if (!sw) return null;
  const reg = registration ?? (await sw.getRegistration(baseUrl().href));
  const worker = reg?.active;
  if (!worker) return null;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 3000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.postMessage({ type: 'INFO' }, [channel.port2]);
  });
}

/**
 * What the about page shows: the page's build, the stored copy, whether a new version waits,
 * and the storage figures. Missing facts are null.
 */
export async function status() {
  const out = {
    appBuild: appBuild() || null,
    supported: Boolean(navigator.serviceWorker),
    updateWaiting: Boolean(registration?.waiting),
    stored: null,
    usage: null,
    quota: null,
    persisted: null,
  };
  try {
    const copy = await storedCopy();
    if (copy?.build) {
      out.stored = {
        build: copy.build,
        bundleHash: copy.bundle?.hash ?? null,
        bundleBytes: copy.bundle?.bytes ?? null,
        storedAt: copy.storedAt,
        storedAtText: copy.storedAt
          ? new Date(copy.storedAt).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' })
          : null,
      };
    }
  } catch {
    // No answer: shown as "not stored".
  }
  try {
    if (navigator.storage?.estimate) {
      const estimate = await navigator.storage.estimate();
      out.usage = estimate.usage ?? null;
      out.quota = estimate.quota ?? null;
    }
    if (navigator.storage?.persisted) out.persisted = await navigator.storage.persisted();
  } catch {
    // Storage figures are unavailable on some origins; shown as unknown.
  }
  return out;
}

// The whole of a packed archive, for offline use (the about page's "Download the whole
// archive"): every part the head names, stored in the cache the service worker answers parts
// from (src/offline/sw.js, PARTS), four at a time, skipping those already there. A download
// that was running when the page closed goes on when the about page opens again; a paused
// one waits for the reader.

const DOWNLOAD_KEY = 'folio-download-all';
const PART_NAME = /^[a-z]+-[0-9a-f]{16}\.(bin|json)$/;
let downloading = null;

function partsCacheName() {
  return `folio ${baseUrl().pathname} parts`;
}

/** The part files the head names (none for an archive that is not packed). */
async function partFiles() {
  const response = await fetch(new URL('data/archive.json', baseUrl()));
  const head = await response.json();
  if (head?.format !== 'folio-pack') return [];
  // Every table of parts (dict, stems, lengths, suffixes, postings, records…): the lists
  // whose items name a file.
  return Object.values(head)
    .filter(Array.isArray)
    .flat()
    .map((block) => block?.file)
    .filter((file) => typeof file === 'string' && PART_NAME.test(file));
}

async function storedNames() {
  if (!self.caches) return new Set();
  const cache = await caches.open(partsCacheName());
  return new Set((await cache.keys()).map((r) => new URL(r.url).pathname.split('/').pop()));
}

/** `{stored, total, wanted}`: parts stored of the head's, and whether a download should go on. */
export async function partsStatus() {
  try {
    const files = await partFiles();
    const have = await storedNames();
    return { stored: files.filter((f) => have.has(f)).length, total: files.length, wanted: localStorage.getItem(DOWNLOAD_KEY) === 'on' };
  } catch {
    return { stored: 0, total: 0, wanted: false };
  }
}

/**
 * Stores every part not yet stored; `onProgress(stored, total)` after each. Resolves to "done"
 * or "paused"; rejects with the reason when a part cannot be had.
 */
export async function downloadAll(onProgress) {
  if (!self.caches) throw new Error('this browser cannot store files for offline use');
  localStorage.setItem(DOWNLOAD_KEY, 'on');
  askForPersistence();
  const files = await partFiles();
  const have = await storedNames();
  const cache = await caches.open(partsCacheName());
  const queue = files.filter((f) => !have.has(f));
  let stored = files.length - queue.length;
  onProgress(stored, files.length);
  const controller = new AbortController();
  downloading = controller;
  const worker = async () => {
    while (queue.length && !controller.signal.aborted) {
      const file = queue.shift();
      const url = new URL(`data/parts/${file}`, baseUrl());
      const response = await fetch(url, { signal: controller.signal });
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      await cache.put(url, response);
      stored += 1;
      onProgress(stored, files.length);
    }
  };
  try {
    await Promise.all([worker(), worker(), worker(), worker()]);
  } catch (err) {
    if (controller.signal.aborted) return 'paused';
    throw err;
  } finally {
    downloading = null;
  }
  if (controller.signal.aborted) return 'paused';
  localStorage.removeItem(DOWNLOAD_KEY);
  return 'done';
}

/** Pauses the download; it waits for the reader (also after a reload). */
export function pauseDownload() {
  localStorage.setItem(DOWNLOAD_KEY, 'paused');
  downloading?.abort();
}
