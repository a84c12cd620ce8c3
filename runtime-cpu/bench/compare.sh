#!/usr/bin/env bash
# Trains the same MLPs with Anneal's CPU runtime, DL4J and (when `import torch` works) PyTorch, each
# on the same thread count, times the step's matrix products alone as bare SGEMMs (the limit), and
# prints one table: steps per second, ratios, peak resident memory. Each peer runs in its own process.
#
#   runtime-cpu/bench/compare.sh [--threads 1,2] [--models small,large] [--rounds N] [--base DIR] [--no-build]
#
#   --threads   thread counts to measure (default: 1 and every core)
#   --models    small (MLP 20-64-2, batch 32) and/or large (MLP 784-512-512-10, batch 256)
#   --rounds N  run every measurement N times, round after round, and keep each one's best (default 1;
#               on a machine shared with other work, a load spike then spoils one round, not the table)
#   --base DIR  also measure the Anneal of another checkout (its runtime-cpu must be compiled:
#               ./build.sh mvn -pl runtime-cpu -am test-compile), as the column "before"
#   --no-build  skip the Maven build of this checkout
#
# PyTorch: Debian's python3-torch, run by /usr/bin/python3 with the optimised OpenBLAS
# (libopenblas0-pthread) first on LD_LIBRARY_PATH, torch.set_num_threads and OPENBLAS_NUM_THREADS at
# the thread count (without the latter its OpenBLAS uses every core whatever torch is told). OPENBLAS_CORETYPE, when exported, applies to every
# peer; unset, each picks its kernels itself (Anneal and DL4J: AVX-512 kernels on AVX-512 CPUs).
# OMP_WAIT_POLICY=PASSIVE for every peer unless exported otherwise (see below).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

cores=$(nproc)
threads="1"
[ "$cores" -gt 1 ] && threads="1,$cores"
models="small,large"
base=""
build=1
rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --base) base="$(cd "$2" && pwd)"; shift 2 ;;
    --no-build) build=0; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case ",$models," in *,small,*|*,large,*) ;; *) echo "compare.sh: --models must list small and/or large, got '$models'" >&2; exit 2 ;; esac
for t in ${threads//,/ }; do
  [[ "$t" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --threads must list integers >= 1, got '$threads'" >&2; exit 2; }
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --rounds must be an integer >= 1, got '$rounds'" >&2; exit 2; }

# OpenMP workers that spin after a parallel region (libgomp's default) fight OpenBLAS's threads for
# the cores: PyTorch and DL4J ran 2 threads 2-4x slower than 1 without this; Anneal uses no OpenMP.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

out="$root/runtime-cpu/target/bench"
mkdir -p "$out"
cpfile="$root/runtime-cpu/target/bench-classpath.txt"
if [ "$build" = 1 ] || [ ! -f "$cpfile" ]; then
  ./build.sh mvn -B -ntp -q -pl runtime-cpu -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test > "$out/build.log" 2>&1 \
    || { tail -30 "$out/build.log" >&2; exit 1; }
fi
java_home=$(./build.sh mvn -v 2>/dev/null | sed -n 's/.*, runtime: //p')
[ -x "$java_home/bin/java" ] || { echo "compare.sh: no JDK 25 found (./build.sh mvn -v)" >&2; exit 1; }
java="$java_home/bin/java"
deps=$(cat "$cpfile")
tests="$root/runtime-cpu/target/test-classes"
# --add-modules jdk.incubator.vector: Anneal's float32 kernels through the Vector API, as the anneal launcher runs them
jvm=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules jdk.incubator.vector
     -Dorg.bytedeco.javacpp.nopointergc=true -Dorg.bytedeco.javacpp.cachedir="$root/runtime-cpu/target/javacpp")

arch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
torch_ok=0
if /usr/bin/python3 -c "import torch" > /dev/null 2>&1; then torch_ok=1; fi
blasdir="/usr/lib/$arch/openblas-pthread"

results="$out/results.txt"
: > "$results"
run() { # name, log, command...
  local name=$1 log=$2; shift 2
  if "$@" > "$log" 2>&1; then
    grep '^RESULT' "$log" | sed "s/^RESULT [^ ]*/RESULT $name/" >> "$results"
  else
    echo "compare.sh: $name failed; see $log" >&2
  fi
}

for round in $(seq 1 "$rounds"); do
for t in ${threads//,/ }; do
  for m in ${models//,/ }; do
    cp_now="$tests:$root/runtime-cpu/target/classes:$deps"
    run anneal "$out/anneal-$m-$t.log" "$java" "${jvm[@]}" -cp "$cp_now" dev.anneal.runtime.bench.TrainingBenchmark "$m" anneal "$t"
    if [ -n "$base" ]; then
      cp_base="$tests:$base/runtime-cpu/target/classes:$base/dsl/target/classes:$deps"
      run before "$out/before-$m-$t.log" "$java" "${jvm[@]}" -cp "$cp_base" dev.anneal.runtime.bench.TrainingBenchmark "$m" anneal "$t"
    fi
    run sgemm "$out/sgemm-$m-$t.log" "$java" "${jvm[@]}" -cp "$cp_now" dev.anneal.runtime.bench.TrainingBenchmark "$m" sgemm "$t"
    run dl4j "$out/dl4j-$m-$t.log" "$java" "${jvm[@]}" -cp "$cp_now" dev.anneal.runtime.bench.TrainingBenchmark "$m" dl4j "$t"
    if [ "$torch_ok" = 1 ]; then
      run torch "$out/torch-$m-$t.log" env LD_LIBRARY_PATH="$blasdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" \
        /usr/bin/python3 runtime-cpu/bench/torch_mlp_cpu.py "$m" "$t" train
      run torch-sgemm "$out/torch-sgemm-$m-$t.log" env LD_LIBRARY_PATH="$blasdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" \
        /usr/bin/python3 runtime-cpu/bench/torch_mlp_cpu.py "$m" "$t" sgemm
    fi
  done
done
done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $cores cores," \
     "load $(cut -d' ' -f1-3 /proc/loadavg), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)}, OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
for f in "$out"/anneal-*.log "$out"/torch-large-*.log; do
  [ -f "$f" ] && grep -m1 '^#' "$f"
done | sort -u
if [ "$torch_ok" = 0 ]; then
  echo "# PyTorch not found (/usr/bin/python3 -c 'import torch' failed): install Debian's python3-torch and"
  echo "#   libopenblas0-pthread (apt-get install python3-torch libopenblas0-pthread) to compare with it."
fi
awk -v base="$base" -v torch="$torch_ok" '
  /^RESULT/ { key = $3 " " $4
              if (!(($2, key) in v) || $5 > v[$2, key]) v[$2, key] = $5
              if (!(($2, key) in rss) || $6 > rss[$2, key]) rss[$2, key] = $6
              if (!(key in seen)) { seen[key] = 1; keys[++n] = key } }
  function cell(p, k) { return ((p, k) in v) ? sprintf("%.1f", v[p, k]) : "-" }
  function ratio(a, b, k) { return ((a, k) in v && (b, k) in v && v[b, k] > 0) ? sprintf("%.2fx", v[a, k] / v[b, k]) : "-" }
  function mem(p, k) { return ((p, k) in rss) ? rss[p, k] : "-" }
  END {
    printf "| model | threads | Anneal |%s DL4J | PyTorch | SGEMM limit | Anneal/limit | Anneal/PyTorch | Anneal/DL4J | PyTorch SGEMMs | peak RSS MiB (Anneal / DL4J / PyTorch) |\n", (base != "" ? " before |" : "")
    printf "|---|---|---|%s---|---|---|---|---|---|---|---|\n", (base != "" ? "---|" : "")
    for (i = 1; i <= n; i++) {
      k = keys[i]; split(k, p, " ")
      name = p[1] == "small" ? "MLP 20-64-2, batch 32" : "MLP 784-512-512-10, batch 256"
      printf "| %s | %s | %s |%s %s | %s | %s | %s | %s | %s | %s | %s / %s / %s |\n", name, p[2], cell("anneal", k),
        (base != "" ? " " cell("before", k) " |" : ""), cell("dl4j", k), cell("torch", k), cell("sgemm", k),
        ratio("anneal", "sgemm", k), ratio("anneal", "torch", k), ratio("anneal", "dl4j", k), cell("torch-sgemm", k),
        mem("anneal", k), mem("dl4j", k), mem("torch", k)
    }
    for (i = 1; i <= n; i++) {
      k = keys[i]; split(k, p, " ")
      if (p[2] == 1) continue
      one = p[1] " 1"
      if (("anneal", one) in v && ("anneal", k) in v) {
        printf "%s, %s threads vs 1: Anneal %.2fx", p[1], p[2], v["anneal", k] / v["anneal", one]
        if (("torch", one) in v && ("torch", k) in v) printf ", PyTorch %.2fx", v["torch", k] / v["torch", one]
        if (("sgemm", one) in v && ("sgemm", k) in v) printf ", SGEMM limit %.2fx", v["sgemm", k] / v["sgemm", one]
        printf "\n"
      }
    }
  }' "$results"
echo "(steps/s, best of 3 timed runs after a warm-up, in each of $rounds round(s); peak RSS: the largest; SGEMM limit: the step's matrix products alone through Anneal's OpenBLAS;"
echo " PyTorch SGEMMs: the same products through PyTorch's torch.mm; logs in $out)"
