#!/usr/bin/env bash
# Makes `import landscape` work with Debian's /usr/bin/python3: installs what is missing, builds
# the module (python/) and installs it where that python3 finds local packages
# (/usr/local/lib/python3.11/dist-packages/landscape). Run it again after pulling changes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLANDSCAPE_WERROR=ON \
  -DLANDSCAPE_BUILD_PYTHON=ON >/dev/null
cmake --build build -j"$(nproc)" --target _landscape landscape
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" cmake --install build --component python >/dev/null
cd /
/usr/bin/python3 -c 'import landscape; print("python3: import landscape →", landscape.__file__)'
