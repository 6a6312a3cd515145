#!/usr/bin/env bash
# Cold-process timings of the question verbs on the embedded data:
# median wall time (hyperfine) and peak memory (/usr/bin/time -v).
# Usage: benches/cli.sh            (needs hyperfine: apt-get install -y hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/entente
out=${BENCH_OUT:-bench-results}
mkdir -p "$out"

py=${BENCH_VENV:-.bench-venv}/bin/python   # the peers' venv (../shared/bench/README.md)
all='SELECT * WHERE { ?s ?p ?o }'
cases=(
  "mediators|$bin mediators --format tsv"
  "pyoxigraph-mediators|$py benches/peer_seed.py queries/mediators.rq"
  "query-all-triples|$bin query '$all' --format tsv"
  "pyoxigraph-all-triples|$py benches/peer_seed.py '$all'"
  "describe-baku|$bin describe Baku --format tsv"
  "query-list|$bin query --list"
)
args=()
for c in "${cases[@]}"; do args+=(--command-name "${c%%|*}" "${c#*|}"); done
hyperfine --warmup 3 --runs 20 -N --export-json "$out/cli.json" "${args[@]}" >/dev/null

printf '%-20s %12s %12s %14s\n' case median_ms stddev_ms peak_rss_MiB
for c in "${cases[@]}"; do
  name=${c%%|*}; cmd=${c#*|}
  rss=$( { /usr/bin/time -f '%M' bash -c "$cmd > /dev/null"; } 2>&1 | tail -1)
  python3 - "$out/cli.json" "$name" "$rss" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}[sys.argv[2]]
print(f'{sys.argv[2]:<20} {res["median"]*1000:12.1f} {res["stddev"]*1000:12.1f} {int(sys.argv[3])/1024:14.1f}')
PY
done
python3 - "$out/cli.json" <<'PY'
import json, sys
res = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
for case in ("mediators", "all-triples"):
    ours = res.get(case) or res.get("query-" + case)
    print(f"ratio pyoxigraph/entente, {case}: {res['pyoxigraph-' + case] / ours:.1f}x")
PY
