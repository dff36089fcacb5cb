#!/usr/bin/env bash
# Streaming benchmark: `godwit run` MariaDB -> PostgreSQL with the embedded broker, under the
# source's maximum write load, then a catch-up from a backlog in Kafka. See StreamingBench.java.
#
#   ops/bench/streaming.sh [--seconds N] [--warmup N] [--threads N] [--backlog N] [--runs N]
#                          [--load builtin|sysbench] [--timeline DIR]
#
# Defaults: 90 s of warm-up load (drained, not counted), then 60 s of measured load from 8 workload
# threads, a 1,000,000-change backlog, 1 run, the built-in workload. The warm-up is that long because
# on this 2-core machine the JIT compiles the hot paths over the first minute or so of load: after
# 30 s of it, the applier still ran 10-30 % slower through the first 20 s of the measured load, and
# those seconds held the whole p99 (--timeline shows it). --load sysbench drives sysbench
# oltp_write_only instead (Debian's sysbench package; installed here with apt-get when missing).
# --timeline DIR keeps each run's lag samples and GC log in DIR (see StreamingBench.java).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=60
warmup=90
threads=8
backlog=1000000
runs=1
load=builtin
timeline=
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --backlog) backlog=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    --timeline) timeline=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--warmup N] [--threads N] [--backlog N] [--runs N] [--load builtin|sysbench] [--timeline DIR]" >&2; exit 2 ;;
  esac
done

./ops/services.sh >/dev/null
if [ "$load" = sysbench ] && ! command -v sysbench >/dev/null; then
  apt-get install -y sysbench >/dev/null
fi
echo "bench: building godwit" >&2
mvn -B -q -DskipTests -Dspotless.check.skip=true package >&2
for run in $(seq "$runs"); do
  echo "== run $run of $runs"
  jvm=(-Xmx512m)
  args=("$seconds" "$threads" "$backlog" "$load" "$warmup")
  if [ -n "$timeline" ]; then
    mkdir -p "$timeline"
    jvm+=("-Xlog:gc*:file=$timeline/gc-$run.log:utc,uptime")
    args+=("$timeline/timeline-$run.csv")
  fi
  java "${jvm[@]}" -cp "target/classes:target/lib/*" ops/bench/StreamingBench.java "${args[@]}" \
    2>"/tmp/godwit-streaming-bench-$run.log"
done
