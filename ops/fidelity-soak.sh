#!/usr/bin/env bash
# The fidelity harness with more values than CI draws: each of the four directions (MariaDB and
# PostgreSQL, each way and to itself) sends ROUNDS sets of generated values through a live
# migration's snapshot and stream, starting from SEED (default: the current time, printed so a
# failure can be repeated), and compares what each engine prints of them. The validator's mutation
# test runs once with SEED.
#
#   ops/fidelity-soak.sh [ROUNDS] [SEED]      e.g. ops/fidelity-soak.sh 10
#
# A failure names the type, the path (snapshot, stream insert+update, key change), the row and
# both values, and the seed of its round: `ops/fidelity-soak.sh 1 <seed>` repeats it.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-5}
seed=${2:-$(date +%s)}
echo "fidelity-soak: $rounds rounds per direction from seed $seed"
./ops/services.sh
exec mvn -B verify -Dspotless.check.skip=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='*FidelityIT,ValidatorMutationIT' -Dgodwit.fidelity.seed="$seed" \
  -Dgodwit.fidelity.rounds="$rounds" -Dgodwit.it.seed="$seed"
