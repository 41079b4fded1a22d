"""``policytrack check`` (and the pull-request gate, ``--changed-since``), ``status`` and ``schema``."""

from __future__ import annotations

import argparse
import os
import sys

from policytrack.checks.checker import CheckResult
from policytrack.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_common,
    options_from_args,
    parse_date,
    run_from_args,
)
from policytrack.model.load import NotARepository
from policytrack.report.formats import FORMATS, format_status, json_chunks


def cmd_check(args: argparse.Namespace) -> int:
    """Check the repository; print findings; exit 1 when any is an error."""
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if args.changed_since:
        return cmd_gate(args, fmt)
    result = run_from_args(args)
    _report(fmt, result)
    return EXIT_FINDINGS if result.errors else EXIT_OK


def _report(fmt: str, result: CheckResult) -> None:
    """Print the report; JSON is written as it is encoded, never held whole."""
    if fmt != "json":
        print(FORMATS[fmt](result))
        return
    for chunk in json_chunks(result):
        sys.stdout.write(chunk)
    sys.stdout.write("\n")


def cmd_gate(args: argparse.Namespace, fmt: str) -> int:
    """``policytrack check --changed-since REF``: print the report; exit 1 when the change has an error."""
    from policytrack.checks.gate import GateError, header, run_gate  # git and the base's files: the gate alone

    try:
        gate = run_gate(args.repo, args.changed_since, args.as_of, options_from_args(args), args.author or None)
    except (GateError, NotARepository) as exc:
        raise UsageError(str(exc)) from None
    if fmt == "text":
        print(header(gate))
    _report(fmt, gate.result)
    return EXIT_FINDINGS if gate.result.errors else EXIT_OK


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


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``check``, ``status`` and ``schema``."""
    check = sub.add_parser("check", help="check the repository and report findings")
    add_common(check)
    check.add_argument("--format", choices=sorted(FORMATS), default=None,
                       help="output format (default: text; github when GITHUB_ACTIONS=true)")
    check.add_argument("--changed-since", metavar="REF", default=None,
                       help="judge only what changed since the branch left REF (a pull request against main): "
                            "findings already there are listed as baseline and do not fail; REF's "
                            "policytrack.yml gives the rules")
    check.add_argument("--author", metavar="LOGIN", default=os.environ.get("POLICYTRACK_AUTHOR"),
                       help="with --changed-since: the pull request's author (GitHub login), whom REF's "
                            "policytrack.yml names as council staff or a verifier, or not (default: "
                            "$POLICYTRACK_AUTHOR)")
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
