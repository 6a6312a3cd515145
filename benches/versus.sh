# Sourced by the end-to-end benchmarks: `versus JSON OURS PEER` times two
# whole commands with hyperfine (RUNS runs, default 5), then prints each
# one's median and peak RSS and the ratio peer/entente.
versus() {
  local json=$1 ours=$2 peer=$3 name cmd rss
  hyperfine --warmup 1 --runs "${RUNS:-5}" -N --export-json "$json" \
    --command-name entente "$ours" --command-name python-pyoxigraph-igraph "$peer" >/dev/null
  for name in entente python-pyoxigraph-igraph; do
    cmd=$ours; [ $name = entente ] || cmd=$peer
    rss=$( { /usr/bin/time -f '%M' $cmd > /dev/null; } 2>&1 | tail -1)
    python3 - "$json" "$name" "$rss" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}[sys.argv[2]]
print(f'{sys.argv[2]:<26} median {res["median"]:.2f} s  (min {res["min"]:.2f}, max {res["max"]:.2f})  peak RSS {int(sys.argv[3])/1024:.0f} MiB')
PY
  done
  python3 - "$json" <<'PY'
import json, sys
res = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
print(f"ratio python/entente: {res['python-pyoxigraph-igraph'] / res['entente']:.2f}x")
PY
}
