// Folio (crates/folio-core) as an fts-bench engine: Rust compiled to WebAssembly, wrapped by
// crates/folio-bench-wasm and wasm-bindgen (--target web). Copy to <bench>/adapters/folio.mjs,
// with the wasm-bindgen output in <bench>/wasm/pkg/ and its .wasm also in <bench>/web/dist/
// (tests/bench/run.sh does all of it). Follows the bench's "Protocol for a Rust/WebAssembly
// engine": the same parsed documents in, JS id strings out, boundary costs inside the timings.
import init, { Engine, EngineBuilder, live_bytes, peak_bytes } from '../wasm/pkg/folio_bench_wasm.js';

let wasm = null;
let last = null; // the newest index; freed when the next one is built (see build)

const SEP = '\x1f'; // list items (people, places, subjects) travel joined by U+001F
const list = (v) => (v == null ? '' : Array.isArray(v) ? v.join(SEP) : String(v));

// mode 'docs': one call per document with its fields as strings (no JSON.stringify, no JSON
// parsing in WebAssembly); mode 'json': JSON.stringify(docs) and one call (Engine.from_json).
export function makeFolio(mode) {
  return {
    name: mode === 'json' ? 'folio-json' : 'folio',
    packages: [], // library size: the .wasm + glue, gzip, reported by tests/bench/run.sh
    supports: { single: true, and: true, prefix: true, fuzzy: true, serialize: false },
    config: 'Folio core (Rust -> wasm32, opt-level 3, wasm-opt -O3); analyzer: split at non-letters/digits, ' +
      'case+diacritic folding, no stop-word removal; exact words + same-stem words (weight 0.8) at query time; ' +
      'BM25 per field, summed (k1 1.2, b 0.6; title 4, people 2.5, places/subjects 2, summary 1.5, text 1) + proximity bonus; ' +
      'list items indexed one by one; single/and: every word, in any field (AND across fields); prefix: `w*`, the 32 most ' +
      'frequent expansions; fuzzy: typo correction on (1 edit for 5-8 letters, 2 for 9+, words in < 3 docs only), ' +
      `off for the other types; no partial matches; build: ${mode === 'json' ? 'JSON.stringify + one call' : 'one call per document'}; ` +
      'memory: the module\'s whole linear memory (it never shrinks, so it is the peak of the build)',

    async init() {
      wasm = await init({ module_or_path: new URL('./folio_bench_wasm_bg.wasm', import.meta.url) });
    },

    build(docs) {
      // The harness drops its reference to the previous index before each build; wasm-bindgen
      // frees the Rust side only when a FinalizationRegistry callback runs, some time later,
      // so free it here to keep the memory numbers exact (only the newest index is searched).
      if (last) { last.free(); last = null; }
      if (mode === 'json') {
        last = Engine.from_json(JSON.stringify(docs));
        return last;
      }
      const b = new EngineBuilder();
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        b.add(String(d.id), d.title ?? '', d.summary ?? '', d.text ?? '',
          list(d.people), list(d.places), list(d.subjects));
      }
      last = b.finish();
      return last;
    },

    search(engine, q, limit) {
      return engine.search(q.type, q.text, q.maxEdits ?? 0, limit);
    },

    count(engine, q) {
      return engine.count(q.type, q.text, q.maxEdits ?? 0);
    },

    // The measure: JS heap plus the WebAssembly linear memory. The harness adds the
    // JS heap's growth; this is the linear memory, all of it (what the index keeps is less:
    // `live`, logged with the build's peak).
    memoryBytes(engine) {
      const linear = wasm.memory.buffer.byteLength;
      console.log(`[folio] wasm live ${live_bytes()} B, peak ${peak_bytes()} B, index heap_bytes ` +
        `${engine.heap_bytes()} B, linear memory ${linear} B`);
      return linear;
    },
  };
}

export default makeFolio('docs');
