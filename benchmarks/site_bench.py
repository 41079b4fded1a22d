"""Time the status site: ``mkdocs build`` with the policytrack plugin, ``policytrack pages`` + ``zensical
build``, and plain Material of as many pages.

    python benchmarks/site_bench.py                       # generated repositories of 1,000 and 10,000
    python benchmarks/site_bench.py --obligations 1000    # one size
    python benchmarks/site_bench.py --repo PATH           # an existing policy repository
    python benchmarks/site_bench.py --builds zensical     # only some of the builds (mkdocs, zensical, plain)

For each repository: build the site with the plugin; then build a plain MkDocs Material site with the
same theme and plugins (search, tags) of the same number of hand-written pages, kept out of the
navigation (only an index page is listed), as the issue's baseline. Prints wall time, peak memory of
the build process (``getrusage`` of children), the site's size, the largest HTML page and the ratio.
The CPU time includes the plugin's worker processes (the history charts' replays); the peak memory is
that of the largest single process (the build's own: the forked workers' memory is not added to it).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2025-06-30"
THEME = """theme:
  name: material
  font: false
  features: [navigation.instant, navigation.indexes, navigation.sections, navigation.top, search.suggest,
             search.highlight]
"""
PLAIN_PAGE = """# Obligation {n}: keep records of each request

Status as of 30 June 2025, built from commit abc1234.

**Overdue.** Was due 2019-07-31, 2161 days before the as-of date.

| Question | Answer |
| --- | --- |
| Ordinance | [An ordinance on records and privacy](index.md), section 1.02 |
| Who | Department of records 4, Director |
| What | Review the accounts of the records system every month and remove those no longer needed. |
| By when | Every month. Due date: 2025-07-31. |
| Evidence required | Kinds: report, log. Records privacy training access review notice language data. |

## The law's words

> Records privacy training access review notice language data forms requests detainers accounts audit
> report policy complaints permits fees records privacy training access review notice language.

## Status per agency

| Agency | Status | Due | Evidence | Proof |
| --- | --- | --- | --- | --- |
| Department of records 4 | Overdue | 2019-07-31 | 1 | Verified |
| Department of privacy 9 | Met | 2019-07-31 | 1 | Claimed |

## Evidence

### 2019-05-02: Department of records 4, report

Verified by Auditor on 2019-06-01. Records privacy training access review notice language data forms
requests detainers accounts audit report policy complaints permits fees.

Source: [Report on records](https://example.org/evidence/{n}/0)

## Submit evidence

[Submit evidence for Department of records 4](https://github.com/example/benchmark/new/main){{ .md-button }}
"""


def _generate(n: int, out: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", HERE / "generate.py")
    if spec is None or spec.loader is None:
        raise SystemExit("benchmarks/generate.py is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(out, n)


def _timed(command: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KB) and CPU seconds (user + system) of one command in its own process.

    On a shared machine the CPU time is the steadier figure: wall time also counts waiting for a core.
    """
    probe = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
             "use = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(use.ru_maxrss, use.ru_utime + use.ru_stime); sys.exit(done.returncode)")
    env = {**os.environ, "POLICYTRACK_AS_OF": AS_OF, "POLICYTRACK_TODAY": AS_OF, "NO_MKDOCS_2_WARNING": "1",
           "POLICYTRACK_NO_CACHE": "1"}  # every build cold, as on CI
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    peak, cpu = done.stdout.strip().splitlines()[-1].split()
    return elapsed, int(peak), float(cpu)


def _timed_build(config: Path, site: Path) -> tuple[float, int, float]:
    """One ``mkdocs build`` (see :func:`_timed`)."""
    return _timed([sys.executable, "-m", "mkdocs", "build", "-q", "--clean", "-f", str(config), "--site-dir",
                   str(site)])


def bench_zensical(repo: Path, work: Path) -> dict[str, float]:
    """``policytrack pages --config`` then ``zensical build``, each timed; the figures of both and their sum."""
    folder = work / "zensical"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pages_s, pages_kb, pages_cpu = _timed([sys.executable, "-m", "policytrack", "pages", str(folder / "pages"),
                                           str(repo), "--as-of", AS_OF, "--config", str(folder / "zensical.yml"),
                                           "--site-dir", str(folder / "site")])
    print(f"  policytrack pages: {pages_s:.1f} s ({pages_cpu:.1f} s CPU), peak {pages_kb / 1024:.0f} MB")
    zensical = str(Path(sys.executable).parent / "zensical")
    build_s, build_kb, build_cpu = _timed([zensical, "build", "--clean", "-f", str(folder / "zensical.yml")])
    print(f"  zensical build: {build_s:.1f} s ({build_cpu:.1f} s CPU), peak {build_kb / 1024:.0f} MB")
    figures = {"pages_s": pages_s, "pages_cpu_s": pages_cpu, "pages_peak_mb": pages_kb / 1024, "zensical_s": build_s,
               "zensical_cpu_s": build_cpu, "zensical_peak_mb": build_kb / 1024, "zensical_total_s": pages_s + build_s}
    figures.update({f"zensical_{key}": value for key, value in _measure(folder / "site").items()})
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def _measure(site: Path) -> dict[str, float]:
    total = 0
    largest = (0, "")
    pages = 0
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                pages += 1
                if size > largest[0]:
                    largest = (size, str(path.relative_to(site)))
    print(f"    largest page: {largest[1]} ({largest[0] / 1024:.1f} KB)")
    return {"site_mb": total / 1e6, "largest_kb": largest[0] / 1024, "html_pages": pages}


def bench(repo: Path, work: Path, builds: set[str], history: bool = True) -> dict[str, float]:
    """Build ``repo`` with the plugin, with Zensical and the plain baseline (those in ``builds``); the figures."""
    (repo / "docs").mkdir(exist_ok=True)
    config = repo / "mkdocs.yml"
    plugin = "  - policytrack\n" if history else "  - policytrack:\n      history: false\n"
    config.write_text(f"site_name: Benchmark\n{THEME}plugins:\n  - search\n  - tags\n{plugin}")
    figures: dict[str, float] = {}
    if "zensical" in builds:
        figures.update(bench_zensical(repo, work))
    if "mkdocs" not in builds:
        return figures
    site = work / "site-plugin"
    plugin_s, plugin_kb, plugin_cpu = _timed_build(config, site)
    figures.update({"plugin_s": plugin_s, "plugin_cpu_s": plugin_cpu, "plugin_peak_mb": plugin_kb / 1024})
    print(f"  plugin: {plugin_s:.1f} s ({plugin_cpu:.1f} s CPU), peak {plugin_kb / 1024:.0f} MB")
    figures.update({f"plugin_{key}": value for key, value in _measure(site).items()})
    pages = int(figures["plugin_html_pages"]) - 1  # without 404.html
    figures["pages"] = pages
    if "plain" not in builds:
        shutil.rmtree(site, ignore_errors=True)
        return figures
    plain = work / "plain"
    shutil.rmtree(plain, ignore_errors=True)
    (plain / "docs" / "pages").mkdir(parents=True)
    (plain / "docs" / "index.md").write_text("# Plain benchmark\n\nThe pages are linked from their parents.\n")
    for n in range(pages - 1):
        (plain / "docs" / "pages" / f"p{n:06d}.md").write_text(PLAIN_PAGE.format(n=n))
    (plain / "mkdocs.yml").write_text(
        f"site_name: Plain\n{THEME}plugins:\n  - search\n  - tags\nnav:\n  - index.md\n"
        "validation:\n  nav:\n    omitted_files: ignore\n  links:\n    not_found: ignore\n")
    plain_s, plain_kb, plain_cpu = _timed_build(plain / "mkdocs.yml", plain / "site")
    figures.update({"plain_s": plain_s, "plain_cpu_s": plain_cpu, "plain_peak_mb": plain_kb / 1024, "pages": pages})
    print(f"  plain Material, {pages} hand-written pages out of the nav: {plain_s:.1f} s ({plain_cpu:.1f} s CPU), "
          f"peak {plain_kb / 1024:.0f} MB")
    figures.update({f"plain_{key}": value for key, value in _measure(plain / "site").items()})
    figures["ratio"] = plugin_s / plain_s
    figures["cpu_ratio"] = plugin_cpu / plain_cpu
    print(f"  ratio plugin / plain: {figures['ratio']:.2f} (CPU time {figures['cpu_ratio']:.2f})")
    shutil.rmtree(plain / "site", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    return figures


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obligations", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--repo", type=Path, default=None, help="an existing repository instead of generated ones")
    parser.add_argument("--out", type=Path, default=Path("bench-out/site"))
    parser.add_argument("--builds", nargs="*", default=["mkdocs", "zensical", "plain"],
                        choices=["mkdocs", "zensical", "plain"], help="which builds to time (default: all)")
    parser.add_argument("--no-history", dest="history", action="store_false",
                        help="the plugin build without its history charts (history: false)")
    args = parser.parse_args()
    args.out = args.out.resolve()  # mkdocs resolves --site-dir against the config's folder
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, float]] = {}
    if args.repo:
        work = args.out / "given"
        work.mkdir(parents=True, exist_ok=True)
        copy = work / "repo"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(args.repo, copy, ignore=shutil.ignore_patterns(".git", ".venv", "site", "bench-out"))
        print(f"repository {args.repo}")
        results[str(args.repo)] = bench(copy, work, set(args.builds), args.history)
    for n in args.obligations if not args.repo else []:
        work = args.out / f"n{n}"
        print(f"{n} obligations (benchmarks/generate.py)")
        _generate(n, work / "repo")
        figures = bench(work / "repo", work, set(args.builds), args.history)
        results[str(n)] = figures
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
