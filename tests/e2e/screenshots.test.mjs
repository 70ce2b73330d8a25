// Screenshots of the search page (with a query) and of a document page at a desktop and a
// phone size, saved to tests/e2e/output/ for a person to look at; and a check that the phone
// layout never scrolls sideways.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  SEL,
  pickQuery,
  readBundle,
  sampleMissing,
  screenshot,
  typeQuery,
  useBrowser,
  useServer,
  waitForDocument,
  waitForResults,
} from './helpers.mjs';

const skip = sampleMissing();
const { query } = skip ? {} : pickQuery(readBundle().documents);
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];

describe('how the pages look', { skip }, () => {
  const server = useServer();
  const s = useBrowser();

  /** The search page with the test query typed in. */
  async function searchPage(viewport) {
    await s.page.setViewportSize(viewport);
    await s.page.goto(server.url);
    await waitForResults(s.page);
    await typeQuery(s.page, query);
  }

  /** The document page of the first hit. */
  async function documentPage() {
    await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
    await waitForDocument(s.page);
  }

  /** How far the page is wider than the viewport, in CSS pixels (0 when it fits). */
  const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}x${viewport.height}`;

    it(`saves screenshots of the search page and a document page at ${size}`, async () => {
      await searchPage(viewport);
      const searchShot = await screenshot(s.page, `search-${size}`);
      await documentPage();
      const docShot = await screenshot(s.page, `document-${size}`);
      console.log(`screenshots: ${searchShot}, ${docShot}`);
      s.session.expectCleanConsole();
    });
  }

  it('does not scroll sideways on a 390 px wide phone', async () => {
    await searchPage(VIEWPORTS[1]);
    assert.ok((await overflow(s.page)) <= 0, `the search page is ${await overflow(s.page)} px wider than the phone`);
    await documentPage();
    assert.ok((await overflow(s.page)) <= 0, `the document page is ${await overflow(s.page)} px wider than the phone`);
  });
});
