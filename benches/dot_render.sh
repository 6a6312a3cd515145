#!/bin/sh
# Benchmark: draw the actor graph of the generated 100k data set in bounded
# time. Not a test; prints timings.
#
#   benches/dot_render.sh              # top 500 and 2000 by PageRank, then all actors, sfdp
#   TOPS="100 1000" benches/dot_render.sh
#   THRESHOLD=1 benches/dot_render.sh  # also time `dot` on hub-heavy prefixes (the dot→sfdp threshold)
#
# Needs: bench-data/100k.edges.tsv (python3 ../shared/bench/gen.py 100k),
# Graphviz (dot, sfdp). Each layout is cut at TIMEOUT seconds (default 600).
set -eu
cd "$(dirname "$0")/.."
TSV=${BENCH_DATA:-bench-data}/100k.edges.tsv
TOPS=${TOPS:-"500 2000"}
TIMEOUT=${TIMEOUT:-600}
OUT=${OUT:-$(mktemp -d)}
[ -f "$TSV" ] || { echo "missing $TSV: run python3 ../shared/bench/gen.py 100k" >&2; exit 1; }
# cargo runs a benchmark in its crate's directory: pass absolute paths
TSV=$(cd "$(dirname "$TSV")" && pwd)/$(basename "$TSV")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
command -v dot >/dev/null || { echo "Graphviz missing: apt-get install graphviz" >&2; exit 1; }
echo "Graphviz: $(dot -V 2>&1)"

# Build once (the DOT writer is entente-graph's `dot_render` benchmark).
cargo bench --quiet -p entente-graph --bench dot_render --no-run 2>/dev/null

seconds() { # seconds CMD... -> prints elapsed seconds, "timeout" past TIMEOUT
  start=$(date +%s.%N)
  if timeout "$TIMEOUT" "$@" >/dev/null 2>"$OUT/stderr"; then
    end=$(date +%s.%N); echo "$end - $start" | bc
  else
    echo "failed-or-timeout($?)"
  fi
}

dot_of() { # dot_of NAME ENV... -> writes $OUT/NAME.dot, prints the writer's line
  name=$1; shift
  env DOT_BENCH_TSV="$TSV" DOT_BENCH_OUT="$OUT/$name.dot" "$@" \
    cargo bench --quiet -p entente-graph --bench dot_render 2>&1 | grep '^graph:' | sed 's/^/  /'
}

for n in $TOPS; do
  echo "top $n by PageRank:"
  dot_of "top$n" DOT_BENCH_TOP=$n
  echo "  sfdp -Tsvg: $(seconds sfdp -Tsvg "$OUT/top$n.dot") s"
done
echo "all actors:"
dot_of all
echo "  sfdp -Tsvg: $(seconds sfdp -Tsvg "$OUT/all.dot") s"

if [ "${THRESHOLD:-}" ]; then
  # Hub-heavy graphs of N actors (the first N of the generated graph), drawn
  # by entente, laid out by dot: where dot stops being quick.
  for n in 50 75 100 110 120 130 150 200; do
    echo "first $n actors:"
    dot_of "prefix$n" DOT_BENCH_PREFIX=$n DOT_BENCH_LAYOUT=dot
    echo "  dot -Tsvg:  $(seconds dot -Tsvg "$OUT/prefix$n.dot") s"
    sed 's/layout=dot/layout=sfdp/' "$OUT/prefix$n.dot" > "$OUT/prefix$n.sfdp.dot"
    echo "  sfdp -Tsvg: $(seconds dot -Tsvg "$OUT/prefix$n.sfdp.dot") s"
  done
fi
echo "DOT files in $OUT"
