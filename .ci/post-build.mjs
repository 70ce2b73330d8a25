#!/usr/bin/env node
// trunk's post_build hook (see Trunk.toml); it runs in trunk's staging folder, after
// index.html is written and before the folder becomes dist/. It:
//
// 1. puts the bundle named by FOLIO_BUNDLE (a path or an http(s) URL) at data/archive.json,
//    after checking that it is a Folio bundle, so a publisher never edits code; and names the
//    site after the archive: its title and description go into index.html's <title> and
//    <meta name="description"> (what search engines and link previews show before the app
//    runs) and into the web app manifest;
// 2. writes the build id into index.html (<meta name="folio-build">): a hash of every file of
//    the site, the bundle included;
// 3. writes sw.js from src/offline/sw.js with the real (hashed) file names, their integrity
//    hashes, the build id and the bundle's hash: the precache list is never kept by hand;
// 4. prerenders the first view into index.html (between the <!-- folio:first-view --> markers):
//    the site header with the archive's title, and the home page as the app shows it with no
//    query (the first page of documents in date order, the timeline, the filters), so a
//    reader sees the archive before the WebAssembly has arrived; public/first-view.js shows
//    that page only on the home page, and the app replaces it once it runs (src/ui/app.rs);
//    trunk's preload of the WebAssembly goes to first-view.js, which starts it after the first
//    paint on the home page;
// 5. copies index.html to 404.html, which GitHub Pages serves for deep links;
// 6. prerenders a page for each document, doc/<id>.html, and the about page, about.html:
//    index.html with that page as its first view (for a document, what the app shows above the
//    citation box), under its own title and description. GitHub Pages answers /doc/<id> and
//    /about with them (status 200, not 404.html's 404), so a shared link, a search engine and a
//    reader on a slow phone get the page at once, and the app takes over as on the home page. A
//    plain static host answers with index.html instead (the app renders the page); the service
//    worker does not store these pages (the app renders every page offline).
//
// A debug build (trunk serve) gets build id "dev" and a worker that removes itself.
//
// By hand, on any built folder: node .ci/post-build.mjs DIR  (FOLIO_BUNDLE as above;
// TRUNK_PROFILE=debug for a development build). Running it twice gives the same result.

import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SW_TEMPLATE = path.join(REPO, 'src', 'offline', 'sw.js');
const BUNDLE_PATH = 'data/archive.json';
const BUILD_META = /<meta name="folio-build" content="[^"]*"\s*\/?>/;
// Files the worker must not store: itself, and the copy of index.html for GitHub Pages.
const NOT_STORED = new Set(['sw.js', '404.html']);
// Nor the prerendered route pages (step 6): offline, the stored index.html renders every page.
const ROUTE_PAGE = /^(about|doc\/[^/]*)\.html$/;

function fail(message) {
  console.error(`post-build: ${message}`);
  process.exit(1);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/** All files under `dir`, as sorted `/`-separated paths relative to it; dotfiles skipped. */
async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** The bytes of FOLIO_BUNDLE, from disk or over HTTP, checked to be a Folio bundle. */
async function readBundleSource(source) {
  let bytes;
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source).catch((err) => fail(`cannot download FOLIO_BUNDLE ${source}: ${err.message}`));
    if (!response.ok) fail(`cannot download FOLIO_BUNDLE ${source}: HTTP ${response.status} ${response.statusText}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } else {
    bytes = await readFile(path.resolve(REPO, source)).catch((err) => fail(`cannot read FOLIO_BUNDLE ${source}: ${err.message}`));
  }
  let json;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    fail(`FOLIO_BUNDLE ${source} is not valid JSON: ${err.message}`);
  }
  if (json?.format !== 'folio-bundle' || !Array.isArray(json?.documents)) {
    fail(`FOLIO_BUNDLE ${source} is not a Folio bundle (it needs "format": "folio-bundle" and a "documents" list; see docs/bundle-format.md)`);
  }
  return { bytes, documents: json.documents.length };
}

// Markup characters as references, and a carriage return too (the HTML parser would read a bare
// one as a line feed). A NUL cannot be written in HTML at all (the parser drops it): dropped.
const escapeHtml = (s) => s.replace(/\0/g, '').replace(/[&<>"'\r]/g, (c) => `&#${c.charCodeAt(0)};`);

/** At most `max` characters, cut at a word and marked with an ellipsis. */
function clip(text, max) {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}

/** index.html with the archive's title and description, and the manifest named after it. */
async function nameAfterArchive(dir, index) {
  let archive;
  try {
    archive = JSON.parse(await readFile(path.join(dir, BUNDLE_PATH), 'utf8'))?.archive;
  } catch {
    return index; // no bundle, or not JSON: the app says so when it loads
  }
  const title = typeof archive?.title === 'string' ? clip(archive.title, 120) : '';
  const description = typeof archive?.description === 'string' ? clip(archive.description, 200) : '';
  if (title) index = index.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`);
  if (description) {
    index = index.replace(/(<meta name="description" content=")[^"]*(")/, `$1${escapeHtml(description)}$2`);
  }
  const manifestFile = path.join(dir, 'manifest.webmanifest');
  const manifest = await readFile(manifestFile, 'utf8').then(JSON.parse, () => null);
  if (manifest) {
    if (title) manifest.name = title;
    if (title && title.length <= 12) manifest.short_name = title;
    if (description) manifest.description = description;
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// The first view: the home page, prerendered from the bundle.
//
// It is what the app renders on "/" with no query, element for element and class for class
// (src/ui/pages/search.rs and its components, src/ui/components/site_header.rs), so that the
// app's own page replaces it without a visible change. The rules are folio-core's, ported:
// reading a bundle (bundle.rs), dates (date.rs), date order (archive.rs), the snippet shown
// without a query (snippet.rs, with analyzer.rs for where words start and end), the timeline
// (timeline.rs), facet counts (facets.rs) and page links (paging.rs). A bundle that the app
// would read differently is not prerendered at all: one it would refuse, or one with a
// document it would skip or repair (the app then also shows a notice above the results).
// Every text that comes from the bundle is HTML-escaped. Bar heights are classes (`bh0` to
// `bh100` in style.css), since the Content-Security-Policy forbids style attributes.

const FIRST_VIEW = /<!-- folio:first-view -->([\s\S]*?)<!-- \/folio:first-view -->/;
const MAX_BUNDLE_BYTES = 128 * 1024 * 1024; // bundle.rs
const PER_PAGE = 10; // url_state.rs, DEFAULT_PER_PAGE
const TOP_VALUES = 10; // src/ui/components/facets.rs
/** A first view larger than this (a bundle of huge titles) is left out. */
const MAX_FIRST_VIEW_BYTES = 256 * 1024;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// facets.rs, language_name
const LANGUAGES = {
  am: 'Amharic', ar: 'Arabic', bg: 'Bulgarian', ca: 'Catalan', cs: 'Czech', cy: 'Welsh', da: 'Danish', de: 'German',
  el: 'Greek', en: 'English', es: 'Spanish', et: 'Estonian', fa: 'Persian', fi: 'Finnish', fr: 'French', ga: 'Irish',
  he: 'Hebrew', hi: 'Hindi', hr: 'Croatian', hu: 'Hungarian', id: 'Indonesian', it: 'Italian', ja: 'Japanese', ko: 'Korean',
  la: 'Latin', lt: 'Lithuanian', lv: 'Latvian', nl: 'Dutch', no: 'Norwegian', pl: 'Polish', pt: 'Portuguese', ro: 'Romanian',
  ru: 'Russian', sk: 'Slovak', sl: 'Slovenian', sr: 'Serbian', sv: 'Swedish', sw: 'Swahili', th: 'Thai', tr: 'Turkish',
  uk: 'Ukrainian', ur: 'Urdu', vi: 'Vietnamese', zh: 'Chinese',
};
// The facets in the order of FacetField::ALL: URL key, label, plural label, the document's values.
const FACETS = [
  { key: 'collection', label: 'Collection', plural: 'Collections', slug: 'collections', values: (d) => [d.collection] },
  { key: 'subject', label: 'Subject', plural: 'Subjects', slug: 'subjects', values: (d) => d.subjects },
  { key: 'person', label: 'Person', plural: 'People', slug: 'people', values: (d) => d.people },
  { key: 'place', label: 'Place', plural: 'Places', slug: 'places', values: (d) => d.places },
  { key: 'lang', label: 'Language', plural: 'Languages', slug: 'languages', values: (d) => [d.language] },
];

/** Thrown while reading a document the app would skip or repair. */
class Flawed extends Error {}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const utf8Length = (s) => Buffer.byteLength(s, 'utf8');
/** Code point order, as Rust compares strings. */
const byCodePoint = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
// Rust's char::is_whitespace (Unicode White_Space), for str::trim and split_whitespace.
const WHITE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WHITE_RUN = new RegExp(`[${WHITE}]+`, 'g');
const rustTrim = (s) => s.replace(new RegExp(`^[${WHITE}]+|[${WHITE}]+$`, 'g'), '');

const daysInMonth = (y, m) => [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;

// bundle.rs, read_document: the fields it reads; the others are extras.
const KNOWN_FIELDS = new Set(['id', 'title', 'date', 'date_end', 'summary', 'text', 'collection', 'source', 'language', 'url', 'people', 'places', 'subjects']);

/**
 * model.rs, extra_display: the text of an extra field (null when empty), or undefined when Rust
 * could write it differently (a fraction or a large number, an object).
 */
function extraDisplay(v) {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : undefined;
  if (typeof v === 'string') return rustTrim(v) || null;
  if (Array.isArray(v)) {
    const items = [];
    for (const item of v) {
      const shown = extraDisplay(item);
      if (shown === undefined) return undefined;
      if (shown !== null) items.push(shown);
    }
    return items.join('; ') || null;
  }
  return undefined;
}

/** date.rs, PartialDate::parse: `{year, month, day}` (month and day may be null), or null. */
export function parseDate(value) {
  let v = rustTrim(value);
  const t = v.indexOf('T');
  if (t >= 0) v = v.slice(0, t);
  const parts = v.split('-');
  if (parts.length > 3 || !parts.every((p, i) => p.length === (i ? 2 : 4) && /^[0-9]+$/.test(p))) return null;
  const [year, month = null, day = null] = parts.map(Number);
  if (year === 0 || (month !== null && (month < 1 || month > 12))) return null;
  if (day !== null && (day < 1 || day > daysInMonth(year, month))) return null;
  return { year, month, day };
}
const sortKey = (d) => d.year * 10000 + (d.month ?? 0) * 100 + (d.day ?? 0);
const endKey = (d) => d.year * 10000 + (d.month ?? 12) * 100 + (d.day ?? daysInMonth(d.year, d.month ?? 12));
const sameDate = (a, b) => a.year === b.year && a.month === b.month && a.day === b.day;

/** date.rs, format_reading. */
function formatReading(d) {
  if (d.month !== null && d.day !== null) return `${MONTHS[d.month - 1]} ${d.day}, ${d.year}`;
  if (d.month !== null) return `${MONTHS[d.month - 1]} ${d.year}`;
  return String(d.year);
}

/** date.rs, format_range. */
export function formatRange(start, end) {
  if (!end || sameDate(end, start) || sortKey(end) <= sortKey(start)) return formatReading(start);
  const DASH = ' – ';
  const m1 = start.month, d1 = start.day, m2 = end.month, d2 = end.day;
  if (m1 !== null && d1 !== null && m2 !== null && d2 !== null && start.year === end.year && m1 === m2) {
    return `${MONTHS[m1 - 1]} ${d1}${DASH}${d2}, ${start.year}`;
  }
  if (m1 !== null && d1 !== null && m2 !== null && d2 !== null && start.year === end.year) {
    return `${MONTHS[m1 - 1]} ${d1}${DASH}${MONTHS[m2 - 1]} ${d2}, ${start.year}`;
  }
  if (m1 !== null && d1 === null && m2 !== null && d2 === null && start.year === end.year) {
    return `${MONTHS[m1 - 1]}${DASH}${MONTHS[m2 - 1]} ${start.year}`;
  }
  return `${formatReading(start)}${DASH}${formatReading(end)}`;
}

/**
 * The documents of a bundle as the app reads them (bundle.rs), with its archive's title, or
 * null when the app would refuse the bundle or skip or repair any of its documents.
 */
export function readBundleForFirstView(bytes) {
  if (bytes.length > MAX_BUNDLE_BYTES) return null;
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (!isUtf8(body)) return null;
  let json;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (!isObject(json) || json.format !== 'folio-bundle' || json.version !== 1 || !Array.isArray(json.documents)) return null;
  const own = (o, k) => (Object.hasOwn(o, k) ? o[k] : undefined);
  const archive = isObject(json.archive) ? json.archive : {};
  // bundle.rs, read_meta (take_text).
  const metaText = (k) => {
    const v = own(archive, k);
    return typeof v === 'string' ? rustTrim(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  };
  const title = metaText('title');
  const meta = { title, description: metaText('description'), publisher: metaText('publisher'), licence: metaText('licence') };

  const ids = new Set();
  const documents = [];
  try {
    for (const raw of json.documents) {
      if (!isObject(raw)) throw new Flawed();
      // take_text: a string, trimmed; null or absent is empty; any other type is repaired.
      const text = (k) => {
        const v = own(raw, k);
        if (v === undefined || v === null) return '';
        if (typeof v !== 'string') throw new Flawed();
        return rustTrim(v);
      };
      // take_list: a list of strings (numbers and booleans converted), or one string.
      const list = (k) => {
        const v = own(raw, k);
        if (v === undefined || v === null) return [];
        const items = typeof v === 'string' ? [v] : Array.isArray(v) ? v : null;
        if (!items) throw new Flawed();
        const out = [];
        for (const item of items) {
          if (item === null) continue;
          if (typeof item === 'object') throw new Flawed();
          const t = rustTrim(String(item));
          if (t && !out.includes(t)) out.push(t);
        }
        return out;
      };
      const date = (k) => {
        const t = text(k);
        if (!t) return null;
        return parseDate(t) ?? (() => { throw new Flawed(); })();
      };
      const id = text('id');
      const docTitle = text('title');
      if (!id || !docTitle || ids.has(id)) throw new Flawed();
      let start = date('date');
      let end = date('date_end');
      if (start && end && endKey(end) < sortKey(start)) throw new Flawed();
      if (!start) [start, end] = [end, null];
      // Other fields (bundle.rs keeps them as extras): shown by the document page when they
      // display the same way in Rust and here (strings, integers, yes/no, lists of those).
      const extras = [];
      let extrasOk = true;
      for (const key of Object.keys(raw).sort(byCodePoint)) {
        if (KNOWN_FIELDS.has(key) || raw[key] === null) continue;
        const shown = extraDisplay(raw[key]);
        if (shown === undefined) extrasOk = false;
        else if (shown !== null) extras.push([key, shown]);
      }
      const doc = {
        index: documents.length,
        extras: extrasOk ? extras : null,
        id,
        title: docTitle,
        date: start,
        dateEnd: end,
        summary: text('summary'),
        text: text('text'),
        collection: text('collection'),
        source: text('source'),
        language: text('language'),
        url: text('url'),
        people: list('people'),
        places: list('places'),
        subjects: list('subjects'),
      };
      ids.add(id);
      documents.push(doc);
    }
  } catch (err) {
    if (err instanceof Flawed) return null;
    throw err;
  }
  return documents.length ? { title, meta, documents } : null;
}

// analyzer.rs: where words start and end (the snippet's window counts them).
const CJK = (c) =>
  (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2fa1f);
const ZERO_WIDTH = (c) => (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff;
const ALNUM_OR_MARK = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}\p{M}]/u;
const isAsciiAlnum = (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isWordChar = (c) => (c < 0x80 ? isAsciiAlnum(c) : (ALNUM_OR_MARK.test(String.fromCodePoint(c)) || ZERO_WIDTH(c)) && !CJK(c));
const isApostrophe = (c) => c === 0x27 || c === 0x2019 || c === 0x2bc;
const isAsciiConnector = (c) => c === 0x2d || c === 0x2e || c === 0x2f || c === 0x3a;
const SPECIAL_FOLD = { ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th', ı: 'i' };
/** analyzer.rs, push_folded (the decomposition table read as NFD's first character). */
function foldChar(ch) {
  const c = ch.codePointAt(0);
  if (c < 0x80) return ch.toLowerCase();
  if (SPECIAL_FOLD[ch]) return SPECIAL_FOLD[ch];
  if ((c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff) return '';
  if (CJK(c)) return ch;
  if (/\p{M}/u.test(ch)) return '';
  const base = c <= 0xffff && c < 0x3000 ? String.fromCodePoint(ch.normalize('NFD').codePointAt(0)) : ch;
  return base.toLowerCase();
}
/** analyzer.rs, fold: case and diacritics folded, apostrophes dropped. */
export function fold(s) {
  let out = '';
  for (const ch of s) if (!isApostrophe(ch.codePointAt(0))) out += foldChar(ch);
  return out;
}

/**
 * analyzer.rs, tokenize, reduced to what the snippet needs: each token's `[start, end)` (in
 * UTF-16 units of `text`), joined forms included, in the order the analyzer gives them.
 */
export function tokenSpans(text) {
  const out = [];
  const at = (i) => (i < text.length ? text.codePointAt(i) : 0x20);
  const width = (c) => (c > 0xffff ? 2 : 1);
  // scan_word: the end of the word starting at `start`, and its folded length in bytes.
  const scanWord = (start) => {
    let end = start;
    let term = '';
    while (end < text.length) {
      const c = at(end);
      if (isWordChar(c)) {
        term += foldChar(String.fromCodePoint(c));
        end += width(c);
        continue;
      }
      if (isApostrophe(c)) {
        const after = end + width(c);
        if (after < text.length && isWordChar(at(after))) {
          let next = after;
          while (next < text.length && isWordChar(at(next))) next += width(at(next));
          if (text.slice(after, next) === 's' || text.slice(after, next) === 'S') {
            end = next;
            break;
          }
          end = after;
          continue;
        }
      }
      break;
    }
    return { end, bytes: utf8Length(term) };
  };
  const MAX_JOINED = 40;
  let chain = null; // { start, parts }
  let joined = 0; // bytes of the joined form so far
  let lastEnd = 0;
  const flush = () => {
    if (chain && chain.parts > 1 && joined <= MAX_JOINED) out.push([chain.start, lastEnd]);
    chain = null;
    joined = 0;
  };
  let i = 0;
  while (i < text.length) {
    const c = at(i);
    const start = i;
    if (CJK(c)) {
      flush();
      const run = [];
      while (i < text.length && CJK(at(i))) {
        run.push(i);
        i += width(at(i));
      }
      if (run.length === 1) out.push([run[0], i]);
      else for (let k = 0; k + 1 < run.length; k++) out.push([run[k], run[k + 1] + width(at(run[k + 1]))]);
      lastEnd = i;
      continue;
    }
    if (!isWordChar(c)) {
      i += width(c);
      continue;
    }
    const { end, bytes } = scanWord(i);
    if (bytes === 0) {
      // Only zero-width characters: nothing to index.
      i = Math.max(end, i + width(c));
      continue;
    }
    const connected = chain !== null && start === lastEnd + 1 && isAsciiConnector(text.charCodeAt(lastEnd));
    if (connected) {
      chain.parts += 1;
      if (joined <= MAX_JOINED) joined += bytes;
    } else {
      flush();
      chain = { start, parts: 1 };
      if (end < text.length && isAsciiConnector(text.charCodeAt(end))) joined += bytes;
    }
    out.push([start, end]);
    lastEnd = end;
    i = end;
  }
  flush();
  return out;
}

/** snippet.rs, snippet() with no query: the text shown under a hit. */
export function snippetText(doc) {
  const WINDOW_WORDS = 40;
  let choice = null;
  for (const src of [doc.summary, doc.text]) {
    if (!rustTrim(src)) continue;
    const toks = tokenSpans(src);
    if (!toks.length) continue;
    // With no query every window scores 0: the first one; the summary wins ties.
    if (!choice) choice = { src, a: toks[0][0], b: toks[Math.min(WINDOW_WORDS, toks.length) - 1][1] };
  }
  if (!choice) return '';
  let { src, a, b } = choice;
  if (src === doc.summary && utf8Length(src) <= 600 && a === 0) b = src.length;
  const passage = src.slice(a, b).split(WHITE_RUN).filter(Boolean).join(' ');
  return `${a > 0 ? '… ' : ''}${passage}${b < src.length ? ' …' : ''}`;
}

/** timeline.rs, timeline() over every document. */
export function timelineOf(documents) {
  let undated = 0;
  const spans = [];
  for (const d of documents) {
    if (!d.date) undated += 1;
    else spans.push([d.date.year, Math.max((d.dateEnd ?? d.date).year, d.date.year)]);
  }
  if (!spans.length) return { bars: [], max: 0, undated, unit: null };
  const first = Math.min(...spans.map((s) => s[0]));
  const last = Math.max(...spans.map((s) => s[1]));
  const count = (w) => Math.floor(last / w) - Math.floor(first / w) + 1;
  const unit = count(1) <= 40 ? 'year' : count(10) <= 40 ? 'decade' : 'century';
  const width = { year: 1, decade: 10, century: 100 }[unit];
  const origin = first - (first % width);
  const counts = new Array(Math.floor((last - origin) / width) + 1).fill(0);
  for (const [a, b] of spans) for (let k = Math.floor((a - origin) / width); k <= Math.floor((b - origin) / width); k++) counts[k] += 1;
  const bars = counts.map((n, k) => ({ start: origin + k * width, end: origin + k * width + width - 1, count: n }));
  const label = (bar) => (unit === 'year' ? String(bar.start) : unit === 'decade' ? `${bar.start}s` : `${bar.start} – ${bar.end}`);
  return { bars: bars.map((bar) => ({ ...bar, label: label(bar) })), max: Math.max(...counts), undated, unit };
}

/** facets.rs, count_values: each facet's values with their counts, most frequent first. */
export function facetsOf(documents) {
  return FACETS.map((facet) => {
    const counts = new Map();
    for (const d of documents) {
      const values = facet.values(d);
      values.forEach((v, i) => {
        if (v && !values.slice(0, i).includes(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
      });
    }
    const values = [...counts].map(([value, count]) => ({ value, count, folded: fold(value) }));
    values.sort((x, y) => y.count - x.count || byCodePoint(x.folded, y.folded) || byCodePoint(x.value, y.value));
    return { ...facet, values };
  });
}

/** paging.rs, page_links: page numbers and gaps (null) for page `current` of `pages`. */
export function pageLinks(current, pages, window = 2) {
  const lo = Math.max(current - window, 1);
  const hi = Math.min(current + window, pages);
  const shown = [...new Set([1, ...Array.from({ length: hi - lo + 1 }, (_, k) => lo + k), pages])].sort((a, b) => a - b);
  const out = [];
  let prev = 0;
  for (const p of shown) {
    if (prev && p > prev + 1) out.push(p === prev + 2 ? prev + 1 : null);
    out.push(p);
    prev = p;
  }
  return out;
}

/** url_state.rs, encode_component. */
const encodeComponent = (s) =>
  [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/**
 * The first view's HTML for `bundle` (from `readBundleForFirstView`), with links under
 * `base` (the site's path, "/" or "/folio/"): the skip link and the site header, shown on every
 * page, then the home page (`data-first-view="home"`), which public/first-view.js shows only
 * on the home page.
 */
export function renderFirstView(bundle, base) {
  const e = escapeHtml;
  const root = base.replace(/\/+$/, ''); // Links: "" at the root, "/folio" under a sub-path
  const home = `${root}/`;
  const search = (qs) => (qs ? `${root}/?${qs}` : home);
  const { documents } = bundle;
  const name = bundle.title || 'Folio';
  const total = documents.length;
  const order = dateOrder(documents);
  const last = Math.min(PER_PAGE, total);
  const pages = Math.max(Math.ceil(total / PER_PAGE), 1);

  const header =
    `<a class="skip-link" href="#main" data-first-view="skip">Skip to content</a>` +
    `<header class="site-header" data-first-view="header"><div class="site-header-inner">` +
    `<a class="site-title" href="${e(home)}">${e(name)}</a><span class="site-tagline">Digital archive</span>` +
    `<nav class="site-nav" aria-label="Site"><ul>` +
    FACETS.slice(0, 4).map((f) => `<li><a href="${e(`${root}/browse/${f.slug}`)}">${f.plural}</a></li>`).join('') +
    `<li><a href="${e(`${root}/about`)}">About</a></li></ul>` +
    // The icon and the pressed look follow the theme in force, from the stylesheet.
    `<button type="button" class="theme-toggle"><span class="theme-icon" aria-hidden="true"></span><span class="theme-text"> Dark mode</span></button>` +
    `</nav></div></header>`;

  const hits = order
    .slice(0, last)
    .map((d) => {
      const date = d.date ? formatRange(d.date, d.dateEnd) : 'Undated';
      const meta = [d.collection, d.source].filter(Boolean).join(' · ');
      return (
        `<li class="hit"><p class="hit-date">${e(date)}</p>` +
        `<h2 class="hit-heading"><a class="hit-title" href="${e(`${root}/doc/${encodeComponent(d.id)}`)}">${e(d.title)}</a></h2>` +
        `<p class="hit-summary">${e(snippetText(d))}</p>` +
        (meta ? `<p class="hit-meta">${e(meta)}</p>` : '') +
        `</li>`
      );
    })
    .join('');

  const t = timelineOf(documents);
  const timeline =
    t.unit && t.bars.length >= 2
      ? `<figure class="timeline"><figcaption id="timeline-caption">Results by ${t.unit} · select a bar to narrow the dates</figcaption>` +
        `<ol class="timeline-bars" aria-labelledby="timeline-caption">` +
        t.bars
          .map((bar) => {
            const tenths = bar.count ? Math.max(Math.floor((bar.count * 1000) / Math.max(t.max, 1)), 30) : 0;
            const fill = `<span class="bar-fill bh${Math.round(tenths / 10)}"></span>`;
            const text = `${bar.label}: ${bar.count} ${bar.count === 1 ? 'document' : 'documents'}`;
            if (!bar.count) return `<li class="bar empty" title="${e(text)}" aria-hidden="true">${fill}</li>`;
            const href = search(`from=${String(bar.start).padStart(4, '0')}&to=${String(bar.end).padStart(4, '0')}`);
            return `<li class="bar"><a href="${e(href)}" aria-label="${e(text)}" title="${e(text)}" data-count="${bar.count}">${fill}</a></li>`;
          })
          .join('') +
        `</ol><div class="timeline-axis" aria-hidden="true"><span>${e(t.bars[0].label)}</span><span>${e(t.bars.at(-1).label)}</span></div>` +
        (t.undated ? `<p class="timeline-undated">${t.undated} undated</p>` : '') +
        `</figure>`
      : '';

  const exportMenu =
    `<details class="export-menu"><summary>Download results</summary><div class="export-body">` +
    `<p class="hint">All ${total} results, with the search in the file name.</p><ul>` +
    [['csv', 'CSV (spreadsheet)'], ['json', 'JSON'], ['ris', 'RIS (reference managers)'], ['bib', 'BibTeX']]
      .map(([ext, label]) => `<li><button type="button" class="secondary" data-format="${ext}">${label}</button></li>`)
      .join('') +
    `</ul><p class="export-status" role="status"></p></div></details>`;

  const sortControls =
    `<div class="sort-controls"><label>Sort by <select name="sort">` +
    [['relevance', 'Date (default)'], ['date', 'Date (oldest first)'], ['date-desc', 'Date (newest first)'], ['title', 'Title (A–Z)']]
      .map(([key, label], i) => `<option value="${key}"${i === 0 ? ' selected' : ''}>${label}</option>`)
      .join('') +
    `</select></label><label>Per page <select name="per">` +
    [10, 20, 50, 100].map((n) => `<option value="${n}"${n === PER_PAGE ? ' selected' : ''}>${n}</option>`).join('') +
    `</select></label></div>`;

  const pageHref = (p) => search(p > 1 ? `page=${p}` : '');
  const pagination =
    pages > 1
      ? `<nav class="pagination" aria-label="Pagination"><ul>` +
        `<li class="prev"><span class="disabled" aria-disabled="true">‹ Previous</span></li>` +
        pageLinks(1, pages)
          .map((p) =>
            p === null
              ? `<li class="gap" aria-hidden="true">…</li>`
              : p === 1
                ? `<li><a class="current" href="${e(pageHref(p))}" aria-current="page" aria-label="Page 1, current page">1</a></li>`
                : `<li><a href="${e(pageHref(p))}" aria-label="Page ${p}">${p}</a></li>`,
          )
          .join('') +
        `<li class="next"><a href="${e(pageHref(2))}" rel="next">Next ›</a></li></ul></nav>`
      : '';

  const facets = facetsOf(documents)
    .filter((f) => f.values.length > 0)
    .map((f) => {
      const filterLabel = `Filter ${f.plural.toLowerCase()}`;
      const hidden = Math.max(f.values.length - TOP_VALUES, 0);
      return (
        `<fieldset class="facet" data-facet="${f.key}"><legend id="facet-${f.key}-legend" class="facet-legend">${f.label}</legend>` +
        (f.values.length > TOP_VALUES ? `<input class="facet-filter" type="search" aria-label="${filterLabel}" placeholder="${filterLabel}…">` : '') +
        `<ul class="facet-values" id="facet-${f.key}-values">` +
        f.values
          .slice(0, TOP_VALUES)
          .map(({ value, count }) => {
            const code = rustTrim(value).replace(/[A-Z]/g, (c) => c.toLowerCase());
            const shown = f.key === 'lang' && Object.hasOwn(LANGUAGES, code) ? LANGUAGES[code] : value;
            return (
              `<li class="facet-value" data-value="${e(value)}" data-count="${count}"><label><input type="checkbox">` +
              `<span class="facet-label">${e(shown)}</span><span class="facet-count"><span class="visually-hidden"> (</span>${count}` +
              `<span class="visually-hidden">${count === 1 ? ' document)' : ' documents)'}</span></span></label></li>`
            );
          })
          .join('') +
        `</ul>` +
        (hidden
          ? `<button type="button" class="facet-more link-button" aria-expanded="false" aria-controls="facet-${f.key}-values">Show more (${hidden})</button>`
          : '') +
        `</fieldset>`
      );
    })
    .join('');

  const drawer =
    `<button type="button" class="filters-toggle secondary" aria-expanded="false" aria-controls="facets-panel">Filters</button>` +
    `<aside id="facets-panel" class="facets-panel" aria-label="Filters"><div class="drawer-head"><h2 class="drawer-title">Filters</h2>` +
    `<button type="button" class="drawer-close">${total === 1 ? 'Show 1 result' : `Show ${total} results`}</button></div>` +
    // A plain form: before the app runs, Apply still narrows the dates (the app reads the URL).
    `<form class="date-range" novalidate action="${e(home)}" method="get"><fieldset><legend class="facet-legend">Date</legend>` +
    `<p class="hint" id="hint-dates">A year or a date: 1945, 1945-05-08</p><div class="date-fields">` +
    `<label><span>From</span><input type="text" name="from" autocomplete="off" size="10" aria-describedby="hint-dates" aria-invalid="false"></label>` +
    `<label><span>To</span><input type="text" name="to" autocomplete="off" size="10" aria-describedby="hint-dates" aria-invalid="false"></label>` +
    `<button type="submit" class="secondary">Apply</button></div>` +
    `<p class="field-error" id="date-range-error" aria-live="assertive"></p></fieldset></form>` +
    facets +
    `</aside>`;

  // The search box is a plain form too, so Enter searches before the app runs. It carries no
  // aria-label (its <label> names it): the app's own box is the one the tests look for.
  const page =
    `<main id="main" tabindex="-1" data-first-view="home"><section class="search-page">` +
    `<h1 class="visually-hidden">${e(name)}</h1>` +
    `<form class="search-form" role="search" action="${e(home)}" method="get"><label class="search-label" for="q">Search the archive</label>` +
    `<div class="search-row"><input id="q" type="search" name="q" placeholder="${e(`Search ${total} documents: names, places, subjects, words…`)}" autocomplete="off" spellcheck="false">` +
    `<button type="submit">Search</button></div></form>` +
    `<p class="kbd-hint" aria-hidden="true"><kbd>/</kbd> search · <kbd>↑</kbd><kbd>↓</kbd> move through results · <kbd>Enter</kbd> open · <kbd>Esc</kbd> clear</p>` +
    `<div class="search-layout">${drawer}<div class="results-panel">` +
    `<div class="result-status" role="status" aria-live="polite"><p class="result-summary">Results: ${total ? 1 : 0} - ${last} of ${total}</p></div>` +
    (total ? timeline + exportMenu : '') +
    sortControls +
    `<ol class="hits">${hits}</ol>${pagination}</div></div></section></main>`;
  return header + page;
}

// ---------------------------------------------------------------------------------------------
// The document pages: src/ui/pages/document.rs for a reader who came from no search (so
// "Back to the archive", the position in the whole archive in date order, nothing marked), down
// to the full text: the citation box and related documents below it are the app's to add. Its
// components, ported: result_nav.rs, document_meta.rs, highlighted_text.rs; model.rs for the
// paragraphs, the extras and which addresses are links.

/**
 * The document pages stop at this many bytes in all (GitHub Pages wants a site under 1 GB): an
 * archive of tens of thousands of long documents keeps pages for the first ones in date order,
 * and the app renders the others (as on a host without route pages). FOLIO_DOC_PAGES=off writes
 * none.
 */
const MAX_DOC_PAGES_BYTES = 400 * 1024 * 1024;

/** Ids that name a file the same on every host: the page is doc/<id>.html. */
const PAGE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;
const prerenderable = (d) => PAGE_ID.test(d.id) && !/\.html?$/i.test(d.id) && d.extras !== null;

/** model.rs, split_paragraphs. */
const paragraphsOf = (text) =>
  text
    .split('\n\n')
    .flatMap((p) => p.split('\r\n\r\n'))
    .map(rustTrim)
    .filter(Boolean);

/** model.rs, safe_http_url. */
function safeHttpUrl(url) {
  const u = rustTrim(url);
  const lower = [...u].slice(0, 8).join('').replace(/[A-Z]/g, (c) => c.toLowerCase());
  const ok = (lower.startsWith('https://') && utf8Length(u) > 8) || (lower.startsWith('http://') && utf8Length(u) > 7);
  const clean = !new RegExp(`[\\p{Cc}${WHITE}]`, 'u').test(u);
  return ok && clean ? u : null;
}

/** browser.rs, capitalize (JavaScript's toUpperCase, as there). */
const capitalize = (s) => {
  const [first, ...rest] = [...s];
  return first === undefined ? '' : first.toUpperCase() + rest.join('');
};

/** facets.rs, display_value. */
const displayValue = (key, value) => {
  if (key !== 'lang') return value;
  const code = rustTrim(value).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return Object.hasOwn(LANGUAGES, code) ? LANGUAGES[code] : value;
};

/**
 * The document page of `order[k]` (the documents in date order, as the home page lists them),
 * with links under `base`: a <main> to stand in for the app's.
 */
export function renderDocumentView(order, k, base) {
  const e = escapeHtml;
  const root = base.replace(/\/+$/, '');
  const d = order[k];
  // result_nav.rs: a neighbour's link keeps the results page it sits on.
  const docHref = (doc, index) => {
    const page = Math.floor(index / PER_PAGE) + 1;
    return `${root}/doc/${encodeComponent(doc.id)}${page > 1 ? `?page=${page}` : ''}`;
  };
  const prev = order[k - 1];
  const next = order[k + 1];
  const nav =
    `<nav class="result-nav" aria-label="Results">` +
    (prev
      ? `<a class="prev-result" href="${e(docHref(prev, k - 1))}" rel="prev" title="${e(prev.title)}">‹ Previous result</a>`
      : `<span class="prev-result disabled">‹ Previous result</span>`) +
    `<span class="result-position">Result ${k + 1} of ${order.length}</span>` +
    (next
      ? `<a class="next-result" href="${e(docHref(next, k + 1))}" rel="next" title="${e(next.title)}">Next result ›</a>`
      : `<span class="next-result disabled">Next result ›</span>`) +
    `</nav>`;

  // document_meta.rs
  const rows = [];
  const facetLink = (key, v) => `${root}/?${key}=${encodeComponent(v)}`;
  const push = (label, key, values) => {
    const shown = values.filter(Boolean).map((v) => (key ? [displayValue(key, v), facetLink(key, v)] : [v, null]));
    if (shown.length) rows.push([label, shown]);
  };
  push('People', 'person', d.people);
  push('Places', 'place', d.places);
  push('Subjects', 'subject', d.subjects);
  push('Collection', 'collection', [d.collection]);
  push('Source', null, [d.source]);
  push('Language', 'lang', [d.language]);
  for (const [key, shown] of d.extras) push(capitalize(key.replace(/[_-]/g, ' ')), null, [shown]);
  push('Identifier', null, [d.id]);
  const row = (label, dd) => `<div class="meta-row"><dt>${e(label)}</dt><dd>${dd}</dd></div>`;
  const link = safeHttpUrl(d.url);
  const meta =
    `<dl class="doc-meta">` +
    rows
      .map(([label, values]) =>
        row(label, values.map(([v, href]) => (href ? `<a class="meta-value" href="${e(href)}">${e(v)}</a>` : `<span class="meta-value">${e(v)}</span>`)).join('')),
      )
      .join('') +
    (link ? row('Original', `<a href="${e(link)}" rel="external noopener noreferrer" target="_blank">${e(link)}</a>`) : '') +
    (!link && rustTrim(d.url) ? row('Link (not opened: not a web address)', `<span class="meta-value">${e(d.url)}</span>`) : '') +
    `</dl>`;

  // highlighted_text.rs, with no query: the summary, the metadata, the full text.
  const paragraphs = paragraphsOf(d.text);
  const text = paragraphs.length
    ? `<section class="doc-text" aria-label="Full text"><h2>Full text</h2>${paragraphs.map((p) => `<p>${e(p)}</p>`).join('')}</section>`
    : '';
  return (
    `<main id="main" tabindex="-1" data-first-view="page"><article class="document">` +
    `<div class="doc-nav"><p class="back"><a class="back-to-results" href="${e(`${root}/`)}">‹ Back to the archive</a></p>${nav}</div>` +
    `<header class="doc-header">${d.date ? `<p class="doc-date">${e(formatRange(d.date, d.dateEnd))}</p>` : ''}<h1>${e(d.title)}</h1></header>` +
    (d.summary ? `<p class="doc-summary">${e(d.summary)}</p>` : '') +
    meta +
    text +
    `</article></main>`
  );
}

/**
 * The about page (src/ui/pages/about.rs) as the app first shows it, before the browser has said
 * what it stores: what the archive is, its date span, browse links with counts
 * (browse.rs, archive_facts), and "Checking what this browser keeps…".
 */
export function renderAboutView(bundle, base) {
  const e = escapeHtml;
  const root = base.replace(/\/+$/, '');
  const { documents, meta } = bundle;
  let first = null;
  let last = null;
  for (const d of documents) {
    if (!d.date) continue;
    const end = d.dateEnd ?? d.date;
    if (!first || sortKey(d.date) < sortKey(first)) first = d.date;
    if (!last || endKey(end) > endKey(last)) last = end;
  }
  const row = (key, label, value) => (value ? `<div class="meta-row" data-key="${key}"><dt>${label}</dt><dd>${e(value)}</dd></div>` : '');
  const browse = facetsOf(documents)
    .filter((f) => f.values.length > 0)
    .map((f) => `<li><a href="${e(`${root}/browse/${f.slug}`)}">${f.values.length} ${f.plural.toLowerCase()}</a></li>`)
    .join('');
  return (
    `<main id="main" tabindex="-1" data-first-view="page"><section class="about-page"><h1>About this archive</h1><dl class="about-facts">` +
    row('title', 'Title', meta.title) +
    row('description', 'Description', meta.description) +
    row('publisher', 'Publisher', meta.publisher) +
    row('licence', 'Licence', meta.licence) +
    row('documents', 'Documents', String(documents.length)) +
    row('span', 'Dates', first && last ? formatRange(first, last) : '') +
    `</dl><h2>Browse</h2><ul class="about-browse">${browse}</ul><h2>Offline copy</h2><p>Checking what this browser keeps…</p></section></main>`
  );
}

/** The documents in the app's browse order (archive.rs): dated first, by date, then bundle order. */
const dateOrder = (documents) =>
  [...documents].sort(
    (x, y) => Number(!x.date) - Number(!y.date) || (x.date ? sortKey(x.date) : 0) - (y.date ? sortKey(y.date) : 0) || x.index - y.index,
  );

/**
 * Writes the pages that stand for app routes on a host that serves <path>.html at <path>:
 * about.html, and doc/<id>.html for every document that can have one. Each is `index` (the
 * finished index.html) with that page in place of the home page, under its own title and
 * description. Returns how many documents got one.
 */
async function writeRoutePages(dir, index, bundle) {
  await rm(path.join(dir, 'doc'), { recursive: true, force: true });
  await rm(path.join(dir, 'about.html'), { force: true });
  const home = FIRST_VIEW.exec(index)?.[1] ?? '';
  const cut = home.indexOf('<main id="main" tabindex="-1" data-first-view="home">');
  if (!bundle || cut < 0) return 0;
  const header = home.slice(0, cut);
  const base = baseOf(index);
  const site = bundle.title || 'Folio';
  /** `index` showing `view` at `route` (relative to the base); `description` is HTML-escaped. */
  const pageAt = (route, view, title, description) =>
    index
      .replace(FIRST_VIEW, () => `<!-- folio:first-view -->${header}${view}<!-- /folio:first-view -->`)
      .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(title)}</title>`)
      .replace(/(<meta name="description" content=")[^"]*(")/, (_, a, b) => `${a}${description}${b}`)
      // public/first-view.js shows the page only at its own address.
      .replace('<script src="first-view.js"', () => `<meta name="folio-first-view" content="${escapeHtml(route)}">\n    <script src="first-view.js"`);

  // The about page keeps the archive's description.
  const archiveDescription = /<meta name="description" content="([^"]*)"/.exec(index)?.[1] ?? '';
  await writeFile(path.join(dir, 'about.html'), pageAt('about', renderAboutView(bundle, base), `About – ${site}`, archiveDescription));

  if (/^(0|off|no|false)$/i.test(process.env.FOLIO_DOC_PAGES ?? '')) {
    console.log('post-build: no document pages (FOLIO_DOC_PAGES is off)');
    return 0;
  }
  const order = dateOrder(bundle.documents);
  await mkdir(path.join(dir, 'doc'), { recursive: true });
  let written = 0;
  let pagesBytes = 0;
  for (let k = 0; k < order.length; k++) {
    const d = order[k];
    if (!prerenderable(d)) continue;
    const view = renderDocumentView(order, k, base);
    if (utf8Length(view) > MAX_FIRST_VIEW_BYTES * 4) continue;
    const description = escapeHtml(clip(d.summary || paragraphsOf(d.text)[0] || d.title, 200));
    const page = pageAt(`doc/${d.id}`, view, `${d.title} – ${site}`, description);
    pagesBytes += utf8Length(page);
    if (pagesBytes > MAX_DOC_PAGES_BYTES) {
      console.log(`post-build: document pages stopped after ${written} of ${order.length} (over ${MAX_DOC_PAGES_BYTES >> 20} MB); the others are rendered by the app`);
      break;
    }
    await writeFile(path.join(dir, 'doc', `${d.id}.html`), page);
    written++;
  }
  return written;
}

/**
 * index.html with trunk's preload of the WebAssembly handed to public/first-view.js (as its
 * data-wasm and data-wasm-integrity attributes), which starts that download at once on most
 * pages but only after the first view is painted on the home page. Running again finds it done.
 */
function moveWasmPreload(index) {
  const link = /<link rel="preload"[^>]*\shref="([^"]+_bg\.wasm)"[^>]*>/.exec(index);
  const tag = '<script src="first-view.js"></script>';
  if (!link || !index.includes(tag)) return index;
  const integrity = /\sintegrity="([^"]*)"/.exec(link[0])?.[1] ?? '';
  return index
    .replace(link[0], '')
    .replace(tag, `<script src="first-view.js" data-wasm="${link[1]}" data-wasm-integrity="${integrity}"></script>`);
}

/** The site's path, from index.html's <base>. */
const baseOf = (index) => /<base href="([^"]*)"/.exec(index)?.[1] ?? '/';

/** The site's bundle as the first views read it (`readBundleForFirstView`), or null. */
async function readSiteBundle(dir) {
  const bytes = await readFile(path.join(dir, BUNDLE_PATH)).catch(() => null);
  return bytes && readBundleForFirstView(bytes);
}

/** index.html with the first view between its markers (empty when the bundle cannot have one). */
function withFirstView(index, bundle) {
  if (!FIRST_VIEW.test(index)) fail('index.html lost its <!-- folio:first-view --> markers');
  const put = (html) => index.replace(FIRST_VIEW, () => `<!-- folio:first-view -->${html}<!-- /folio:first-view -->`);
  if (!bundle) {
    console.log('post-build: no first view (the bundle is missing, flawed or not one the app reads)');
    return put('');
  }
  const base = baseOf(index);
  const html = renderFirstView(bundle, base);
  if (utf8Length(html) > MAX_FIRST_VIEW_BYTES) {
    console.log(`post-build: no first view (it would be ${utf8Length(html)} bytes)`);
    return put('');
  }
  return put(html);
}

async function main() {
  const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? fail('no folder: run from trunk, or pass one'));
  const debug = process.env.TRUNK_PROFILE === 'debug';
  const indexFile = path.join(dir, 'index.html');
  let index = await readFile(indexFile, 'utf8').catch(() => fail(`${indexFile} is missing`));
  if (!BUILD_META.test(index)) fail('index.html has no <meta name="folio-build" content="..."> to fill in');

  const source = process.env.FOLIO_BUNDLE;
  if (source) {
    const { bytes, documents } = await readBundleSource(source);
    await mkdir(path.join(dir, 'data'), { recursive: true });
    await writeFile(path.join(dir, BUNDLE_PATH), bytes);
    console.log(`post-build: bundle from ${source}: ${documents} documents, ${bytes.length} bytes`);
  }

  index = await nameAfterArchive(dir, index);
  // Read once, for the home page in index.html and the route pages.
  const bundle = await readSiteBundle(dir);
  index = withFirstView(index, bundle);
  index = moveWasmPreload(index);

  const files = (await listFiles(dir)).filter((f) => !NOT_STORED.has(f) && !ROUTE_PAGE.test(f));
  if (!files.includes(BUNDLE_PATH)) console.warn(`post-build: warning: no ${BUNDLE_PATH} in the site`);

  // The build id covers every stored file; index.html with its id blanked, since the id goes in it.
  const setBuild = (html, id) => html.replace(BUILD_META, `<meta name="folio-build" content="${id}" />`);
  const contents = new Map();
  for (const f of files) contents.set(f, f === 'index.html' ? Buffer.from(setBuild(index, '')) : await readFile(path.join(dir, f)));
  const whole = createHash('sha256');
  for (const f of files) whole.update(`${f}\0`).update(sha256(contents.get(f))).update('\0');
  const build = debug ? 'dev' : whole.digest('hex').slice(0, 16);

  index = setBuild(index, build);
  await writeFile(indexFile, index);
  contents.set('index.html', Buffer.from(index));
  await writeFile(path.join(dir, '404.html'), index);
  const pages = debug ? 0 : await writeRoutePages(dir, index, bundle);

  const bundleBytes = contents.get(BUNDLE_PATH);
  const manifest = debug
    ? null
    : {
        build,
        bundle: bundleBytes ? { url: BUNDLE_PATH, hash: sha256(bundleBytes).toString('hex').slice(0, 16), bytes: bundleBytes.length } : null,
        bytes: files.reduce((n, f) => n + contents.get(f).length, 0),
        files: files.map((f) => ({
          url: f.split('/').map(encodeURIComponent).join('/'),
          integrity: `sha256-${sha256(contents.get(f)).toString('base64')}`,
        })),
      };

  const template = await readFile(SW_TEMPLATE, 'utf8');
  const marker = '/* FOLIO_BUILD */ null';
  if (!template.includes(marker)) fail(`${SW_TEMPLATE} lost its marker ${marker}`);
  await writeFile(path.join(dir, 'sw.js'), template.replace(marker, JSON.stringify(manifest, null, 1)));

  const kb = (n) => `${Math.round(n / 1024)} KB`;
  if (debug) console.log('post-build: debug build: sw.js removes itself; 404.html written');
  else console.log(`post-build: build ${build}, bundle ${manifest.bundle?.hash ?? 'none'}; sw.js stores ${files.length} files (${kb(manifest.bytes)}); 404.html, about.html and ${pages} document pages written`);
}

// Run by trunk or by hand; imported by the end-to-end tests for its functions.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
