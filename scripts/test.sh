#!/usr/bin/env bash
# The whole test suite: unit tests, then the WAR deployed into a real Tomcat 11 (Arquillian), then README's run
# command (scripts/run-local.sh) started on spare ports and checked with a download, then the container image
# built and run as OpenShift runs it (scripts/test-container.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-tools.sh
mvn -B -ntp verify "$@"
scripts/smoke-run-local.sh "$@"
scripts/test-container.sh "$@"
