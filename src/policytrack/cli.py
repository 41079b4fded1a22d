"""The ``policytrack`` command: a thin shell over the library, one small function per subcommand.

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
import sys
from collections.abc import Callable, Sequence
from datetime import date

from policytrack.checks.checker import CheckResult, run_check
from policytrack.checks.rules.context import Options
from policytrack.model.limits import parse_as_of
from policytrack.model.load import NotARepository, paused_gc
from policytrack.model.safetext import printable
from policytrack.report.formats import FORMATS, format_status

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
    parser.add_argument("--deadlines", choices=("error", "warning"), default="error",
                        help="severity of time-driven findings (overdue, lapsed, fanout-gap); use 'warning' "
                             "for pull-request checks so that one agency's lateness does not block another's "
                             "evidence (default: error)")


def run_from_args(args: argparse.Namespace) -> CheckResult:
    """Load and check the repository named on the command line."""
    as_of = args.as_of  # None: today in the repository's time zone
    replay = args.replay if args.replay is not None else args.as_of is not None
    try:
        return run_check(args.repo, as_of, Options(deadlines=args.deadlines, replay=replay))
    except NotARepository as exc:
        raise UsageError(str(exc)) from None


def cmd_check(args: argparse.Namespace) -> int:
    """Check the repository; print findings; exit 1 when any is an error."""
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if args.changed_since:
        from policytrack.checks.gate import run_gate_from_args

        return run_gate_from_args(args, fmt)
    result = run_from_args(args)
    print(FORMATS[fmt](result))
    return EXIT_FINDINGS if result.errors else EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    """Print what is overdue, due soon and met, per ordinance and per agency."""
    result = run_from_args(args)
    if args.agency and args.agency not in result.repository.agencies:
        raise UsageError(f"no agency '{args.agency}' in the repository")
    print(format_status(result, agency=args.agency))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas generated from the models."""
    from policytrack.model.schema import write

    try:
        paths = write(args.out)
    except OSError as exc:
        raise UsageError(f"cannot write schemas to {args.out}: {exc.strerror}") from None
    for path in paths:
        print(path)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "status": cmd_status,
    "schema": cmd_schema,
}

def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the whole command."""
    parser = argparse.ArgumentParser(
        prog="policytrack",
        description="Check a policy repository: every obligation has an owner, a deadline and evidence.",
        epilog=EPILOG,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="check the repository and report findings")
    add_common(check)
    check.add_argument("--format", choices=sorted(FORMATS), default=None,
                       help="output format (default: text; github when GITHUB_ACTIONS=true)")
    check.add_argument("--changed-since", metavar="REF", default=None,
                       help="judge only what changed since the branch left REF (a pull request against main): "
                            "findings already there are listed as baseline and do not fail")
    check.set_defaults(func=cmd_check)
    status = sub.add_parser("status", help="what is overdue, due soon and met, per ordinance and agency")
    add_common(status)
    status.add_argument("--agency", default=None, help="only this agency's obligations")
    status.set_defaults(func=cmd_status)
    schema = sub.add_parser("schema", help="write the JSON Schemas generated from the models")
    schema.add_argument("out", nargs="?", default="schemas", help="output folder (default: schemas)")
    schema.add_argument("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                        help="accepted like every command's; the schemas do not depend on the date")
    schema.set_defaults(func=cmd_schema)
    for extend in _extensions():
        extend(sub)
    return parser


def _extensions() -> list[Callable[[argparse._SubParsersAction], None]]:
    """The ``add_parser`` functions of the subcommands that live in their own modules."""
    from policytrack.commands import (  # they import this module's helpers
        codeowners,
        graph,
        history,
        init,
        law,
        migrate,
        new,
        pages,
    )

    return [graph.add_parser, pages.add_parser, migrate.add_parser, law.add_parser, init.add_parser,
            new.add_parser, codeowners.add_parser, history.add_parser]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_UNUSABLE
    try:
        # A command builds millions of long-lived objects and exits: the cyclic collector's passes over
        # them would cost a third of a large check (measured at 10,000 obligations), so it is paused
        # for the command and restored after it (never frozen).
        with paused_gc():
            return int(args.func(args))
    except UsageError as exc:
        print(f"policytrack: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:  # pragma: no cover - output piped into head
        return EXIT_OK
    except Exception as exc:  # the last resort: one line and its own exit code, never a traceback
        detail = printable(" ".join(str(exc).split()))[:200]
        print(f"policytrack: internal error ({type(exc).__name__}: {detail}); this is a bug in policytrack, not "
              "in your files: please report it with the command you ran", file=sys.stderr)
        return EXIT_CRASH


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
