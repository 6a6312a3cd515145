#!/usr/bin/env bash
# Side-by-side graph benchmark: entente (crates/entente-graph/benches/graph_algos.rs) against the
# peers of ../shared/bench/bench_graph.py (NetworkX, igraph, rustworkx), run
# alternately in the same session, one process per run, then medians and
# ratios as a Markdown table.
#
#   benches/graph_compare.sh [ROUNDS]        # default 3 rounds
#
# Needs: bench-data/ (python3 ../shared/bench/gen.py 100k 1m) and the peers'
# venv (.bench-venv, see ../shared/bench/README.md). ENTENTE_BENCH_BIN may
# point at a built graph_algos binary; otherwise `cargo bench -p entente-graph
# --features synthetic --bench graph_algos` builds and runs it. Results (JSON lines) go to
# target/graph-compare.jsonl. Skipped: NetworkX exact betweenness on 100k
# (~9 min a run; the README's 553 s is quoted instead) and NetworkX sampled
# betweenness on 1m (not in the README's table either); rustworkx has no
# sampled betweenness.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
PY=${BENCH_PYTHON:-.bench-venv/bin/python}
PEER=${BENCH_GRAPH:-../shared/bench/bench_graph.py}
OUT=${OUT:-target/graph-compare.jsonl}
mkdir -p "$(dirname "$OUT")"
: >"$OUT"

# cargo runs a benchmark in its crate's directory: an absolute BENCH_DATA
if [[ -n "${BENCH_DATA:-}" ]]; then export BENCH_DATA=$(realpath -m "$BENCH_DATA"); fi

if [[ -n "${ENTENTE_BENCH_BIN:-}" ]]; then
    entente() { "$ENTENTE_BENCH_BIN" "$@"; }
else
    cargo bench -p entente-graph --features synthetic --bench graph_algos --no-run >/dev/null
    entente() { cargo bench -q -p entente-graph --features synthetic --bench graph_algos -- "$@"; }
fi

# size algo peers...
CASES=(
    "1m pagerank networkx igraph rustworkx"
    "1m pagerank-1e-10"
    "1m wcc networkx igraph rustworkx"
    "1m sp networkx igraph rustworkx"
    "100k betweenness igraph rustworkx"
    "1m betweenness-k igraph"
    "1m load networkx igraph rustworkx"
)

for ((r = 1; r <= ROUNDS; r++)); do
    for c in "${CASES[@]}"; do
        read -r size algo peers <<<"$c"
        echo "round $r: $size $algo" >&2
        entente "$size" "$algo" | tee -a "$OUT" >/dev/null
        for lib in $peers; do
            "$PY" "$PEER" "$lib" "$size" "$algo" | tee -a "$OUT" >/dev/null
        done
    done
done

"$PY" - "$OUT" <<'EOF'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in runs:
    algo = r["algo"]
    by.setdefault((r["size"], algo), {}).setdefault(r["lib"], []).append(r)
def med(rs, k):
    v = [r[k] for r in rs if r.get(k) is not None]
    return statistics.median(v) if v else None
print("| size | algorithm | entente algo_s | NetworkX | igraph | rustworkx | fastest peer / entente | entente peak RSS MiB |")
print("|---|---|---|---|---|---|---|---|")
for (size, algo), libs in by.items():
    e = med(libs.get("entente", []), "algo_s")
    if algo == "load":
        e = med(libs.get("entente", []), "build_s")
    cells, best = [], None
    for lib in ["networkx", "igraph", "rustworkx"]:
        key = "build_s" if algo == "load" else "algo_s"
        m = med(libs.get(lib, []), key)
        cells.append("—" if m is None else f"{m:.4g} s")
        if m is not None and (best is None or m < best):
            best = m
    ratio = f"{best / e:.1f}×" if best and e else "—"
    rss = med(libs.get("entente", []), "peak_rss_mib")
    n = len(libs.get("entente", []))
    print(f"| {size} | {algo}{' (build)' if algo == 'load' else ''} | {e:.4g} s (n={n}) | " + " | ".join(cells) + f" | {ratio} | {rss} |")
print()
print("Peak RSS (MiB, medians, whole process: parse + build + algorithm)")
print()
print("| size | algorithm | entente | NetworkX | igraph | rustworkx |")
print("|---|---|---|---|---|---|")
for (size, algo), libs in by.items():
    cells = []
    for lib in ["entente", "networkx", "igraph", "rustworkx"]:
        m = med(libs.get(lib, []), "peak_rss_mib")
        cells.append("—" if m is None else f"{m:.0f}")
    print(f"| {size} | {algo} | " + " | ".join(cells) + " |")
EOF
