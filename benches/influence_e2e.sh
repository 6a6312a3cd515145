#!/usr/bin/env bash
# End to end, whole processes: `entente influence` on the generated 1M-triple
# data set (read into the store, view query, PageRank) against a Python
# analyst's pyoxigraph + SPARQL + igraph (benches/peer_influence.py).
# Medians of hyperfine runs and peak memory; needs bench-data/ and .bench-venv
# (see ../shared/bench/README.md) and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/versus.sh
SIZE=${1:-1m}
data=${BENCH_DATA:-bench-data}/$SIZE.nt
py=${BENCH_VENV:-.bench-venv}/bin/python
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/entente
out=${BENCH_OUT:-bench-results}
mkdir -p "$out"
ours="$bin --with $data influence --view benches/bench-view.rq --neutral-ties --tol 1e-10 --format tsv"
peer="$py benches/peer_influence.py $data"
versus "$out/influence-$SIZE.json" "$ours" "$peer"
