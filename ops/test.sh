#!/usr/bin/env bash
# Runs Godwit's whole test suite on a fresh machine:
#   1. makes local PostgreSQL and MariaDB ready for change capture (ops/services.sh),
#   2. runs `mvn -B verify` (unit tests, formatting check, integration tests on the real servers).
# Extra arguments go to Maven, e.g. `./ops/test.sh -Dit.test=PlanIT`.
set -euo pipefail
cd "$(dirname "$0")/.."

./ops/services.sh
exec mvn -B verify "$@"
