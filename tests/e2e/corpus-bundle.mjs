// Turns the shared FRUS sample corpus (`<repo>/../shared/corpus/*.jsonl`, 4,167 records) into
// one Folio bundle (format version 1), so the end-to-end tests can load the real corpus.
//
// The records go in exactly as they are in the JSON Lines files (each line is checked to be
// a JSON object, then written verbatim, one document per line as folio-import writes them).
// When the corpus folder is absent (a checkout without shared/), every function here returns
// null and the corpus tests skip.
//
// CLI: node tests/e2e/corpus-bundle.mjs OUT.json [--more]
//   --more  adds ../shared/corpus-more (11,026 documents in all)

import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS_DIR = path.resolve(REPO_ROOT, '../shared/corpus');
/** 6,859 more documents of the same series, for tests and measures at scale. */
export const CORPUS_MORE_DIR = path.resolve(REPO_ROOT, '../shared/corpus-more');

export const CORPUS_ARCHIVE = {
  title: 'FRUS sample corpus',
  description:
    'Documents from ten volumes of Foreign Relations of the United States (1881–2002) and the ' +
    "Office of the Historian's history of the series.",
  publisher: 'Office of the Historian, U.S. Department of State',
  licence: 'Public domain',
};

/** The corpus files, sorted by name, or null when the folder is absent or holds none. */
export function corpusFiles(dir = CORPUS_DIR) {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(dir, f));
  return files.length ? files : null;
}

/** Every record as `{raw, doc}` (`raw` the line as it is), or null when there is no corpus. */
export function readCorpusRecords(dir = CORPUS_DIR) {
  const files = corpusFiles(dir);
  if (!files) return null;
  const records = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let doc;
      try {
        doc = JSON.parse(line);
      } catch (err) {
        throw new Error(`${path.basename(file)} line ${i + 1}: not valid JSON (${err.message})`);
      }
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
        throw new Error(`${path.basename(file)} line ${i + 1}: not a JSON object`);
      }
      records.push({ raw: line.trim(), doc });
    });
  }
  return records;
}

/** The parsed documents, in bundle order, or null when there is no corpus. */
export function readCorpusDocuments(dir = CORPUS_DIR) {
  return readCorpusRecords(dir)?.map((r) => r.doc) ?? null;
}

/**
 * Writes the whole corpus as a Folio bundle to `outPath` (`dirs`: the corpus folders, in
 * order; all must be there). Resolves to `{path, count}`, or null when a folder is absent.
 */
export async function makeCorpusBundle(outPath, { dirs = [CORPUS_DIR] } = {}) {
  const records = [];
  for (const dir of dirs) {
    const more = readCorpusRecords(dir);
    if (!more) return null;
    records.push(...more);
  }
  await mkdir(path.dirname(path.resolve(outPath)), { recursive: true });
  const out = createWriteStream(outPath);
  const done = new Promise((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const head = JSON.stringify({ format: 'folio-bundle', version: 1, archive: CORPUS_ARCHIVE });
  out.write(head.slice(0, -1) + ',"documents":[\n');
  records.forEach((r, i) => out.write(r.raw + (i + 1 < records.length ? ',\n' : '\n')));
  out.end(']}\n');
  await done;
  return { path: path.resolve(outPath), count: records.length };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const out = process.argv[2];
  const more = process.argv[3] === '--more';
  if (!out || (process.argv[3] && !more)) {
    console.error('usage: node tests/e2e/corpus-bundle.mjs OUT.json [--more]');
    process.exit(2);
  }
  const dirs = more ? [CORPUS_DIR, CORPUS_MORE_DIR] : [CORPUS_DIR];
  const made = await makeCorpusBundle(out, { dirs });
  if (!made) {
    console.error(`no corpus at ${dirs.join(' or ')}`);
    process.exit(1);
  }
  console.log(`wrote ${made.count} documents to ${made.path}`);
}
