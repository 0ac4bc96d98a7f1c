#!/bin/sh
# Writes $CATALINA_BASE/conf/server.xml from tomcat-conf/server.xml and the connector snippets,
# following upstream's listener rules (spec http-api.md §8):
#   cert+key set, HTTP_LISTEN_PORT empty -> HTTPS on LISTEN_PORT
#   cert+key set, HTTP_LISTEN_PORT set   -> HTTPS on LISTEN_PORT and HTTP on HTTP_LISTEN_PORT
#   no cert/key,  HTTP_LISTEN_PORT empty -> HTTP on LISTEN_PORT
#   no cert/key,  HTTP_LISTEN_PORT set   -> HTTP on HTTP_LISTEN_PORT only
# The chosen port numbers are written into server.xml: this script runs as a child of the shell that
# then starts Tomcat, so variables it exported would never reach Tomcat. Other ${...} placeholders
# (certificate files, MAX_THREADS) stay for Tomcat to resolve from the environment.
# Usage: configure-connectors.sh <tomcat-conf dir> <output server.xml>
set -eu
src=$1
out=$2
listen=${LISTEN_PORT:-8080}
http_port=""
https_port=""
snippets=""
if [ -n "${HTTPS_CERT_FILE:-}" ] && [ -n "${HTTPS_KEY_FILE:-}" ]; then
  https_port=$listen
  snippets="$src/connectors/https.xml"
  if [ -n "${HTTP_LISTEN_PORT:-}" ]; then
    http_port=$HTTP_LISTEN_PORT
    snippets="$snippets $src/connectors/http.xml"
  fi
else
  http_port=${HTTP_LISTEN_PORT:-$listen}
  snippets="$src/connectors/http.xml"
fi
for port in $http_port $https_port; do
  case $port in
    ''|*[!0-9]*) echo "configure-connectors.sh: port '$port' is not a number" >&2; exit 1 ;;
  esac
done
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# shellcheck disable=SC2086
cat $snippets | sed -e "s/\${HTTP_CONNECTOR_PORT}/$http_port/g" -e "s/\${HTTPS_CONNECTOR_PORT}/$https_port/g" > "$tmp"
sed -e "/<!-- CONNECTORS -->/r $tmp" -e "/<!-- CONNECTORS -->/d" "$src/server.xml" > "$out"
echo "configure-connectors.sh: HTTP port ${http_port:-none}, HTTPS port ${https_port:-none}"
