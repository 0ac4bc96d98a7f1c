#!/usr/bin/env bash
# Proves README's first command end to end: starts scripts/run-local.sh on spare ports, waits until it says the
# service is ready, downloads a discovery ISO from it, checks with xorriso, gzip and cpio that the ISO carries the
# stand-in's ignition, then stops Tomcat and the stand-in. Arguments go to run-local.sh (e.g. -o for offline).
set -euo pipefail
cd "$(dirname "$0")/.."

export DEMO_HTTP_PORT=${DEMO_HTTP_PORT:-28980}
export DEMO_SHUTDOWN_PORT=${DEMO_SHUTDOWN_PORT:-28981}
export DEMO_AJP_PORT=${DEMO_AJP_PORT:-28982}
export DEMO_ASSISTED_PORT=${DEMO_ASSISTED_PORT:-28983}
work=target/smoke
rm -rf "$work"
mkdir -p "$work"

setsid scripts/run-local.sh "$@" > "$work/run-local.log" 2>&1 &
run_pid=$!
stop() {
  kill -TERM -- "-$run_pid" 2>/dev/null || true
  wait "$run_pid" 2>/dev/null || true
}
trap stop EXIT

scripts/await-log-line.sh "$work/run-local.log" 'assisted-image-service is ready' "$run_pid" 300 \
  "smoke: scripts/run-local.sh did not report the service ready"

url=$(grep -o "http://localhost:$DEMO_HTTP_PORT/images/[^']*type=full-iso" "$work/run-local.log" | head -1)
curl -fsS -o "$work/discovery.iso" "$url"
xorriso -indev "$work/discovery.iso" -osirrox on -extract /images/ignition.img "$work/ignition.img" 2> "$work/xorriso.log"
# the ignition area is the gzip'd cpio followed by zero padding, which gzip reports as trailing garbage
{ gzip -dc < "$work/ignition.img" 2>/dev/null || true; } | (cd "$work" && cpio -id --quiet config.ign)
grep -q '"ignition"' "$work/config.ign"
echo "smoke: scripts/run-local.sh serves a discovery ISO carrying the stand-in's ignition ($(wc -c < "$work/discovery.iso") bytes)"
