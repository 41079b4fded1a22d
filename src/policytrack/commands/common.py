"""What every command shares: the exit codes, :class:`UsageError`, date parsing, the options of the
data commands and the ``--replay`` rule.

Exit codes (a contract that CI relies on):

* 0: the command ran and found no error (warnings allowed);
* 1: the command ran and found errors;
* 2: the command could not run (bad arguments such as an --as-of date outside the years 1000 to 8999,
  no repository, an unwritable output folder);
* 70: policytrack itself failed (a bug: no input should ever cause it). One line on stderr names the
  error and asks for a bug report; no traceback, and never confused with 1, "errors found".
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from policytrack.checks.checker import CheckResult, run_check
from policytrack.checks.rules.context import Options
from policytrack.model import cache
from policytrack.model.cache import FOLDER
from policytrack.model.limits import parse_as_of
from policytrack.model.load import NotARepository
from policytrack.model.safetext import printable

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
EXIT_CRASH = 70
"""policytrack failed (a bug); sysexits' EX_SOFTWARE."""
EPILOG = ("Exit codes: 0 no error, 1 errors found, 2 the command could not run, "
          "70 policytrack failed (a bug: please report it).")


class UsageError(Exception):
    """The command cannot run as asked (exit code 2)."""


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` (ASCII digits, years 1000 to 8999) → date, for ``--as-of``."""
    try:
        return parse_as_of(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(printable(str(exc))) from None


def add_common(parser: argparse.ArgumentParser) -> None:
    """The repository argument and the as-of options every data command takes."""
    parser.add_argument("repo", nargs="?", default=".", help="the policy repository (default: .)")
    parser.add_argument("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                        help="compute everything as of this date (default: today)")
    parser.add_argument("--replay", dest="replay", action="store_true", default=None,
                        help="records dated after --as-of do not exist yet (default when --as-of is given)")
    parser.add_argument("--no-replay", dest="replay", action="store_false",
                        help="report records dated after --as-of as errors, even with --as-of")
    parser.add_argument("--no-cache", action="store_true",
                        help=f"parse every file afresh, without the warm cache of loaded files in REPO/{FOLDER}/ "
                             "(also: POLICYTRACK_NO_CACHE=1)")
    parser.add_argument("--deadlines", choices=("error", "warning"), default="error",
                        help="severity of time-driven findings (overdue, lapsed, fanout-gap); use 'warning' "
                             "for pull-request checks so that one agency's lateness does not block another's "
                             "evidence (default: error)")


def use_cache(args: argparse.Namespace) -> None:
    """Let the loader keep and reuse loaded files in the repository's cache folder, unless told not to."""
    if getattr(args, "no_cache", True) or os.environ.get("POLICYTRACK_NO_CACHE", "") not in ("", "0"):
        cache.use(None)
    else:
        cache.use(Path(args.repo) / FOLDER)


def options_from_args(args: argparse.Namespace) -> Options:
    """The checker's options from the command line. ``--replay`` is on by default when ``--as-of`` is
    given: records dated after that day do not exist yet."""
    replay = args.replay if args.replay is not None else args.as_of is not None
    return Options(deadlines=args.deadlines, replay=replay)


def run_from_args(args: argparse.Namespace) -> CheckResult:
    """Load and check the repository named on the command line."""
    try:  # as_of None: today in the repository's time zone
        return run_check(args.repo, args.as_of, options_from_args(args))
    except NotARepository as exc:
        raise UsageError(str(exc)) from None
