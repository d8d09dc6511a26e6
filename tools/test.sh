#!/usr/bin/env bash
# Every test: install what is missing, build, run the suite under ctest (the C++ suites, the
# query cases and the Python module's pytest suite), then again with the system clock shifted a
# year back and a year ahead (libfaketime: no answer may depend on the day it is asked; the long
# tests that never read the clock are left out there); then the
# same suite built with AddressSanitizer and UndefinedBehaviorSanitizer (the Python module is off
# there); then a short run of the reliability campaign (tools/reliability/: I/O faults, kill -9
# cycles, libFuzzer targets), whose long runs docs/reliability.md reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
jobs=$(nproc)
# The clock-shifted runs leave out the long tests that never read the clock (graph algorithms
# against NetworkX, readers and writers killed or racing, the benchmark's cross-check): what
# they check cannot change with the date, and they are most of the suite's time.
clock_free='agree with NetworkX|cli concurrency|market benchmark'
for variant in build:OFF build-asan:ON; do
  dir=${variant%%:*}
  sanitize=${variant##*:}
  echo "== ${dir} (sanitizers ${sanitize})"
  # Line tables only (-g1): reports and backtraces keep file:line, and the build takes half the
  # time; under the sanitizers -O1 as well, as OSS-Fuzz builds, a third of the time at -O2.
  optimize=-O2
  [[ $sanitize == ON ]] && optimize=-O1
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLANDSCAPE_SANITIZE="$sanitize" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$optimize -g1 -DNDEBUG" \
    -DLANDSCAPE_WERROR=ON -DLANDSCAPE_BUILD_TESTS=ON -DLANDSCAPE_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build "$dir" -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1 ctest --test-dir "$dir" -j"$jobs" --output-on-failure
  if [[ $sanitize == OFF ]]; then
    for shift in -365d +365d; do
      echo "== ${dir} with the clock shifted ${shift}"
      faketime -f "$shift" ctest --test-dir "$dir" -j"$jobs" --output-on-failure -E "$clock_free"
    done
  fi
done
echo "== reliability campaign, short run"
/usr/bin/python3 tools/reliability/fault_injection.py --build build --limit 12
/usr/bin/python3 tools/reliability/kill_loop.py --build build --cycles 12
bash tools/reliability/fuzz.sh 10 "$jobs" build-fuzz
