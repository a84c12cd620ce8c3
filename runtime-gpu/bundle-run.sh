#!/usr/bin/env bash
# Anneal's CUDA runtime checks and benchmark, run from the bundle that runtime-gpu/bundle.sh builds:
# no Maven, network or installed JDK needed; an NVIDIA driver, and cuBLAS and NVRTC (CUDA 11-13:
# the toolkit, or NVIDIA's Python wheels beside PyTorch) for the GPU parts.
#   ./run.sh          all: checks, gpu, bench
#   ./run.sh checks   the tests that need no GPU (device selection, library search, kernel compilation)
#   ./run.sh gpu      the GPU tests: every backend operation, gradient check, CPU/GPU agreement over
#                     20 epochs, checkpoints between CPU and GPU
#   ./run.sh bench    Anneal's benchmark (MLP 784-512-512-10 at batch 256 and 4096), then PyTorch's
# Test reports (JUnit XML) go to $REPORTS (default: reports/ beside this script).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
java="$here/java/bin/java"
classpath=$(ls "$here"/lib/*.jar | tr '\n' ':')
tests=$(ls "$here"/lib/anneal-runtime-gpu-*-tests.jar)
reports=${REPORTS:-$here/reports}
flags=(--enable-native-access=ALL-UNNAMED -Danneal.gpu.reference="$here/reference" -Xmx16g)

junit() {
  "$java" "${flags[@]}" -jar "$here"/launcher/junit-platform-console-standalone-*.jar execute \
      --class-path "$classpath" --scan-class-path "$tests" --disable-banner --details=tree --fail-if-no-tests \
      --reports-dir "$reports/$1" "${@:2}"
}

status=0
mode=${1:-all}
case "$mode" in
  checks|all) junit checks --exclude-tag gpu --exclude-tag emulator || status=1 ;;&
  gpu|all) junit gpu --include-tag gpu || status=1 ;;&
  bench|all)
    "$java" "${flags[@]}" -cp "$classpath" dev.anneal.gpu.GpuBenchmark cuda || status=1
    python3 "$here/torch_mlp.py" || status=1 ;;
  checks|gpu) ;;
  *) echo "usage: $0 [all|checks|gpu|bench]" >&2; exit 2 ;;
esac
exit $status
