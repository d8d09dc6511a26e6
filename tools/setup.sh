#!/usr/bin/env bash
# Installs the Debian packages Landscape needs to build and test. Idempotent: when every
# package is present it installs nothing and makes no network call.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  librocksdb-dev libboost-graph-dev nlohmann-json3-dev doctest-dev libcli11-dev
  libutf8proc-dev libfmt-dev libxxhash-dev libsqlite3-dev faketime
  # The reliability campaign (tools/reliability/): libFuzzer targets, I/O fault injection.
  clang libclang-rt-14-dev libfiu-dev
  # The Python module (python/) and its tests, for Debian's /usr/bin/python3; NetworkX also
  # serves the differential graph tests.
  pybind11-dev python3-dev python3-pandas python3-pytest python3-networkx
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
fi
