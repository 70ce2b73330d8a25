// The last line of defence: when the app panics, the reader sees "Something went wrong", the
// error and a way to reload, not a frozen page. A debug build has a route that panics on
// purpose (`/__panic`, src/ui/panic_hook.rs); a release build does not (the same address is
// "Document not found").
//
// The debug build is made here, into target/e2e-debug/ (`trunk build --offline --locked
// --dist target/e2e-debug`), when it is missing or older than the sources: about two minutes
// on 2 cores the first time, seconds when nothing changed. FOLIO_DEBUG_DIST names a debug
// build made elsewhere (it is then used as it is). Without trunk on PATH and without a debug
// build, the debug half is skipped and says why.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';

import { REPO_ROOT, distMissing, headingText, serveDist, squash, useBrowser, useServer, waitForResults } from './helpers.mjs';

const DEBUG_DIST = process.env.FOLIO_DEBUG_DIST
  ? path.resolve(process.env.FOLIO_DEBUG_DIST)
  : path.join(REPO_ROOT, 'target', 'e2e-debug');

/** The newest modification time under `paths` (files or folders), in ms. */
function newest(paths) {
  let latest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
    else latest = Math.max(latest, st.mtimeMs);
  };
  paths.forEach((p) => visit(path.join(REPO_ROOT, p)));
  return latest;
}

const SOURCES = ['src', 'crates/folio-core/src', 'crates/folio-core/Cargo.toml', 'public', 'index.html', 'Trunk.toml', 'Cargo.toml', 'Cargo.lock', '.ci/post-build.mjs'];

/** Makes the debug build when needed; returns why it cannot, or false when it is ready. */
function ensureDebugBuild() {
  const index = path.join(DEBUG_DIST, 'index.html');
  if (process.env.FOLIO_DEBUG_DIST) return existsSync(index) ? false : `FOLIO_DEBUG_DIST=${DEBUG_DIST} has no index.html`;
  if (existsSync(index) && statSync(index).mtimeMs >= newest(SOURCES)) return false;
  const env = {
    ...process.env,
    PATH: [path.join(REPO_ROOT, 'node_modules', '.bin'), path.join(os.homedir(), '.cargo', 'bin'), process.env.PATH].join(path.delimiter),
    TRUNK_SKIP_VERSION_CHECK: 'true',
  };
  if (spawnSync('trunk', ['--version'], { env }).status !== 0) {
    return existsSync(index) ? false : 'trunk is not on PATH, so the debug build for the panic test cannot be made';
  }
  console.log(`# building the debug site into ${path.relative(REPO_ROOT, DEBUG_DIST)} for the panic-hook test`);
  const build = spawnSync('trunk', ['build', '--offline', '--locked', '--dist', DEBUG_DIST], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 20 * 60_000,
  });
  if (build.status !== 0) {
    throw new Error(`the debug build failed:\n${`${build.stdout}\n${build.stderr}`.split('\n').slice(-40).join('\n')}`);
  }
  return false;
}

describe('the panic hook', () => {
  describe('in a debug build, on the route that panics on purpose', () => {
    const state = { skip: false, server: null };
    before(async () => {
      state.skip = ensureDebugBuild();
      if (!state.skip) state.server = await serveDist({ root: DEBUG_DIST });
    });
    const s = useBrowser({ serviceWorkers: 'block' });

    it('shows "Something went wrong", the error and a reload link', async (t) => {
      if (state.skip) {
        t.skip(state.skip);
        return;
      }
      try {
        await s.page.goto(`${state.server.url}__panic`);
        const panel = s.page.locator('.panic-panel[role="alert"]');
        await panel.waitFor({ state: 'visible', timeout: 60_000 });
        assert.equal(squash(await panel.locator('h1').textContent()), 'Something went wrong');
        const text = squash(await panel.textContent());
        assert.match(text, /deliberate panic at \/__panic/, `the error should be shown: ${text}`);
        assert.match(text, /panic_hook\.rs:\d+/, 'with where it happened');
        const reload = panel.getByRole('link', { name: 'Reload the page' });
        assert.equal(await reload.count(), 1, 'a reload link should be offered');
        assert.equal(await reload.getAttribute('href'), s.page.url(), 'it reloads the same address');
        // The panic is the expected error here: the hook logs it, then WebAssembly traps.
        assert.ok(s.session.errors.some((e) => /panicked at [\s\S]*deliberate panic/.test(e)), 'the hook logs the panic');
        s.session.expectCleanConsole({ ignore: [/deliberate panic/, /RuntimeError: unreachable/] });
        // The reload link brings the page back (and, on this route, the panel again).
        await reload.click();
        await panel.waitFor({ state: 'visible', timeout: 60_000 });
      } finally {
        await state.server?.close();
      }
    });
  });

  describe('in the release build', { skip: distMissing() }, () => {
    const server = useServer();
    const s = useBrowser({ serviceWorkers: 'block' });

    it('has no route that panics: /__panic is "Document not found"', async () => {
      await s.page.goto(`${server.url}__panic`);
      await s.page.locator('h1').first().waitFor();
      assert.equal(await headingText(s.page), 'Document not found');
      assert.equal(await s.page.locator('.panic-panel').count(), 0);
      await s.page.locator('.not-found a').first().click();
      await waitForResults(s.page);
      s.session.expectNoPanic();
      s.session.expectCleanConsole();
    });
  });
});
