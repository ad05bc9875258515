#!/usr/bin/env bash
# Installs the Debian 12 packages sessiond needs to build, test and benchmark.
# Idempotent and quick: when every package is present it only checks and exits.
# Why each package: docs/dependencies.md.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake make pkg-config ccache
  # libraries
  libboost-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libhowardhinnant-date-dev
  libtomlplusplus-dev libcli11-dev libspdlog-dev libssl-dev tzdata
  # RFC 5545 recurrence rules (the recurring sessions family)
  libical-dev
  # tests: GoogleTest, a real PostgreSQL server started by scripts/with-postgres, and clang's
  # libFuzzer runtime for the fuzz targets
  libgtest-dev postgresql clang libclang-rt-14-dev
  # benchmarks: Google Benchmark, wrk (pgbench ships with postgresql)
  libbenchmark-dev wrk
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing packages and not root; run: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
