#!/usr/bin/env bash
# Builds and runs the example projects (examples/java, examples/kotlin) against the Anneal artifacts in the
# local Maven repository, as a user's own project would: run it after `mvn install` (./build.sh test does).
# Fails unless each program trains to the end and its output has no JVM or logging warning.
set -euo pipefail
cd "$(dirname "$0")"
status=0
for example in java kotlin; do
  log=$(mktemp)
  if (cd "$example" && mvn -B -ntp -q compile exec:exec) >"$log" 2>&1 \
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
