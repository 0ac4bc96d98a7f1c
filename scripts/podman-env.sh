# Sourced by the container scripts: a `podman` function whose images, containers and volumes live below
# $PODMAN_WORK (default target/container) instead of the machine's storage, with the settings that work on CI
# machines without systemd: the runc runtime (crun fails on their cgroups), cgroupfs, events in a file, and no
# default ulimits (raising RLIMIT_NOFILE / RLIMIT_NPROC is refused there).
PODMAN_WORK=${PODMAN_WORK:-$PWD/target/container}
mkdir -p "$PODMAN_WORK/storage" "$PODMAN_WORK/runroot"
cat > "$PODMAN_WORK/containers.conf" <<'CONF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF=$PODMAN_WORK/containers.conf
podman() {
  command podman --root "$PODMAN_WORK/storage" --runroot "$PODMAN_WORK/runroot" --runtime runc \
    --cgroup-manager cgroupfs --events-backend file "$@"
}
