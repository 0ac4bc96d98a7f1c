#!/usr/bin/env bash
# Builds a local stand-in for the official Tomcat base image, for machines that reach no container registry:
# Debian 13 (trixie) with openjdk-25-jre-headless (mmdebstrap from the Debian mirror) and Apache Tomcat from
# Maven Central, laid out and permissioned as the official `tomcat` image: CATALINA_HOME=/usr/local/tomcat on
# PATH, owned by root, world-readable, logs/ temp/ work/ mode 1777, the default web applications in
# webapps.dist/ and an empty webapps/, no *.bat files, WORKDIR CATALINA_HOME, CMD catalina.sh run.
#   scripts/container-base.sh <image name>     e.g. localhost/tomcat-standin:11.0.25-jre25
# The root filesystem (a directory) is kept in $PODMAN_WORK (see podman-env.sh) and reused while this script and the Tomcat
# version are unchanged. Needs root (mmdebstrap's root mode), mmdebstrap, podman and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/podman-env.sh
image=$1
tomcat_version=$(sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' pom.xml)
key=$( (cat scripts/container-base.sh; echo "$tomcat_version") | sha256sum | cut -c1-16)
rootfs=$PODMAN_WORK/base-$key
if [ ! -d "$rootfs" ]; then
  rm -rf "$rootfs.partial"
  mvn -B -ntp -q ${MVN_ARGS:-} dependency:copy -Dartifact="org.apache.tomcat:tomcat:$tomcat_version:tar.gz" \
    -DoutputDirectory="$PODMAN_WORK"
  mmdebstrap --variant=apt --include=openjdk-25-jre-headless \
    --customize-hook="mkdir -p \"\$1/usr/local/tomcat\" && tar -xzf '$PODMAN_WORK/tomcat-$tomcat_version.tar.gz' \
      -C \"\$1/usr/local/tomcat\" --strip-components=1 --no-same-owner" \
    --customize-hook='cd "$1/usr/local/tomcat" && rm -f bin/*.bat && mv webapps webapps.dist && mkdir webapps \
      && chown -R 0:0 . && chmod -R a+rX . && chmod 1777 logs temp work' \
    trixie "$rootfs.partial" http://deb.debian.org/debian
  mv "$rootfs.partial" "$rootfs"
fi
podman import --quiet \
  --change 'ENV CATALINA_HOME=/usr/local/tomcat' \
  --change 'ENV PATH=/usr/local/tomcat/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'WORKDIR /usr/local/tomcat' \
  --change 'EXPOSE 8080' \
  --change 'CMD ["catalina.sh", "run"]' \
  - "$image" < <(tar -C "$rootfs" -cf - .) > /dev/null
echo "container-base: $image (Debian trixie, openjdk-25-jre-headless, Tomcat $tomcat_version)"
