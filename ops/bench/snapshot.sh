#!/usr/bin/env bash
# Snapshot benchmark: MariaDB -> PostgreSQL on this machine.
#
#   ops/bench/snapshot.sh [--rows N] [--runs N] [--pgloader]
#
# Generates (once) a dataset in MariaDB database godwit_bench: `orders` (N rows, default
# 2,000,000, ~280 bytes each: bigint key, int, decimal(12,2), datetime(6), varchar, ~200-byte
# JSON), `customers` (N/10 rows) and `order_lines` (composite key, N/4 rows). Then, as medians
# of --runs runs:
#   1. the ceiling: the same rows loaded with psql \copy from files (logged tables, keys created
#      before), and
#   2. `godwit snapshot` MariaDB -> PostgreSQL with -Xmx512m,
# and prints rows/s, MB/s, the ratios (2)/(1) for the copy step and for the whole command
# (against the ceiling plus the same indexes and foreign keys), and godwit's peak RSS. With --pgloader it also
# times pgloader (Debian's package; installed with apt-get when missing) on the same data.
set -euo pipefail
cd "$(dirname "$0")/../.."

rows=2000000
runs=3
with_pgloader=
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --pgloader) with_pgloader=1; shift ;;
    *) echo "usage: $0 [--rows N] [--runs N] [--pgloader]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/godwit-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

. ops/bench/common.sh
bench_build

# ------------------------------------------------------------------ dataset
bench_dataset "$rows"
total_rows=$(bench_total_rows)

cat > "$work/bench.yaml" <<YAML
name: bench
source: { url: "jdbc:mariadb://127.0.0.1:3306/godwit_bench", user: root, password: "" }
target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_bench", user: postgres, password: "" }
snapshot: { workers: 2 }
YAML
fresh_target() {
  pg -d postgres -c "DROP DATABASE IF EXISTS godwit_bench WITH (FORCE)" -c "CREATE DATABASE godwit_bench"
}

# ------------------------------------------------------------------ ceiling
echo "bench: exporting the rows to files for the ceiling" >&2
fresh_target
java -jar "$jar" plan -c "$work/bench.yaml" --json > "$work/plan.json" || true
python3 - "$work/plan.json" > "$work/ddl.sql" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
for sql in plan["ddl"]:
    print(sql + ";")
PY
python3 - "$work/plan.json" > "$work/deferred.sql" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
for sql in plan["deferredDdl"]:
    print(sql + ";")
PY
for t in customers orders order_lines; do
  # MariaDB's batch output escapes tab, newline and backslash as COPY text expects; no NULLs here.
  my -N -B --quick godwit_bench -e "SELECT * FROM \`$t\`" > "$work/$t.tsv"
done
bytes=$(cat "$work"/*.tsv | wc -c)
ceiling=()
ceiling_full=()
for i in $(seq 1 "$runs"); do
  fresh_target
  pg -d godwit_bench -f "$work/ddl.sql" >/dev/null
  start=$(date +%s.%N)
  for t in customers orders order_lines; do
    pg -d godwit_bench -c "\\copy $t FROM '$work/$t.tsv'"
  done
  end=$(date +%s.%N)
  pg -d godwit_bench -f "$work/deferred.sql" >/dev/null
  full_end=$(date +%s.%N)
  s=$(echo "$end - $start" | bc -l)
  ceiling+=("$s")
  ceiling_full+=("$(echo "$full_end - $start" | bc -l)")
  printf 'bench: ceiling run %d: %.1f s (%.1f s with indexes and foreign keys)\n' "$i" "$s" "${ceiling_full[-1]}" >&2
done

# ------------------------------------------------------------------ godwit
godwit=()
copy_step=()
rss=()
for i in $(seq 1 "$runs"); do
  fresh_target
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" \
    java -Xmx512m -jar "$jar" snapshot -c "$work/bench.yaml" --json > "$work/result.json" 2> "$work/log"
  end=$(date +%s.%N)
  s=$(echo "$end - $start" | bc -l)
  godwit+=("$s")
  copy_step+=("$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([s for s in r["steps"] if s["number"]==3][0]["seconds"])' "$work/result.json")")
  rss+=("$(tail -n 1 "$work/rss")")
  printf 'bench: godwit run %d: %.1f s (copy step %.1f s), peak RSS %d MB\n' "$i" "$s" "${copy_step[-1]}" "$((${rss[-1]} / 1024))" >&2
done

pgl=
if [ -n "$with_pgloader" ]; then
  command -v pgloader >/dev/null || { apt-get update -q && apt-get install -y -q pgloader; } >&2
  pgl_times=()
  for i in $(seq 1 "$runs"); do
    fresh_target
    start=$(date +%s.%N)
    pgloader --dynamic-space-size 4096 \
      --with "workers = 2" --cast "type datetime to timestamp drop default drop not null using zero-dates-to-null" \
      mysql://root@127.0.0.1:3306/godwit_bench postgresql://postgres@127.0.0.1:5432/godwit_bench > "$work/pgloader.log" 2>&1
    end=$(date +%s.%N)
    pgl_times+=("$(echo "$end - $start" | bc -l)")
  done
  pgl=$(printf '%s\n' "${pgl_times[@]}" | median)
fi

c=$(printf '%s\n' "${ceiling[@]}" | median)
cf=$(printf '%s\n' "${ceiling_full[@]}" | median)
g=$(printf '%s\n' "${godwit[@]}" | median)
cs=$(printf '%s\n' "${copy_step[@]}" | median)
r=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
echo
echo "Snapshot benchmark: $total_rows rows ($(echo "$bytes / 1048576" | bc) MB as text), MariaDB -> PostgreSQL, medians of $runs runs"
printf '  ceiling (psql \\copy, keys before)   %8.1f s  %10.0f rows/s  %6.1f MB/s\n' "$c" "$(echo "$total_rows / $c" | bc -l)" "$(echo "$bytes / 1048576 / $c" | bc -l)"
printf '  ceiling + the same indexes and FKs  %8.1f s  %10.0f rows/s  %6.1f MB/s\n' "$cf" "$(echo "$total_rows / $cf" | bc -l)" "$(echo "$bytes / 1048576 / $cf" | bc -l)"
printf '  godwit snapshot, copy step          %8.1f s  %10.0f rows/s  %6.1f MB/s\n' "$cs" "$(echo "$total_rows / $cs" | bc -l)" "$(echo "$bytes / 1048576 / $cs" | bc -l)"
printf '  godwit snapshot, whole command      %8.1f s  %10.0f rows/s  %6.1f MB/s\n' "$g" "$(echo "$total_rows / $g" | bc -l)" "$(echo "$bytes / 1048576 / $g" | bc -l)"
printf '  ratio godwit copy step / ceiling    %8.2f\n' "$(echo "$c / $cs" | bc -l)"
printf '  ratio godwit whole / ceiling+ix+fk  %8.2f\n' "$(echo "$cf / $g" | bc -l)"
if [ -n "$pgl" ]; then
  printf '  pgloader                            %8.1f s  %10.0f rows/s\n' "$pgl" "$(echo "$total_rows / $pgl" | bc -l)"
fi
printf '  godwit peak RSS (-Xmx512m)          %8d MB\n' "$((r / 1024))"
