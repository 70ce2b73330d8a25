// The test server itself, without a browser: both modes, content types, overrides, and that
// nothing outside the root or the base path is ever served.

import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { normalizeBase, startServer } from './server.mjs';

let root;
let elsewhere;

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'folio-server-test-'));
  await mkdir(path.join(root, 'data'));
  await mkdir(path.join(root, 'sub'));
  await writeFile(path.join(root, 'index.html'), '<p>index</p>');
  await writeFile(path.join(root, '404.html'), '<p>not found page</p>');
  await writeFile(path.join(root, 'app.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  await writeFile(path.join(root, 'app.js'), 'export {};');
  await writeFile(path.join(root, 'style.css'), 'body{}');
  await writeFile(path.join(root, 'manifest.webmanifest'), '{}');
  await writeFile(path.join(root, 'data', 'archive.json'), '{"from":"root"}');
  await writeFile(path.join(root, 'sub', 'index.html'), '<p>sub</p>');
  elsewhere = path.join(root, '..', `${path.basename(root)}-override.json`);
  await writeFile(elsewhere, '{"from":"override"}');
});

after(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(elsewhere, { force: true });
});

async function get(server, p) {
  const res = await fetch(new URL(p, new URL(server.url).origin), { redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type'), location: res.headers.get('location'), body: await res.text() };
}

describe('the test server', () => {
  it('normalizes the base path to start and end with a slash', () => {
    assert.equal(normalizeBase('folio'), '/folio/');
    assert.equal(normalizeBase('/folio'), '/folio/');
    assert.equal(normalizeBase('/'), '/');
    assert.equal(normalizeBase(''), '/');
  });

  describe('in SPA mode under /folio/', () => {
    let server;
    before(async () => {
      server = await startServer({ root, base: '/folio/', port: 0 });
    });
    after(() => server.close());

    it('listens on 127.0.0.1 on a random port and reports the base in its URL', () => {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/folio\/$/);
    });

    it('serves files with their content types', async () => {
      const cases = {
        '/folio/': 'text/html',
        '/folio/app.wasm': 'application/wasm',
        '/folio/app.js': 'text/javascript',
        '/folio/style.css': 'text/css',
        '/folio/data/archive.json': 'application/json',
        '/folio/manifest.webmanifest': 'application/manifest+json',
      };
      for (const [p, type] of Object.entries(cases)) {
        const res = await get(server, p);
        assert.equal(res.status, 200, p);
        assert.ok(res.type.startsWith(type), `${p}: ${res.type}`);
      }
    });

    it('answers an unknown path under the base with index.html and 200', async () => {
      const res = await get(server, '/folio/doc/frus1884-d1?q=x');
      assert.equal(res.status, 200);
      assert.equal(res.body, '<p>index</p>');
    });

    it('answers paths outside the base with 404', async () => {
      assert.equal((await get(server, '/')).status, 404);
      assert.equal((await get(server, '/other/index.html')).status, 404);
    });

    it('redirects the base without its slash to the base', async () => {
      const res = await get(server, '/folio');
      assert.equal(res.status, 301);
      assert.equal(res.location, '/folio/');
    });

    it('never serves a file outside the root', async () => {
      const name = path.basename(elsewhere);
      const res = await get(server, `/folio/..%2f${encodeURIComponent(name)}`);
      assert.notEqual(res.body, '{"from":"override"}');
    });
  });

  describe('in GitHub Pages mode at /', () => {
    let server;
    before(async () => {
      server = await startServer({ root, base: '/', port: 0, pages: true });
    });
    after(() => server.close());

    it('answers an unknown path with 404.html and 404', async () => {
      const res = await get(server, '/doc/frus1884-d1');
      assert.equal(res.status, 404);
      assert.equal(res.body, '<p>not found page</p>');
      assert.ok(res.type.startsWith('text/html'));
    });

    it("serves a directory's index.html", async () => {
      assert.equal((await get(server, '/sub/')).body, '<p>sub</p>');
      const res = await get(server, '/sub');
      assert.equal(res.status, 301);
      assert.equal(res.location, '/sub/');
    });
  });

  describe('with an override', () => {
    let server;
    before(async () => {
      server = await startServer({ root, base: '/', port: 0, overrides: { '/data/archive.json': elsewhere } });
    });
    after(() => server.close());

    it('answers the overridden path with the other file', async () => {
      const res = await get(server, '/data/archive.json');
      assert.equal(res.status, 200);
      assert.equal(res.body, '{"from":"override"}');
      assert.ok(res.type.startsWith('application/json'));
    });
  });
});
