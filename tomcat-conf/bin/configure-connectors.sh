#!/bin/sh
# Writes $CATALINA_BASE/conf/server.xml from tomcat-conf/server.xml and the connector snippets,
# following upstream's listener rules (spec http-api.md §8):
#   cert+key set, HTTP_LISTEN_PORT empty -> HTTPS on LISTEN_PORT
#   cert+key set, HTTP_LISTEN_PORT set   -> HTTPS on LISTEN_PORT and HTTP on HTTP_LISTEN_PORT
#   no cert/key,  HTTP_LISTEN_PORT empty -> HTTP on LISTEN_PORT
#   no cert/key,  HTTP_LISTEN_PORT set   -> HTTP on HTTP_LISTEN_PORT only
# The ports are written into server.xml: this script runs in its own process, so variables it
# exported would not reach Tomcat. HTTPS_CERT_FILE, HTTPS_KEY_FILE, MAX_THREADS and CONNECTION_TIMEOUT_MS stay
# ${...} references that Tomcat resolves from its environment. The application derives the same table from the same
# variables (it needs to know whether plain HTTP must be restricted).
# VIRTUAL_THREADS (auto, true or false; default auto) sets the connectors' useVirtualThreads: auto turns them on
# when the JVM catalina.sh will start ($JRE_HOME, else $JAVA_HOME, else java on PATH) is Java 24 or later. From 24 on a
# virtual thread that waits in Tomcat's blocking socket write (Object.wait inside synchronized) releases its carrier
# (JEP 491); on 21-23 it would pin it, so a few slow clients could stall every request.
# Usage: configure-connectors.sh <tomcat-conf dir> <output server.xml>
set -eu
src=$1
out=$2
listen=${LISTEN_PORT:-8080}

port() {
  case "$2" in
    ''|*[!0-9]*) echo "configure-connectors.sh: $1=\"$2\" is not a port number" >&2; exit 1 ;;
  esac
  echo "$2"
}

java_feature_version() {
  java=java
  if [ -n "${JRE_HOME:-}" ]; then
    java="$JRE_HOME/bin/java"
  elif [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"
  fi
  "$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

case "${VIRTUAL_THREADS:-auto}" in
  true|false) virtual=$VIRTUAL_THREADS ;;
  auto)
    feature=$(java_feature_version)
    if [ -n "$feature" ] && [ "$feature" -ge 24 ]; then virtual=true; else virtual=false; fi ;;
  *) echo "configure-connectors.sh: VIRTUAL_THREADS=\"$VIRTUAL_THREADS\" is not auto, true or false" >&2; exit 1 ;;
esac

https_port=""
http_port=""
if [ -n "${HTTPS_CERT_FILE:-}" ] && [ -n "${HTTPS_KEY_FILE:-}" ]; then
  https_port=$(port LISTEN_PORT "$listen")
  if [ -n "${HTTP_LISTEN_PORT:-}" ]; then
    http_port=$(port HTTP_LISTEN_PORT "$HTTP_LISTEN_PORT")
  fi
elif [ -n "${HTTP_LISTEN_PORT:-}" ]; then
  http_port=$(port HTTP_LISTEN_PORT "$HTTP_LISTEN_PORT")
else
  http_port=$(port LISTEN_PORT "$listen")
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if [ -n "$https_port" ]; then
  sed -e "s/\${HTTPS_CONNECTOR_PORT}/$https_port/g" -e "s/\${USE_VIRTUAL_THREADS}/$virtual/g" \
    "$src/connectors/https.xml" >> "$tmp"
fi
if [ -n "$http_port" ]; then
  sed -e "s/\${HTTP_CONNECTOR_PORT}/$http_port/g" -e "s/\${USE_VIRTUAL_THREADS}/$virtual/g" \
    "$src/connectors/http.xml" >> "$tmp"
fi
sed -e "/<!-- CONNECTORS -->/r $tmp" -e "/<!-- CONNECTORS -->/d" "$src/server.xml" > "$out"
echo "HTTP_CONNECTOR_PORT=$http_port HTTPS_CONNECTOR_PORT=$https_port USE_VIRTUAL_THREADS=$virtual"
