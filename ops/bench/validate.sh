#!/usr/bin/env bash
# Validation benchmark: `godwit validate` MariaDB -> PostgreSQL on the snapshot benchmark's dataset.
#
#   ops/bench/validate.sh [--rows N] [--runs N]
#
# Makes sure the dataset (ops/bench/common.sh, default 2,000,000 orders) is in MariaDB, copies it
# afresh into PostgreSQL with `godwit snapshot`; then, as medians of --runs runs, prints:
#   1. the source's own ceiling: the mariadb client reading `orders` in key order to /dev/null,
#   2. `godwit validate` (both sides read in key order, compared in canonical form) per table and
#      for the whole command, in rows/s (rows of the larger side over the table's seconds), and
#      its peak RSS with -Xmx512m.
# The issue's target: >= 300k rows/s here.
set -euo pipefail
cd "$(dirname "$0")/../.."

rows=2000000
runs=3
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--runs N]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/godwit-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

. ops/bench/common.sh
bench_build

bench_dataset "$rows"

cat > "$work/bench.yaml" <<YAML
name: bench_validate
source: { url: "jdbc:mariadb://127.0.0.1:3306/godwit_bench", user: root, password: "" }
target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_bench_validate", user: postgres, password: "" }
snapshot: { workers: 2 }
YAML
# a fresh copy each time: other benchmarks (cutover.sh) write to the source dataset
echo "bench: copying the dataset to PostgreSQL godwit_bench_validate" >&2
pg -d postgres -c "DROP DATABASE IF EXISTS godwit_bench_validate WITH (FORCE)" -c "CREATE DATABASE godwit_bench_validate"
java -Xmx512m -jar "$jar" snapshot -c "$work/bench.yaml" > /dev/null

ceiling=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  my -N -B --quick godwit_bench -e "SELECT * FROM orders ORDER BY id" > /dev/null
  end=$(date +%s.%N)
  ceiling+=("$(echo "$end - $start" | bc -l)")
done

whole=()
orders=()
rss=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" \
    java -Xmx512m -jar "$jar" validate -c "$work/bench.yaml" --json > "$work/result.json" 2> "$work/log" \
    || { echo "bench: validate did not find the sides equal:" >&2; cat "$work/result.json" >&2; exit 1; }
  end=$(date +%s.%N)
  whole+=("$(echo "$end - $start" | bc -l)")
  orders+=("$(python3 -c 'import json,sys; t=[t for t in json.load(open(sys.argv[1]))["tables"] if t["table"]=="orders"][0]; print(max(t["sourceRows"], t["targetRows"]) / t["seconds"])' "$work/result.json")")
  rss+=("$(tail -n 1 "$work/rss")")
  python3 - "$work/result.json" "$i" >&2 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
parts = ", ".join("%s %d rows in %.1f s" % (t["table"], t["sourceRows"], t["seconds"]) for t in r["tables"])
print("bench: validate run %s: %s" % (sys.argv[2], parts))
PY
done

total_rows=$(bench_total_rows)
c=$(printf '%s\n' "${ceiling[@]}" | median)
w=$(printf '%s\n' "${whole[@]}" | median)
o=$(printf '%s\n' "${orders[@]}" | median)
r=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
echo
echo "Validation benchmark: MariaDB -> PostgreSQL, $total_rows rows ($rows orders), medians of $runs runs"
printf '  source alone: mariadb client, orders in key order  %10.0f rows/s\n' "$(echo "$rows / $c" | bc -l)"
printf '  godwit validate, orders table (ranges share workers) %8.0f rows/s\n' "$o"
printf '  godwit validate, whole command (3 tables, JVM)     %10.0f rows/s  (%.1f s)\n' "$(echo "$total_rows / $w" | bc -l)" "$w"
printf '  godwit peak RSS (-Xmx512m)                         %10d MB\n' "$((r / 1024))"
