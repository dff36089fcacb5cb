#!/usr/bin/env bash
# Streaming benchmark: `godwit run` MariaDB -> PostgreSQL with the embedded broker, under the
# source's maximum write load, then a catch-up from a backlog in Kafka. See StreamingBench.java.
#
#   ops/bench/streaming.sh [--seconds N] [--warmup N] [--threads N] [--backlog N] [--runs N]
#                          [--load builtin|sysbench]
#
# Defaults: 30 s of warm-up load (drained, not counted), then 60 s of measured load from 8 workload
# threads, a 1,000,000-change backlog, 1 run, the built-in workload. --load sysbench drives sysbench
# oltp_write_only instead (Debian's sysbench package; installed here with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=60
warmup=30
threads=8
backlog=1000000
runs=1
load=builtin
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --backlog) backlog=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --load) load=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--warmup N] [--threads N] [--backlog N] [--runs N] [--load builtin|sysbench]" >&2; exit 2 ;;
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
  java -Xmx512m -cp "target/classes:target/lib/*" ops/bench/StreamingBench.java \
    "$seconds" "$threads" "$backlog" "$load" "$warmup" 2>"/tmp/godwit-streaming-bench-$run.log"
done
