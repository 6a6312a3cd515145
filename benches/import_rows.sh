#!/usr/bin/env bash
# Import speed: every shipped mapping on its data set (`import --all`'s own
# per-data-set seconds), and the generated COW-like alliance rows
# (benches/gen_alliance_rows.py: 100k and 1M rows) into memory and into a
# RocksDB store: rows per second and peak RSS. Needs the rocksdb feature.
#
#   benches/import_rows.sh [ROWS…]      default: 100000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
data=${BENCH_DATA:-bench-data}
stores=${BENCH_STORES:-bench-stores}
cargo build --release --features rocksdb --quiet
bin=${CARGO_TARGET_DIR:-target}/release/entente
mkdir -p "$data" "$stores"
"$bin" import --all --format tsv 2>/dev/null
for rows in "${@:-100000 1000000}"; do
  for rows in $rows; do
    csv=$data/alliances-$rows.csv
    [ -f "$csv" ] || python3 benches/gen_alliance_rows.py "$rows" > "$csv"
    /usr/bin/time -f "$rows rows, memory:  %e s wall, %U+%S s CPU, peak RSS %M KiB" \
      "$bin" import --mapping cow-alliances "$csv" 2>&1 | grep -v '^note\|^cite'
    rm -rf "$stores/import-$rows"
    /usr/bin/time -f "$rows rows, rocksdb: %e s wall, %U+%S s CPU, peak RSS %M KiB" \
      "$bin" --store "$stores/import-$rows" import --mapping cow-alliances "$csv" 2>&1 | grep -v '^note\|^cite'
  done
done
