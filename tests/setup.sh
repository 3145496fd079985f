#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, on a fresh Debian machine. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

# Further test suites hook their own setup in here (tests/*/setup.sh).
for script in "$here"/*/setup.sh; do
  [ -f "$script" ] || continue
  echo "setup: $script"
  bash "$script"
done
