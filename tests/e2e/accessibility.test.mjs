// axe-core over the main pages: no serious or critical accessibility violation on the search
// page (with results) or on a document page. Lesser findings are printed, not failed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  SEL,
  pickQuery,
  readBundle,
  runAxe,
  sampleMissing,
  typeQuery,
  useBrowser,
  useServer,
  waitForDocument,
  waitForResults,
} from './helpers.mjs';

const skip = sampleMissing();
const { query } = skip ? {} : pickQuery(readBundle().documents);

/** Fails on serious and critical violations; prints the rest. */
function expectAccessible(violations, where) {
  const line = (v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`;
  const minor = violations.filter((v) => !['serious', 'critical'].includes(v.impact));
  const major = violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  for (const v of minor) console.log(`axe on ${where}: ${line(v)}`);
  assert.deepEqual(major.map(line), [], `the ${where} should have no serious accessibility violation`);
}

describe('accessibility', { skip }, () => {
  const server = useServer();
  const s = useBrowser();

  it('the search page with results has no serious axe violation', async () => {
    await s.page.goto(server.url);
    await waitForResults(s.page);
    await typeQuery(s.page, query);
    expectAccessible(await runAxe(s.page), 'search page');
  });

  it('a document page has no serious axe violation', async () => {
    await s.page.goto(server.url);
    await waitForResults(s.page);
    await s.page.locator(`${SEL.hits} ${SEL.hitTitle}`).first().click();
    await waitForDocument(s.page);
    expectAccessible(await runAxe(s.page), 'document page');
  });
});
