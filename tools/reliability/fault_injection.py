#!/usr/bin/python3
"""The I/O fault campaign: fails each write, sync and rename of a change in turn.

For each scenario (a small import, a bulk import, an `add`, a `remove`) it runs the command once
to count the calls it makes, then once per call with exactly that call failed (libfiu's POSIX
preload and tools/reliability/fault_plan). After each faulted run it requires:

- the command either succeeded, or exited 1 with one clear message (no abort, no signal, no
  "internal error");
- `check` passes on the store, run without faults;
- the store holds the state before the change or the state after it, never a mix (compared as
  `export --jsonl`); after an exit 0, the state after it; after an error that says the store
  is as it was, the state before it;
- the same command, run again without faults, succeeds.

Usage: tools/reliability/fault_injection.py [--build DIR] [--errno EIO|ENOSPC|...] [--limit N]
--limit N fails every sync and rename and N other calls evenly spread (the suite's short run);
without it every call is failed. Exits 1 on any violation.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

FIU_PRELOAD = "/usr/lib/fiu/fiu_posix_preload.so"
SMALL_IMPORT = {
    "format": "landscape/1",
    "sources": [{"id": "fault-src", "name": "Fault campaign"}],
    "entities": [
        {"id": f"fault-co-{i}", "kind": "company", "name": f"Fault Co {i}",
         "aliases": [f"FC{i}"], "sources": ["fault-src"]}
        for i in range(3)
    ],
    "relations": [
        {"relation": "rival_of", "from": "fault-co-0", "to": "fault-co-1",
         "sources": ["fault-src"]},
        {"relation": "rival_of", "from": "fault-co-1", "to": "deepseek",
         "sources": ["fault-src"]},
    ],
    "fx_rates": [{"base": "JPY", "quote": "USD", "rate": "0.0067", "date": "2025-01",
                  "sources": ["fault-src"]}],
}


class Campaign:
    def __init__(self, args, work):
        self.landscape = os.path.abspath(os.path.join(args.build, "tools", "landscape"))
        self.plan = os.path.abspath(os.path.join(
            args.build, "tools", "reliability", "fault_plan", "liblandscape_fault_plan.so"))
        self.generate = os.path.abspath(os.path.join(
            args.build, "tools", "bench", "landscape_generate"))
        self.errno_name = args.errno
        self.limit = args.limit
        self.work = work
        self.violations = []
        self.messages = set()  # the errors' words, without their RocksDB detail

    def run(self, store, command, fault_at=None):
        env = dict(os.environ)
        report = os.path.join(self.work, "fault-report")
        if fault_at is not None:
            env["LD_PRELOAD"] = f"{FIU_PRELOAD}:{self.plan}"
            env["LANDSCAPE_FAULT_AT"] = str(fault_at)
            env["LANDSCAPE_FAULT_ERRNO"] = self.errno_name
            env["LANDSCAPE_FAULT_REPORT"] = report
            if os.path.exists(report):
                os.unlink(report)
        done = subprocess.run([self.landscape, "--db", store, *command], env=env,
                              capture_output=True, text=True, errors="replace")
        facts = {}
        if fault_at is not None:
            with open(report) as f:
                for line in f:
                    key, _, value = line.strip().partition(" ")
                    if key == "call":
                        number, _, point = value.partition(" ")
                        facts.setdefault("points", {})[int(number)] = point
                    else:
                        facts[key] = value
        return done, facts

    def state(self, store):
        done, _ = self.run(store, ["export", "--jsonl"])
        if done.returncode != 0:
            return None
        return sorted(done.stdout.splitlines())

    def base_store(self, name, setup):
        store = os.path.join(self.work, "".join(c if c.isalnum() else "-" for c in name) + "-base")
        for command in setup:
            done, _ = self.run(store, command)
            if done.returncode != 0:
                sys.exit(f"setting up {name}: {' '.join(command)} failed: {done.stderr}")
        return store

    def scenario(self, name, setup, command):
        base = self.base_store(name, setup)
        before = self.state(base)
        trial = base[:-len("-base")]
        shutil.rmtree(trial, ignore_errors=True)
        shutil.copytree(base, trial)
        done, facts = self.run(trial, command, fault_at=0)
        if done.returncode != 0:
            sys.exit(f"{name}: the command fails without faults: {done.stderr}")
        after = self.state(trial)
        calls = int(facts["calls"])
        points = range(1, calls + 1)
        if self.limit and calls > self.limit:
            # Every sync and rename (where a change becomes durable), and writes evenly spread.
            durable = {n for n, p in facts["points"].items() if "/sync/" in p or "rename" in p}
            spread = {1 + (calls - 1) * i // (self.limit - 1) for i in range(self.limit)}
            points = sorted(durable | spread)
        outcome = {"clear error": 0, "succeeded": 0}
        failed_points = {}
        for n in points:
            shutil.rmtree(trial)
            shutil.copytree(base, trial)
            done, facts = self.run(trial, command, fault_at=n)
            point = facts.get("failed", "").partition(" ")[2] or "(not reached)"
            failed_points[point] = failed_points.get(point, 0) + 1
            where = f"{name}: fault at call {n} of {calls} ({point})"
            self.judge(where, trial, command, done, before, after, outcome)
        counts = ", ".join(f"{p} {c}" for p, c in sorted(failed_points.items()))
        print(f"{name}: {calls} calls; {len(points)} faults injected ({counts}); "
              f"{outcome['clear error']} clear errors, {outcome['succeeded']} succeeded anyway")

    def judge(self, where, store, command, done, before, after, outcome):
        message = done.stderr.strip()
        if done.returncode == 0:
            outcome["succeeded"] += 1
        elif done.returncode != 1:
            return self.fail(where, f"exit status {done.returncode}: {message}")
        elif not message or "\n" in message or "internal error" in message:
            return self.fail(where, f"not one clear message: {message!r}")
        else:
            outcome["clear error"] += 1
            self.messages.add(message.split(": ")[-1] if "(RocksDB:" not in message
                              else message.split(" (RocksDB:")[0].split(": ", 2)[-1])
        check, _ = self.run(store, ["check"])
        if check.returncode != 0:
            return self.fail(where, f"check fails after it: {check.stdout}{check.stderr}")
        state = self.state(store)
        if done.returncode == 0 and state != after:
            return self.fail(where, "exit 0 but the store does not hold the change")
        if "is as it was" in message and state != before:
            return self.fail(where, "the error says the store is as it was, and it is not")
        if state != before and state != after:
            return self.fail(where, "the store holds part of the change")
        again, _ = self.run(store, command)
        if state == before and again.returncode != 0:
            self.fail(where, f"the command fails when run again: {again.stderr}")

    def fail(self, where, what):
        self.violations.append(f"{where}: {what}")
        print(f"VIOLATION {where}: {what}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--errno", default="EIO")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    dataset = os.path.join(root, "data", "deepseek.json")
    with tempfile.TemporaryDirectory(prefix="landscape-faults-") as work:
        campaign = Campaign(args, work)
        for tool in (campaign.landscape, campaign.plan, campaign.generate, FIU_PRELOAD):
            if not os.path.exists(tool):
                sys.exit(f"fault_injection: {tool} is missing (build first; apt install libfiu-dev)")
        small = os.path.join(work, "small.json")
        with open(small, "w") as f:
            json.dump(SMALL_IMPORT, f)
        bulk = os.path.join(work, "bulk.jsonl")
        subprocess.run([campaign.generate, "--orgs", "2500", "--seed", "7", "--out", bulk],
                       check=True, capture_output=True)
        seeded = [["import", dataset]]
        campaign.scenario("import (one batch)", seeded, ["import", small])
        campaign.scenario("import (bulk, ingested files)", seeded, ["import", "--jsonl", bulk])
        campaign.scenario("add entity", seeded,
                          ["add", "entity", "--id", "fault-new", "--kind", "company",
                           "--name", "Fault New", "--alias", "FN"])
        campaign.scenario("add relation", seeded,
                          ["add", "relation", "--type", "rival_of", "--from", "baidu",
                           "--to", "moonshot-ai"])
        campaign.scenario("remove", seeded, ["remove", "moonshot-ai"])
    print("errors reported:")
    for message in sorted(campaign.messages):
        print(f"  {message}")
    if campaign.violations:
        print(f"{len(campaign.violations)} violations", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
