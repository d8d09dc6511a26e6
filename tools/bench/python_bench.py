#!/usr/bin/python3
"""The Python module's speed (issue 10), as a script keeps the store open: warm figures.

1. Q1 of docs/benchmark-operations.md (`investors ID`) from Python, against the same call
   from C++ (landscape_front_door_bench) on the same store and ids: median per call, and the
   ratio. Python is timed twice: the call (the answer as a Table) and the call with
   `records()` (every cell a Python value).
2. `to_pandas()` of a table of at least 10^5 rows (`entities("funding_round")`), median of
   --runs, the query itself not included.

Usage: PYTHONPATH=build/python /usr/bin/python3 tools/bench/python_bench.py \
           --store STORE [--companies 50] [--runs 5] [--build build]
STORE: a store of the generated market (landscape_generate, then landscape import), such as
the 10^6 one of docs/performance.md.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import landscape


def median_micros(calls, runs):
    samples = []
    for _ in range(runs):
        for call in calls:
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--companies", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", default="build")
    args = parser.parse_args()

    db = landscape.open(args.store)
    companies = [row[0] for row in db.entities("company")]
    step = max(1, len(companies) // args.companies)
    ids = companies[::step][: args.companies]

    with tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False) as f:
        f.write("\n".join(ids) + "\n")
        ids_file = f.name
    try:
        cpp = subprocess.run(
            [os.path.join(args.build, "tools/bench/landscape_front_door_bench"), args.store,
             ids_file, str(args.runs)], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(ids_file)
    cpp_micros = float(cpp.split()[0])

    for company in ids:  # warm, as the C++ side does
        db.investors(company).records()
    call = median_micros([lambda c=c: db.investors(c) for c in ids], args.runs)
    values = median_micros([lambda c=c: db.investors(c).records() for c in ids], args.runs)

    rounds = db.entities("funding_round")
    frames = []
    for _ in range(args.runs):
        start = time.perf_counter()
        frame = rounds.to_pandas()
        frames.append(time.perf_counter() - start)
    print(f"Q1 investors, {len(ids)} companies x {args.runs} runs, median per call:")
    print(f"  C++ front door          {cpp_micros:9.1f} us")
    print(f"  Python, Table           {call:9.1f} us   {call / cpp_micros:.2f}x C++")
    print(f"  Python, records()       {values:9.1f} us   {values / cpp_micros:.2f}x C++")
    print(f"to_pandas() of {len(frame):,} rows x {len(frame.columns)} columns: median "
          f"{statistics.median(frames):.3f} s of {args.runs} "
          f"({min(frames):.3f}-{max(frames):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
