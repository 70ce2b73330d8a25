// The MiniSearch side of the relevance comparison (see README.md beside this file).
//
// Loads the FRUS corpus (/work/shared/corpus/*.jsonl, or the folder named by FOLIO_CORPUS),
// indexes it with MiniSearch in its documented best configuration for this task, runs every
// query of queries.json, and writes minisearch-results.json: the top 10 ids per query, and
// recall@10 and MRR per query, per category and overall. The output is deterministic (files
// read in name order, no timestamps), so the committed file only changes when the corpus, the
// queries or MiniSearch change.
//
//   node tests/relevance/minisearch.mjs

import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';

const here = dirname(fileURLToPath(import.meta.url));
const corpusDir = process.env.FOLIO_CORPUS ?? join(here, '..', '..', '..', 'shared', 'corpus');
const queriesPath = join(here, 'queries.json');
const resultsPath = join(here, 'minisearch-results.json');
const TOP = 10;

if (!existsSync(corpusDir)) {
  console.error(`The corpus is not at ${corpusDir}: set FOLIO_CORPUS to the folder of *.jsonl files.`);
  process.exit(2);
}

// Documents in file-name order, then line order: the same order the Rust test gives Folio,
// so ties fall the same way on both sides.
const documents = [];
for (const name of readdirSync(corpusDir).filter((f) => f.endsWith('.jsonl')).sort()) {
  const lines = readFileSync(join(corpusDir, name), 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      documents.push(JSON.parse(line));
    } catch (e) {
      console.error(`${name}:${i + 1}: not JSON (${e.message})`);
      process.exit(2);
    }
  });
}

const LIST_FIELDS = new Set(['people', 'places', 'subjects']);
const config = {
  idField: 'id',
  fields: ['title', 'summary', 'text', 'people', 'places', 'subjects', 'archival_source'],
  storeFields: ['id'],
  extractField: (doc, field) => {
    const value = doc[field];
    if (LIST_FIELDS.has(field)) return Array.isArray(value) ? value.join(' ; ') : '';
    return value ?? '';
  },
  searchOptions: {
    boost: { title: 4, people: 2.5, places: 2, subjects: 2, summary: 1.5 },
    prefix: true,
    fuzzy: 0.2,
    combineWith: 'AND',
  },
};

const miniSearch = new MiniSearch(config);
miniSearch.addAll(documents);

/** The top ids for a query: AND first, OR when AND finds nothing (as a MiniSearch site would). */
function topIds(query) {
  let mode = 'AND';
  let hits = miniSearch.search(query);
  if (hits.length === 0) {
    mode = 'OR';
    hits = miniSearch.search(query, { combineWith: 'OR' });
  }
  return { mode, total: hits.length, top: hits.slice(0, TOP).map((h) => h.id) };
}

/** recall@10 and reciprocal rank (0 when no relevant document is in the top 10). */
function score(relevant, top) {
  const rel = new Set(relevant);
  const found = top.filter((id) => rel.has(id)).length;
  const rank = top.findIndex((id) => rel.has(id));
  return { recall: found / rel.size, rr: rank < 0 ? 0 : 1 / (rank + 1) };
}

const round = (x) => Math.round(x * 10000) / 10000;
const mean = (xs) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

const queries = JSON.parse(readFileSync(queriesPath, 'utf8'));
const perQuery = queries.map((q) => {
  const { mode, total, top } = topIds(q.query);
  const { recall, rr } = score(q.relevant, top);
  return { id: q.id, category: q.category, query: q.query, mode, total, top10: top, recall, rr };
});

// Means over unrounded scores; only the written numbers are rounded.
// Categories in order of first appearance in queries.json.
const categories = [...new Set(queries.map((q) => q.category))];
const summarise = (rows) => ({
  queries: rows.length,
  recall_at_10: mean(rows.map((r) => r.recall)),
  mrr: mean(rows.map((r) => r.rr)),
});
const rounded = (s) => ({ ...s, recall_at_10: round(s.recall_at_10), mrr: round(s.mrr) });
const perCategory = Object.fromEntries(
  categories.map((c) => [c, summarise(perQuery.filter((r) => r.category === c))]),
);
const overall = summarise(perQuery);

const pkg = JSON.parse(readFileSync(join(here, '..', '..', 'node_modules', 'minisearch', 'package.json'), 'utf8'));
const results = {
  engine: 'minisearch',
  version: pkg.version,
  config: {
    fields: config.fields,
    list_fields_joined_with: ' ; ',
    searchOptions: config.searchOptions,
    or_fallback_when_and_finds_nothing: true,
  },
  documents: documents.length,
  overall: rounded(overall),
  per_category: Object.fromEntries(Object.entries(perCategory).map(([c, s]) => [c, rounded(s)])),
  queries: perQuery.map((r) => ({ ...r, recall: round(r.recall), rr: round(r.rr) })),
};
writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');

// The table.
const pad = (s, n) => String(s).padEnd(n);
const num = (x) => x.toFixed(3).padStart(6);
console.log(`MiniSearch ${pkg.version} on ${documents.length} documents, ${queries.length} queries\n`);
console.log(`${pad('category', 14)} ${pad('n', 3)} ${'R@10'.padStart(6)} ${'MRR'.padStart(6)}`);
for (const c of categories) {
  const s = perCategory[c];
  console.log(`${pad(c, 14)} ${pad(s.queries, 3)} ${num(s.recall_at_10)} ${num(s.mrr)}`);
}
console.log(`${pad('overall', 14)} ${pad(overall.queries, 3)} ${num(overall.recall_at_10)} ${num(overall.mrr)}`);
const fallbacks = perQuery.filter((r) => r.mode === 'OR').map((r) => r.id);
if (fallbacks.length > 0) console.log(`\nOR fallback (AND found nothing): ${fallbacks.join(', ')}`);
console.log(`\nwrote ${resultsPath}`);
