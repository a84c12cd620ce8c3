#!/usr/bin/env bash
# Anneal's CUDA runtime checks and benchmark, run from the bundle that runtime-gpu/bundle.sh builds:
# no Maven, network or installed JDK needed; an NVIDIA driver, and cuBLAS and NVRTC (CUDA 11-13:
# the toolkit, or NVIDIA's Python wheels beside PyTorch) for the GPU parts.
#   ./run.sh          all: checks, gpu, bench, then the verdict: device, driver, NVRTC and cuBLAS
#                     versions, tests passed and failed, steps/s of Anneal eager, Anneal with CUDA
#                     graphs and PyTorch eager at batch 256 and 4096
#   ./run.sh checks   the tests that need no GPU (device selection, library search, kernel compilation)
#   ./run.sh gpu      the GPU tests: every backend operation, gradient check, CPU/GPU agreement over
#                     20 epochs, graphs against eager to the bit, checkpoints between CPU and GPU
#   ./run.sh bench    Anneal's benchmark (MLP 784-512-512-10 at batch 256 and 4096, eager and with
#                     CUDA graphs), then PyTorch's (python3 with a CUDA build of torch)
# Test reports (JUnit XML) and each part's output go to $REPORTS (default: reports/ beside this script).
# ANNEAL_BENCH_ROWS and ANNEAL_BENCH_SECONDS shrink the benchmark (for a trial on the CUDA emulator).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
java="$here/java/bin/java"
classpath=$(ls "$here"/lib/*.jar | tr '\n' ':')
tests=$(ls "$here"/lib/anneal-runtime-gpu-*-tests.jar)
reports=${REPORTS:-$here/reports}
flags=(--enable-native-access=ALL-UNNAMED -Danneal.gpu.reference="$here/reference" -Xmx16g)
started=$(date +%s)
mkdir -p "$reports"

junit() {
  "$java" "${flags[@]}" -jar "$here"/launcher/junit-platform-console-standalone-*.jar execute \
      --class-path "$classpath" --scan-class-path "$tests" --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
      --reports-dir "$reports/$1" "${@:2}" 2>&1 | tee "$reports/$1.log"
  return "${PIPESTATUS[0]}"
}

# The launcher's summary count of tests "$2" (successful, failed, skipped, aborted) in $1.log.
count() {
  sed -n "s/^\[ *\([0-9]*\) tests $2 *\]\$/\1/p" "$reports/$1.log" 2> /dev/null | tail -1
}

# "N passed, N failed, N skipped" for part $1, or "did not run".
counts() {
  [ -n "$(count "$1" successful)" ] || { echo "did not run"; return; }
  echo "$(count "$1" successful) passed, $(count "$1" failed) failed, $(( $(count "$1" skipped) + $(count "$1" aborted) )) skipped"
}

# Steps/s of the benchmark line matching $1 (a label, or a regular expression) at batch $2 in $3.log.
rate() {
  local value
  value=$(grep -E "^$1 batch $2: " "$reports/$3.log" 2>/dev/null | sed -n 's/.*: \([0-9]*\) steps\/s.*/\1/p' | tail -1)
  echo "${value:--}"
}

verdict() {
  local seconds=$(( $(date +%s) - started )) device libraries trains torch
  device=$(grep -m1 -E '^(cuda|auto|cpu)' "$reports/bench.log" 2>/dev/null)
  libraries=$(grep -m1 '^libraries: ' "$reports/bench.log" 2>/dev/null | sed 's/^libraries: //')
  if [ "$(count gpu failed)" = 0 ] && [ "$(count gpu successful)" -gt 0 ] 2> /dev/null; then
    trains="yes: every GPU test passed"
  else
    trains="NO: see $reports/gpu.log"
  fi
  torch=$(grep -m1 '^PyTorch: ' "$reports/bench.log" 2>/dev/null)
  cat <<VERDICT

==== Anneal on this GPU ====
device:     ${device:-not found: see $reports/bench.log}
libraries:  ${libraries:--}
checks:     $(counts checks) (tests that need no GPU)
GPU tests:  $(counts gpu)
trains:     $trains
steps/s at batch        256     4096
  Anneal eager     $(printf '%8s %8s' "$(rate '[a-z0-9:]+ eager' 256 bench)" "$(rate '[a-z0-9:]+ eager' 4096 bench)")
  Anneal graphs    $(printf '%8s %8s' "$(rate '[a-z0-9:]+ graphs' 256 bench)" "$(rate '[a-z0-9:]+ graphs' 4096 bench)")
  PyTorch eager    $(printf '%8s %8s' "$(rate 'torch .*' 256 bench)" "$(rate 'torch .*' 4096 bench)")${torch:+
  ($torch)}
took:       $((seconds / 60)) min $((seconds % 60)) s
VERDICT
}

bench() {
  "$java" "${flags[@]}" -cp "$classpath" dev.anneal.gpu.GpuBenchmark cuda || return 1
  if ! command -v python3 > /dev/null; then
    echo "PyTorch: not measured: no python3 on the PATH"
  elif ! python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2> /dev/null; then
    echo "PyTorch: not measured: python3 has no torch, or its torch sees no CUDA GPU"
  else
    python3 "$here/torch_mlp.py" || return 1
  fi
}

status=0
mode=${1:-all}
# All at once shows a line per part and the verdict (each part's output is in $REPORTS); one part shows its output.
quiet=/dev/stdout
[ "$mode" = all ] && quiet=/dev/null
case "$mode" in
  checks|all)
    junit checks --exclude-tag gpu --exclude-tag emulator > "$quiet" || status=1
    [ "$mode" = all ] && echo "checks: $(counts checks)" ;;&
  gpu|all)
    junit gpu --include-tag gpu > "$quiet" || status=1
    [ "$mode" = all ] && echo "GPU tests: $(counts gpu)" ;;&
  bench|all) bench 2>&1 | tee "$reports/bench.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1 ;;&
  all) verdict ;;
  checks|gpu|bench) ;;
  *) echo "usage: $0 [all|checks|gpu|bench]" >&2; exit 2 ;;
esac
exit $status
