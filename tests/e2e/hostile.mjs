// Shared machinery for the hostile-input specs (`hostile-bundles.test.mjs`,
// `hostile-urls.test.mjs`, `csp.test.mjs`): tripwires that notice any script a bundle, a URL
// or a query managed to run, a server that answers `data/archive.json` however a test asks
// (a file, an HTTP error, a stall, a lie about its size), and the generators of the bundles
// too big to commit.

import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { BASE, DIST_DIR, REPO_ROOT } from './helpers.mjs';
import { startServer } from './server.mjs';

export const HOSTILE_DIR = path.join(REPO_ROOT, 'tests', 'fixtures', 'hostile');
export const fixture = (name) => path.join(HOSTILE_DIR, name);

// ---------------------------------------------------------------------------------------------
// Tripwires

/**
 * Arms the tripwires on a page before it loads anything: every dialog (alert, confirm,
 * prompt) is recorded and dismissed, and every Content-Security-Policy violation the page
 * reports is recorded (listener installed in every document the page opens). Returns the
 * two lists, which fill in as the page runs.
 */
export async function armTripwires(page) {
  const dialogs = [];
  const cspViolations = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  await page.exposeBinding('__folioReportCsp', (_source, violation) => cspViolations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__folioReportCsp?.(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber} ${e.sample || ''}`.trim(),
      );
    });
  });
  return { dialogs, cspViolations };
}

/**
 * Elements and attributes that only exist if markup from the data was parsed as HTML (the
 * app itself never writes them: it listens with addEventListener and styles with classes; a
 * document page's JSON-LD block is data, and its text is checked to stay inside it).
 * Every payload of the hostile fixtures carries at least one of them.
 */
const INJECTED = [
  // The one inline script a page has is its own JSON-LD data block (never run).
  'script:not([src]):not([type="application/ld+json"])',
  'img[onerror]',
  'svg[onload]',
  '[data-pwned]',
  '[onload]',
  '[onerror]',
  '[onclick]',
  '[onmouseover]',
  'iframe',
  'object',
  'embed',
  'body style',
].join(', ');

/**
 * Fails if anything from the data ran or became markup: a dialog opened, `window.__pwned`
 * was set, an injected element or event-handler attribute exists, a link points at a
 * `javascript:`, `data:` or `vbscript:` URL, or the Content-Security-Policy had to block
 * something (which means something tried).
 */
export async function expectNothingRan(page, { dialogs, cspViolations }) {
  const found = await page.evaluate((selector) => {
    const scheme = (href) => href.replace(/[\u0000-\u0020]/g, '').toLowerCase();
    return {
      pwned: window.__pwned === undefined ? null : String(window.__pwned),
      dataBlocks: document.querySelectorAll('script[type="application/ld+json"]').length,
      injected: [...document.querySelectorAll(selector)].map((e) => e.outerHTML.slice(0, 160)),
      badLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
        .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('formaction'))
        .filter((h) => /^(javascript|data|vbscript):/.test(scheme(h ?? ''))),
    };
  }, INJECTED);
  assert.deepEqual(dialogs, [], `no dialog should open, but got: ${dialogs.join('; ')}`);
  assert.equal(found.pwned, null, `no injected script should run, but window.__pwned = ${found.pwned}`);
  assert.deepEqual(found.injected, [], `no markup from the data should become elements, but found:\n${found.injected.join('\n')}`);
  assert.ok(found.dataBlocks <= 1, `a page has at most its own JSON-LD block, but found ${found.dataBlocks}`);
  assert.deepEqual(found.badLinks, [], `no link should use a script or data URL, but found: ${found.badLinks.join(', ')}`);
  assert.deepEqual(cspViolations, [], `the Content-Security-Policy should have nothing to block, but it reported:\n${cspViolations.join('\n')}`);
}

/** Console lines Chromium writes for an HTTP error status; expected when a test serves one. */
export const HTTP_ERROR_CONSOLE = /Failed to load resource: the server responded with a status of (404|500)/;

// ---------------------------------------------------------------------------------------------
// The hostile server

/**
 * Serves `dist/` (through the project's static server, as a proxy) with `{base}data/archive.json`
 * answered by whatever the current test chose with `answer(handler)`; until then the real
 * file is served. Resolves to `{url, answer(handler), close()}`.
 */
export async function startHostileServer({ root = DIST_DIR, base = BASE } = {}) {
  const upstream = await startServer({ root, base, port: 0 });
  const bundlePath = `${base}data/archive.json`;
  let handler = null;
  const sockets = new Set();
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === bundlePath && handler) {
      handler(req, res);
      return;
    }
    const proxied = httpRequest(
      new URL(req.url ?? '/', upstream.url),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => res.destroy());
    req.pipe(proxied);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${base}`,
    /** Answers the bundle with `fn(req, res)` from now on; null serves the real file. */
    answer(fn) {
      handler = fn;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** Answers with a file from disk, as a static host would. */
export function serveFile(file, { contentType = 'application/json; charset=utf-8' } = {}) {
  return async (req, res) => {
    const { size } = await stat(file);
    res.writeHead(200, { ...NO_STORE, 'Content-Type': contentType, 'Content-Length': size });
    createReadStream(file).pipe(res);
  };
}

/** Answers with an HTTP error status and a short body. */
export function serveStatus(status, body = `HTTP ${status}\n`) {
  return (req, res) => {
    res.writeHead(status, { ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/** Never answers: the request stays open until the server closes. */
export function stallBeforeHeaders() {
  return () => {};
}

/** Sends the headers and the first `sent` bytes of `bytes`, then nothing more. */
export function stallAfter(bytes, sent) {
  return (req, res) => {
    res.writeHead(200, { ...NO_STORE, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length });
    res.write(bytes.subarray(0, sent));
  };
}

/** Announces `size` bytes in Content-Length, sends a few, then nothing. */
export function claimSize(size) {
  return (req, res) => {
    res.writeHead(200, { ...NO_STORE, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': size });
    res.write('{"format": "folio-bundle", ');
  };
}

/**
 * Streams a bundle of `size` bytes without a Content-Length (chunked), so that only counting
 * while downloading can notice it is too large. The JSON is valid (white space padding), so
 * without a limit the app would try to parse all of it. Stops when the client gives up.
 */
export function streamOfSize(size) {
  return (req, res) => {
    res.writeHead(200, { ...NO_STORE, 'Content-Type': 'application/json; charset=utf-8' });
    const head = '{"format": "folio-bundle", "version": 1, "documents": [{"id": "a", "title": "A"}';
    const tail = ']}';
    const chunk = Buffer.alloc(1 << 20, 0x20);
    let left = size - head.length - tail.length;
    let closed = false;
    res.on('close', () => (closed = true));
    res.write(head);
    const pump = () => {
      while (!closed && left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) res.end(tail);
    };
    pump();
  };
}

// ---------------------------------------------------------------------------------------------
// Generated bundles (too big to commit)

/** A temporary folder for generated bundles; `remove()` deletes it. */
export async function scratchDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'folio-hostile-'));
  return { dir, file: (name) => path.join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes a bundle of `documents` to `file`, one document per line. */
export async function writeBundle(file, documents, archive = { title: 'Generated hostile archive' }) {
  const head = JSON.stringify({ format: 'folio-bundle', version: 1, archive }).slice(0, -1);
  const body = documents.map((d) => JSON.stringify(d)).join(',\n');
  await writeFile(file, `${head},"documents":[\n${body}\n]}\n`);
  return file;
}

const WORDS = ('treaty memorandum telegram embassy minister conference delegation frontier harbour railway ' +
  'armistice protocol garrison consulate tariff ratification envoy cabinet parliament communique')
  .split(' ');

/** `n` words of plain prose, deterministic. */
export function prose(n, seed = 1) {
  const out = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    // The high bits: the low bits of this generator repeat with a short period.
    out.push(WORDS[Math.floor(x / 65536) % WORDS.length]);
  }
  return out.join(' ');
}

/** A small valid document that the specs search for by `word`. */
export function witness(id, word, extra = {}) {
  return { id, title: `The ${word} witness`, date: '1950-01-01', summary: `A valid document: searching for ${word} finds it.`, ...extra };
}
