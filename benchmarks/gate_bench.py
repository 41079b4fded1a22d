"""Time the pull-request gate on this repository: `policytrack check --changed-since main`.

    python benchmarks/gate_bench.py [--repeat 5]

Clones this repository (its committed state) into a temporary folder, adds one evidence file on a
new branch as an agency clerk would, and runs the gate in a fresh process --repeat times. Prints the
best and median wall time and CPU time (user + system) of the whole command, start-up included, and
the in-process time of the same check. The target is under half a second.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = """id: ev-2026-11-30-kcso-kc-18665-training
obligation: kc-18665-training
agency: kcso
date: 2026-11-30
kind: announcement
summary: The Sheriff's Office announced the chapter 2.15 training to its employees.
source:
  url: https://kingcounty.gov/sheriff/training
submitted_by:
  role: Records officer
  agency: kcso
"""
GIT = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policytrack-gate-bench-") as folder:
        clone = Path(folder) / "repo"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        git(clone, "checkout", "-q", "-b", "evidence")
        path = clone / "evidence/kc-18665-training/2026-11-30-kcso.yml"
        path.write_text(EVIDENCE, encoding="utf-8")
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "-m", "Evidence")
        command = [sys.executable, "-m", "policytrack", "check", "--changed-since", "origin/HEAD",
                   "--as-of", "2026-11-30"]
        walls, cpus = [], []
        for _ in range(args.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(command, cwd=clone, capture_output=True, text=True, check=False)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if done.returncode != 0:
                print(done.stdout + done.stderr)
                return 1
        inproc = subprocess.run([sys.executable, "-c", (
            "import time, io, contextlib\n"
            "start = time.perf_counter()\n"
            "from policytrack.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['check', '--changed-since', 'origin/HEAD', '--as-of', '2026-11-30'])\n"
            "print(round(time.perf_counter() - start, 3))")], cwd=clone, capture_output=True, text=True, check=True)
        print(done.stdout.splitlines()[0])
        print(f"wall: best {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
              f"CPU: best {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s "
              f"({args.repeat} runs); in process, imports included: {inproc.stdout.strip()} s; "
              f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
