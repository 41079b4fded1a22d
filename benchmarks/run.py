"""`make bench`: time `policytrack check` against a plain libyaml parse of the same files.

    python benchmarks/run.py [--sizes 1000,10000,50000] [--repeat 3] [--site]

For each size, a synthetic repository is generated once into bench-out/ (benchmarks/generate.py).
Then, each in a fresh process, best of --repeat runs:

* plain parse: every .yml file read and parsed with yaml.CSafeLoader, in one process;
* check: the full `policytrack check` command, as CI runs it (start-up included);
* graph share: in one process, the time of building the graph and running the graph rules, against
  the time of everything else in the check.

The goal is check <= 2 x plain parse at every size, and graph <= 30% of the rest of the check.
With --site, benchmarks/site_bench.py (the status site's benchmark) runs after, if present.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "bench-out"

PLAIN_PARSE = """
import os, sys, time, yaml
start, cpu = time.perf_counter(), time.process_time()
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(('.yml', '.yaml')):
            with open(os.path.join(folder, name), 'rb') as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
print(time.perf_counter() - start, time.process_time() - cpu)
"""

GRAPH_SHARE = """
import gc, sys, time
gc.disable()  # as the command does (cli.main pauses the collector for a command)
from datetime import date
from policytrack.model.load import load_repository
from policytrack.checks.rules import RULES
from policytrack.checks.rules.context import Context
from policytrack.status.engine import compute_statuses
start = time.perf_counter()
loaded = load_repository(sys.argv[1])
as_of = date(2026, 11, 27)
context = Context(loaded.repository, as_of, compute_statuses(loaded.repository, as_of))
core = time.perf_counter() - start
graph = 0.0
started = time.perf_counter()
context.graph
graph += time.perf_counter() - started
for rule in RULES.values():
    started = time.perf_counter()
    list(rule.check(context))
    spent = time.perf_counter() - started
    if rule.check.__module__.split('.')[-1].startswith('graph'):
        graph += spent
    else:
        core += spent
print(core, graph)
"""


def best(command: list[str], repeat: int) -> tuple[float, float, float]:
    """Fastest wall time of ``repeat`` runs of ``command``, its least CPU time (user + system), and the
    largest peak memory (MB) of a run."""
    times = []
    cpus = []
    peak = 0.0
    for _ in range(repeat):
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=out, stderr=err)
            _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage: its peak resident memory
            times.append(time.perf_counter() - start)
            code = os.waitstatus_to_exitcode(status)
            process.returncode = code
            if code not in (0, 1):
                err.seek(0)
                sys.exit(f"benchmark command failed ({code}): {' '.join(command)}\n{err.read().decode()}")
        peak = max(peak, usage.ru_maxrss / 1024)  # Linux reports kilobytes
        cpus.append(usage.ru_utime + usage.ru_stime)
    return min(times), min(cpus), peak


def main() -> int:
    """Run the benchmark and print one line per size."""
    parser = argparse.ArgumentParser(description="policytrack check against a plain libyaml parse")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--site", action="store_true", help="also run benchmarks/site_bench.py")
    args = parser.parse_args()
    sizes = [int(item) for item in args.sizes.split(",")]
    python = sys.executable
    print(f"{'obligations':>11} {'files':>7} {'plain parse':>12} {'check':>8} {'ratio':>6} "
          f"{'in-process':>10} {'ratio':>6} {'graph':>7} {'graph/rest':>10} {'peak memory':>11} "
          f"{'parse cpu':>9} {'check cpu':>9} {'ratio':>6}")
    failed = False
    for size in sizes:
        repo = OUT / f"repo-{size}"
        if not (repo / "obligations").is_dir():
            subprocess.run([python, str(HERE / "generate.py"), "--obligations", str(size), str(repo)], check=True)
        files = sum(1 for path in repo.rglob("*.yml"))
        parse_times = []
        parse_cpus = []
        for _ in range(args.repeat):
            done = subprocess.run([python, "-c", PLAIN_PARSE, str(repo)], capture_output=True, text=True,
                                  check=True)
            wall, cpu = (float(item) for item in done.stdout.split())
            parse_times.append(wall)
            parse_cpus.append(cpu)
        parse, parse_cpu = min(parse_times), min(parse_cpus)
        check, check_cpu, peak = best([python, "-m", "policytrack", "check", str(repo), "--as-of", "2026-11-27",
                         "--format", "json"], args.repeat)
        shares = []
        for _ in range(max(1, args.repeat - 1)):
            done = subprocess.run([python, "-c", GRAPH_SHARE, str(repo)], capture_output=True, text=True,
                                  check=True)
            shares.append(tuple(float(item) for item in done.stdout.split()))
        core, graph = min(shares, key=lambda pair: pair[0] + pair[1])
        ratio = check / parse
        share = graph / core if core else 0.0
        failed |= ratio > 2.0 or share > 0.30
        work = core + graph
        print(f"{size:>11,} {files:>7,} {parse:>11.2f}s {check:>7.2f}s {ratio:>6.2f} {work:>9.2f}s "
              f"{work / parse:>6.2f} {graph:>6.2f}s {share:>9.0%} {peak:>8.0f} MB "
              f"{parse_cpu:>8.2f}s {check_cpu:>8.2f}s {check_cpu / parse_cpu:>6.2f}", flush=True)
    print("check: the whole `policytrack check` command (interpreter and imports included, as CI runs it);")
    print("in-process: load, statuses, graph and every rule, timed inside one process as the plain parse is.")
    print("peak memory: the largest resident set of a `policytrack check` run.")
    print("cpu: user + system seconds of the parse loop and of the whole check command; on a shared machine")
    print("     they move less than wall times do.")
    print("goal: check <= 2.00 x plain parse; graph build + graph rules <= 30% of the rest of the check")
    if args.site:
        site = HERE / "site_bench.py"
        if site.is_file():
            small = [str(size) for size in sizes if size <= 10_000]
            subprocess.run([python, str(site), "--obligations", *small, "--out", str(OUT / "site")], check=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
