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

# The differential graph tests compare against NetworkX, with whichever python3 has it.
has_networkx() {
  local py
  for py in python3 /usr/bin/python3; do
    command -v "$py" >/dev/null 2>&1 && "$py" -c 'import networkx' 2>/dev/null && return 0
  done
  return 1
}
if ! has_networkx; then
  echo "setup: installing python3-networkx" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    python3-networkx >&2
fi
