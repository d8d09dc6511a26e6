#!/usr/bin/python3
"""The kill loop: changes killed with SIGKILL at random moments, the store checked after each.

Each cycle starts one change on the store — a small import (three companies, a rivalry between
two of them, one batch), a bulk import (13,000 companies and 6,500 rivalries, over the 50,000
writes that one batch takes, so ingested as files), an `add`, or a `remove` of an earlier added
company — and kills it after a random delay drawn from that change's measured duration, so that
kills land before, during and after its commit. After every cycle it requires:

- `check` passes;
- every change is in the store whole or not at all: a small import's three companies and its
  rivalry, a bulk import's companies and rivalries, all or none;
- no change the loop has seen in the store (acknowledged by exit 0, or found after its kill) is
  lost, and no acknowledged removal undone.

Every 50 cycles the loop starts again on a new store, so that bulk imports do not make `check`
ever slower. The delays vary where the kills land; what is required holds whatever they are.
Usage: tools/reliability/kill_loop.py [--cycles N] [--build DIR] [--seed S]. Exits 1 on any
violation.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BULK_COMPANIES = 13000  # with their rivalries, over the 50,000 writes that one batch takes
EPOCH = 50


def small_import(k):
    ids = [f"ks-{k}-{i}" for i in range(3)]
    return {
        "format": "landscape/1",
        "entities": [{"id": i, "kind": "company", "name": f"Kill Small {i}"} for i in ids],
        "relations": [{"relation": "rival_of", "from": ids[0], "to": ids[1]}],
    }


def bulk_import_lines(k):
    for i in range(BULK_COMPANIES):
        yield json.dumps({"type": "entity", "id": f"kb-{k}-{i}", "kind": "company",
                          "name": f"Kill Bulk {k} {i}"})
    for i in range(0, BULK_COMPANIES - 1, 2):
        yield json.dumps({"type": "relation", "relation": "rival_of", "from": f"kb-{k}-{i}",
                          "to": f"kb-{k}-{i + 1}"})


class Loop:
    def __init__(self, args, work):
        self.landscape = os.path.abspath(os.path.join(args.build, "tools", "landscape"))
        self.store = os.path.join(work, "store")
        self.work = work
        self.random = random.Random(args.seed)
        self.violations = 0
        # What the store must hold: small imports and added companies seen in it, removals
        # acknowledged.
        self.durations = {}
        self.counts = {"killed": 0, "finished": 0, "landed after kill": 0, "small": 0,
                       "bulk": 0, "add": 0, "remove": 0, "stores": 0}
        self.new_ledger()

    def new_ledger(self):
        self.small_seen = set()
        self.bulk_seen = set()
        self.added_seen = set()
        self.removed_acknowledged = set()

    def landscape_run(self, *args):
        return subprocess.run([self.landscape, "--db", self.store, *args], capture_output=True,
                              text=True, errors="replace")

    def write_bulk(self, k):
        path = os.path.join(self.work, "bulk.jsonl")
        with open(path, "w") as f:
            for line in bulk_import_lines(k):
                f.write(line + "\n")
        return path

    def change(self, cycle):
        """One change as (kind, key, argv)."""
        roll = self.random.random()
        removable = sorted(self.added_seen - self.removed_acknowledged)
        if roll < 0.06:
            return "bulk", cycle, ["import", "--jsonl", self.write_bulk(cycle)]
        if roll < 0.50:
            path = os.path.join(self.work, "small.json")
            with open(path, "w") as f:
                json.dump(small_import(cycle), f)
            return "small", cycle, ["import", path]
        if roll < 0.80 or not removable:
            return "add", f"ka-{cycle}", ["add", "entity", "--id", f"ka-{cycle}", "--kind",
                                          "company", "--name", f"Kill Add {cycle}"]
        victim = self.random.choice(removable)
        return "remove", victim, ["remove", victim]

    def start(self):
        """A new store; the first time, each change's duration measured on it."""
        shutil.rmtree(self.store, ignore_errors=True)
        self.new_ledger()
        self.counts["stores"] += 1
        self.landscape_run("init")
        if self.durations:
            return
        for kind, argv in [("bulk", ["import", "--jsonl", self.write_bulk("probe")]),
                           ("small", ["import", self.write_small_probe()]),
                           ("add", ["add", "entity", "--id", "ka-probe", "--kind", "company",
                                    "--name", "Kill Add probe"]),
                           ("remove", ["remove", "ka-probe"])]:
            began = time.monotonic()
            done = self.landscape_run(*argv)
            if done.returncode != 0:
                sys.exit(f"kill_loop: {' '.join(argv)} failed: {done.stderr}")
            self.durations[kind] = time.monotonic() - began

    def write_small_probe(self):
        path = os.path.join(self.work, "probe.json")
        with open(path, "w") as f:
            json.dump(small_import("probe"), f)
        return path

    def cycle(self, n):
        kind, key, argv = self.change(n)
        self.counts[kind] += 1
        process = subprocess.Popen([self.landscape, "--db", self.store, *argv],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(self.random.uniform(0, self.durations[kind] * 1.2))
        process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate()
        acknowledged = process.returncode == 0
        if process.returncode == -signal.SIGKILL:
            self.counts["killed"] += 1
        elif process.returncode != 0:
            return self.fail(n, f"{' '.join(argv)} exited {process.returncode}: {stderr!r}")
        else:
            self.counts["finished"] += 1
        self.verify(n, kind, key, acknowledged)

    def verify(self, n, kind, key, acknowledged):
        check = self.landscape_run("check")
        if check.returncode != 0:
            return self.fail(n, f"check fails after a {kind}: {check.stdout}{check.stderr}")
        export = self.landscape_run("export", "--jsonl")
        if export.returncode != 0:
            return self.fail(n, f"export fails: {export.stderr}")
        entities, rivalries = {}, set()
        for line in export.stdout.splitlines():
            record = json.loads(line)
            if record.get("type") == "entity":
                entities[record["id"]] = record
            elif record.get("type") == "relation" and record.get("relation") == "rival_of":
                rivalries.add(tuple(sorted((record["from"], record["to"]))))
        landed = self.landed(kind, key, entities, rivalries, n)
        if landed is None:
            return
        if landed and not acknowledged:
            self.counts["landed after kill"] += 1
        if acknowledged and not landed:
            return self.fail(n, f"an acknowledged {kind} ({key}) is not in the store")
        if landed:
            self.record(kind, key)
        self.require_seen(n, entities, rivalries)

    def landed(self, kind, key, entities, rivalries, n):
        if kind == "small":
            ids = [f"ks-{key}-{i}" for i in range(3)]
            present = sum(i in entities for i in ids)
            rivalry = (ids[0], ids[1]) in rivalries
            if present not in (0, 3) or rivalry != (present == 3):
                return self.fail(n, f"small import {key} is in part: {present} of 3 companies, "
                                    f"rivalry {'present' if rivalry else 'absent'}")
            return present == 3
        if kind == "bulk":
            present = sum(f"kb-{key}-{i}" in entities for i in range(BULK_COMPANIES))
            pairs = sum((f"kb-{key}-{i}", f"kb-{key}-{i + 1}") in rivalries
                        for i in range(0, BULK_COMPANIES - 1, 2))
            if present not in (0, BULK_COMPANIES) or (pairs == BULK_COMPANIES // 2) != (present > 0):
                return self.fail(n, f"bulk import {key} is in part: {present} companies, "
                                    f"{pairs} rivalries")
            return present > 0
        if kind == "add":
            return key in entities
        return key not in entities  # remove

    def record(self, kind, key):
        if kind == "small":
            self.small_seen.add(key)
        elif kind == "bulk":
            self.bulk_seen.add(key)
        elif kind == "add":
            self.added_seen.add(key)
            self.removed_acknowledged.discard(key)
        else:
            self.removed_acknowledged.add(key)

    def require_seen(self, n, entities, rivalries):
        for k in self.small_seen:
            if f"ks-{k}-0" not in entities or (f"ks-{k}-0", f"ks-{k}-1") not in rivalries:
                return self.fail(n, f"small import {k}, seen before, is lost")
        for key in self.added_seen - self.removed_acknowledged:
            if key not in entities:
                return self.fail(n, f"added company {key}, seen before, is lost")
        for key in self.removed_acknowledged:
            if key in entities:
                return self.fail(n, f"removed company {key} is back")
        for k in self.bulk_seen:
            if f"kb-{k}-0" not in entities or f"kb-{k}-{BULK_COMPANIES - 1}" not in entities:
                return self.fail(n, f"bulk import {k}, seen before, is lost")

    def fail(self, n, what):
        self.violations += 1
        print(f"VIOLATION cycle {n}: {what}", file=sys.stderr)
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--build", default="build")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="landscape-kill-") as work:
        loop = Loop(args, work)
        loop.start()
        began = time.monotonic()
        for n in range(1, args.cycles + 1):
            if n > 1 and (n - 1) % EPOCH == 0:
                loop.start()
            loop.cycle(n)
            if n % 100 == 0:
                print(f"{n} cycles, {loop.violations} violations", flush=True)
        elapsed = time.monotonic() - began
    c = loop.counts
    print(f"{args.cycles} cycles on {c['stores']} stores in {elapsed:.0f} s: {c['small']} small "
          f"imports, {c['bulk']} bulk imports, {c['add']} adds, {c['remove']} removes; "
          f"{c['killed']} killed ({c['landed after kill']} of them found whole in the store "
          f"after), {c['finished']} finished before the kill; {loop.violations} violations "
          f"(a change in part, a change seen and then lost, or check failing)")
    sys.exit(1 if loop.violations else 0)


if __name__ == "__main__":
    main()
