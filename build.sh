#!/usr/bin/env bash
# Anneal's build entry point: picks a JDK 25, then runs Maven.
#   ./build.sh test        - the test suite (what CI runs): mvn install (tests included), then the example
#                            projects (examples/) built and run against the installed artifacts
#   ./build.sh main [ARGS] - builds the anneal tool and runs its main job (anneal train with defaults)
#   ./build.sh anneal ARGS - the anneal tool (built first if missing), e.g. ./build.sh anneal show --help
#   ./build.sh mvn ARGS    - any Maven command on the right JDK
set -euo pipefail
cd "$(dirname "$0")"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

find_jdk25() {
  local candidates=()
  [ -n "${ANNEAL_JAVA_HOME:-}" ] && candidates+=("$ANNEAL_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/*25* /opt/java/*25* /usr/local/*jdk*25*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  local c v
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    v=$(java_major "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}

if ! JDK=$(find_jdk25); then
  cat >&2 <<MSG
build.sh: no JDK 25 found. Anneal builds on JDK 25 (the CUDA runtime uses Java's FFM API).
Looked at \$ANNEAL_JAVA_HOME, \$JAVA_HOME and /usr/lib/jvm/*25*.
Install one (e.g. Temurin 25 from https://adoptium.net) and set ANNEAL_JAVA_HOME to its folder.
MSG
  exit 1
fi
export JAVA_HOME="$JDK"
export PATH="$JAVA_HOME/bin:$PATH"

install_debian() {
  echo "build.sh: $1 not found; installing Debian's $2 package" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "$2" >&2
  else sudo apt-get update -qq && sudo apt-get install -y -qq "$2" >&2; fi
}

command -v mvn >/dev/null 2>&1 || install_debian Maven maven

MVN=(mvn -B -ntp)
cmd="${1:-}"; shift || true
case "$cmd" in
  test)
    # The CUDA runtime's GPU tests run on a CUDA emulator built with the C++ compiler (runtime-gpu/README.md).
    command -v c++ >/dev/null 2>&1 || install_debian "A C++ compiler (for the CUDA emulator)" g++
    # The report's browser tests drive Debian's chromium, headless, through its chromedriver.
    [ -x /usr/bin/chromium ] || install_debian "Chromium (for the report's browser tests)" chromium
    [ -x /usr/bin/chromedriver ] || install_debian "ChromeDriver (for the report's browser tests)" chromium-driver
    "${MVN[@]}" install "$@"
    exec examples/check.sh ;;
  main)
    "${MVN[@]}" -DskipTests package
    ANNEAL_JAVA_HOME="$JAVA_HOME" exec samples/target/bin/anneal train "$@" ;;
  anneal)
    jar=samples/target/anneal.jar
    if [ ! -f "$jar" ] || [ ! -x samples/target/bin/anneal ] \
        || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
      echo "build.sh: building the anneal tool (sources changed since $jar)" >&2
      "${MVN[@]}" -q -DskipTests package >&2
    fi
    ANNEAL_JAVA_HOME="$JAVA_HOME" exec samples/target/bin/anneal "$@" ;;
  mvn) exec "${MVN[@]}" "$@" ;;
  *) echo "usage: ./build.sh test | main [anneal train options] | anneal ARGS | mvn ARGS" >&2; exit 2 ;;
esac
