#!/usr/bin/env bash
# Makes the browser test runnable (StatusPageBrowserIT): Debian's Chromium, Node.js with npm, and
# playwright-core from the npm registry at the version package-lock.json pins. Installs with
# apt-get only what is missing; safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf 'browser: %s\n' "$*"; }
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "browser: installing ${missing[*]} needs root" >&2; exit 1; }
  log "installing ${missing[*]} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
if [ ! -d node_modules/playwright-core ]; then
  log "installing playwright-core (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ready: $(/usr/bin/chromium --version 2>/dev/null | head -n 1), node $(node --version)"
