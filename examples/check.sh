#!/usr/bin/env bash
# Builds and runs the example projects (examples/java, examples/kotlin, and the Spark ML pipelines in
# examples/spark-java, examples/spark-kotlin) against the Anneal artifacts in the
# local Maven repository, as a user's own project would: run it after `mvn install` (./build.sh test does).
# Fails unless each program trains to the end and its output has no JVM or logging warning.
# examples/kotlin is built twice: with the Kotlin Anneal is built with, and with the oldest Kotlin the README
# says compiles against Anneal (KOTLIN_FLOOR). Kotlin compilers before 2.1 do not run on JDK 25, so that
# build runs Maven on a JDK 17 (the machine's, or Debian's openjdk-17-jdk-headless).
set -euo pipefail
cd "$(dirname "$0")"
KOTLIN_FLOOR=1.8.22

jdk17() {
  local d
  for d in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/temurin-17*; do
    [ -x "$d/bin/javac" ] && { echo "$d"; return 0; }
  done
  echo "examples/check.sh: no JDK 17 found; installing Debian's openjdk-17-jdk-headless" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2 && apt-get install -y -qq openjdk-17-jdk-headless >&2
  else sudo apt-get update -qq >&2 && sudo apt-get install -y -qq openjdk-17-jdk-headless >&2; fi
  ls -d /usr/lib/jvm/java-17-openjdk-* | head -1
}

status=0
for example in java kotlin "kotlin $KOTLIN_FLOOR" spark-java spark-kotlin; do
  read -r dir kotlin <<<"$example"
  log=$(mktemp)
  if [ -n "${kotlin:-}" ]; then
    run() { JAVA_HOME="$(jdk17)" mvn -B -ntp -q "-Dkotlin.version=$kotlin" clean compile exec:exec; }
  else
    run() { mvn -B -ntp -q compile exec:exec; }
  fi
  if (cd "$dir" && run) >"$log" 2>&1 \
      && grep -Eq '^validation accuracy 0\.(8[5-9]|9)' "$log" \
      && ! grep -Eq 'WARNING|SLF4J|sun\.misc\.Unsafe' "$log"; then
    echo "examples/$example: $(grep -E '^epoch 20/20' "$log" | cut -c1-60)...; $(grep '^validation accuracy' "$log")"
  else
    echo "examples/$example: FAILED (expected 20 epochs, a validation accuracy >= 0.85 and no warning); its output:" >&2
    cat "$log" >&2
    status=1
  fi
  rm -f "$log"
done
exit $status
