#!/usr/bin/env bash
# `entente influence` on a persistent store that already holds the generated
# 1M triples, against pyoxigraph's RocksDB store + SPARQL + igraph
# (benches/peer_influence.py --store). Whole processes, hyperfine medians,
# peak memory. Needs the rocksdb feature (a release build of RocksDB takes
# ~15 minutes), bench-data/, .bench-venv and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/versus.sh
SIZE=${1:-1m}
data=${BENCH_DATA:-bench-data}/$SIZE.nt
stores=${BENCH_STORES:-bench-stores}
py=${BENCH_VENV:-.bench-venv}/bin/python
cargo build --release --features rocksdb --quiet
bin=${CARGO_TARGET_DIR:-target}/release/entente
out=${BENCH_OUT:-bench-results}
mkdir -p "$out" "$stores"
ours_store=$stores/entente-$SIZE peer_store=$stores/pyoxigraph-$SIZE
if [ ! -d "$ours_store" ]; then
  /usr/bin/time -f "entente load: %e s, peak RSS %M KB" "$bin" --store "$ours_store" load "$data"
fi
if [ ! -d "$peer_store" ]; then
  /usr/bin/time -f "pyoxigraph bulk_load: %e s, peak RSS %M KB" "$py" benches/peer_influence.py --store "$peer_store" "$data"
fi
ours="$bin --store $ours_store influence --view benches/bench-view.rq --neutral-ties --tol 1e-10 --format tsv"
peer="$py benches/peer_influence.py --store $peer_store"
versus "$out/influence-store-$SIZE.json" "$ours" "$peer"
