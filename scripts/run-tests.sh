#!/usr/bin/env bash
# Runs every CTest test of each build directory given, one directory after the other.
# Usage: scripts/run-tests.sh BUILD_DIR [BUILD_DIR...]
set -euo pipefail
status=0
for dir in "$@"; do
  echo "== tests in $dir"
  ctest --test-dir "$dir" --output-on-failure -j2 --timeout 600 || status=1
done
exit $status
