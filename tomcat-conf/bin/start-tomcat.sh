#!/bin/sh
# The container's start command: writes server.xml's connectors (configure-connectors.sh) into a writable
# directory and runs Tomcat in the foreground with that file, so nothing is written below CATALINA_HOME and the
# root filesystem can be read-only (OpenShift's readOnlyRootFilesystem).
#   TOMCAT_RUNTIME_DIR (default /tmp/tomcat) receives server.xml and the logs/, temp/ and work/ directories that
#   the image's $CATALINA_HOME/logs, temp and work link to.
# Arguments are passed to catalina.sh after "run -config <server.xml>".
set -eu
conf=$(cd "$(dirname "$0")/.." && pwd)
runtime=${TOMCAT_RUNTIME_DIR:-/tmp/tomcat}
mkdir -p "$runtime/logs" "$runtime/temp" "$runtime/work"
"$conf/bin/configure-connectors.sh" "$conf" "$runtime/server.xml"
exec catalina.sh run -config "$runtime/server.xml" "$@"
