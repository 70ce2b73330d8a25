// Shared by the explore specs (facets, dates, timeline, browse, document page, export,
// accessibility): the DOM contract of those features and small oracles that recompute, from the
// bundle itself, what the page should show.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { SEL, eventually, parseSummary, summaryText, squash, waitForResults } from './helpers.mjs';

/** The explore features' DOM contract. */
export const EX = {
  facet: (key) => `fieldset.facet[data-facet="${key}"]`,
  facetValue: (key, value) => `fieldset.facet[data-facet="${key}"] li.facet-value[data-value="${cssString(value)}"]`,
  facetValues: (key) => `fieldset.facet[data-facet="${key}"] li.facet-value`,
  chips: '.filter-chips a.chip',
  clearAll: '.filter-chips a.clear-all',
  dateFrom: '.date-range input[name="from"]',
  dateTo: '.date-range input[name="to"]',
  dateApply: '.date-range button[type="submit"]',
  dateError: '#date-range-error',
  bars: '.timeline-bars li.bar a',
  exportMenu: 'details.export-menu',
  exportButton: (ext) => `details.export-menu button[data-format="${ext}"]`,
  filtersToggle: 'button.filters-toggle',
  drawer: '#facets-panel',
  drawerClose: '#facets-panel .drawer-close',
  status: '.result-status[role="status"][aria-live="polite"]',
  resultNav: 'nav.result-nav',
  prevResult: 'nav.result-nav a.prev-result',
  nextResult: 'nav.result-nav a.next-result',
  resultPosition: 'nav.result-nav .result-position',
  related: 'section.related li.related-item',
  cite: 'section.cite',
  citation: (style) => `section.cite .citation[data-style="${style}"] .citation-text`,
  copy: (style) => `section.cite .citation[data-style="${style}"] button.copy`,
  citeDownload: (label) => `section.cite .cite-downloads button[data-format="${label}"]`,
  permalink: 'section.cite a.permalink',
  themeToggle: 'header.site-header:not([data-first-view]) button.theme-toggle',
  browseRows: 'table.browse-table tbody tr',
  browseFilter: '.browse-filter input',
  browseSort: '.browse-sort select',
};

function cssString(s) {
  return String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** The total of the summary line ("Results: 1 - 10 of 97" → 97; no results → 0). */
export async function resultTotal(page) {
  const text = await summaryText(page);
  return text === null ? 0 : parseSummary(text).total;
}

/** Waits until the summary line reports `total` results (0: the no-results message). */
export async function waitForTotal(page, total, { timeout = 10_000 } = {}) {
  await eventually(async () => assert.equal(await resultTotal(page), total), { timeout });
}

/** `{value: count}` of one facet as the page shows it. */
export async function facetCounts(page, key) {
  const rows = page.locator(EX.facetValues(key));
  const pairs = await rows.evaluateAll((lis) => lis.map((li) => [li.dataset.value, Number(li.dataset.count)]));
  return Object.fromEntries(pairs);
}

/** Opens the search page at `search` (e.g. `?subject=Cold%20War`) and waits for results. */
export async function openAt(page, siteUrl, search = '') {
  await page.goto(siteUrl + search);
  await waitForResults(page);
}

/** Ticks or unticks a facet value and waits for the URL to follow. */
export async function toggleFacet(page, key, value) {
  const before = page.url();
  await page.locator(`${EX.facetValue(key, value)} input[type="checkbox"]`).click();
  await eventually(() => assert.notEqual(page.url(), before, 'the URL should change when a facet value is ticked'));
}

// ---------------------------------------------------------------------------------------------
// Oracles over the bundle

const FIELD = { collection: 'collection', subject: 'subjects', person: 'people', place: 'places', lang: 'language' };

/** The values of facet `key` (URL key) a document carries, without empties or repeats. */
export function valuesOf(doc, key) {
  const v = doc?.[FIELD[key]];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return [...new Set(list.map((x) => String(x).trim()).filter(Boolean))];
}

/** `{value: count}` of facet `key` over `docs`. */
export function countBy(docs, key) {
  const out = {};
  for (const d of docs) for (const v of valuesOf(d, key)) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function parts(date) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date ?? '');
  return m ? { y: Number(m[1]), m: m[2] ? Number(m[2]) : null, d: m[3] ? Number(m[3]) : null } : null;
}
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const startKey = (p) => p.y * 10000 + (p.m ?? 0) * 100 + (p.d ?? 0);
const endKey = (p) => {
  const m = p.m ?? 12;
  return p.y * 10000 + m * 100 + (p.d ?? daysIn(p.y, m));
};

/** Whether a document's date or span overlaps the range `from`..`to` (partial dates). */
export function overlaps(doc, from, to) {
  const a = parts(doc?.date);
  if (!a) return false;
  const b = parts(doc?.date_end) ?? a;
  const lo = from ? startKey(parts(from)) : 0;
  const hi = to ? endKey(parts(to)) : Infinity;
  return startKey(a) <= hi && Math.max(endKey(b), endKey(a)) >= lo;
}

/** The years a document spans, or null when it is undated. */
export function yearSpan(doc) {
  const a = parts(doc?.date);
  if (!a) return null;
  const b = parts(doc?.date_end) ?? a;
  return [a.y, Math.max(a.y, b.y)];
}

/** Documents (valid ones: an id and a title) of a bundle. */
export function usableDocs(bundle) {
  return (bundle?.documents ?? []).filter((d) => typeof d?.id === 'string' && d.id.trim() && typeof d?.title === 'string' && d.title.trim());
}

/** Text a reader sees in `selector`, whitespace squashed. */
export async function textOf(page, selector) {
  return squash(await page.locator(selector).first().textContent());
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page and returns its violations. The site's Content-Security-Policy
 * forbids inline script, so axe is not added as a <script> tag (`page.addScriptTag` is blocked)
 * but evaluated through the DevTools protocol, which the policy does not govern.
 */
export async function axeViolations(page, options = {}) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate((opts) => window.axe.run(document, { resultTypes: ['violations'], ...opts }), options);
  return results.violations;
}

export { SEL };
