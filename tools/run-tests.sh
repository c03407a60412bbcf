#!/usr/bin/env bash
# Runs every test assembly (the CPU kernels twice: with and without AVX-512), then prints one closing line "N passed, N failed, N skipped" summed over them.
set -o pipefail
config=${1:-Release}
filter=${2:-}
log=$(mktemp)
args=(test IlgpuNet.sln -c "$config" --no-build --verbosity quiet -nologo)
[ -n "$filter" ] && args+=(--filter "$filter")
dotnet "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ -z "$filter" ]; then
  # The CPU kernels once more with 256-bit vectors only (a CPU without AVX-512: 6-row micro-tiles, 16-image conv
  # blocks), so that path is tested on machines that would otherwise always take the 512-bit one.
  echo "CPU kernels and GEMM again with DOTNET_EnableAVX512=0:"
  DOTNET_EnableAVX512=0 dotnet test tests/Engine/IlgpuNet.Tests.Engine.csproj -c "$config" --no-build --verbosity quiet \
    -nologo --filter "FullyQualifiedName~CpuKernels|FullyQualifiedName~GemmTests" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
fi
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
