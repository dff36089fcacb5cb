#!/usr/bin/env bash
# The demo: makes local PostgreSQL and MariaDB ready (ops/services.sh), builds Godwit and runs
# `godwit demo`, a live migration of a sample shop database with the embedded Kafka broker.
set -euo pipefail
cd "$(dirname "$0")/.."
./ops/services.sh
exec ./bin/godwit demo "$@"
