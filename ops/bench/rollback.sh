#!/usr/bin/env bash
# Rollback benchmark: MariaDB -> PostgreSQL on the snapshot benchmark's dataset (ops/bench/common.sh),
# cut over with the reverse stream (rollback.reverse: on), then the application's writes on the
# PostgreSQL target streamed back to the frozen MariaDB old source, then `godwit rollback`.
#
#   ops/bench/rollback.sh [--rows N] [--rate TPS] [--seconds S] [--warmup S] [--final-validation full|changed]
#
# Runs `godwit run` (embedded broker) into a fresh PostgreSQL database, waits until every table
# streams, cuts over, then runs pgbench on the target as an application role (10-row UPDATEs of
# orders at --rate transactions/s: --warmup seconds of warm-up, whose worst lag is printed apart, then
# --seconds measured) while sampling the proven reverse lag (godwit_reverse_lag_seconds on /metrics)
# twice a second; the largest samples are printed with their time into the measured load. Then, the same load going on until the
# rollback's freeze refuses it, `godwit validate --reverse`,
# `godwit rollback --yes` (target frozen to old source writable is the downtime) and `godwit finish
# --yes`. Prints the reverse lag's median and p99 under load, the per-event p99 the run measured,
# the reverse validation's time and the rollback's steps and downtime. The issue's targets: reverse
# lag p99 under 1 s, downtime under 5 s. The rollback's final validation follows
# cutover.final-validation (--final-validation; `changed` compares the keys the reverse stream carried
# since the reverse validation, and the row counts). The old source is made writable again at the end.
# The warm-up is 90 s by default, as in streaming.sh: the reverse path's code (the target's capture,
# the old source's writer) first runs after the cutover, and the JIT compiles it over the first
# minute or so of load on this 2-core machine; its worst lag then is printed apart.
set -euo pipefail
cd "$(dirname "$0")/../.."

rows=2000000
rate=200
seconds=60
warmup=90
final_validation=full
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --final-validation) final_validation=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--rate TPS] [--seconds S] [--warmup S] [--final-validation full|changed]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/godwit-bench.XXXXXX)
port=7981
# a rolled-back migration's name is not run again (its reverse state stays on the old source)
name=bench_rollback_$(date +%s)
run_pid=
until_freeze_pid=
cleanup() {
  [ -n "$until_freeze_pid" ] && kill "$until_freeze_pid" 2>/dev/null || true
  [ -n "$run_pid" ] && kill "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null || true
  my -e "SET GLOBAL read_only = OFF" || true
  pg -d postgres -c "DROP DATABASE IF EXISTS godwit_bench_rollback WITH (FORCE)" || true
  pg -d postgres -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'godwit_${name}_reverse'" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. ops/bench/common.sh
bench_build
bench_dataset "$rows"
pg -d postgres -c "DROP DATABASE IF EXISTS godwit_bench_rollback WITH (FORCE)" -c "CREATE DATABASE godwit_bench_rollback"
pg -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_app') THEN CREATE ROLE bench_app LOGIN; END IF; END \$\$"

cat > "$work/bench.yaml" <<YAML
name: $name
work-dir: "$work/work"
source: { url: "jdbc:mariadb://127.0.0.1:3306/godwit_bench", user: root, password: "" }
target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_bench_rollback", user: postgres, password: "" }
snapshot: { workers: 2 }
control: { listen: "127.0.0.1:$port", token: "bench-token-0123456789" }
cutover: { freeze: read-only, lag-threshold: 5s, timeout: 5m, app-roles: [bench_app], final-validation: $final_validation }
rollback: { reverse: on }
YAML

metric() {
  curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}

bench_run_until_streaming "$work/bench.yaml" "$work/run.log"
java -jar "$jar" validate -c "$work/bench.yaml" > "$work/validate.txt" 2>&1 || { cat "$work/validate.txt" >&2; exit 1; }
echo "bench: cutting over" >&2
java -jar "$jar" cutover -c "$work/bench.yaml" --yes > "$work/cutover.txt" 2>&1 || { cat "$work/cutover.txt" >&2; exit 1; }

echo "bench: waiting for the reverse stream" >&2
until lag=$(metric godwit_reverse_lag_seconds) && [ -n "$lag" ] && [ "$lag" != "NaN" ]; do
  kill -0 "$run_pid" 2>/dev/null || { echo "bench: godwit run stopped; see its log:" >&2; tail -20 "$work/run.log" >&2; exit 1; }
  sleep 1
done
pg -d godwit_bench_rollback -c "GRANT SELECT, UPDATE ON ALL TABLES IN SCHEMA public TO bench_app"
cat > "$work/load.sql" <<SQL
\set r random(1, $((rows - 9)))
UPDATE orders SET total = total + 0.01 WHERE id BETWEEN :r AND :r + 9;
SQL
# as streaming.sh does, a warm-up load first (the reverse path's first changes: JIT, the first
# records of each topic), its worst lag reported apart from the measured load's
echo "bench: $rate updates/s on the target for $warmup s of warm-up" >&2
: > "$work/warmup-lag.txt"
pgbench -n -h 127.0.0.1 -U bench_app -c 2 -j 2 -R "$rate" -T "$warmup" -f "$work/load.sql" \
  godwit_bench_rollback > "$work/pgbench-warmup.txt" 2>&1 &
load_pid=$!
while kill -0 "$load_pid" 2>/dev/null; do
  metric godwit_reverse_lag_seconds >> "$work/warmup-lag.txt"
  sleep 0.5
done
wait "$load_pid" || { cat "$work/pgbench-warmup.txt" >&2; exit 1; }
echo "bench: $rate updates/s on the target for $seconds s, sampling the reverse lag" >&2
pgbench -n -h 127.0.0.1 -U bench_app -c 2 -j 2 -R "$rate" -T "$seconds" -f "$work/load.sql" \
  godwit_bench_rollback > "$work/pgbench.txt" 2>&1 &
load_pid=$!
: > "$work/lag.txt"
load_start=$(date +%s.%N)
while kill -0 "$load_pid" 2>/dev/null; do
  echo "$(echo "$(date +%s.%N) - $load_start" | bc -l) $(metric godwit_reverse_lag_seconds)" >> "$work/lag.txt"
  sleep 0.5
done
wait "$load_pid" || { cat "$work/pgbench.txt" >&2; exit 1; }
event_p99=$(metric 'godwit_reverse_lag_events_seconds{quantile="0.99"}')

# the application goes on writing through the reverse validation until the rollback's freeze
# refuses it, so the final validation meets the keys changed since the reverse validation
pgbench -n -h 127.0.0.1 -U bench_app -c 2 -j 2 -R "$rate" -T 3600 -f "$work/load.sql" \
  godwit_bench_rollback > "$work/pgbench-until-freeze.txt" 2>&1 &
until_freeze_pid=$!
echo "bench: validating in reverse" >&2
vstart=$(date +%s.%N)
java -jar "$jar" validate -c "$work/bench.yaml" --reverse > "$work/validate-reverse.txt" 2>&1 \
  || { cat "$work/validate-reverse.txt" >&2; exit 1; }
vend=$(date +%s.%N)
echo "bench: rolling back" >&2
start=$(date +%s.%N)
java -jar "$jar" rollback -c "$work/bench.yaml" --yes > "$work/rollback.txt" 2>&1 || { cat "$work/rollback.txt" >&2; exit 1; }
end=$(date +%s.%N)
kill "$until_freeze_pid" 2>/dev/null || true
wait "$until_freeze_pid" 2>/dev/null || true
until_freeze_pid=
wait "$run_pid" || true
run_pid=
java -jar "$jar" finish -c "$work/bench.yaml" --yes > "$work/finish.txt" 2>&1 || { cat "$work/finish.txt" >&2; exit 1; }

echo
echo "Rollback benchmark: MariaDB -> PostgreSQL and back, $rows orders (+ $((rows / 10)) customers, $((rows / 4)) order lines); $rate updates/s on the target for $seconds s"
grep -E "^tps|number of transactions actually processed" "$work/pgbench.txt" | sed 's/^/  pgbench: /'
awk 'NF == 2 && $2 != "NaN" { print $2 }' "$work/lag.txt" > "$work/lag-values.txt" || true
printf '  reverse lag under load (%d samples): median %.2f s, p99 %.2f s; per-event p99 %s s\n' \
  "$(wc -l < "$work/lag-values.txt")" \
  "$(median < "$work/lag-values.txt")" \
  "$(sort -g "$work/lag-values.txt" | awk '{a[NR]=$1} END {i=int(NR*0.99+0.999); if(i<1)i=1; print a[i]}')" \
  "$event_p99"
printf '  worst reverse lag during the %d s warm-up load (not counted above): %.2f s\n' "$warmup" \
  "$(grep -v NaN "$work/warmup-lag.txt" | sort -g | tail -1)"
awk 'NF == 2 && $2 != "NaN"' "$work/lag.txt" | sort -k2 -g -r | head -3 \
  | awk '{ printf "%s%.2f s at %.1f s", (NR > 1 ? ", " : "  largest reverse lag samples: "), $2, $1 } END { print "" }'
printf '  godwit validate --reverse: %.1f s\n' "$(echo "$vend - $vstart" | bc -l)"
grep -E "downtime|freeze|drain|validate|sequences|unfreeze|done" "$work/rollback.txt" | sed 's/^/  /'
printf '  godwit rollback command, wall clock: %.1f s\n' "$(echo "$end - $start" | bc -l)"
sed 's/^/  /' "$work/finish.txt"
