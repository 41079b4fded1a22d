"""``policytrack codeowners``: who must approve a pull request, written from the registry.

GitHub requires a review from the owners of every file a pull request changes (with branch
protection's "Require review from Code Owners"). The file is generated, never edited by hand:

* council staff (``council_team`` in ``policytrack.yml``) own everything by default: ordinances,
  obligations, the registries, the configuration and the workflows;
* each agency's team (``team`` in ``agencies/<id>.yml``) owns its own evidence, the files named
  ``evidence/<obligation>/<date>-<agency>[-n].yml``;
* the verifiers (``verifiers`` in ``policytrack.yml``: the auditor, council staff) own
  ``verifications/`` and ``assessments/``, so only they can add a verification record or assess (close)
  an audit recommendation.

GitHub uses the *last* matching line, so the general lines come first. ``--check`` exits 1 when the
committed ``.github/CODEOWNERS`` differs from what the registry gives (run it in CI).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from policytrack.model.limits import MAX_FILE_BYTES
from policytrack.model.load import Repository, load_repository
from policytrack.model.paths import UnsafePath, problem, read_under, write_under

CODEOWNERS = ".github/CODEOWNERS"


def codeowners(repo: Repository) -> str:
    """The CODEOWNERS text for the repository."""
    config = repo.config
    council = config.council_team or ""
    lines = [
        "# Written by `policytrack codeowners` from agencies/*.yml and policytrack.yml: do not edit by hand;",
        "# change the registry and run the command again. GitHub uses the last line that matches a file.",
        "",
        "# Council staff own the law's record, the registries, the configuration and the workflows.",
        f"* {council}".rstrip(),
        "",
        "# Each agency's team submits its own evidence: evidence/<obligation>/<date>-<agency>[-n].yml",
    ]
    if not council:
        lines.insert(4, "# (no council_team in policytrack.yml: these files have no required reviewer)")
    # longer ids last: for agencies 'jail' and 'jail-medical', '*-jail-*.yml' also matches the latter's files,
    # and the later, more specific lines win
    for agency in sorted(repo.agencies.values(), key=lambda item: (len(item.id), item.id)):
        owners = " ".join(item for item in (agency.team, council) if item)
        if not agency.team:
            lines.append(f"# {agency.id}: no team in agencies/{agency.id}.yml; council staff review its evidence")
            continue
        lines.append(f"/evidence/**/*-{agency.id}.yml {owners}")
        lines.append(f"/evidence/**/*-{agency.id}-*.yml {owners}")
    lines += ["", "# Only verifiers add verification records (claimed is not verified)."]
    verifiers = " ".join(config.verifiers)
    lines.append(f"/verifications/ {verifiers}" if verifiers else
                 "# (no verifiers in policytrack.yml: name the auditor's team there)")
    lines += ["", "# Only verifiers assess audit recommendations: an agency cannot close its own."]
    lines.append(f"/assessments/ {verifiers}" if verifiers else
                 "# (no verifiers in policytrack.yml: assessments/ has no required reviewer)")
    return "\n".join(lines) + "\n"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``policytrack codeowners``."""
    parser = sub.add_parser("codeowners", help="write .github/CODEOWNERS from the agency registry")
    parser.add_argument("repo", nargs="?", default=".", help="the policy repository (default: .)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when the committed file is out of date")
    parser.set_defaults(func=cmd_codeowners)


def cmd_codeowners(args: argparse.Namespace) -> int:
    """Write (or with ``--check`` compare) ``.github/CODEOWNERS``."""
    from policytrack.commands.common import EXIT_FINDINGS, EXIT_OK, UsageError
    from policytrack.model.load import NotARepository

    root = Path(args.repo)
    try:
        text = codeowners(load_repository(root).repository)
    except NotARepository as exc:
        raise UsageError(str(exc)) from None
    if args.check:
        current = _committed(root)
        if current == text:
            print(f"{CODEOWNERS} is up to date")
            return EXIT_OK
        state = "is missing" if current is None else "is out of date with the agency registry"
        print(f"{CODEOWNERS} {state}: run `policytrack codeowners` and commit the file")
        return EXIT_FINDINGS
    try:  # never through a link planted at .github/ or at the file (it would write outside the repository)
        write_under(root, CODEOWNERS, text)
    except UnsafePath as exc:
        raise UsageError(f"cannot write {CODEOWNERS}: {exc}") from None
    except OSError as exc:
        raise UsageError(f"cannot write {CODEOWNERS}: {exc.strerror}") from None
    print(CODEOWNERS)
    return EXIT_OK


def _committed(root: Path) -> str | None:
    """The committed CODEOWNERS text, or None when there is none; never read through a link (a link to the
    process's memory under procfs would crash the read) nor more than the size limit."""
    from policytrack.commands.common import UsageError

    if problem(root, CODEOWNERS) is None and not os.path.lexists(root / CODEOWNERS):
        return None
    try:
        raw = read_under(root, CODEOWNERS, MAX_FILE_BYTES)
    except UnsafePath as exc:
        raise UsageError(f"cannot read {CODEOWNERS}: {exc}") from None
    return raw.decode("utf-8", errors="replace") if len(raw) <= MAX_FILE_BYTES else ""
