"""The ``policytrack`` command, the door for the command line: the parser built from the command modules
under :mod:`policytrack.commands` (one module per command family), and the last-resort crash handler.

The exit codes are a contract that CI relies on; they are documented in
:mod:`policytrack.commands.common`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from policytrack.commands.common import EPILOG, EXIT_CRASH, EXIT_OK, EXIT_UNUSABLE, UsageError, use_cache
from policytrack.model.load import paused_gc
from policytrack.model.safetext import printable

COMMAND_MODULES = ("check", "graph", "pages", "migrate", "law", "init", "new", "codeowners", "history")
"""The modules under :mod:`policytrack.commands` whose ``add_parser`` registers their subcommands, in this
order in ``--help``."""

COMMANDS = {"check": "check", "status": "check", "schema": "check", "graph": "graph", "pages": "pages",
            "migrate": "migrate", "import": "law", "clauses": "law", "draft": "law", "init": "init", "new": "new",
            "codeowners": "codeowners", "history": "history"}
"""Each command and the module that registers it: a command imports its own module only (``policytrack check``
does not pay for the importer, the scaffolds or the site); ``--help`` and a mistyped command import all."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the whole command (with ``command``: of that command only)."""
    parser = argparse.ArgumentParser(
        prog="policytrack",
        description="Check a policy repository: every obligation has an owner, a deadline and evidence.",
        epilog=EPILOG,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES if command not in COMMANDS else (COMMANDS[command],):
        importlib.import_module(f"policytrack.commands.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words else None)
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
