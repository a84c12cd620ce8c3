#!/usr/bin/env bash
# Regenerates the README's images and captured output with the anneal tool itself:
#   ./build.sh mvn -DskipTests package && docs/make-docs.sh
# Needs a JDK 25 as `java` (or JAVA_HOME set).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
anneal() { "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$root/samples/target/anneal.jar" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the main job, as a new user runs it (in an empty folder, so it writes runs/<date>-<time>)
(cd "$work" && COLUMNS=80 anneal train > "$root/docs/train-output.txt")
cp "$work"/runs/*/lr.png "$work"/runs/*/loss.png "$work"/runs/*/accuracy.png docs/

# step decay vs cosine vs warm restarts, on one chart
anneal plot --schedule 'StepLR(step_size=30, gamma=0.1)' --schedule 'CosineAnnealingLR(T_max=100)' \
            --schedule 'CosineAnnealingWarmRestarts(T_0=10, T_mult=2)' --steps 100 \
            --title 'Step decay, cosine and warm restarts' --out docs/compare.png > /dev/null

# two scenarios' plots: warm restarts over 350 epochs, and a plateau schedule's learning rate
anneal scenario warm-restarts --out "$work/restarts" > /dev/null
cp "$work/restarts/restarts.png" docs/restarts.png
anneal scenario plateau --out "$work/plateau" > "$root/docs/plateau-output.txt"
cp "$work/plateau/lr.png" docs/plateau-lr.png
sed -i "s|$work/plateau|runs/scenarios/plateau|" docs/plateau-output.txt

# the learning-rate range test on the embedded set, over 100 steps (four epochs there)
anneal lr-find --out "$work/lr-find" > "$root/docs/lr-find-output.txt"
cp "$work/lr-find/lr-find.png" docs/lr-find.png
sed -i "s|$work/lr-find|runs/lr-find|" docs/lr-find-output.txt

# a 16-trial sweep with halving: its output and its validation-loss chart
anneal sweep --schedule 'warmup({w}) then cosine(etaMin={eta})' --hole 'w in [0, 2.epochs]' \
             --hole 'eta in [0, 1e-3]' --lr 0.01,0.03,0.1,0.3 --epochs 20 --parallel 2 \
             --halving eta=3,min-epochs=2 --out "$work/sweep" > "$root/docs/sweep-output.txt"
cp "$work/sweep/val-loss.png" docs/sweep-val-loss.png
sed -i "s|$work/sweep|sweeps/a|" docs/sweep-output.txt

echo "docs/: $(cd docs && ls | tr '\n' ' ')"
