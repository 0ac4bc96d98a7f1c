#!/usr/bin/env bash
# The container image as OpenShift's restricted-v2 policy runs it, proven with podman (no Docker engine, no
# registry): builds a stand-in base image (scripts/container-base.sh), builds the Dockerfile's `prebuilt` target
# with it from the WAR in target/, then runs the image with an arbitrary UID in group 0, a read-only root
# filesystem, writable only /data (a volume), /data_temp (a volume) and /tmp (tmpfs), and an 800 MiB memory limit,
# against a stand-in assisted-service and an OS image served over HTTP on loopback. Checked with curl, xorriso,
# gzip and cpio: /health ready, a full ISO carrying the stand-in's ignition and kernel argument, a minimal ISO,
# a PXE initrd, the JVM's heap sized from the limit, logs on the console and none in /tmp, and a restart on the same
# volume that downloads nothing.
# Then the Kubernetes manifests of deploy/base: a schema check of each (deploy/validate, npm), and the
# Deployment's pod run by `podman kube play` with the UID that restricted-v2 would assign, under the same checks.
# Run after `mvn verify` (or `mvn package`): it uses target/assisted-image-service/ and target/test-classes.
# Ports (host network): CONTAINER_TEST_PORT_BASE (32100) .. +9. Arguments are passed to Maven (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/podman-env.sh
port_base=${CONTAINER_TEST_PORT_BASE:-32100}
service_port=$port_base
assisted_port=$((port_base + 1))
mirror_port=$((port_base + 2))
probe_port=$((port_base + 3))
base_image=localhost/tomcat-standin:11.0.25-jre25
image=localhost/assisted-image-service:test
work=$PODMAN_WORK/test
openshift_version=4.17
rhcos_version=417.94.202410090854-0
kernel_bytes=$((1024 * 1024))
rootfs_bytes=$((4 * 1024 * 1024))
image_id=$(cat /proc/sys/kernel/random/uuid)
base=http://127.0.0.1:$service_port
probes=http://127.0.0.1:$probe_port

fail() { echo "test-container: FAILED: $*" >&2; exit 1; }
[ -d target/assisted-image-service/WEB-INF ] || fail "target/assisted-image-service/ is missing: run mvn package first"

rm -rf "$work"
mkdir -p "$work/www"
pids=()
cleanup() {
  podman rm -f -t 5 ais-restricted > /dev/null 2>&1 || true
  [ ! -f "$work/kube.yaml" ] || podman kube down "$work/kube.yaml" > /dev/null 2>&1 || true
  podman volume rm -f ais-data ais-data-temp > /dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

started=$SECONDS
scripts/container-base.sh "$base_image"
podman build --quiet --target prebuilt --build-arg BASE_IMAGE="$base_image" -t "$image" . > "$work/build.log"
echo "test-container: built $image on $base_image ($((SECONDS - started)) s)"

# The stand-in assisted-service and the sample ISO, served by busybox's httpd (its log counts the downloads).
mvn -B -ntp -q "$@" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
java -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" \
  org.assisted.imageservice.testsupport.DemoEnvironment "$assisted_port" "$work/www/rhcos-live.x86_64.iso" \
  "rhcos-$rhcos_version" "$kernel_bytes" "$rootfs_bytes" > "$work/stand-in.log" 2>&1 &
pids+=($!)
scripts/await-log-line.sh "$work/stand-in.log" '^DEMO ENVIRONMENT READY$' "${pids[0]}" 180 \
  "the stand-in assisted-service did not start"
busybox httpd -f -v -p "127.0.0.1:$mirror_port" -h "$work/www" 2> "$work/mirror.log" &
pids+=($!)

uid=$((1000000000 + (RANDOM << 15 | RANDOM) % 1000000000))
podman volume create ais-data > /dev/null
podman volume create ais-data-temp > /dev/null
run_restricted() {
  podman run -d --name ais-restricted --network host --user "$uid:0" \
    --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,size=64m,mode=1777 \
    -v ais-data:/data -v ais-data-temp:/data_temp --memory 800m --memory-swap 800m \
    -e LISTEN_PORT="$service_port" -e PROBE_LISTEN_PORT="$probe_port" \
    -e ASSISTED_SERVICE_SCHEME=http -e ASSISTED_SERVICE_HOST="127.0.0.1:$assisted_port" \
    -e IMAGE_SERVICE_BASE_URL="$base" \
    -e OS_IMAGES='[{"openshift_version":"'$openshift_version'","cpu_architecture":"x86_64","url":"http://127.0.0.1:'$mirror_port'/rhcos-live.x86_64.iso","version":"'$rhcos_version'"}]' \
    -e MIN_KERNEL_SIZE="$kernel_bytes" -e MIN_ROOTFS_SIZE="$rootfs_bytes" \
    -e OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS=1 \
    "$image" > /dev/null
}
await_health() {  # <container>
  # A container seen stopped for 10 checks in a row has failed; fewer can be a restart still in progress.
  stopped=0
  for _ in $(seq 1 180); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health")" = 200 ]; then
      return 0
    fi
    if [ "$(podman inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; then
      stopped=0
    else
      stopped=$((stopped + 1))
      [ "$stopped" -lt 10 ] || break
    fi
    sleep 1
  done
  podman inspect -f 'state {{.State.Status}}, exit code {{.State.ExitCode}}' "$1" >&2 || true
  podman logs "$1" 2>&1 | tail -40 >&2
  fail "$base/health did not answer 200 ($(curl -s "$base/health"))"
}
# The probe connector answers the probes and /metrics, and nothing else.
check_probe_port() {
  for path in /live /health /metrics; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$probes$path")" = 200 ] || fail "$probes$path did not answer 200"
  done
  for path in "/images/$image_id?version=$openshift_version&type=full-iso" \
      "/boot-artifacts/kernel?version=$openshift_version"; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$probes$path")" = 404 ] || fail "$probes$path did not answer 404"
  done
}
iso_downloads() { grep -c "response:200" "$work/mirror.log" || true; }

run_restricted
await_health ais-restricted
echo "test-container: /health ready as uid $uid:0 on a read-only root ($((SECONDS - started)) s)"
check_probe_port
. scripts/container-checks.sh
check_image_routes "$base" "$image_id" "$openshift_version" "$work/first"
check_restricted ais-restricted "$uid"
check_console_logs ais-restricted

[ "$(iso_downloads)" = 1 ] || fail "expected one ISO download from the mirror, saw $(iso_downloads)"
data=$(podman volume inspect -f '{{.Mountpoint}}' ais-data)
before=$(cd "$data" && stat -c '%n %i %Y' * | sort)
podman stop -t 30 ais-restricted > /dev/null
podman rm ais-restricted > /dev/null
run_restricted
await_health ais-restricted
check_image_routes "$base" "$image_id" "$openshift_version" "$work/second"
after=$(cd "$data" && stat -c '%n %i %Y' * | sort)
[ "$(iso_downloads)" = 1 ] || fail "the restart downloaded the ISO again ($(iso_downloads) downloads)"
[ "$before" = "$after" ] || fail "the restart rewrote the stored images: before [$before] after [$after]"
echo "test-container: restart on the same volume reused the stored images: $(echo "$after" | cut -d' ' -f1 | xargs)"
! podman logs ais-restricted 2>&1 | grep -i 'read-only file system' || fail "a write into the read-only root was logged"
podman rm -f -t 30 ais-restricted > /dev/null

# deploy/base: schema check, then the Deployment's pod with the ConfigMap's values for this machine.
npm ci --silent --no-audit --no-fund --prefix deploy/validate
node deploy/validate/validate.mjs deploy/base
kube_uid=$((1000000000 + (RANDOM << 15 | RANDOM) % 1000000000))
{
  cat <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: assisted-image-service
data:
  LISTEN_PORT: "$service_port"
  PROBE_LISTEN_PORT: "$probe_port"
  ASSISTED_SERVICE_SCHEME: http
  ASSISTED_SERVICE_HOST: "127.0.0.1:$assisted_port"
  IMAGE_SERVICE_BASE_URL: "$base"
  OS_IMAGES: '[{"openshift_version":"$openshift_version","cpu_architecture":"x86_64","url":"http://127.0.0.1:$mirror_port/rhcos-live.x86_64.iso","version":"$rhcos_version"}]'
  MIN_KERNEL_SIZE: "$kernel_bytes"
  MIN_ROOTFS_SIZE: "$rootfs_bytes"
  OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS: "1"
---
YAML
  # what restricted-v2's admission adds: a UID of the namespace's range, group 0. podman 4.3 refuses port
  # mappings on the host network: the ports list goes, the probes name their port by number. It also starts one pod
  # per replica and makes each emptyDir one volume that all of them mount: two Tomcats on one port, writing one
  # /tmp/tomcat/server.xml at once. One replica here.
  sed -e "s|^\( *\)runAsNonRoot: true|&\n\1runAsUser: $kube_uid\n\1runAsGroup: 0|" \
    -e "s|^\( *\)replicas: [0-9]*$|\1replicas: 1|" \
    -e "s|image: assisted-image-service$|image: $image|" \
    -e '/^ *ports:$/,/^ *livenessProbe:$/{/^ *livenessProbe:$/!d}' -e "s|port: probes$|port: $probe_port|" \
    deploy/base/deployment.yaml
} > "$work/kube.yaml"
downloads_before=$(iso_downloads)
podman kube play --network host "$work/kube.yaml" > "$work/kube-play.log"
pod_container=assisted-image-service-pod-0-assisted-image-service
await_health "$pod_container"
echo "test-container: podman kube play of deploy/base/deployment.yaml ready as uid $kube_uid:0 ($((SECONDS - started)) s)"
[ "$(podman inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$pod_container")" = true ] \
  || fail "kube play ignored readOnlyRootFilesystem"
check_image_routes "$base" "$image_id" "$openshift_version" "$work/kube-first"
check_probe_port
check_restricted "$pod_container" "$kube_uid"
check_console_logs "$pod_container"
[ "$(iso_downloads)" = $((downloads_before + 1)) ] || fail "the pod did not download the ISO exactly once"
podman pod restart assisted-image-service-pod-0 > /dev/null
await_health "$pod_container"
check_image_routes "$base" "$image_id" "$openshift_version" "$work/kube-second"
[ "$(iso_downloads)" = $((downloads_before + 1)) ] || fail "the restarted pod downloaded the ISO again"
echo "test-container: the restarted pod reused its emptyDir volume"
podman kube down "$work/kube.yaml" > "$work/kube-down.log" 2>&1  # podman logs that no systemd removes healthcheck timers
echo "test-container: OK ($((SECONDS - started)) s)"
