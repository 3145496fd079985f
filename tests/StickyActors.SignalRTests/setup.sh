#!/usr/bin/env bash
# Installs what tests/StickyActors.SignalRTests needs and a fresh Debian machine lacks. Safe to run
# again: each step is skipped when its result is already there.
#   - Debian's chromium (/usr/bin/chromium), driven headless by the browser tests;
#   - Node.js and npm, if missing (playwright-core asks for Node 20 or later);
#   - playwright-core (this directory) and @microsoft/signalr (samples/Chat), from the committed
#     package-lock.json files. playwright-core downloads no browser.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update
    apt_updated=1
  fi
  $sudo apt-get install -y --no-install-recommends "$@"
}

if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

# npm ci from the lock file, unless node_modules already matches it.
npm_ci() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

npm_ci "$here"
npm_ci "$root/samples/Chat"

echo "setup.sh: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node $(node --version), playwright-core and @microsoft/signalr installed"
