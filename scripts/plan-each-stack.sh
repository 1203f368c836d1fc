#!/usr/bin/env bash
# Plans every stack of PLATFORM_ENV with `cdktf diff`, one after another, and saves each stack's
# output and exit code as <dir>/<stack>.log and <dir>/<stack>.exit, which scripts/plan-summary.ts
# turns into the pull-request comment. A stack whose plan fails does not stop the others; the
# summary reports it and exits 1. Used by .github/workflows/platform.yml and deploy.yml.
#
# Usage: scripts/plan-each-stack.sh <dir>
# Needs: the project installed (npm ci), jq, credentials for the environment's state and providers.
set -euo pipefail

[ "$#" -eq 1 ] || { echo "usage: $0 <folder for the plans>" >&2; exit 2; }
mkdir -p "$1"
dir="$(cd "$1" && pwd)"
cd "$(dirname "$0")/.."

npm run --silent synth
for stack in $(jq -r '.stacks | keys[]' cdktf.out/manifest.json); do
  echo "::group::cdktf diff $stack"
  status=0
  npx --no-install cdktf diff "$stack" --skip-synth 2>&1 | tee "$dir/$stack.log" || status=$?
  echo "$status" >"$dir/$stack.exit"
  echo "::endgroup::"
done
