#!/usr/bin/env bash
# Usage: await-log-line.sh LOG PATTERN PID SECONDS WHAT
# Waits until a line of LOG matches the grep PATTERN. Fails, printing LOG and naming WHAT, when process PID
# ends first or SECONDS pass.
set -euo pipefail
log=$1 pattern=$2 pid=$3 seconds=$4 what=$5
for _ in $(seq 1 $((seconds * 2))); do
  grep -q -- "$pattern" "$log" && exit 0
  if ! kill -0 "$pid" 2>/dev/null; then
    grep -q -- "$pattern" "$log" && exit 0
    cat "$log" >&2
    echo "$what: the process ended first" >&2
    exit 1
  fi
  sleep 0.5
done
tail -50 "$log" >&2
echo "$what: not within $seconds s" >&2
exit 1
