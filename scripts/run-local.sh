#!/usr/bin/env bash
# Runs the service for real on this machine, with no internet access needed beyond Maven Central:
#   1. builds the WAR,
#   2. writes a small sample RHCOS-layout ISO in pure Java and starts a stand-in assisted-service
#      (test class org.assisted.imageservice.testsupport.DemoEnvironment),
#   3. runs the WAR as ROOT in a real Tomcat 11 (mvn cargo:run), configured through the environment.
# Ctrl-C stops everything. Arguments are passed to every mvn call (e.g. -o to stay offline).
# Ports: DEMO_HTTP_PORT (8080), DEMO_SHUTDOWN_PORT (8005), DEMO_AJP_PORT (8009), DEMO_ASSISTED_PORT (8090).
set -euo pipefail
cd "$(dirname "$0")/.."

http_port=${DEMO_HTTP_PORT:-8080}
shutdown_port=${DEMO_SHUTDOWN_PORT:-8005}
ajp_port=${DEMO_AJP_PORT:-8009}
assisted_port=${DEMO_ASSISTED_PORT:-8090}
# 4.17: the sample rootfs holds no nmstatectl, which the service extracts for OpenShift 4.18 and later
openshift_version=4.17
rhcos_version=417.94.202410090854-0
kernel_bytes=$((1024 * 1024))
rootfs_bytes=$((4 * 1024 * 1024))
run_dir=$PWD/target/run
iso=$run_dir/rhcos-$rhcos_version-live.x86_64.iso
mvn=(mvn -B -ntp "$@")

mkdir -p "$run_dir"
echo "==> Building the WAR (mvn package, tests skipped)"
"${mvn[@]}" -q -DskipTests package
"${mvn[@]}" -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$run_dir/classpath.txt"

standin_pid=""
announcer_pid=""
cleanup() {
  trap - EXIT INT TERM
  for pid in $announcer_pid $standin_pid; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Writing the sample ISO and starting the stand-in assisted-service on 127.0.0.1:$assisted_port"
java -cp "target/test-classes:target/classes:$(cat "$run_dir/classpath.txt")" \
  org.assisted.imageservice.testsupport.DemoEnvironment \
  "$assisted_port" "$iso" "rhcos-$rhcos_version" "$kernel_bytes" "$rootfs_bytes" > "$run_dir/stand-in.log" 2>&1 &
standin_pid=$!
scripts/await-log-line.sh "$run_dir/stand-in.log" '^DEMO ENVIRONMENT READY$' "$standin_pid" 180 \
  "the stand-in assisted-service did not start (port $assisted_port taken? set DEMO_ASSISTED_PORT)"
cat "$run_dir/stand-in.log"

# The service's configuration (README.md lists every variable); Tomcat inherits it from Maven.
rm -rf "$run_dir/data" "$run_dir/tmp"
mkdir -p "$run_dir/data" "$run_dir/tmp"
export ASSISTED_SERVICE_SCHEME=http
export ASSISTED_SERVICE_HOST=127.0.0.1:$assisted_port
export DATA_DIR=$run_dir/data
export DATA_TEMP_DIR=$run_dir/tmp
export IMAGE_SERVICE_BASE_URL=http://localhost:$http_port
export OS_IMAGES='[{"openshift_version":"'$openshift_version'","cpu_architecture":"x86_64","url":"file://'$iso'","version":"'$rhcos_version'"}]'
export MIN_KERNEL_SIZE=$kernel_bytes
export MIN_ROOTFS_SIZE=$rootfs_bytes
export OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS=1

base=http://localhost:$http_port
image_id=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || echo 11111111-2222-4333-8444-555555555555)
healthy() {  # GET /health answers 200 (bash's /dev/tcp: works without curl)
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$http_port" || return 1
  printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  read -r _ status _ <&3 || true
  exec 3>&-
  [ "$status" = 200 ]
}
(
  for _ in $(seq 1 240); do
    if healthy 2>/dev/null; then
      cat <<EOF

==> assisted-image-service is ready on $base (Ctrl-C stops Tomcat and the stand-in). Try:
    curl -o discovery.iso '$base/images/$image_id?version=$openshift_version&type=full-iso'
    curl -o discovery.iso '$base/byid/$image_id/$openshift_version/x86_64/full.iso'
    curl -I '$base/images/$image_id?version=$openshift_version&type=full-iso'
    curl -r 0-2047 -o first-sector.bin '$base/images/$image_id?version=$openshift_version&type=full-iso'
    curl $base/health; curl $base/metrics
  Any image id works (the stand-in answers every id); the served ISO carries the stand-in's ignition
  in images/ignition.img and the kernel argument assisted.demo=1 in its boot configurations.

EOF
      exit 0
    fi
    sleep 0.5
  done
  echo "==> $base/health did not answer 200 within 120 s; see the Tomcat output above" >&2
) &
announcer_pid=$!

echo "==> Starting Tomcat on port $http_port (mvn cargo:run)"
"${mvn[@]}" cargo:run -Drun.http.port="$http_port" -Drun.shutdown.port="$shutdown_port" -Drun.ajp.port="$ajp_port"
