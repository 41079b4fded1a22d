"""`make bench`: one table of wall time, CPU time and peak memory, every figure measured side by side in
one run on this machine.

    python benchmarks/run.py [--sizes 1000,10000,50000] [--repeat 2] [--site] [--site-sizes 1000,10000]

Each figure is the best of ``--repeat`` runs of a fresh process (wall and CPU: the least; peak memory:
the largest resident set), measured by a small process that runs it (see :data:`PROBE`):

* plain parse: every .yml file of the repository read and parsed with ``yaml.CSafeLoader`` (the cost of
  reading the files, with nothing checked), a process of its own;
* check: ``policytrack check REPO --format json`` without the warm cache (``POLICYTRACK_NO_CACHE=1``),
  the whole command as CI runs it on a fresh checkout (start-up, load, statuses, every rule, the
  report), against the plain parse;
* check with both cores whatever the load (``POLICYTRACK_WORKERS=2``, at 2,000 files or more): by default
  the loader's workers and the privacy guard's process stand aside while the load average says other jobs
  keep the cores busy, so on a shared machine this row shows what both cores give;
* warm re-check: the same command with the warm cache after one evidence file changed (pre-commit,
  ``mkdocs serve``), against the plain parse;
* King County: ``policytrack check`` on this repository's own data, whole process, cold and warm;
* the three slow repositories of issue 16 (benchmarks/slow_repos.py);
* with ``--site``: the status site (``mkdocs build`` with the policytrack plugin) against plain Material
  of as many hand-written pages kept out of the navigation (benchmarks/site_bench.py), and Zensical
  (``policytrack pages`` + ``zensical build``) at the smallest size.

Repositories are generated once into bench-out/ (benchmarks/generate.py). The machine, its cores and the
load average while the table was measured are printed with it. ``--baseline SRC`` (a folder holding an
older ``policytrack`` package, such as ``git archive main src | tar -x -C /tmp/base``) measures the same
commands with that code too, in the same run, each row beside its "before".
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import subprocess
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "bench-out"
KING_COUNTY = HERE.parent
AS_OF = "2026-11-27"

PLAIN_PARSE = """
import os, sys, yaml
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(('.yml', '.yaml')):
            with open(os.path.join(folder, name), 'rb') as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""

Figure = tuple[float, float, float]
"""Wall seconds, CPU seconds (user + system), peak memory in MB."""


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"benchmarks/{name}.py is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROBE = """
import os, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(done.stderr.decode(errors="replace")[-2000:] if done.returncode not in (0, 1) else "")
print(wall, use.ru_utime + use.ru_stime, use.ru_maxrss / 1024, done.returncode)
"""
"""Runs a command and reports its wall time, CPU time and peak memory. The command runs under this small
process, not under the benchmark itself: a child's peak memory counts the memory of the process it was
forked from."""


def measure(command: list[str], repeat: int, before: object = None, env: dict[str, str] | None = None) -> Figure:
    """The best of ``repeat`` runs of ``command``; ``before`` (a callable) runs before each."""
    walls, cpus, peak = [], [], 0.0
    for _ in range(repeat):
        if callable(before):
            before()
        done = subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True, text=True, env=env,
                              check=False)
        try:
            wall, cpu, memory, code = done.stdout.split()
        except ValueError:
            sys.exit(f"benchmark command failed: {' '.join(command)}\n{done.stderr[-2000:]}")
        if int(code) not in (0, 1):
            sys.exit(f"benchmark command failed ({code}): {' '.join(command)}\n{done.stderr[-2000:]}")
        walls.append(float(wall))
        cpus.append(float(cpu))
        peak = max(peak, float(memory))
    return min(walls), min(cpus), peak


class Table:
    """The rows of the one table, printed as they come and as Markdown at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, Figure, str]] = []

    def add(self, work: str, figure: Figure, against: Figure | None = None, note: str = "") -> None:
        ratio = ""
        if against is not None:
            ratio = f"{figure[0] / against[0]:.2f} / {figure[1] / against[1]:.2f}"
        self.rows.append((work, figure, ratio if not note else f"{ratio} {note}".strip()))
        wall, cpu, peak = figure
        print(f"{work:<62} {wall:8.2f} s {cpu:8.2f} s {peak:7.0f} MB  {self.rows[-1][2]}", flush=True)

    def markdown(self) -> str:
        lines = ["| work | wall | CPU | peak memory | ratio (wall / CPU) |", "|---|---:|---:|---:|---|"]
        for work, (wall, cpu, peak), ratio in self.rows:
            lines.append(f"| {work} | {wall:.2f} s | {cpu:.2f} s | {peak:,.0f} MB | {ratio} |")
        return "\n".join(lines)


def touch_one_evidence(repo: Path) -> object:
    """A callable that changes one evidence file a little more each time (a new summary line)."""
    target = sorted((repo / "evidence").rglob("*.yml"))[0]
    original = target.read_text(encoding="utf-8")
    count = [0]

    def change() -> None:
        count[0] += 1
        target.write_text(original.replace("summary: ", f"summary: Edited {count[0]}. ", 1), encoding="utf-8")

    change.restore = lambda: target.write_text(original, encoding="utf-8")  # type: ignore[attr-defined]
    return change


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description="policytrack's benchmark: one table")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--site", action="store_true", help="also the status site (minutes)")
    parser.add_argument("--site-sizes", default="1000,10000")
    parser.add_argument("--baseline", type=Path, default=None, help="a src folder of older code to measure beside")
    args = parser.parse_args()
    python = sys.executable
    generate = _module("generate")
    table = Table()
    cold = {**os.environ, "POLICYTRACK_NO_CACHE": "1"}
    old = {**cold, "PYTHONPATH": str(args.baseline.resolve())} if args.baseline else None

    def both(work: str, command: list[str], against: Figure | None = None, repeat: int = args.repeat) -> Figure:
        figure = measure(command, repeat, env=cold)
        if old is not None:
            table.add(f"{work}, before", measure(command, repeat, env=old), against)
        table.add(work, figure, against)
        return figure

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average at the start {os.getloadavg()[0]:.1f}", flush=True)
    print(f"{'work':<62} {'wall':>10} {'CPU':>10} {'peak':>10}  ratio (wall / CPU)")
    command = [python, "-m", "policytrack", "check"]
    for size in (int(item) for item in args.sizes.split(",") if item):
        repo = OUT / f"repo-{size}"
        if not (repo / "obligations").is_dir():
            generate.generate(repo, size)
        files = sum(1 for _ in repo.rglob("*.yml"))
        parse = measure([python, "-c", PLAIN_PARSE, str(repo)], args.repeat)
        table.add(f"plain parse, {size:,} obligations ({files:,} files)", parse)
        both(f"check, {size:,} obligations", [*command, str(repo), "--as-of", AS_OF, "--format", "json"], parse)
        if size >= 2_000:  # the default stands aside while other jobs keep the cores busy: both cores, forced
            table.add(f"check, {size:,} obligations, both cores whatever the load (POLICYTRACK_WORKERS=2)",
                      measure([*command, str(repo), "--as-of", AS_OF, "--format", "json"], args.repeat,
                              env={**cold, "POLICYTRACK_WORKERS": "2"}), parse)
        change = touch_one_evidence(repo)
        subprocess.run([*command, str(repo), "--as-of", AS_OF, "--format", "json"], capture_output=True, check=False)
        warm = measure([*command, str(repo), "--as-of", AS_OF, "--format", "json"], args.repeat, before=change)
        change.restore()  # type: ignore[attr-defined]
        table.add(f"warm re-check after one evidence file changed, {size:,}", warm, parse)
    kc = [*command, str(KING_COUNTY), "--as-of", "2026-12-01"]
    both("King County check, whole process, no cache (aim 0.25 s)", kc, repeat=max(5, args.repeat))
    subprocess.run(kc, capture_output=True, check=False)
    table.add("King County check, whole process, warm cache", measure(kc, max(5, args.repeat)))
    slow = _module("slow_repos")
    for name, build in slow.REPOSITORIES.items():
        repo = OUT / "slow" / name
        if not (repo / "policytrack.yml").is_file():
            build(repo)
        # No "before" here: the old engine took minutes and, for for_each, 12 GB of this shared machine.
        table.add(f"slow repository: {name}", measure([*command, str(repo), "--as-of", AS_OF, "--format", "json"],
                                                      args.repeat, env=cold))
    if args.site:
        site = _module("site_bench")
        for size in (int(item) for item in args.site_sizes.split(",") if item):
            work = OUT / "site" / f"n{size}"
            site._generate(size, work / "repo")
            builds = {"mkdocs", "plain"} | ({"zensical"} if size <= 1000 else set())
            if old is not None and size <= 1000:  # the site before: the plugin build with the older code
                os.environ["PYTHONPATH"] = old["PYTHONPATH"]
                try:
                    before = site.bench(work / "repo", work, {"mkdocs"})
                finally:
                    del os.environ["PYTHONPATH"]
                table.add(f"site, {size:,} obligations, before",
                          (before["plugin_s"], before["plugin_cpu_s"], before["plugin_peak_mb"]))
            figures = site.bench(work / "repo", work, builds)
            plain = (figures["plain_s"], figures["plain_cpu_s"], figures["plain_peak_mb"])
            pages = int(figures["pages"])
            table.add(f"plain Material, {pages:,} pages kept out of the nav", plain)
            table.add(f"site, {size:,} obligations (mkdocs build with the plugin)",
                      (figures["plugin_s"], figures["plugin_cpu_s"], figures["plugin_peak_mb"]), plain)
            if "zensical_s" in figures:
                table.add(f"site, {size:,} obligations: policytrack pages + zensical build",
                          (figures["zensical_total_s"], figures["pages_cpu_s"] + figures["zensical_cpu_s"],
                           max(figures["pages_peak_mb"], figures["zensical_peak_mb"])), plain)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}\n")
    print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
