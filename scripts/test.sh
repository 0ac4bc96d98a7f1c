#!/usr/bin/env bash
# The whole test suite: unit tests, then the WAR deployed into a real Tomcat 11 (Arquillian).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-tools.sh
exec mvn -B -ntp verify "$@"
