"""The ``policytrack`` command, the door for the command line: the parser built from the command modules
under :mod:`policytrack.commands` (one module per command family), and the last-resort crash handler.

The exit codes are a contract that CI relies on; they are documented in
:mod:`policytrack.commands.common`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from policytrack.commands import check, codeowners, graph, history, init, law, migrate, new, pages
from policytrack.commands.common import EPILOG, EXIT_CRASH, EXIT_OK, EXIT_UNUSABLE, UsageError, use_cache
from policytrack.model.load import paused_gc
from policytrack.model.safetext import printable

COMMAND_MODULES = (check, graph, pages, migrate, law, init, new, codeowners, history)
"""Each module's ``add_parser`` registers its subcommands, in this order in ``--help``."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the whole command."""
    parser = argparse.ArgumentParser(
        prog="policytrack",
        description="Check a policy repository: every obligation has an owner, a deadline and evidence.",
        epilog=EPILOG,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_UNUSABLE
    try:
        use_cache(args)
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
