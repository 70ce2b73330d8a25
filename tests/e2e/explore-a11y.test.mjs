// Accessibility and comfort of the explore features: axe-core finds no violation at all (any
// impact) on the search page, a filtered results page with the facets open (sidebar and phone
// drawer), a document page, a browse page, the About page and the error pages; the phone
// drawer; the dark theme (system and toggle, remembered); reduced motion; no sideways
// scrolling on a 360 px phone; and screenshots at desktop and phone sizes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  SEL,
  docUrl,
  eventually,
  readBundle,
  sampleMissing,
  screenshot,
  useBrowser,
  useServer,
  waitForDocument,
  waitForResults,
} from './helpers.mjs';
import { EX, axeViolations, countBy, openAt, usableDocs } from './explore-support.mjs';

const skip = sampleMissing();
const docs = skip ? [] : usableDocs(skip ? null : readBundle());
const enc = encodeURIComponent;
const ranked = (list, key) => Object.entries(countBy(list, key)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
/** A subject and a place that together still leave many results: a telling filtered page. */
function richPair() {
  const pairs = ranked(docs, 'subject')
    .slice(0, 5)
    .map(([subject]) => [subject, ...ranked(docs.filter((d) => (d.subjects ?? []).includes(subject)), 'place')[0]]);
  return pairs.sort((a, b) => b[2] - a[2])[0];
}
const [SUBJECT, PLACE] = skip ? [] : richPair();
const FILTERED = skip ? '' : `?subject=${enc(SUBJECT)}&place=${enc(PLACE)}`;
const DOC = skip ? null : [...docs].sort((a, b) => Object.keys(b).length - Object.keys(a).length)[0];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };

/** Fails on any axe violation, listing each with where it is. */
async function expectNoViolations(page, where) {
  const violations = await axeViolations(page);
  const lines = violations.map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
  assert.deepEqual(lines, [], `axe-core should find no violation on the ${where}`);
}

/** How far the page is wider than the viewport (0 when it fits). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('accessibility of the explore features', { skip }, () => {
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block' });

  const pages = [
    ['search page', '', DESKTOP],
    ['filtered results page with the facets open', FILTERED, DESKTOP],
    ['browse page', 'browse/people', DESKTOP],
    ['About page', 'about', DESKTOP],
  ];
  for (const [where, path, viewport] of pages) {
    it(`axe-core finds no violation on the ${where}`, async () => {
      await s.page.setViewportSize(viewport);
      await s.page.goto(server.url + path);
      await s.page.locator('main h1, #result-summary').first().waitFor();
      if (path.startsWith('?')) {
        // Every long facet opened: all values, their filter boxes and Show fewer buttons.
        const more = s.page.locator('button.facet-more[aria-expanded="false"]');
        assert.ok((await more.count()) > 0, 'a filtered page still has a long facet');
        while ((await more.count()) > 0) await more.first().click();
      }
      await expectNoViolations(s.page, where);
    });
  }

  it('axe-core finds no violation on a filtered phone page with the facet drawer open', async () => {
    await s.page.setViewportSize(PHONE);
    await openAt(s.page, server.url, FILTERED);
    await s.page.locator(EX.filtersToggle).click();
    await s.page.locator(EX.drawer).waitFor({ state: 'visible' });
    await expectNoViolations(s.page, 'phone drawer');
  });

  it('axe-core finds no violation on a document page', async () => {
    await s.page.goto(docUrl(server.url, DOC.id) + FILTERED);
    await waitForDocument(s.page);
    await expectNoViolations(s.page, 'document page');
  });

  it('axe-core finds no violation on the error pages (unknown document, archive that cannot load)', async () => {
    await s.page.goto(docUrl(server.url, 'no-such-document-4711'));
    await waitForDocument(s.page);
    await expectNoViolations(s.page, 'not-found page');
    await s.page.goto(`${server.url}browse/nothing`);
    await s.page.locator('h1').waitFor();
    await expectNoViolations(s.page, 'unknown browse page');
    await s.session.context.route('**/data/archive.json', (r) => r.fulfill({ status: 404, body: 'Not found' }));
    await s.page.goto(server.url);
    await s.page.locator(SEL.loadError).waitFor();
    await expectNoViolations(s.page, 'load error page');
  });

  it('axe-core finds no violation in the dark theme', async () => {
    await s.page.emulateMedia({ colorScheme: 'dark' });
    await openAt(s.page, server.url, FILTERED);
    await expectNoViolations(s.page, 'dark filtered results page');
    await s.page.goto(docUrl(server.url, DOC.id));
    await waitForDocument(s.page);
    await expectNoViolations(s.page, 'dark document page');
  });
});

describe('comfort on every device', { skip }, () => {
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block', viewport: PHONE });

  it('on a 360 px phone the facets live in a drawer that Escape closes, returning the focus', async () => {
    await openAt(s.page, server.url, FILTERED);
    assert.equal(await s.page.locator(EX.drawer).isVisible(), false, 'the drawer starts closed');
    const toggle = s.page.locator(EX.filtersToggle);
    assert.match(await toggle.textContent(), /Filters \(2\)/);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await eventually(async () => assert.ok(await s.page.evaluate(() => document.activeElement?.classList.contains('drawer-close'))));
    const box = await s.page.locator(EX.drawer).boundingBox();
    assert.ok(box.width >= PHONE.width - 1 && box.height >= PHONE.height - 1, 'the drawer covers the screen');
    const [value] = Object.keys(countBy(docs, 'collection'));
    await s.page.locator(`${EX.facetValue('collection', value)} input`).click();
    await eventually(() => assert.ok(new URL(s.page.url()).searchParams.getAll('collection').length === 1));
    assert.equal(await s.page.locator(EX.drawer).isVisible(), true, 'the drawer stays open while choosing');
    await s.page.keyboard.press('Escape');
    await eventually(async () => assert.equal(await s.page.locator(EX.drawer).isVisible(), false));
    await eventually(async () => assert.ok(await s.page.evaluate(() => document.activeElement?.classList.contains('filters-toggle'))));
  });

  it('never scrolls sideways on a 360 px phone', async () => {
    for (const path of ['', FILTERED, `doc/${enc(DOC.id)}${FILTERED}`, 'browse/places', 'about']) {
      await s.page.goto(server.url + path);
      await s.page.locator('main h1, #result-summary').first().waitFor();
      assert.ok((await overflow(s.page)) <= 0, `${path || 'the search page'} is ${await overflow(s.page)} px too wide`);
    }
    await s.page.goto(server.url + FILTERED);
    await s.page.locator(EX.filtersToggle).click();
    assert.ok((await overflow(s.page)) <= 0, 'the open drawer fits');
  });

  it('follows the system’s dark scheme, and the toggle’s choice is remembered across visits', async () => {
    await s.page.emulateMedia({ colorScheme: 'dark' });
    await openAt(s.page, server.url);
    const bg = () => s.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = await bg();
    const toggle = s.page.locator(EX.themeToggle);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'the toggle shows the system’s dark scheme');
    await toggle.click();
    assert.equal(await s.page.evaluate(() => document.documentElement.dataset.theme), 'light');
    assert.notEqual(await bg(), dark, 'the page turns light');
    await s.page.reload();
    await waitForResults(s.page);
    assert.equal(await s.page.evaluate(() => document.documentElement.dataset.theme), 'light', 'the choice survives a reload');
    assert.equal(await s.page.locator(EX.themeToggle).getAttribute('aria-pressed'), 'false');
    await s.page.locator(EX.themeToggle).click();
    assert.equal(await bg(), dark);
  });

  it('respects reduced motion: nothing moves', async () => {
    await s.page.emulateMedia({ reducedMotion: 'reduce' });
    await openAt(s.page, server.url, FILTERED);
    const moving = await s.page.evaluate(() =>
      [...document.querySelectorAll('*')]
        .filter((el) => {
          const cs = getComputedStyle(el);
          const long = (v) => v.split(',').some((t) => parseFloat(t) > 0);
          return long(cs.transitionDuration) || (cs.animationName !== 'none' && long(cs.animationDuration));
        })
        .map((el) => el.className),
    );
    assert.deepEqual(moving, []);
  });
});

describe('how the explore pages look', { skip }, () => {
  const server = useServer();
  const s = useBrowser({ serviceWorkers: 'block' });

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    it(`saves screenshots at ${size} size (${viewport.width} px)`, async () => {
      await s.page.setViewportSize(viewport);
      const saved = [];
      await openAt(s.page, server.url, FILTERED);
      if (size === 'phone') {
        saved.push(await screenshot(s.page, `explore-results-${size}`));
        await s.page.locator(EX.filtersToggle).click();
      }
      saved.push(await screenshot(s.page, `explore-facets-${size}`));
      await s.page.goto(docUrl(server.url, DOC.id) + FILTERED);
      await waitForDocument(s.page);
      saved.push(await screenshot(s.page, `explore-document-${size}`));
      await s.page.locator(EX.cite).scrollIntoViewIfNeeded();
      saved.push(await screenshot(s.page, `explore-cite-${size}`));
      await s.page.goto(`${server.url}browse/people?sort=count`);
      await s.page.locator(EX.browseRows).first().waitFor();
      saved.push(await screenshot(s.page, `explore-browse-${size}`));
      await s.page.goto(`${server.url}about`);
      await s.page.locator('h1').waitFor();
      saved.push(await screenshot(s.page, `explore-about-${size}`));
      await s.page.emulateMedia({ colorScheme: 'dark' });
      await openAt(s.page, server.url, FILTERED);
      saved.push(await screenshot(s.page, `explore-dark-${size}`));
      await s.page.emulateMedia({ colorScheme: 'light', media: 'print' });
      await s.page.goto(docUrl(server.url, DOC.id));
      await waitForDocument(s.page);
      saved.push(await screenshot(s.page, `explore-print-${size}`, { fullPage: true }));
      console.log(`screenshots: ${saved.join(', ')}`);
      s.session.expectCleanConsole();
    });
  }
});
