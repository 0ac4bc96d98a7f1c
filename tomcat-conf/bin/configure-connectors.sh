#!/bin/sh
# Writes $CATALINA_BASE/conf/server.xml from tomcat-conf/server.xml and the connector snippets,
# following upstream's listener rules (docs/upstream-behaviour.md#listeners):
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
# The HTTPS connector follows the cluster's TLS profile, as upstream (docs/upstream-behaviour.md#tls-profile):
#   TLS_MIN_VERSION   VersionTLS10 | VersionTLS11 | VersionTLS12 | VersionTLS13 (Go's names; default VersionTLS12)
#                     -> SSLHostConfig protocols: that version and every later one up to TLS 1.3
#   TLS_CIPHER_SUITES comma-separated IANA names of Go's TLS 1.0-1.2 suites -> SSLHostConfig ciphers; as in Go the
#                     list governs TLS 1.2 and below only, the three TLS 1.3 suites stay enabled. Unset: Tomcat's
#                     default cipher list.
# PROBE_LISTEN_PORT, when set, adds connectors/probes.xml: a plain HTTP connector of its own (own acceptor, poller and
# a few platform threads) on which the application answers only /live, /health and /metrics, so that no number of
# downloads on the other connectors can starve the probes. It must differ from the ports of the other connectors.
# ACCESS_LOG (file or stdout; default file) is where the access log valve of server.xml writes: file is
# logs/access.<date>.log, rotated daily and never deleted; stdout is the JVM's standard output (/proc/self/fd/1, one
# unbuffered write a line), which a container platform collects and rotates, so that no log grows in the container's
# small /tmp (the image sets stdout).
# An invalid value stops the start with one line naming the variable, whether or not HTTPS is configured.
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
case "${ACCESS_LOG:-file}" in
  file) access_log='directory="logs" prefix="access" suffix=".log"' ;;
  stdout) access_log='directory="/proc/self/fd" prefix="1" suffix="" rotatable="false" buffered="false"' ;;
  *) echo "configure-connectors.sh: ACCESS_LOG=\"$ACCESS_LOG\" is not file or stdout" >&2; exit 1 ;;
esac
protocols() {
  case "$1" in
    VersionTLS10) echo "TLSv1+TLSv1.1+TLSv1.2+TLSv1.3" ;;
    VersionTLS11) echo "TLSv1.1+TLSv1.2+TLSv1.3" ;;
    VersionTLS12) echo "TLSv1.2+TLSv1.3" ;;
    VersionTLS13) echo "TLSv1.3" ;;
    *) echo "configure-connectors.sh: TLS_MIN_VERSION=\"$1\" is not one of VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13" >&2
       exit 1 ;;
  esac
}

# Go's crypto/tls suites for TLS 1.0-1.2 (CipherSuites() and InsecureCipherSuites()), by IANA name.
GO_SUITES=" TLS_RSA_WITH_AES_128_CBC_SHA TLS_RSA_WITH_AES_256_CBC_SHA TLS_RSA_WITH_AES_128_GCM_SHA256
 TLS_RSA_WITH_AES_256_GCM_SHA384 TLS_RSA_WITH_AES_128_CBC_SHA256 TLS_RSA_WITH_RC4_128_SHA TLS_RSA_WITH_3DES_EDE_CBC_SHA
 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 TLS_ECDHE_ECDSA_WITH_RC4_128_SHA TLS_ECDHE_RSA_WITH_RC4_128_SHA
 TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA "
TLS13_SUITES="TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256"

ciphers() {
  list=""
  rest="$1,"
  while [ -n "$rest" ]; do
    name=${rest%%,*}
    rest=${rest#*,}
    name=$(echo "$name" | tr -d ' \t')
    case "$GO_SUITES" in
      *" $name"[[:space:]]*) list="$list${list:+,}$name" ;;
      *) bad_suite "$1" "\"$name\"" ;;
    esac
  done
  echo "$list"
}

bad_suite() {
  echo "configure-connectors.sh: TLS_CIPHER_SUITES=\"$1\": $2 is not the IANA name of a TLS 1.0-1.2 cipher suite" >&2
  exit 1
}

tls_protocols=$(protocols "${TLS_MIN_VERSION:-VersionTLS12}")
if [ -n "${TLS_CIPHER_SUITES:-}" ]; then
  tls_ciphers=$(ciphers "$TLS_CIPHER_SUITES")
  case "$tls_protocols" in
    *TLSv1.3*) tls_ciphers="$tls_ciphers,$TLS13_SUITES" ;;
  esac
else
  tls_ciphers="HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!kRSA"
fi

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

probe_port=""
if [ -n "${PROBE_LISTEN_PORT:-}" ]; then
  probe_port=$(port PROBE_LISTEN_PORT "$PROBE_LISTEN_PORT")
  if [ "$probe_port" = "$https_port" ] || [ "$probe_port" = "$http_port" ]; then
    echo "configure-connectors.sh: PROBE_LISTEN_PORT=\"$probe_port\" is the port of another connector" >&2
    exit 1
  fi
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if [ -n "$https_port" ]; then
  sed -e "s/\${HTTPS_CONNECTOR_PORT}/$https_port/g" -e "s/\${USE_VIRTUAL_THREADS}/$virtual/g" \
    -e "s/\${TLS_PROTOCOLS}/$tls_protocols/g" -e "s/\${TLS_CIPHERS}/$tls_ciphers/g" \
    "$src/connectors/https.xml" >> "$tmp"
fi
if [ -n "$http_port" ]; then
  sed -e "s/\${HTTP_CONNECTOR_PORT}/$http_port/g" -e "s/\${USE_VIRTUAL_THREADS}/$virtual/g" \
    "$src/connectors/http.xml" >> "$tmp"
fi
if [ -n "$probe_port" ]; then
  sed -e "s/\${PROBE_CONNECTOR_PORT}/$probe_port/g" "$src/connectors/probes.xml" >> "$tmp"
fi
sed -e "/<!-- CONNECTORS -->/r $tmp" -e "/<!-- CONNECTORS -->/d" \
  -e "s|directory=\"logs\" prefix=\"access\" suffix=\".log\"|$access_log|" "$src/server.xml" > "$out"
echo "HTTP_CONNECTOR_PORT=$http_port HTTPS_CONNECTOR_PORT=$https_port PROBE_CONNECTOR_PORT=$probe_port" \
  "USE_VIRTUAL_THREADS=$virtual" \
  "ACCESS_LOG=${ACCESS_LOG:-file}"
