#!/usr/bin/env bash
# End to end, whole processes: `entente influence` on the generated 1M-triple
# data set (read into the store, view query, PageRank) against a Python
# analyst's pyoxigraph + SPARQL + igraph (benches/peer_influence.py).
# Medians of hyperfine runs and peak memory; needs bench-data/ and .bench-venv
# (see ../shared/bench/README.md) and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1m}
data=${BENCH_DATA:-bench-data}/$SIZE.nt
py=${BENCH_VENV:-.bench-venv}/bin/python
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/entente
out=${BENCH_OUT:-bench-results}
mkdir -p "$out"
ours="$bin --with $data influence --view benches/bench-view.rq --tol 1e-10 --format tsv"
peer="$py benches/peer_influence.py $data"
hyperfine --warmup 1 --runs ${RUNS:-5} -N --export-json "$out/influence-$SIZE.json" \
  --command-name entente "$ours" --command-name python-pyoxigraph-igraph "$peer" >/dev/null
for name in entente python-pyoxigraph-igraph; do
  cmd=$ours; [ $name = entente ] || cmd=$peer
  rss=$( { /usr/bin/time -f '%M' $cmd > /dev/null; } 2>&1 | tail -1)
  python3 - "$out/influence-$SIZE.json" "$name" "$rss" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}[sys.argv[2]]
print(f'{sys.argv[2]:<26} median {res["median"]:.2f} s  (min {res["min"]:.2f}, max {res["max"]:.2f})  peak RSS {int(sys.argv[3])/1024:.0f} MiB')
PY
done
python3 - "$out/influence-$SIZE.json" <<'PY'
import json, sys
res = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
print(f"ratio python/entente: {res['python-pyoxigraph-igraph'] / res['entente']:.2f}x")
PY
