#!/usr/bin/env bash
# Folio in the fts-bench browser benchmark, side by side with the JavaScript engines (issue 3).
# Step by step, and why: tests/bench/README.md. Everything happens in $BENCH (default
# /tmp/bench), a writable copy of the shared benchmark; nothing in the repository changes
# except target/.
#
#   bash tests/bench/run.sh                   # real corpus + synthetic 10k and 50k, Chromium
#   PARTS="real" bash tests/bench/run.sh      # only the real corpus
#   PARTS="phrases" bash tests/bench/run.sh   # Folio's phrase queries on the real corpus
#
# Environment: BENCH (work dir), SHARED (where bench/ and corpus/ live; default ../shared
# beside the repository), PARTS ("real synth10k synth50k"), ENGINES_REAL, ENGINES_10K,
# ENGINES_50K (comma lists). Resumable like the bench's run-all.sh: a raw result file that
# exists is not run again (delete it to rerun).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$(cd "$REPO/../shared" && pwd)}
BENCH=${BENCH:-/tmp/bench}
PARTS=${PARTS:-"real phrases synth10k synth50k"}
ENGINES_REAL=${ENGINES_REAL:-folio,folio-json,minisearch,flexsearch,lunr}
ENGINES_10K=${ENGINES_10K:-folio,minisearch,flexsearch,lunr}
# lunr takes ~10 min per 50k run on 2 cores (105 s per build); leave it out there.
ENGINES_50K=${ENGINES_50K:-folio,minisearch,flexsearch}
PKG=$BENCH/wasm/pkg
export PATH="$REPO/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# 1. A writable copy of the benchmark, with its own npm packages (no browser download).
if [ ! -d "$BENCH" ]; then
  cp -r "$SHARED/bench" "$BENCH"
  chmod -R u+w "$BENCH"
  rm -rf "$BENCH"/results/raw/* "$BENCH"/results-*.md # results of earlier runs: not ours
fi
(cd "$BENCH" && { [ -d node_modules ] || npm ci --no-audit --no-fund; })

# 2. The engine: crates/folio-bench-wasm for wasm32 (profile wasm-bench: release, opt-level 3),
#    wasm-bindgen at the Cargo.lock version, wasm-opt from npm binaryen 132.
(cd "$REPO" && cargo build -p folio-bench-wasm --profile wasm-bench --target wasm32-unknown-unknown --offline)
rm -rf "$PKG" && mkdir -p "$PKG"
wasm-bindgen --target web --out-dir "$PKG" "$REPO/target/wasm32-unknown-unknown/wasm-bench/folio_bench_wasm.wasm"
wasm-opt -O3 "$PKG/folio_bench_wasm_bg.wasm" -o "$PKG/folio_bench_wasm_bg.wasm"

# 3. The adapters, registered in front of the others; bundle; the .wasm next to the bundles.
cp "$REPO/tests/bench/folio.mjs" "$BENCH/adapters/folio.mjs"
printf "import { makeFolio } from './folio.mjs';\nexport default makeFolio('json');\n" > "$BENCH/adapters/folio-json.mjs"
grep -q "'folio'" "$BENCH/adapters/index.mjs" ||
  sed -i "s/export const ENGINES = \[/export const ENGINES = ['folio', 'folio-json', /" "$BENCH/adapters/index.mjs"
(cd "$BENCH" && node scripts/bundle.mjs > /dev/null)
cp "$PKG/folio_bench_wasm_bg.wasm" "$BENCH/web/dist/"
# run-all.sh bundles again; this keeps the .wasm where the bundle looks for it.
w=$PKG/folio_bench_wasm_bg.wasm
echo "folio .wasm: $(stat -c %s "$w") B raw, $(gzip -9c "$w" | wc -c) B gzip -9, $(brotli -c -q 11 "$w" | wc -c) B brotli;" \
  "glue $(stat -c %s "$PKG/folio_bench_wasm.js") B raw, $(gzip -9c "$PKG/folio_bench_wasm.js" | wc -c) B gzip -9" | tee "$BENCH/folio-size.txt"

# 4. Corpora: the real one as one file; the synthetic ones from the bench's generator.
cd "$BENCH"
mkdir -p corpus
cat "$SHARED"/corpus/*.jsonl > corpus/frus-all.jsonl
REAL_DOCS=$(wc -l < corpus/frus-all.jsonl)
if [[ " $PARTS " == *" synth"* ]] && [ ! -f corpus/synth-50k.jsonl ]; then
  python3 gen_corpus.py --sizes 10000,50000 --out-dir corpus --name synth
fi

# 5. Chromium only, one fresh page per engine, the JS baselines in the same invocation.
# queries/frus.json (shipped with the bench) is derived from the same real corpus.
load() { cut -d' ' -f1-3 /proc/loadavg; }
for part in $PARTS; do
  echo "== $part $(date -u +%H:%M:%S) load $(load)"
  case $part in
    real) CORPUS=$BENCH/corpus/frus-all.jsonl TAG=frus SIZES=$REAL_DOCS ENGINES=$ENGINES_REAL SETTINGS=chromium bash scripts/run-all.sh ;;
    synth10k) SIZES=10000 ENGINES=$ENGINES_10K SETTINGS=chromium bash scripts/run-all.sh ;;
    synth50k) SIZES=50000 ENGINES=$ENGINES_50K SETTINGS=chromium bash scripts/run-all.sh ;;
    # Quoted phrases (tests/bench/phrases.json), Folio only: no JavaScript engine has them.
    phrases)
      out=$BENCH/results/folio-phrases.json
      [ -f "$out" ] || node scripts/run-browser.mjs --corpus "$BENCH/corpus/frus-all.jsonl" \
        --queries "$REPO/tests/bench/phrases.json" --engines folio --out "$out"
      node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        for (const e of r) for (const [id, q] of Object.entries(e.queries || {}))
          console.log(`${e.engine} ${id} ${q.text}: ${q.hits} hits, median ${q.medianUs.toFixed(0)} µs, p95 ${q.p95Us.toFixed(0)} µs`);' "$out" ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
  esac
  cp "$PKG/folio_bench_wasm_bg.wasm" "$BENCH/web/dist/"
done
echo "== done $(date -u +%H:%M:%S) load $(load); report: $(ls -t "$BENCH"/results-*.md | head -1)"
