"""The law's text commands: ``import``, ``clauses`` and ``draft``.

* ``policytrack import FILE [REPO]`` reads a law (D.C. law XML, Akoma Ntoso 3.0, text or Markdown) and
  writes ``ordinances/<id>.yml``; when the ordinance is already there, it writes the differences as an
  amendment record under ``amendments/`` instead, never rewriting the sections obligations quote.
* ``policytrack clauses FILE_OR_ORDINANCE [--repo REPO] [--format text|json]`` lists the normative
  clauses; for an ordinance of the repository, with what carries each (coverage).
* ``policytrack draft ORDINANCE [--repo REPO] [--dry-run]`` writes draft obligations for the clauses
  nothing carries.

Exit codes as for every command: 0 done, 1 written but the result needs attention (a record the model
refuses, uncovered clauses listed), 2 could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from policytrack.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, UsageError, parse_date
from policytrack.law.clauses import Clause, extract
from policytrack.law.coverage import ClauseCoverage, ordinance_coverage
from policytrack.law.inforce import section_in_force
from policytrack.model.fields import Id
from policytrack.model.load import NotARepository, Repository, load_repository
from policytrack.model.paths import UnsafePath, write_under
from policytrack.model.records import LawChange, Ordinance
from policytrack.model.safetext import excerpt
from policytrack.model.yamlwrite import dump_record

if TYPE_CHECKING:
    from policytrack.law.document import Law


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the ``import``, ``clauses`` and ``draft`` subcommands."""
    imp = subparsers.add_parser("import", help="import a law's text as an ordinance (or record what changed)")
    imp.add_argument("file", metavar="FILE", help="D.C. law XML, Akoma Ntoso 3.0 XML, or text/Markdown")
    imp.add_argument("repo", nargs="?", default=".", help="the policy repository (default: .)")
    imp.add_argument("--id", default=None, help="the ordinance id (default: from the file)")
    imp.add_argument("--source", default=None, help="official address of the text (when the file has none)")
    imp.add_argument("--by", default=None, help="re-import: citation of the amending law")
    imp.add_argument("--enacted", type=parse_date, default=None, metavar="YYYY-MM-DD",
                     help="when the law (or, on a re-import, the amendment) was enacted; wins over the file's date")
    imp.add_argument("--effective", type=parse_date, default=None, metavar="YYYY-MM-DD",
                     help="when it takes effect; wins over the file's date")
    imp.set_defaults(func=cmd_import)

    clauses = subparsers.add_parser("clauses", help="list the law's normative clauses (and their coverage)")
    clauses.add_argument("target", metavar="FILE_OR_ORDINANCE", help="a law file, or an ordinance id of --repo")
    clauses.add_argument("--repo", default=".", help="the policy repository for an ordinance id (default: .)")
    clauses.add_argument("--format", choices=("text", "json"), default="text")
    clauses.add_argument("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                         help="accepted like every command's; clauses do not depend on the date")
    clauses.set_defaults(func=cmd_clauses)

    draft = subparsers.add_parser("draft", help="write draft obligations for the clauses nothing carries")
    draft.add_argument("ordinance", metavar="ORDINANCE", help="the ordinance id")
    draft.add_argument("--repo", default=".", help="the policy repository (default: .)")
    draft.add_argument("--dry-run", action="store_true", help="print the drafts instead of writing them")
    draft.set_defaults(func=cmd_draft)


def _read(path: str) -> Law:
    from policytrack.law.document import LawFileError
    from policytrack.law.importer import read_law

    try:
        return read_law(path)
    except LawFileError as exc:
        raise UsageError(str(exc)) from None


def _load(repo: str) -> Repository:
    try:
        return load_repository(repo).repository
    except NotARepository as exc:
        raise UsageError(str(exc)) from None


def _no_ordinance(repo: str, ordinance_id: str, what: str) -> UsageError:
    """Why there is no such ordinance: the loader's reasons when its file is there but does not load."""
    relative = f"ordinances/{ordinance_id}.yml"
    if not (Path(repo) / relative).is_file():
        return UsageError(what)
    reasons = [f"{item.path}:{item.line}: {item.message}" if item.line else f"{item.path}: {item.message}"
               for item in load_repository(repo).findings if item.path.endswith(relative)]
    return UsageError(f"{relative} does not load, so '{ordinance_id}' is no ordinance of {repo} yet: "
                      + ("; ".join(reasons[:5]) if reasons else "run 'policytrack check' to see why"))


def cmd_import(args: argparse.Namespace) -> int:
    """Write the ordinance, or the amendment record of what a newer version changed."""
    from policytrack.law.importer import amendment_data, diff_sections, ordinance_data

    law = _read(args.file)
    root = Path(args.repo)
    if not root.is_dir():
        raise UsageError(f"{root} is not a folder")
    ordinance_id = args.id or law.id
    if not ordinance_id:
        raise UsageError("the file names no law number; give the ordinance id with --id")
    if not _valid_id(ordinance_id):  # it names the file written: never a path ('<num>/../../x</num>')
        given = "--id" if args.id else "the law number in the file"
        raise UsageError(f"{given} gives the id {excerpt(ordinance_id, 60)}, which is not a valid id (lower-case "
                         "letters, digits, '.', '_' and '-', starting with a letter or digit): give one with --id")
    existing = _existing(root, ordinance_id)
    if existing is None:
        for key in ("enacted", "effective"):  # the flags always win over what the text states
            given = getattr(args, key)
            if given is not None:
                setattr(law, key, given.isoformat())
                law.dates_from[key] = f"--{key}"
        source = args.source or law.source
        data = ordinance_data(law, ordinance_id, source)
        missing = _refused(data)
        _report(args.file, law)
        if missing:
            for line in missing:
                print(f"{args.file}: {line}", file=sys.stderr)
            print(f"nothing written: ordinances/{ordinance_id}.yml would not load", file=sys.stderr)
            return EXIT_UNUSABLE
        path = _write(root, f"ordinances/{ordinance_id}.yml", data, "ordinance")
        print(f"{path}: ordinance '{ordinance_id}' with {len(data['sections'])} sections "
              f"(enacted {law.enacted or 'unknown'}, effective {law.effective or 'unknown'})")
        return EXIT_OK
    repo, ordinance = existing
    current: dict[str, tuple[str, str]] = {}
    ids = [section.id for section in ordinance.sections]
    for record in repo.amendments.values():
        if record.ordinance == ordinance_id:
            ids += [change.section for change in record.changes if change.section]
    for section_id in dict.fromkeys(ids):
        in_force = section_in_force(repo, ordinance_id, section_id, date.max)
        if in_force.repealed is None and in_force.text:
            heading = next((s.heading for s in ordinance.sections if s.id == section_id), section_id)
            current[section_id] = (heading, in_force.text)
    changes = diff_sections(current, law)
    if not changes:
        print(f"{args.file}: no change from the text of '{ordinance_id}' in force")
        return EXIT_OK
    effective = (args.effective.isoformat() if args.effective else law.effective)
    if not effective:
        raise UsageError(f"{args.file} states no effective date for this version; give it with --effective")
    enacted = args.enacted.isoformat() if args.enacted else (law.enacted or effective)
    source = args.source or law.source or ordinance.source
    by = args.by or law.citation or f"new version of {ordinance.citation}"
    data = amendment_data(ordinance_id, changes, by=by, enacted=enacted, effective=effective, source=source)
    refused = _refused(data, LawChange)
    if refused:  # the file's <effective> names the record's file: only a date may (never '../../x')
        for line in refused:
            print(f"{args.file}: {line}", file=sys.stderr)
        print("nothing written: the amendment record would not load", file=sys.stderr)
        return EXIT_UNUSABLE
    if os.path.lexists(root / "amendments" / f"{data['id']}.yml"):
        raise UsageError(f"amendments/{data['id']}.yml already exists; remove it or give another --effective date")
    path = _write(root, f"amendments/{data['id']}.yml", data, "amendment")
    counts = {action: sum(1 for change in changes if change.action == action)
              for action in ("added", "amended", "repealed")}
    print(f"{path}: {counts['added']} sections added, {counts['amended']} amended, {counts['repealed']} repealed "
          f"(effective {effective}); ordinances/{ordinance_id}.yml is unchanged")
    return EXIT_OK


def _existing(root: Path, ordinance_id: str) -> tuple[Repository, Ordinance] | None:
    if not (root / "ordinances").is_dir():
        return None
    repo = _load(str(root))
    ordinance = repo.ordinances.get(ordinance_id)
    if ordinance is None:
        if (root / "ordinances" / f"{ordinance_id}.yml").exists():
            raise _no_ordinance(str(root), ordinance_id, "")
        return None
    return repo, ordinance


_ID: TypeAdapter[str] = TypeAdapter(Id)
_FLAGS = {"enacted": "--enacted YYYY-MM-DD", "effective": "--effective YYYY-MM-DD", "source": "--source URL",
          "id": "--id ID", "title": "a first line with the law's title", "citation": "a first line with the title"}


def _valid_id(value: str) -> bool:
    try:
        _ID.validate_python(value)
    except ValidationError:
        return False
    return True


def _write(root: Path, relative: str, data: dict[str, Any], schema_name: str) -> Path:
    """Write the record, never through a link nor outside the repository (a usage error names the link)."""
    from policytrack.law.importer import write_yaml

    try:
        return write_yaml(root, relative, data, schema_name)
    except UnsafePath as exc:
        raise UsageError(f"cannot write {relative}: {exc}") from None
    except OSError as exc:
        raise UsageError(f"cannot write {relative}: {exc.strerror}") from None


def _refused(data: dict[str, Any], model: type[Ordinance | LawChange] = Ordinance) -> list[str]:
    """One line per field the record would be refused for, with the flag that supplies it."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors(include_url=False):
            where = ".".join(str(step) for step in error["loc"])
            flag = _FLAGS.get(where)
            if error["type"] == "missing" or data.get(where) is None:
                lines.append(f"no {where} found in the text; give it with {flag}" if flag else
                             f"'{where}' missing")
            else:
                shown = repr(error.get("input"))
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                lines.append(f"'{where}': {error['msg']} (got {shown})" + (f"; give it with {flag}" if flag else ""))
        return lines
    return []


def _report(file: str, law: Law) -> None:
    """What the import read (sections, dates, history notes) and what it assumed."""
    ids = [section.id for section in law.sections]
    shown = ", ".join(ids[:12]) + (f" and {len(ids) - 12} more" if len(ids) > 12 else "")
    print(f"{file}: read as {law.format}: '{law.title}', {len(ids)} sections ({shown})")
    for key in ("enacted", "effective"):
        value = getattr(law, key)
        where = law.dates_from.get(key)
        print(f"  {key}: {value} (from {where})" if value and where else
              f"  {key}: {value}" if value else f"  {key}: not stated")
    for note in law.notes[:20]:
        print(f"  history note in section {note.section or '-'}: {note.describe()}")
    if len(law.notes) > 20:
        print(f"  ... and {len(law.notes) - 20} more history notes")
    for assumption in law.assumed:
        print(f"  assumed: {assumption}")


def cmd_clauses(args: argparse.Namespace) -> int:
    """Print the clauses of a law file, or of an ordinance with their coverage."""
    target = Path(args.target)
    if target.is_file():
        law = _read(args.target)
        clauses: list[Clause] = []
        for section in law.sections:
            for clause in extract(section.text, section.id):
                if section.offset is not None:  # offsets in the file itself
                    clause = replace(clause, start=clause.start + section.offset, end=clause.end + section.offset)
                clauses.append(clause)
        rows: list[tuple[Clause, ClauseCoverage | None]] = [(clause, None) for clause in clauses]
        counted_in = "file" if law.format == "text" else "section text"
        origin = f"{args.target} ({law.format}; offsets are in the {counted_in})"
    else:
        repo = _load(args.repo)
        ordinance = repo.ordinances.get(args.target)
        if ordinance is None:
            raise _no_ordinance(args.repo, args.target,
                                f"'{args.target}' is neither a file nor an ordinance of {args.repo}")
        rows = [(item.clause, item) for item in ordinance_coverage(repo, ordinance)]
        origin = f"ordinance '{ordinance.id}' (offsets are in each section's text)"
    if args.format == "json":
        out = []
        for clause, item in rows:
            data = clause.as_dict()
            data["no_deadline_in_law"] = clause.modality == "obligation" and clause.deadline is None
            if item is not None:
                data["coverage"] = item.state
                data["obligations"] = list(item.obligations)
                data["reason"] = item.reason
            out.append(data)
        print(json.dumps({"source": origin, "clauses": out}, indent=2, ensure_ascii=False))
    else:
        for clause, item in rows:
            words = " ".join(clause.text.split())
            deadline = _describe(clause.deadline) if clause.deadline else (
                "no deadline in the law" if clause.modality == "obligation" else "no deadline")
            state = ""
            if item is not None and item.state != "permission":
                state = {"covered": f" [covered by {', '.join(item.obligations)}]",
                         "excused": f" [needs no obligation: {item.reason}]",
                         "uncovered": " [UNCOVERED]"}[item.state]
            reflowed = " (read across line breaks)" if clause.reflowed else ""
            print(f"{clause.section} {clause.start}-{clause.end} {clause.modality} | {clause.actor or '-'} | "
                  f"{deadline}{state}{reflowed}\n    {words[:200]}{'...' if len(words) > 200 else ''}")
        joined = sum(1 for clause, _ in rows if clause.reflowed)
        print(f"{len(rows)} clauses in {origin}" + (
            f"; {joined} ran over hard line breaks and were read as one paragraph each (their offsets and "
            "words are those of the text as given)" if joined else ""))
    uncovered = sum(1 for _, item in rows if item is not None and item.state == "uncovered")
    return EXIT_FINDINGS if uncovered else EXIT_OK


def _describe(deadline: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in deadline.items())


def cmd_draft(args: argparse.Namespace) -> int:
    """Write (or print) a draft obligation for each uncovered clause of the ordinance."""
    from policytrack.law.draft import drafts_for

    repo = _load(args.repo)
    ordinance = repo.ordinances.get(args.ordinance)
    if ordinance is None:
        raise _no_ordinance(args.repo, args.ordinance, f"no ordinance '{args.ordinance}' in {args.repo}")
    drafts = drafts_for(repo, ordinance)
    for draft in drafts:
        depth = len(draft.path.relative_to(repo.root).parts) - 1
        text = dump_record(draft.data, "../" * depth + "schemas/obligation.schema.json")
        if args.dry_run:
            print(f"--- {draft.path}\n{text}")
            continue
        try:  # never over a file, never through a link (a linked folder, a dangling link at the name)
            write_under(repo.root, draft.path.relative_to(repo.root), text, exclusive=True)
        except UnsafePath as exc:
            raise UsageError(f"cannot write {draft.path}: {exc}") from None
        except OSError as exc:
            raise UsageError(f"cannot write {draft.path}: {exc.strerror}") from None
        print(draft.path)
    print(f"{len(drafts)} draft obligations for '{ordinance.id}'" + (" (not written)" if args.dry_run else
          "; complete each and remove 'draft: true'"))
    return EXIT_OK
