#!/usr/bin/env bash
# Runs every test assembly, then prints one closing line "N passed, N failed, N skipped" summed over them.
set -o pipefail
config=${1:-Release}
filter=${2:-}
log=$(mktemp)
args=(test IlgpuNet.sln -c "$config" --no-build --verbosity quiet -nologo)
[ -n "$filter" ] && args+=(--filter "$filter")
dotnet "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
awk '
  /(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") failed += $(i+1) + 0
      if ($i == "Passed:") passed += $(i+1) + 0
      if ($i == "Skipped:") skipped += $(i+1) + 0
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
rm -f "$log"
exit "$status"
