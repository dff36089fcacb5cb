#!/usr/bin/env bash
# Cutover benchmark: MariaDB -> PostgreSQL on the snapshot benchmark's dataset (ops/bench/common.sh),
# with a steady write load on the source from an application user until the freeze.
#
#   ops/bench/cutover.sh [--rows N] [--final-validation full|changed]
#
# Runs `godwit run` (embedded broker) into a fresh PostgreSQL database, waits until every table
# streams, starts the load (10-row UPDATEs of orders in a loop, as a user without SUPER so the
# read-only freeze stops it), validates, then `godwit cutover --yes`, and prints the freeze -> done
# downtime with each step's duration. The issue's target: under 5 s. The source is made writable
# again at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

rows=2000000
final_validation=full
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --final-validation) final_validation=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--final-validation full|changed]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/godwit-bench.XXXXXX)
run_pid=
load_pid=
cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null || true
  my -e "SET GLOBAL read_only = OFF" || true
  rm -rf "$work"
}
trap cleanup EXIT

. ops/bench/common.sh
bench_build
bench_dataset "$rows"
my -e "CREATE OR REPLACE USER 'bench_app'@'%' IDENTIFIED BY 'app';
       GRANT SELECT, INSERT, UPDATE, DELETE ON godwit_bench.* TO 'bench_app'@'%'"
pg -d postgres -c "DROP DATABASE IF EXISTS godwit_bench_cutover WITH (FORCE)" -c "CREATE DATABASE godwit_bench_cutover"

cat > "$work/bench.yaml" <<YAML
name: bench_cutover
work-dir: "$work/work"
source: { url: "jdbc:mariadb://127.0.0.1:3306/godwit_bench", user: root, password: "" }
target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_bench_cutover", user: postgres, password: "" }
snapshot: { workers: 2 }
control: { listen: "127.0.0.1:7979", token: "bench-token-0123456789" }
cutover: { freeze: read-only, lag-threshold: 5s, timeout: 5m, final-validation: $final_validation }
YAML

bench_run_until_streaming "$work/bench.yaml" "$work/run.log"

(
  while true; do
    r=$(( (RANDOM * 32768 + RANDOM) % rows + 1 ))
    mariadb --protocol=TCP -h 127.0.0.1 -ubench_app -papp godwit_bench \
      -e "UPDATE orders SET total = total + 0.01 WHERE id BETWEEN $r AND $r + 9" 2>/dev/null || sleep 0.2
  done
) &
load_pid=$!
echo "bench: load running; validating" >&2
sleep 10
java -jar "$jar" validate -c "$work/bench.yaml" > "$work/validate.txt" 2>&1 || { cat "$work/validate.txt" >&2; exit 1; }
echo "bench: cutting over" >&2
start=$(date +%s.%N)
java -jar "$jar" cutover -c "$work/bench.yaml" --yes > "$work/cutover.txt" 2>&1 || { cat "$work/cutover.txt" >&2; exit 1; }
end=$(date +%s.%N)
wait "$run_pid" || true
run_pid=

echo
echo "Cutover benchmark (final validation: $final_validation): MariaDB -> PostgreSQL, $rows orders (+ $((rows / 10)) customers, $((rows / 4)) order lines), write load until the freeze"
grep -E "downtime|step|freeze|drain|validate|sequences|done" "$work/cutover.txt" | sed 's/^/  /'
printf '  godwit cutover command, wall clock: %.1f s\n' "$(echo "$end - $start" | bc -l)"
