#!/usr/bin/env bash
# The README's 16-trial sweep, Anneal against Optuna + PyTorch, run alternately in one run, end to end
# (JVM start and interpreter start included), and the ratios:
#   bench/sweep_compare.sh [--rounds N] [--random] [--python PY] [--data CSV] [--anneal BIN]
#     --rounds N   rounds of (anneal --parallel 1, peer, anneal --parallel 2); default 3
#     --random     also the 1000-trial random search with halving (--parallel 1 and 2), once a round:
#                  seconds, disk (du) and peak RSS, and whether both parallelisms wrote the same sweep.csv
#     --python PY  a Python with torch and optuna (BUILD-NOTES.md: a venv from the machine's wheel store);
#                  default: python3
#     --anneal BIN the tool's launcher; default: samples/target/bin/anneal (./build.sh main builds it)
# One thread each: the peer with OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 and torch.set_num_threads(1),
# Anneal with --parallel 1 (one trial at a time on one thread).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3; random=0; python=python3; data=../shared/data/synth-1000x20.csv; anneal=samples/target/bin/anneal
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --random) random=1; shift ;;
    --python) python=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --anneal) anneal=$2; shift 2 ;;
    *) echo "usage: bench/sweep_compare.sh [--rounds N] [--random] [--python PY] [--data CSV] [--anneal BIN]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
grid=(sweep --schedule 'warmup({w}) then cosine(etaMin={eta})' --hole 'w in [0, 2.epochs]' --hole 'eta in [0, 1e-3]'
      --lr 0.01,0.03,0.1,0.3 --epochs 20 --hidden 64 --data "$data")
search=(sweep --schedule 'warmup({w}) then cosine(etaMin={eta})' --hole 'w in [0, 2.epochs]' --hole 'eta in [0, 1e-3]'
        --lr 1e-3..1 --random 1000 --epochs 20 --halving eta=3,min-epochs=2 --hidden 64 --data "$data")
seconds() { local s e; s=$(date +%s.%N); "$@" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }; e=$(date +%s.%N); awk "BEGIN {print $e - $s}"; }
ratio() { awk "BEGIN {print $1 / $2}"; }
printf '%-6s %12s %12s %12s %10s %10s\n' round anneal-p1 peer anneal-p2 p1/peer p2/p1
a1s=(); ps=(); a2s=()
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/a1" "$work/a2"
  a1=$(seconds "$anneal" "${grid[@]}" --parallel 1 --out "$work/a1")
  p=$(OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 seconds "$python" bench/sweep_peer.py --data "$data")
  a2=$(seconds "$anneal" "${grid[@]}" --parallel 2 --out "$work/a2")
  cmp -s "$work/a1/sweep.csv" "$work/a2/sweep.csv" || { echo "sweep.csv differs between --parallel 1 and 2" >&2; exit 1; }
  a1s+=("$a1"); ps+=("$p"); a2s+=("$a2")
  printf '%-6s %11.2fs %11.2fs %11.2fs %10.2f %10.2f\n' "$r" "$a1" "$p" "$a2" "$(ratio "$a1" "$p")" "$(ratio "$a2" "$a1")"
  if [ "$random" = 1 ]; then
    for n in 1 2; do
      rm -rf "$work/r$n"
      /usr/bin/time -f '%e %M' -o "$work/time.txt" env ANNEAL_OPTS="${ANNEAL_OPTS:--Xmx1g}" "$anneal" "${search[@]}" \
          --parallel "$n" --out "$work/r$n" > "$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; exit 1; }
      read -r secs rss < "$work/time.txt"
      printf '       random 1000, --parallel %s: %6.1f s, %s on disk, peak RSS %d MB, largest trial folder %s\n' \
          "$n" "$secs" "$(du -sh "$work/r$n" | cut -f1)" "$((rss / 1024))" "$(du -s "$work/r$n"/trials/* | sort -n | tail -1 | awk '{print $1 " KB"}')"
    done
    cmp -s "$work/r1/sweep.csv" "$work/r2/sweep.csv" && echo "       random 1000: the same sweep.csv at --parallel 1 and 2" \
        || { echo "random 1000: sweep.csv differs between --parallel 1 and 2" >&2; exit 1; }
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
m1=$(median "${a1s[@]}"); mp=$(median "${ps[@]}"); m2=$(median "${a2s[@]}")
printf '%-6s %11.2fs %11.2fs %11.2fs %10.2f %10.2f\n' median "$m1" "$mp" "$m2" "$(ratio "$m1" "$mp")" "$(ratio "$m2" "$m1")"
