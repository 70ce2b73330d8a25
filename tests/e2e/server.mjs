// A small static file server for the built site, with no dependencies: the end-to-end tests
// start it on a random port, and people can run it by hand to look at `dist/`.
//
// Two modes, because the two hosts Folio targets treat a deep link differently:
// - default (SPA fallback, like `trunk serve`): a path under `base` that is not a file is
//   answered with the root `index.html` and status 200;
// - `pages` (like GitHub Pages): a directory gets its own `index.html` (after a redirect that
//   adds the trailing slash), `/x` may be `/x.html`, and anything else gets the root
//   `404.html` with status 404, which is how a Pages site serves deep links.
// Paths outside `base` are 404 in both modes.
//
// `likePages` adds what GitHub Pages sends with a file: `Cache-Control: max-age=600` (instead
// of `no-store`), an ETag (a matching If-None-Match gets 304), and gzip for text, JSON and
// WebAssembly when the browser accepts it. `onSent(path, bytes)` is called for every answer
// with the request's path and the body bytes sent (after compression), so a test can count
// what a browser downloads. `hold(path)` may return a promise: the answer waits for it (a
// test decides when a file arrives).
//
// `overrides` maps paths relative to `base` (`/data/archive.json`) to files anywhere on disk,
// so a test can serve another bundle without touching `dist/`.
//
// CLI: node tests/e2e/server.mjs --root dist --port 8080 --base /folio/ [--pages] [--host H]

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const pack = promisify(gzip);
/** What GitHub Pages compresses. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|wasm|manifest\+json|xml))/;

/** Content types by file extension; anything else is served as bytes. */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** `folio` or `/folio` or `/folio/` → `/folio/`; empty → `/`. */
export function normalizeBase(base = '/') {
  let b = String(base).trim();
  if (!b.startsWith('/')) b = '/' + b;
  if (!b.endsWith('/')) b += '/';
  return b;
}

async function statOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

/**
 * Decides how to answer one GET or HEAD, without doing any I/O on the socket.
 * Returns `{status, file?, location?, text?}`.
 */
async function resolveRequest({ root, base, pages, overrides }, rawPath) {
  // `/folio` → `/folio/`, as GitHub Pages does for a project site.
  if (base !== '/' && rawPath === base.slice(0, -1)) {
    return { status: 301, location: base };
  }
  if (!rawPath.startsWith(base)) return { status: 404, text: 'Not found (outside the base path)\n' };

  let rel;
  try {
    rel = '/' + decodeURIComponent(rawPath.slice(base.length));
  } catch {
    return { status: 400, text: 'Bad request (malformed percent-encoding)\n' };
  }
  if (rel.includes('\0')) return { status: 400, text: 'Bad request\n' };

  if (Object.hasOwn(overrides, rel)) return { status: 200, file: overrides[rel] };

  const file = path.join(root, path.normalize(rel));
  // path.normalize keeps `..` from climbing above `/`, but check anyway: never serve outside root.
  if (file !== root && !file.startsWith(root + path.sep)) {
    return { status: 404, text: 'Not found\n' };
  }

  const st = await statOrNull(file);
  if (st?.isFile()) return { status: 200, file };
  if (st?.isDirectory()) {
    if (!rawPath.endsWith('/')) return { status: 301, location: rawPath + '/' };
    const index = path.join(file, 'index.html');
    if ((await statOrNull(index))?.isFile()) return { status: 200, file: index };
  }

  if (pages) {
    const html = file + '.html';
    if (!rel.endsWith('/') && (await statOrNull(html))?.isFile()) return { status: 200, file: html };
    const notFound = path.join(root, '404.html');
    if ((await statOrNull(notFound))?.isFile()) return { status: 404, file: notFound };
    return { status: 404, text: 'Not found (and no 404.html in root)\n' };
  }

  const index = path.join(root, 'index.html');
  if ((await statOrNull(index))?.isFile()) return { status: 200, file: index };
  return { status: 404, text: 'Not found (and no index.html in root)\n' };
}

/**
 * Starts the server. `port: 0` picks a free port. Resolves to `{url, port, close()}`, where
 * `url` is the site's address including `base` (for example `http://127.0.0.1:41234/folio/`).
 */
export async function startServer({
  root,
  base = '/',
  port = 0,
  host = '127.0.0.1',
  pages = false,
  overrides = {},
  log = false,
  likePages = false,
  onSent = null,
  hold = null,
} = {}) {
  if (!root) throw new Error('startServer: `root` is required');
  const config = {
    root: path.resolve(root),
    base: normalizeBase(base),
    pages,
    overrides: Object.fromEntries(
      Object.entries(overrides).map(([k, v]) => [k.startsWith('/') ? k : '/' + k, path.resolve(v)]),
    ),
  };

  // Compressed files, by file, size and modification time.
  const packed = new Map();
  const gzipped = (file, st) => {
    const key = `${file}\0${st.size}\0${st.mtimeMs}`;
    if (!packed.has(key)) packed.set(key, readFile(file).then((b) => pack(b, { level: 6 })));
    return packed.get(key);
  };

  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const rawPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    let sent = 0;
    res.on('close', () => onSent?.(rawPath, sent));
    await hold?.(rawPath);
    let answer;
    if (method !== 'GET' && method !== 'HEAD') {
      answer = { status: 405, text: 'Method not allowed\n' };
    } else {
      try {
        answer = await resolveRequest(config, rawPath);
      } catch (err) {
        answer = { status: 500, text: `Internal error: ${err.message}\n` };
      }
    }
    if (log) console.log(`${method} ${req.url} -> ${answer.status}${answer.file ? ' ' + answer.file : ''}`);

    // Tests rebuild and re-serve constantly: never let the browser cache anything (unless the
    // host is to behave like GitHub Pages).
    const headers = { 'Cache-Control': likePages ? 'max-age=600' : 'no-store' };
    if (answer.location) {
      res.writeHead(answer.status, { ...headers, Location: answer.location }).end();
      return;
    }
    if (answer.text !== undefined) {
      const body = Buffer.from(answer.text);
      res.writeHead(answer.status, {
        ...headers,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': body.length,
      });
      sent = method === 'HEAD' ? 0 : body.length;
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    const st = await statOrNull(answer.file);
    if (!st?.isFile()) {
      res.writeHead(500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Cannot read ${answer.file}\n`);
      return;
    }
    const type = contentType(answer.file);
    if (likePages) {
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      headers.ETag = etag;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && COMPRESSIBLE.test(type)) {
        const body = await gzipped(answer.file, st);
        res.writeHead(answer.status, {
          ...headers,
          'Content-Type': type,
          'Content-Encoding': 'gzip',
          Vary: 'Accept-Encoding',
          'Content-Length': body.length,
        });
        sent = method === 'HEAD' ? 0 : body.length;
        res.end(method === 'HEAD' ? undefined : body);
        return;
      }
    }
    res.writeHead(answer.status, {
      ...headers,
      'Content-Type': type,
      'Content-Length': st.size,
    });
    if (method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(answer.file)
      .on('data', (chunk) => {
        sent += chunk.length;
      })
      .on('error', () => res.destroy())
      .pipe(res);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actualPort}${config.base}`,
    port: actualPort,
    base: config.base,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Browsers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections?.();
      }),
  };
}

function parseArgs(argv) {
  const opts = { root: 'dist', port: 8080, base: '/', pages: false, host: '127.0.0.1', log: true };
  const usage =
    'usage: node tests/e2e/server.mjs [--root DIR] [--port N] [--base /path/] [--pages] [--host H] [--quiet]';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${usage}`);
      return v;
    };
    switch (flag) {
      case '--root': opts.root = value(); break;
      case '--port': opts.port = Number(value()); break;
      case '--base': opts.base = value(); break;
      case '--host': opts.host = value(); break;
      case '--pages': opts.pages = true; break;
      case '--quiet': opts.log = false; break;
      case '-h':
      case '--help':
        console.log(usage);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${usage}`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535\n${usage}`);
  }
  return opts;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  const rootStat = await statOrNull(path.resolve(opts.root));
  if (!rootStat?.isDirectory()) {
    console.error(`root folder ${path.resolve(opts.root)} does not exist (build the site first: trunk build --release)`);
    process.exit(1);
  }
  const server = await startServer(opts);
  console.log(
    `Serving ${path.resolve(opts.root)} at ${server.url} (${opts.pages ? 'GitHub Pages mode: unknown paths get 404.html' : 'SPA fallback: unknown paths get index.html'})`,
  );
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
