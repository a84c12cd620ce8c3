#!/usr/bin/env bash
# Builds bundle/ at the repository root: everything needed to run the CUDA runtime's GPU checks and
# benchmark on a machine with an NVIDIA GPU but without Maven, network or a JDK 25:
#   bundle/java/       a jlinked Java 25 runtime (java.base, java.logging; java.xml and jdk.zipfs for the test launcher)
#   bundle/lib/        Anneal's jars, the runtime-gpu tests, Jackson (no ND4J: its native libraries
#                      alone are 100 MB; the GPU checks compare with CPU results recorded here)
#   bundle/launcher/   the JUnit console launcher
#   bundle/reference/  the CPU runtime's results for the comparison scenarios, recorded here
#   bundle/run.sh      runs the checks and benchmarks (see its header)
#   bundle/torch_mlp.py  the same benchmark model in PyTorch eager
# Then checks the size (< 64 MiB) and runs the checks that need no GPU with the jlinked java.
# On the GPU machine, `bundle/run.sh` is the one call: the checks, the GPU tests, the benchmarks,
# then a verdict block (device, driver, NVRTC and cuBLAS, tests passed and failed, steps/s of Anneal
# eager, Anneal with CUDA graphs and PyTorch eager at batch 256 and 4096, the time it took).
#
#   runtime-gpu/bundle.sh
# To try the verdict here, on the CUDA emulator the Maven tests built (a shrunk benchmark):
#   ANNEAL_CUDA_LIBS=$PWD/runtime-gpu/target/cuda-emulator ANNEAL_BENCH_ROWS=512 ANNEAL_BENCH_SECONDS=0 bundle/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/bundle"
target="$root/runtime-gpu/target/bundle"

./build.sh mvn -pl runtime-gpu -am package -Pbundle -DskipTests
jdk=$(./build.sh mvn -v | sed -n 's/.*, runtime: //p')
[ -x "$jdk/bin/jlink" ] || { echo "bundle.sh: no JDK 25 with jlink found (got '$jdk')" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/lib" "$out/launcher" "$out/reference"
cp "$target"/lib/*.jar "$out/lib/"
cp "$root"/runtime-gpu/target/anneal-runtime-gpu-*.jar "$out/lib/"
cp "$target"/launcher/*.jar "$out/launcher/"
cp "$root/runtime-gpu/bundle-run.sh" "$out/run.sh"
cp "$root/runtime-gpu/bench/torch_mlp.py" "$out/torch_mlp.py"
chmod +x "$out/run.sh"

echo "bundle.sh: recording the CPU runtime's reference results (ND4J, this machine)"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$jdk/bin/java" --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -Dorg.bytedeco.javacpp.cachedir="$root/runtime-gpu/target/javacpp" \
    -cp "$root/runtime-gpu/target/test-classes:$root/runtime-gpu/target/classes:$(cat "$target/test-classpath.txt")" \
    dev.anneal.gpu.CpuReference "$out/reference"

echo "bundle.sh: linking a Java runtime"
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.xml,jdk.zipfs --strip-debug --no-header-files --no-man-pages \
    --compress=zip-9 --output "$out/java"
# The JVM library keeps a full symbol table; dynamic linking needs only its dynamic symbols.
strip --strip-unneeded "$out/java/lib/server/libjvm.so"

size=$(du -sb "$out" | cut -f1)
echo "bundle.sh: bundle/ is $((size / 1024 / 1024)) MiB ($size bytes)"
if [ "$size" -ge $((64 * 1024 * 1024)) ]; then
  echo "bundle.sh: bundle/ must stay under 64 MiB" >&2
  exit 1
fi

echo "bundle.sh: running the checks that need no GPU with the bundle's java"
"$out/run.sh" checks
