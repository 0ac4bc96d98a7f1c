#!/usr/bin/env bash
# The slow-downloads phase of bench/run.sh against the container image, run as OpenShift's restricted-v2 runs it:
# an arbitrary UID in group 0, a read-only root filesystem, writable only /data and /data_temp (volumes) and /tmp
# (a 64 MiB tmpfs), and an 800 MiB memory limit without swap (docs/benchmarks.md, "Slow downloads in the container").
#
#   bench/container.sh [bench/run.sh options, e.g. --port-base P --slow-clients N --slow-seconds N]
#
# Builds the WAR (unless BENCH_SKIP_BUILD=1), the stand-in base image (scripts/container-base.sh) and the
# Dockerfile's `prebuilt` target, as scripts/test-container.sh does, then runs
# `bench/run.sh --phases slow --external-service bench/container.sh`: the driver starts nginx and the
# assisted-service stand-in, then calls this script back with `--start <env file>` (run the container with those
# variables; print the JVM's pid, its GC log and its console log) and, after the load, `--stop` (print the
# container's memory figures and whether it was OOM-killed, then remove it). Podman storage is that of
# scripts/podman-env.sh; BENCH_CONTAINER_NAME (default ais-bench) names the container, its volumes and its image.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/podman-env.sh
name=${BENCH_CONTAINER_NAME:-ais-bench}
image=localhost/$name
base_image=localhost/tomcat-standin:11.0.25-jre25
mib() { echo "$(($1 / 1024 / 1024)) MiB"; }

remove() {
  podman rm -f -t 5 "$name" > /dev/null 2>&1 || true
  podman volume rm -f "$name-data" "$name-data-temp" > /dev/null 2>&1 || true
}

start() {  # <env file>
  remove
  podman volume create "$name-data" > /dev/null
  podman volume create "$name-data-temp" > /dev/null
  local uid=$((1000000000 + (RANDOM << 15 | RANDOM) % 1000000000)) pid
  # CATALINA_OPTS adds a GC log to the image's JAVA_OPTS, which stay as the image sets them.
  podman run -d --name "$name" --network host --user "$uid:0" \
    --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,size=64m,mode=1777 \
    -v "$name-data:/data" -v "$name-data-temp:/data_temp" --memory 800m --memory-swap 800m \
    --env-file "$1" -e CATALINA_OPTS=-Xlog:gc:file=/tmp/gc.log "$image" > /dev/null
  pid=$(podman inspect -f '{{.State.Pid}}' "$name")
  echo "container $name: uid $uid:0, read-only root, --memory 800m --memory-swap 800m, JVM pid $pid" >&2
  echo "$pid /proc/$pid/root/tmp/gc.log $(podman inspect -f '{{.HostConfig.LogConfig.Path}}' "$name")"
}

# The memory cgroup of a process: cgroup v1 (memory controller) or v2 (unified).
memory_cgroup() {  # <pid>
  local v1
  v1=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3 }' "/proc/$1/cgroup")
  if [ -n "$v1" ]; then
    echo "/sys/fs/cgroup/memory$v1"
  else
    echo "/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' "/proc/$1/cgroup")"
  fi
}
stat_mib() { mib "$(awk -v key="$2" '$1 == key { print $2 }' "$1/memory.stat")"; }  # <cgroup> <memory.stat key>

stop() {
  local pid cgroup flags
  pid=$(podman inspect -f '{{.State.Pid}}' "$name")
  if [ "$pid" != 0 ]; then
    cgroup=$(memory_cgroup "$pid")
    if [ -f "$cgroup/memory.max_usage_in_bytes" ]; then
      echo "cgroup v1: limit $(mib "$(cat "$cgroup/memory.limit_in_bytes")"), max usage" \
        "(memory.max_usage_in_bytes, page cache included) $(mib "$(cat "$cgroup/memory.max_usage_in_bytes")")," \
        "charges refused at the limit $(cat "$cgroup/memory.failcnt") (memory.failcnt); at the end: anonymous" \
        "$(stat_mib "$cgroup" total_rss), page cache $(stat_mib "$cgroup" total_cache), tmpfs" \
        "$(stat_mib "$cgroup" total_shmem)"
    else
      echo "cgroup v2: limit $(mib "$(cat "$cgroup/memory.max")"), peak (memory.peak, page cache included)" \
        "$(mib "$(cat "$cgroup/memory.peak")"), memory.events: $(grep -E '^(max|oom_kill) ' "$cgroup/memory.events" \
        | tr '\n' ' '); at the end: anonymous $(stat_mib "$cgroup" anon), page cache $(stat_mib "$cgroup" file)"
    fi
    # what the JVM chose under the limit with the image's JAVA_OPTS
    flags=$(podman exec "$name" sh -c 'java $JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null' | awk '
      $2 ~ /^(MaxHeapSize|InitialHeapSize|ReservedCodeCacheSize)$/ { printf "%s %d MiB, ", $2, $4 / 1048576 }
      $2 == "MaxDirectMemorySize" { printf "%s %s, ", $2, ($4 == 0 ? "0 (= MaxHeapSize)" : $4 / 1048576 " MiB") }
      $2 == "MaxMetaspaceSize" { printf "%s %s, ", $2, ($4 > 2^40 ? "unlimited" : $4 / 1048576 " MiB") }
      $2 == "ThreadStackSize" { printf "%s %d KiB, ", $2, $4 }
      $2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah)GC$/ && $4 == "true" { printf "%s, ", $2 }')
    echo "JVM flags under the limit: ${flags%, }"
  fi
  podman inspect -f 'container state: OOMKilled {{.State.OOMKilled}}, running {{.State.Running}},'\
' exit code {{.State.ExitCode}}' "$name"
  podman rm -f -t 30 "$name" > /dev/null
  podman volume rm -f "$name-data" "$name-data-temp" > /dev/null
}

case "${1:-}" in
  --start) start "$2"; exit ;;
  --stop) stop; exit ;;
esac

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q ${MVN_ARGS:-} -DskipTests package
fi
scripts/container-base.sh "$base_image"
podman build --quiet --target prebuilt --build-arg BASE_IMAGE="$base_image" -t "$image" . > /dev/null
echo "bench/container: built $image on $base_image"
trap remove EXIT
BENCH_SKIP_BUILD=1 bench/run.sh --phases slow --external-service bench/container.sh "$@"
