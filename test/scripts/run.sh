#!/usr/bin/env bash
# The shell scripts' checks: shellcheck when it is installed, then the bats suites (bats comes
# from npm, so this runs on a fresh clone). Without shellcheck it says plainly what was not
# linted; with PLATFORM_REQUIRE_TOOLS=1 (set by .ci/run) a missing shellcheck is a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts=(scripts/*.sh test/scripts/*.sh test/scripts/*.bats)
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck "${scripts[@]}"
  echo "shellcheck: ${#scripts[@]} scripts clean"
elif [ "${PLATFORM_REQUIRE_TOOLS:-}" = 1 ]; then
  echo "shellcheck is required here (PLATFORM_REQUIRE_TOOLS=1) but not installed; install it with: apt-get install shellcheck" >&2
  exit 1
else
  echo "NOT CHECKED: shellcheck is not installed, so ${scripts[*]} were not linted. Install it with: apt-get install shellcheck (Debian/Ubuntu) or brew install shellcheck"
fi

# bats-core from npm (its package links no executable, so it is called by path).
node_modules/bats/bin/bats test/scripts
