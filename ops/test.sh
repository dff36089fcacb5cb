#!/usr/bin/env bash
# Runs Godwit's whole test suite on a fresh machine:
#   1. makes local PostgreSQL and MariaDB ready for change capture (ops/services.sh),
#   2. makes the browser test runnable: Debian's Chromium and playwright-core (ops/browser/setup.sh),
#   3. runs `mvn -B verify` (unit tests, formatting check, integration tests on the real servers
#      and the status page in headless Chromium).
# Extra arguments go to Maven, e.g. `./ops/test.sh -Dit.test=PlanIT`.
set -euo pipefail
cd "$(dirname "$0")/.."

./ops/services.sh
./ops/browser/setup.sh
exec mvn -B verify "$@"
