#!/usr/bin/env bash
# The main job: install what is missing, build, load the bundled dataset into a fresh store
# and print DeepSeek's card.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLANDSCAPE_WERROR=ON -DLANDSCAPE_BUILD_TESTS=OFF \
  -DLANDSCAPE_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target landscape >/dev/null
store=$(mktemp -d)/demo.db
trap 'rm -rf "$(dirname "$store")"' EXIT
./build/tools/landscape --db "$store" import data/deepseek.json
./build/tools/landscape --db "$store" show DeepSeek
echo
./build/tools/landscape --db "$store" compare DeepSeek "Moonshot AI" Baidu
