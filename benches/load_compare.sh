#!/usr/bin/env bash
# Loading the generated N-Triples (../shared/bench/gen.py: 1m, 5m) into
# memory and into RocksDB: entente against pyoxigraph `bulk_load` and rdflib
# (../shared/bench/bench_rdf.py), alternating, whole processes, wall time,
# CPU time and peak RSS from /usr/bin/time. entente's figure includes what
# pyoxigraph's does not: the vocabulary check of every triple, the seed data
# and the rules. Needs the rocksdb feature (a release build of RocksDB takes
# ~15 minutes), bench-data/ and .bench-venv (see BENCHMARKS.md).
#
#   benches/load_compare.sh [SIZE…]        default: 1m 5m; RUNS=3; RDFLIB=1 adds rdflib
set -euo pipefail
cd "$(dirname "$0")/.."
data=${BENCH_DATA:-bench-data}
stores=${BENCH_STORES:-bench-stores}
py=${BENCH_VENV:-.bench-venv}/bin/python
peer=${BENCH_PEERS:-../shared/bench}/bench_rdf.py
cargo build --release --features rocksdb --quiet
bin=${CARGO_TARGET_DIR:-target}/release/entente
mkdir -p "$stores"
measure() { # LABEL COMMAND…: one line "LABEL wall cpu rss"
  local label=$1; shift
  /usr/bin/time -f "$label %e s wall, %U+%S s CPU, peak RSS %M KiB" "$@" >/dev/null 2>/tmp/entente-bench.$$ \
    || { cat /tmp/entente-bench.$$; exit 1; }
  tail -1 /tmp/entente-bench.$$
}
for size in "${@:-1m 5m}"; do
  for size in $size; do
    for run in $(seq "${RUNS:-3}"); do
      measure "$size memory  entente    " "$bin" --with "$data/$size.nt" query 'ASK {}'
      measure "$size memory  pyoxigraph " env BENCH_DATA="$data" "$py" "$peer" ox-mem "$size"
      rm -rf "$stores/entente-$size"
      measure "$size rocksdb entente    " "$bin" --store "$stores/entente-$size" load "$data/$size.nt"
      measure "$size rocksdb pyoxigraph " env BENCH_DATA="$data" BENCH_STORES="$stores" "$py" "$peer" ox-disk "$size"
      if [ "${RDFLIB:-0}" = 1 ]; then
        measure "$size memory  rdflib     " env BENCH_DATA="$data" "$py" "$peer" rdflib "$size"
      fi
    done
  done
done
