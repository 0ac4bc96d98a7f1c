#!/bin/sh
# Writes $CATALINA_BASE/conf/server.xml from tomcat-conf/server.xml and the connector snippets,
# following upstream's listener rules (spec http-api.md §8):
#   cert+key set, HTTP_LISTEN_PORT empty -> HTTPS on LISTEN_PORT
#   cert+key set, HTTP_LISTEN_PORT set   -> HTTPS on LISTEN_PORT and HTTP on HTTP_LISTEN_PORT
#   no cert/key,  HTTP_LISTEN_PORT empty -> HTTP on LISTEN_PORT
#   no cert/key,  HTTP_LISTEN_PORT set   -> HTTP on HTTP_LISTEN_PORT only
# Usage: configure-connectors.sh <tomcat-conf dir> <output server.xml>
set -eu
src=$1
out=$2
listen=${LISTEN_PORT:-8080}
snippets=""
if [ -n "${HTTPS_CERT_FILE:-}" ] && [ -n "${HTTPS_KEY_FILE:-}" ]; then
  export HTTPS_CONNECTOR_PORT="$listen"
  snippets="$src/connectors/https.xml"
  if [ -n "${HTTP_LISTEN_PORT:-}" ]; then
    export HTTP_CONNECTOR_PORT="$HTTP_LISTEN_PORT"
    snippets="$snippets $src/connectors/http.xml"
  fi
else
  export HTTP_CONNECTOR_PORT="${HTTP_LISTEN_PORT:-$listen}"
  snippets="$src/connectors/http.xml"
fi
tmp=$(mktemp)
# shellcheck disable=SC2086
cat $snippets > "$tmp"
sed -e "/<!-- CONNECTORS -->/r $tmp" -e "/<!-- CONNECTORS -->/d" "$src/server.xml" > "$out"
rm -f "$tmp"
echo "HTTP_CONNECTOR_PORT=${HTTP_CONNECTOR_PORT:-} HTTPS_CONNECTOR_PORT=${HTTPS_CONNECTOR_PORT:-}"
