#!/bin/bash
# The reader-isolation campaign: readers loop `export` and `check` beside a writer of small
# imports and `add`s, and every read must show each change whole or not at all. The suite runs
# it with 40 changes; this runs it with more (default 300, about 1,200 reads) and prints the
# counts. Usage: tools/reliability/reader_isolation.sh [CHANGES] [BUILD_DIR]
set -euo pipefail
changes=${1:-300}
build=${2:-build}
cd "$(dirname "$0")/../.."
LANDSCAPE_ISOLATION_CHANGES=$changes "$build/tests/tools/cli_tests" \
  -tc="cli concurrency: readers beside a writer of small changes see each change whole" -s |
  grep -E "exports and|part of a change|check beside|Status|assertions"
