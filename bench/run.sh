#!/usr/bin/env bash
# Throughput, latency and footprint of the service in a real Tomcat against nginx on the same
# machine, in one run (docs/benchmarks.md). Needs: JDK 17, Maven, nginx, xorriso (Debian:
# apt-get install nginx xorriso). Everything is written below target/bench; the base ISO
# (about 1.1 GiB) is built once and reused.
#
#   bench/run.sh [--port-base P] [--reps N] [--phases throughput,ranges,...] [--jfr] [--param NAME=VALUE]
#
# Set BENCH_SKIP_BUILD=1 to reuse target/assisted-image-service.war; MVN_ARGS is passed to Maven (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in nginx xorriso java javac jar; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not on PATH (Debian: apt-get install nginx xorriso)" >&2; exit 1; }
done

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # package builds the WAR, compiles the test classes (stand-in, ISO builder) and unpacks Tomcat.
  mvn -B -q ${MVN_ARGS:-} -DskipTests package
fi

work=target/bench
tomcat_lib=target/tomcat/apache-tomcat-11.0.25/lib
rm -rf "$work/classes" "$work/plain"
mkdir -p "$work/classes" "$work/plain/WEB-INF/classes"

javac -d "$work/classes" -cp target/test-classes:target/classes $(find bench/src -name '*.java')
javac -d "$work/plain/WEB-INF/classes" -cp "$tomcat_lib/servlet-api.jar" $(find bench/plain/src -name '*.java')
cp bench/plain/WEB-INF/web.xml "$work/plain/WEB-INF/"
(cd "$work/plain" && jar cf ../plain.war .)

# The JDK HttpServer behind the stand-in delays small responses (Nagle) unless told otherwise.
exec java -Xmx1g -XX:MaxDirectMemorySize=1g -Dsun.net.httpserver.nodelay=true -cp "$work/classes:target/test-classes:target/classes" \
  org.assisted.imageservice.bench.BenchMain "$@"
