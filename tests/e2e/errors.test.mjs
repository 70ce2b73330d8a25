// What the reader sees while the bundle loads and when it cannot be used: a progress bar, then
// either the archive or an alert that explains the problem, never a blank or dead page.
// Each test answers `data/archive.json` itself through Playwright's routing.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { SAMPLE_BUNDLE, SEL, distMissing, docUrl, squash, useBrowser, useServer, waitForResults } from './helpers.mjs';

const skip = distMissing();
const noSample = existsSync(SAMPLE_BUNDLE) ? false : 'dist/data/archive.json is missing';
const BUNDLE_ROUTE = '**/data/archive.json';

/** The first half of a real bundle: valid JSON up to a point, then nothing. */
function truncatedBundle() {
  const full = existsSync(SAMPLE_BUNDLE)
    ? readFileSync(SAMPLE_BUNDLE, 'utf8')
    : JSON.stringify({
        format: 'folio-bundle',
        version: 1,
        archive: { title: 'Truncated' },
        documents: Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, title: `Document ${i}`, date: '1900-01-01', text: 'Text.' })),
      });
  return full.slice(0, Math.floor(full.length / 2));
}

describe('a bundle that cannot be used', { skip }, () => {
  const server = useServer();
  // Blocked so that every bundle request is the page's own and goes through context.route.
  const s = useBrowser({ serviceWorkers: 'block' });

  /** Opens `url` with the bundle answered by `response` and returns the alert's text. */
  async function alertFor(response, url = server.url) {
    await s.session.context.route(BUNDLE_ROUTE, (route) => route.fulfill(response));
    await s.page.goto(url);
    const alert = s.page.locator(SEL.alert);
    await alert.first().waitFor({ state: 'visible', timeout: 30_000 });
    const text = squash(await alert.first().textContent());
    assert.ok(text.length > 10, `the alert should explain the problem, but reads ${JSON.stringify(text)}`);
    assert.equal(await s.page.locator(SEL.loadError).count(), 1, 'the alert should be the .load-error element');
    assert.equal(await s.page.locator(SEL.loading).first().isVisible(), false, 'the loading indicator should be gone');
    const body = squash(await s.page.locator('body').innerText());
    assert.ok(body.length > 0, 'the page should not be blank');
    s.session.expectNoPanic();
    return text;
  }

  it('shows an alert when the bundle is missing (404)', async () => {
    const text = await alertFor({ status: 404, contentType: 'text/plain', body: 'Not found' });
    assert.match(text, /404|not found|missing|could not|couldn't/i, `the alert should say the file is missing: ${text}`);
  });

  it('shows an alert when an HTML page is served as the bundle', async () => {
    const html = '<!doctype html><html><head><title>Page not found</title></head><body><h1>404</h1></body></html>';
    const text = await alertFor({ status: 200, contentType: 'text/html', body: html });
    assert.match(text, /HTML/, `the alert should say the file is an HTML page: ${text}`);
  });

  it('shows an alert when the bundle is truncated JSON', async () => {
    const text = await alertFor({ status: 200, contentType: 'application/json', body: truncatedBundle() });
    assert.match(text, /JSON/, `the alert should say the file is not valid JSON: ${text}`);
  });

  it('shows the load error, not "Document not found", on a document deep link when the bundle is missing', async () => {
    await alertFor({ status: 404, contentType: 'text/plain', body: 'Not found' }, docUrl(server.url, 'frus1884-d1'));
    assert.equal(await s.page.locator('h1:text-is("Document not found")').count(), 0);
  });

  it('shows a progress bar while the bundle is on its way', { skip: noSample }, async () => {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await s.session.context.route(BUNDLE_ROUTE, async (route) => {
      await held;
      await route.continue();
    });
    await s.page.goto(server.url);
    try {
      await s.page.locator(SEL.loadingProgress).waitFor({ state: 'visible', timeout: 30_000 });
    } finally {
      release();
    }
    await waitForResults(s.page);
    assert.equal(await s.page.locator(SEL.loading).count(), 0, 'the loading indicator should go once the archive is in');
    s.session.expectCleanConsole();
  });
});
