#!/usr/bin/env bash
# The fuzz campaign: builds the libFuzzer targets with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on), seeds each corpus from the bundled and test data, and runs
# every target for SECONDS, JOBS targets at a time. Exits non-zero on any crash, leak or
# sanitizer report; the reproducer is left in BUILD_DIR/findings/.
# Usage: tools/reliability/fuzz.sh [SECONDS] [JOBS] [BUILD_DIR]
# FUZZ_TARGETS="money_date_fuzzer graph_image_fuzzer" runs only those targets (all four by default).
# The seeds are made with the gcc-built `landscape` ($LANDSCAPE_BIN, default build/tools/landscape;
# clang 14 with gcc 12's library does not compile the query library, and the targets need none).
# The suite (tools/test.sh) runs it for a few seconds per target; docs/reliability.md has the
# long-run figures.
set -euo pipefail
seconds=${1:-10}
jobs=${2:-1}
build=${3:-build-fuzz}
cd "$(dirname "$0")/../.."
root=$PWD
landscape=${LANDSCAPE_BIN:-build/tools/landscape}
if [[ ! -x $landscape ]]; then
  echo "fuzz.sh: $landscape is missing; build it first (cmake -S . -B build && cmake --build build)" >&2
  exit 2
fi

# -O1 with line tables only, as OSS-Fuzz builds its targets: reports keep file:line, and the
# build takes a third of the time it takes at -O2 with full debug information.
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLANDSCAPE_FUZZ=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
  -DLANDSCAPE_BUILD_TESTS=OFF -DLANDSCAPE_BUILD_BENCHMARKS=OFF >/dev/null
all_targets=(document_reader_fuzzer json_lines_reader_fuzzer money_date_fuzzer graph_image_fuzzer)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || {
    echo "fuzz.sh: unknown target '$target'; the targets are ${all_targets[*]}" >&2
    exit 2
  }
done
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"

# Seeds: the bundled dataset and the query-case documents; their line-delimited exports; the
# graph image of each; and every amount and date they hold.
seeds=$build/seeds
rm -rf "$seeds" "$build/findings"
mkdir -p "$seeds"/{document_reader_fuzzer,json_lines_reader_fuzzer,money_date_fuzzer,graph_image_fuzzer} \
  "$build/findings"
for doc in data/*.json tests/cases/data/*.json; do
  name=$(basename "$doc" .json)
  cp "$doc" "$seeds/document_reader_fuzzer/$name.json"
  store=$(mktemp -d)
  if "$landscape" --db "$store/db" import "$doc" >/dev/null 2>&1; then
    "$landscape" --db "$store/db" export --jsonl >"$seeds/json_lines_reader_fuzzer/$name.jsonl"
    [[ -f $store/db/graph.image ]] && cp "$store/db/graph.image" "$seeds/graph_image_fuzzer/$name.image"
  fi
  rm -rf "$store"
done
# The line-delimited case data as it is (a schema record midway, errors on many lines).
cp tests/cases/data/*.jsonl "$seeds/json_lines_reader_fuzzer/"
grep -ohE '"[^"]*"' data/*.json tests/cases/data/*.json |
  grep -E '[0-9]' | grep -E '^"([~$¥€£]|[0-9])' | sort -u | head -400 |
  while IFS= read -r quoted; do
    value=${quoted:1:${#quoted}-2}
    printf '%s' "$value" >"$seeds/money_date_fuzzer/$(printf '%s' "$value" | md5sum | cut -c1-16)"
  done

run_target() {
  local target=$1 corpus=$build/corpus/$1
  mkdir -p "$corpus"
  local log=$build/findings/$target.log
  # -rss_limit_mb: the import limits allow a 16 MiB line; libFuzzer's inputs stay far below.
  local TIMEFORMAT='%U %S' status=0
  { time "$build/tools/reliability/fuzz/$target" "$corpus" "$seeds/$target" \
    -max_total_time="$seconds" -artifact_prefix="$root/$build/findings/$target-" \
    -print_final_stats=1 >"$log" 2>&1 || status=$?; } 2>"$log.cpu"
  if ((status == 0)); then
    local cpu_minutes
    cpu_minutes=$(awk '{printf "%.1f", ($1 + $2) / 60}' "$log.cpu")
    echo "$target: ok, $(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" |
      grep -oE '[0-9]+$') runs in ${seconds} s (${cpu_minutes} CPU-min), corpus" \
      "$(ls "$corpus" | wc -l) inputs, 0 sanitizer reports"
  else
    echo "$target: FAILED; see $log" >&2
    tail -40 "$log" >&2
    return 1
  fi
}

# The reader targets make a directory per input (the importer's spill directory): in memory.
[[ -d /dev/shm && -w /dev/shm ]] && export TMPDIR=/dev/shm
status=0
pids=()
for target in "${targets[@]}"; do
  run_target "$target" &
  pids+=($!)
  if ((${#pids[@]} >= jobs)); then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
