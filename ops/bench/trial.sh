#!/usr/bin/env bash
# Trial projection benchmark: does `godwit trial`'s projected snapshot time match a real full
# snapshot? MariaDB -> PostgreSQL on the snapshot benchmark's dataset (see snapshot.sh), with the
# source under sysbench oltp_write_only load the whole time.
#
#   ops/bench/trial.sh [--rows N] [--runs N] [--sample PCT] [--threads N] [--duration D] [--logs DIR]
#
# Defaults: the 2,000,000-row dataset, 3 runs, a 10 % sample, 2 sysbench threads, 60s of
# streaming in each trial. Each run is a trial and, right after it, the two full runs; as medians
# of --runs runs:
#   1. `godwit trial --sample PCT` against a fresh staging database: its projected full snapshot
#      time (snapshot.projectedSeconds in --json: the tables' projected copies plus the steps
#      after the copy, scaled) and its spread;
#   2. `godwit snapshot` of the whole dataset into a fresh target: its own time (seconds in
#      --json: the copy and the steps after it, without JVM start and plan), the same quantity;
#   3. `godwit run` of the whole dataset into a fresh target, stopped (SIGTERM) once its snapshot
#      is done: its snapshot's time, from the start of step 1 to the end of step 6 in its log. This
#      is the snapshot the trial rehearses: a live run captures the source's changes while it
#      copies (here the binlog of sysbench's writes), which a one-off `godwit snapshot` does not;
# and prints them, the ratios, and whether the projection is within 30 % of each (issue #22's
# bar). After each run it prints its breakdown: the trial's per-table projections and
# its steps besides the copy; the snapshot's steps and, from its chunks' start times in the state
# store, when each table's copy ran. --logs DIR keeps every run's log, JSON and report there. sysbench writes to its own database, godwit_bench_load (4 tables of 50,000
# rows), on the same server: it loads the source's server, not the migrated tables. Debian's
# sysbench package, installed with apt-get when missing. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

rows=2000000
runs=3
sample=10
threads=2
duration=60s
logs=
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--runs N] [--sample PCT] [--threads N] [--duration D] [--logs DIR]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/godwit-bench-trial.XXXXXX)
load_pid=
stop_load() {
  if [ -n "$load_pid" ]; then
    kill "$load_pid" 2>/dev/null || true
    wait "$load_pid" 2>/dev/null || true
    load_pid=
  fi
}
keep_logs() {
  if [ -n "$logs" ]; then
    mkdir -p "$logs"
    cp "$work"/*.log "$work"/*.json "$work"/*.md "$logs"/ 2>/dev/null || true
  fi
}
run_pid=
stop_run() {
  if [ -n "$run_pid" ]; then
    kill -TERM "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
    run_pid=
  fi
}
trap 'stop_run; stop_load; keep_logs; rm -rf "$work"' EXIT

. ops/bench/common.sh
bench_build
command -v sysbench >/dev/null || { apt-get update -q && apt-get install -y -q sysbench; } >&2

bench_dataset "$rows"
total_rows=$(bench_total_rows)

# sysbench's command line as an array: the load runs as sysbench itself in the background, so
# stop_load's kill reaches it (a backgrounded shell function is a subshell, and killing it left
# sysbench running: every run added one more load)
sb=(sysbench oltp_write_only --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3306
  --mysql-user=root --mysql-password= --mysql-db=godwit_bench_load --tables=4
  --table-size=50000 --threads="$threads" --rate=0)
my -e "DROP DATABASE IF EXISTS godwit_bench_load; CREATE DATABASE godwit_bench_load"
"${sb[@]}" prepare >/dev/null
start_load() {
  "${sb[@]}" --time=0 run > "$work/sysbench.log" 2>&1 &
  load_pid=$!
  sleep 5
}

cat > "$work/bench.yaml" <<YAML
name: bench
work-dir: "$work/godwit"
source: { url: "jdbc:mariadb://127.0.0.1:3306/godwit_bench", user: root, password: "" }
target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_bench", user: postgres, password: "" }
snapshot: { workers: 2 }
YAML
sed -e "s|$work/godwit\"|$work/godwit-run\"|" -e "s|5432/godwit_bench\"|5432/godwit_bench_run\"|" \
  "$work/bench.yaml" > "$work/run.yaml"
fresh() {
  pg -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}

projected=()
measured=()
live=()
spread=()
# each run is a trial, then the full snapshot right after it, so that load on the machine that
# comes and goes falls on both alike (run after run of trials first, then of snapshots, put a
# busy quarter of an hour on one side only)
for i in $(seq 1 "$runs"); do
  fresh godwit_bench_trial
  start_load
  java -Xmx512m -jar "$jar" trial -c "$work/bench.yaml" --json --sample "$sample" \
    --duration "$duration" --target "jdbc:postgresql://127.0.0.1:5432/godwit_bench_trial" \
    --report "$work/trial-$i.md" > "$work/trial-$i.json" 2> "$work/trial-$i.log" || {
      echo "bench: trial run $i failed; see $work/trial-$i.log" >&2; tail -n 20 "$work/trial-$i.log" >&2; exit 1; }
  stop_load
  read -r p s < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["snapshot"]; print(r["projectedSeconds"], r["spread"])' "$work/trial-$i.json")
  projected+=("$p")
  spread+=("$s")
  printf 'bench: trial run %d: projected %.1f s (spread %s)\n' "$i" "$p" "$s" >&2
  python3 - "$work/trial-$i.json" >&2 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for t in r["tables"]:
    print("  %-12s sample %9d rows in %6.2f s (at its rate, over the workers), plan %9d rows: projected %6.1f s; indexes %5.2f s, projected %6.2f s"
          % (t["table"], t["sampleRows"], t["sampleSeconds"], t["planRows"], t["projectedSeconds"],
             t["sampleIndexSeconds"], t["projectedIndexSeconds"]))
s = r["snapshot"]
print("  index builds: the sample's step 4 waited %.2f s for them; projected past the last copy: %.2f s"
      % (s["sampleIndexWaitSeconds"], s["indexTailSeconds"]))
for step in s["steps"]:
    print("  step %-45s %6.2f s%s" % (step["name"], step["seconds"],
          " x %.1f" % s["scale"] if step["growsWithRows"] else ""))
PY
  # each chunk that copied rows, and each worker's first: the seconds its worker spent on it
  grep -E 'Trial copy of' "$work/trial-$i.log" | grep -vE ', 0 rows in [0-9.]+ s$' |
    sed -E 's/.*Trial copy of /  chunk of /' >&2 || true
  fresh godwit_bench
  start_load
  java -Xmx512m -jar "$jar" snapshot -c "$work/bench.yaml" --json > "$work/snapshot-$i.json" 2> "$work/snapshot-$i.log"
  stop_load
  m=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$work/snapshot-$i.json")
  measured+=("$m")
  printf 'bench: full snapshot run %d: %.1f s; run %d projected / measured %.2f\n' "$i" "$m" "$i" "$(echo "$p / $m" | bc -l)" >&2
  python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
for step in r["steps"]:
    print("  step %-45s %6.2f s" % (step["name"], step["seconds"]))
for t in r["tables"]:
    if t["indexSeconds"] > 0:
        print("  %-12s indexes built in %.2f s while the next tables copied" % (t["source"], t["indexSeconds"]))
print("  step 4 waited %.2f s for those builds" % r["indexWaitSeconds"])' "$work/snapshot-$i.json" >&2
  # a chunk's done_at is its target transaction's start (CURRENT_TIMESTAMP), so each table's
  # copy ran from its first chunk's start to about its last one's
  pg -d godwit_bench -At -F ' ' -c "SELECT source_table, count(*), sum(rows_copied),
      round(extract(epoch FROM min(done_at) - (SELECT min(done_at) FROM _godwit.chunk))::numeric, 2),
      round(extract(epoch FROM max(done_at) - (SELECT min(done_at) FROM _godwit.chunk))::numeric, 2)
    FROM _godwit.chunk GROUP BY source_table ORDER BY 4" |
    awk '{printf "  %-12s %3d chunks, %9d rows, started %6.2f s to %6.2f s after the first chunk\n", $1, $2, $3, $4, $5}' >&2
  fresh godwit_bench_run
  rm -rf "$work/godwit-run"
  start_load
  java -Xmx512m -jar "$jar" run -c "$work/run.yaml" > "$work/run-$i.out" 2> "$work/run-$i.log" &
  run_pid=$!
  until grep -q "Snapshot step 6/6 - setting sequences past the copied maximum:" "$work/run-$i.log"; do
    kill -0 "$run_pid" 2>/dev/null || { echo "bench: godwit run $i ended early; see $work/run-$i.log" >&2; tail -n 20 "$work/run-$i.log" >&2; exit 1; }
    sleep 1
  done
  stop_run
  stop_load
  l=$(python3 - "$work/run-$i.log" <<'PY'
import re, sys
from datetime import datetime
times = {}
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"(\d\d:\d\d:\d\d\.\d+) .*Snapshot step (\d)/6 - ", line)
    if m and (m.group(2) not in times or m.group(2) == "6"):
        times[m.group(2)] = datetime.strptime(m.group(1), "%H:%M:%S.%f")
seconds = (times["6"] - times["1"]).total_seconds()
print(seconds + 86400 if seconds < 0 else seconds)
PY
)
  live+=("$l")
  printf 'bench: godwit run %d, its snapshot: %.1f s; run %d projected / measured %.2f\n' "$i" "$l" "$i" "$(echo "$p / $l" | bc -l)" >&2
  grep -aE "Snapshot step [1-6]/6 - .*\(([0-9.]+) s\)$" "$work/run-$i.log" | sed -E 's/.*Snapshot step ([1-6])\/6 - ([^:]*):.*\(([0-9.]+) s\)$/  step \1 \2 \3 s/' >&2 || true
done

p=$(printf '%s\n' "${projected[@]}" | median)
sp=$(python3 -c 'import sys, statistics; v=[float(x) for x in sys.argv[1:] if x.lower() != "nan"]; print("%.0f %%" % (100 * statistics.median(v)) if v else "n/a")' "${spread[@]}")
m=$(printf '%s\n' "${measured[@]}" | median)
l=$(printf '%s\n' "${live[@]}" | median)
echo
echo "Trial projection benchmark: $total_rows rows, MariaDB -> PostgreSQL, a $sample % sample, sysbench oltp_write_only with $threads threads, medians of $runs runs"
printf '  projected full snapshot (godwit trial)        %8.1f s  (± %s)\n' "$p" "$sp"
printf '  measured snapshot of a live run (godwit run)  %8.1f s\n' "$l"
printf '  measured one-off snapshot (godwit snapshot)   %8.1f s\n' "$m"
for pair in "godwit run:$l" "godwit snapshot:$m"; do
  ratio=$(echo "$p / ${pair#*:}" | bc -l)
  if (( $(echo "$ratio >= 0.7 && $ratio <= 1.3" | bc -l) )); then within=yes; else within=NO; fi
  printf '  ratio projected / %-26s %6.2f  within 30 %%: %s\n' "${pair%%:*}" "$ratio" "$within"
done
