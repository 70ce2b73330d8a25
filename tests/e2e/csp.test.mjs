// The Content-Security-Policy proves itself: the built pages carry a strict policy (no inline
// script, no other origin, WebAssembly allowed to compile and nothing more), a full session on
// the sample archive (load, search, page, open a document, back, reload a deep link, the about
// page, the service worker) makes the browser report no violation at all, and the policy is
// really enforced: an inline script, an inline event handler and a request to another origin
// are each blocked and reported.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, it } from 'node:test';

import {
  DIST_DIR,
  SEL,
  pickQuery,
  readBundle,
  sampleMissing,
  typeQuery,
  useBrowser,
  useServer,
  waitForDocument,
  waitForResults,
} from './helpers.mjs';
import { armTripwires, expectNothingRan } from './hostile.mjs';

const skip = sampleMissing();

/** The policy of an HTML file, as `{directive: [values]}`, or null when it has none. */
function policyOf(html) {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!meta) return null;
  return Object.fromEntries(
    meta[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('the Content-Security-Policy', { skip }, () => {
  // index.html, its copy, and the prerendered route pages (about, browse, every document).
  const docPages = skip || !existsSync(path.join(DIST_DIR, 'doc')) ? [] : readdirSync(path.join(DIST_DIR, 'doc')).map((f) => `doc/${f}`);
  const browsePages = skip || !existsSync(path.join(DIST_DIR, 'browse')) ? [] : readdirSync(path.join(DIST_DIR, 'browse')).map((f) => `browse/${f}`);
  const pages = ['index.html', '404.html', 'about.html', ...browsePages, ...docPages].filter((f) => !skip && existsSync(path.join(DIST_DIR, f)));

  it('is strict in every built page, which holds no inline script, handler or style', () => {
    assert.ok(pages.includes('index.html') && pages.includes('about.html') && docPages.length > 0 && browsePages.length > 0);
    for (const file of pages) {
      const html = readFileSync(path.join(DIST_DIR, file), 'utf8');
      const policy = policyOf(html);
      assert.ok(policy, `${file} should carry a Content-Security-Policy meta element`);
      assert.deepEqual(policy['default-src'], ["'self'"]);
      assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"], 'scripts: own origin, and WebAssembly compilation only');
      assert.deepEqual(policy['object-src'], ["'none'"]);
      assert.deepEqual(policy['base-uri'], ["'self'"]);
      for (const [name, values] of Object.entries(policy)) {
        for (const v of values) {
          assert.ok(!/^'unsafe-(inline|eval|hashes)'$/.test(v), `${file}: ${name} must not allow ${v}`);
          assert.ok(!/^(https?:|\*|data:|blob:)/.test(v), `${file}: ${name} must not allow another origin (${v})`);
        }
      }
      // The policy must come before anything it governs.
      const at = html.search(/<meta\s+http-equiv="Content-Security-Policy"/i);
      assert.ok(at < html.search(/<(script|link|style|base)\b/i), `${file}: the policy should come first in <head>`);
      // A JSON-LD block is data, never run (the policy has nothing to allow for it).
      const inline = [...html.matchAll(/<script\b([^>]*)>/gi)].filter(([, attrs]) => !/\bsrc=/.test(attrs) && !/\btype="application\/ld\+json"/i.test(attrs));
      assert.deepEqual(inline.map(([tag]) => tag), [], `${file} should hold no inline script`);
      assert.doesNotMatch(html, /\son[a-z]+=/i, `${file} should hold no inline event handler`);
      assert.doesNotMatch(html, /<style\b|\sstyle=/i, `${file} should hold no inline style`);
    }
  });

  describe('in a full session', () => {
    const server = useServer();
    // The service worker is allowed: it is part of the site the policy must not break.
    const s = useBrowser({ serviceWorkers: 'allow' });
    let wires;
    beforeEach(async () => {
      wires = await armTripwires(s.page);
    });

    it('reports no violation while a reader searches, pages, opens, goes back and reloads', async () => {
      const { query } = pickQuery(readBundle().documents);
      await s.page.goto(server.url);
      await waitForResults(s.page);
      await typeQuery(s.page, query);
      if (await s.page.locator(SEL.next).count()) {
        await s.page.locator(SEL.next).click();
        await waitForResults(s.page);
      }
      await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
      await waitForDocument(s.page);
      const deepLink = s.page.url();
      await s.page.goBack();
      await waitForResults(s.page);
      await s.page.goto(deepLink);
      await waitForDocument(s.page);
      await s.page.locator(SEL.backToResults).click();
      await waitForResults(s.page);
      const about = s.page.locator('a[href$="about"]').first();
      if (await about.count()) {
        await about.click();
        await s.page.locator('h1').first().waitFor();
      }
      // The service worker, when the build has one, registered under the policy too.
      await s.page.evaluate(() => navigator.serviceWorker?.ready && Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 5000))]));
      await expectNothingRan(s.page, wires);
      s.session.expectNoPanic();
      s.session.expectCleanConsole();
    });

    it('blocks and reports an inline script, an inline event handler and a request to another origin', async () => {
      await s.page.goto(server.url);
      await waitForResults(s.page);
      const outcome = await s.page.evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true;';
        document.head.append(script);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__handlerRan = true;');
        img.src = 'data:,not-an-image';
        document.body.append(img);
        let fetched = 'not blocked';
        try {
          await fetch('https://example.org/');
        } catch (err) {
          fetched = String(err);
        }
        await new Promise((r) => setTimeout(r, 300));
        img.remove();
        script.remove();
        return { inline: window.__inlineRan ?? false, handler: window.__handlerRan ?? false, fetched };
      });
      assert.equal(outcome.inline, false, 'the inline script should not run');
      assert.equal(outcome.handler, false, 'the inline event handler should not run');
      assert.match(outcome.fetched, /TypeError|Failed to fetch/, 'the request to another origin should be refused');
      const directives = wires.cspViolations.map((v) => v.split(' ')[0]);
      for (const d of ['script-src-elem', 'script-src-attr', 'connect-src']) {
        assert.ok(directives.includes(d), `a ${d} violation should be reported, got: ${wires.cspViolations.join('; ')}`);
      }
      s.session.expectNoPanic();
      // Chromium writes each refusal to the console too; those lines are this test's point.
      s.session.expectCleanConsole({ ignore: [/Content Security Policy/, /Failed to fetch|example\.org/] });
    });
  });
});
