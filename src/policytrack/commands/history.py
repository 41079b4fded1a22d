"""``policytrack history [REPO]``: when records entered the repository, and duties behind and done over time.

The first part reads the repository's git log (one ``git log`` over the data folders): each commit's date
and the evidence and other records it added, changed or removed. The second replays the status engine at
regular dates up to ``--as-of`` (counts of duties, one obligation for one agency) for the whole repository,
or one ordinance or agency (``--scope ordinance:ID`` / ``agency:ID``). ``--format json`` or ``csv`` for data.
"""

from __future__ import annotations

import argparse
import json
import sys

from policytrack.commands.common import EXIT_OK, UsageError, add_common, run_from_args
from policytrack.model.safetext import log_line

FORMATS = ("text", "json", "csv")


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the ``history`` subcommand."""
    parser = subparsers.add_parser("history", help="changes to the records (git log) and duties behind and "
                                                   "done over time")
    add_common(parser)
    parser.add_argument("--scope", default="all", metavar="all|ordinance:ID|agency:ID",
                        help="whose duties to count over time (default: all)")
    parser.add_argument("--points", type=int, default=24, help="dates to replay at most (default: 24)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.set_defaults(func=cmd_history)


def cmd_history(args: argparse.Namespace) -> int:
    """Print the record changes and the series; exit 2 outside git or for an unknown scope."""
    from policytrack.site.chart import to_csv
    from policytrack.status.history import (
        COLUMNS,
        NotAGitRepository,
        git_changes,
        sample_dates,
        start_date,
        status_series,
    )

    if args.points < 2:
        raise UsageError("--points must be at least 2")
    try:
        changes = git_changes(args.repo)
    except NotAGitRepository as exc:
        raise UsageError(str(exc)) from None
    result = run_from_args(args)
    repo = result.repository
    start = start_date(repo) or result.as_of
    series = status_series(repo, sample_dates(start, result.as_of, args.points))
    if args.scope not in series:
        known = ", ".join(sorted(series)[:8])
        raise UsageError(f"no scope {args.scope!r} in this repository (for example: {known})")
    chosen = series[args.scope]
    if args.format == "csv":
        sys.stdout.write(to_csv(chosen))
        return EXIT_OK
    if args.format == "json":
        json.dump({"as_of": result.as_of.isoformat(), "scope": args.scope,
                   "changes": [{"commit": item.commit, "date": item.date.isoformat(), "subject": item.subject,
                                "added": list(item.added), "modified": list(item.modified),
                                "deleted": list(item.deleted)} for item in changes],
                   "series": [{"date": day.isoformat(), **counts}
                              for day, counts in zip(chosen.dates, chosen.counts, strict=True)]},
                  sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    print(f"Changes to the records (git log of the data folders), oldest first: {len(changes)} commits")
    for item in changes:
        evidence = item.evidence_added
        others = len(item.added) - len(evidence)
        parts = [f"{len(evidence)} evidence added"] if evidence else []
        if others:
            parts.append(f"{others} other records added")
        if item.modified:
            parts.append(f"{len(item.modified)} changed")
        if item.deleted:
            parts.append(f"{len(item.deleted)} removed")
        print(log_line(f"  {item.date.isoformat()}  {item.commit[:7]}  {', '.join(parts) or 'no record files'}: "
                       f"{item.subject}"))  # a commit's subject and file names are the pull request's words
        for path in evidence:
            print(log_line(f"      + {path}"))
    print(f"\nDuties of {args.scope} over time (records replayed as of each date; one duty is one obligation "
          "for one agency):")
    print("  " + "date".ljust(12) + "".join(name.rjust(12) for name in COLUMNS))
    for day, counts in zip(chosen.dates, chosen.counts, strict=True):
        print("  " + day.isoformat().ljust(12) + "".join(str(counts[name]).rjust(12) for name in COLUMNS))
    return EXIT_OK
