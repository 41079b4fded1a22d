"""``policytrack new KIND``: write a new, valid, commented record at the right path.

For people who are not developers: in a terminal, the command asks for each required field it was
not given; in scripts and CI, every field is an option (``--name``, ``--obligation`` ...). The file is
checked against the model (and its references against the repository) *before* it is written, gets a
unique file name and id, and never overwrites a file.

Where each kind goes::

    agencies/<id>.yml                                agency
    systems/<id>.yml                                 system
    ordinances/<id>.yml                              ordinance
    obligations/<ordinance>/<id>.yml                 obligation
    evidence/<obligation>/<date>-<agency>[-n].yml    evidence (-2, -3 ... when that name is taken)
    events/<date>-<agency>-<kind>[-n].yml            event (its id, unless --id is given)
    audits/<id>.yml                                  audit (an audit report)
    recommendations/<audit>/<id>.yml                 recommendation (of an audit, to one agency)
    assessments/<recommendation>/<date>-<agency>[-n].yml   assessment (the auditor's follow-up; only the
                                                     verifiers add these: CODEOWNERS and the gate see to it)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import TypeAdapter, ValidationError

from policytrack.model.fields import PartialDate, Record
from policytrack.model.load import Repository, describe_errors, load_repository
from policytrack.model.paths import UnsafePath, write_under
from policytrack.model.records import MODELS
from policytrack.model.yamlio import YamlError, read_yaml
from policytrack.status.scope import bound_agencies


class AuthoringError(Exception):
    """The record cannot be written as asked (exit code 2); the message says what to do."""


@dataclass(frozen=True)
class Field:
    """One answer the command needs: its option, its question, and where it goes in the record."""

    name: str
    question: str
    required: bool = True
    key: tuple[str, ...] = ()
    """Where the answer goes in the record (default: the top-level key ``name``)."""
    kind: str = "text"
    """text, date, partial-date (YYYY-MM-DD, YYYY-MM or YYYY), list (comma-separated) or int."""

    @property
    def option(self) -> str:
        """The command-line option: ``--obligation``."""
        return "--" + self.name.replace("_", "-")

    @property
    def path(self) -> tuple[str, ...]:
        """The record keys this answer fills."""
        return self.key or (self.name,)


FIELDS: dict[str, list[Field]] = {
    "agency": [
        Field("id", "Short id (lower-case letters, digits and '-', such as 'dajd')"),
        Field("name", "The agency's full name"),
        Field("head", "Its accountable head, as a role title (such as 'Director')"),
        Field("parent", "The agency it is part of (id), if any", required=False),
        Field("team", "The GitHub team that submits its evidence (such as '@org/dajd-clerks')", required=False),
        Field("url", "Its web address, if any", required=False),
        Field("tags", "Tags that obligations select agencies by, comma-separated (such as 'surveillance')",
              required=False, kind="list"),
    ],
    "system": [
        Field("id", "Short id (such as 'jail-inmate-lookup')"),
        Field("name", "The system's name"),
        Field("operator", "The agency that operates it (id)"),
        Field("description", "What it does, in a sentence", required=False),
        Field("data", "Categories of data it holds, comma-separated ids", required=False, kind="list"),
        Field("tags", "Tags that obligations select systems by, comma-separated (such as "
              "'surveillance-technology')", required=False, kind="list"),
    ],
    "ordinance": [
        Field("id", "Short id (such as 'kc-18665')"),
        Field("title", "The ordinance's title"),
        Field("number", "Its number (such as '18665')", required=False),
        Field("citation", "The code it creates or amends (such as 'K.C.C. chapter 2.15')"),
        Field("enacted", "Date enacted (YYYY-MM-DD; YYYY-MM or YYYY where only they are known)",
              kind="partial-date"),
        Field("effective", "Date effective (YYYY-MM-DD), if known", required=False, kind="partial-date"),
        Field("source", "Public address of the ordinance's text (https://...)"),
        Field("section", "The first section's number as the code cites it (such as '2.15.010')",
              key=("sections", "0", "id")),
        Field("heading", "That section's heading", key=("sections", "0", "heading")),
        Field("applies_to", "Agencies the ordinance binds, comma-separated ids", required=False, kind="list"),
    ],
    "obligation": [
        Field("ordinance", "The ordinance it comes from (id)"),
        Field("section", "The section that creates it (as listed in the ordinance)"),
        Field("title", "A short title of the duty"),
        Field("quote", "The law's words that create the duty, verbatim"),
        Field("action", "What must be done, in plain words"),
        Field("kind", "Kind: one-time, recurring, per-event or prohibition"),
        Field("owner", "The agency that owns it (id)", key=("owner", "agency")),
        Field("role", "The accountable role in that agency (such as 'Director')", key=("owner", "role")),
        Field("due", "Due date (YYYY-MM-DD), or 'none' where the law names no date", key=("deadline",)),
        Field("evidence_kinds", "What kinds of evidence prove it, comma-separated (such as 'policy, report')",
              key=("evidence", "kinds"), kind="list"),
        Field("applies_to", "Agencies that must each show evidence, comma-separated ids (default: the owner)",
              required=False, kind="list"),
        Field("id", "Id (default: made from the ordinance and the title)", required=False),
    ],
    "evidence": [
        Field("obligation", "The obligation it proves (id)"),
        Field("agency", "The agency submitting it (id)"),
        Field("date", "The day the act took place or the document is dated (YYYY-MM-DD; YYYY-MM or YYYY "
              "where only the month or year is known)", kind="partial-date"),
        Field("kind", "Kind of evidence (one the obligation asks for, such as 'policy')"),
        Field("summary", "What was done, by which office, and what the source shows"),
        Field("url", "The public address of the document (https://...)", key=("source", "url")),
        Field("source_title", "The document's title", required=False, key=("source", "title")),
        Field("role", "Your role (such as 'Records officer'); no personal names", key=("submitted_by", "role")),
        Field("period", "The period it covers, for a recurring duty (2021, 2021-Q3 or 2021-06)", required=False),
        Field("event", "The event record it answers, for a per-event duty (id)", required=False),
    ],
    "event": [
        Field("kind", "The kind of event (such as 'immigration-request')"),
        Field("agency", "The agency it happened at (id)"),
        Field("date", "The day it happened (YYYY-MM-DD; YYYY-MM or YYYY where only the month or year is known)",
              kind="partial-date"),
        Field("summary", "What happened, without names or case numbers"),
        Field("recorded_on", "For an event planned ahead (a vote scheduled): the day it became known "
              "(YYYY-MM-DD)", required=False, kind="date"),
        Field("source", "The public address of a record of it (https://...), if any", required=False,
              key=("source", "url")),
        Field("system", "The system involved (id), if any", required=False),
        Field("count", "How many events this record stands for (a batch), if more than one",
              required=False, kind="int"),
        Field("id", "Id (default: made from the date, agency and kind)", required=False),
    ],
    "audit": [
        Field("title", "The report's title"),
        Field("auditor", "The office that issued it (such as 'County Auditor's Office')"),
        Field("date", "The day it was issued (YYYY-MM-DD; YYYY-MM or YYYY where only they are known)",
              kind="partial-date"),
        Field("url", "The report's public address (https://...)", key=("source", "url")),
        Field("agency", "The auditor's agency id, if it is in agencies/", required=False),
        Field("ordinances", "Ordinances it examined, comma-separated ids", required=False, key=("scope", "ordinances"),
              kind="list"),
        Field("agencies", "Agencies it examined, comma-separated ids", required=False, key=("scope", "agencies"),
              kind="list"),
        Field("follows_up", "For a follow-up report: the audit it follows up (id)", required=False),
        Field("id", "Id (default: made from the date and the title)", required=False),
    ],
    "recommendation": [
        Field("audit", "The audit that makes it (id)"),
        Field("number", "Its number in the report, as printed (such as '3')", required=False),
        Field("text", "The recommendation's words, verbatim"),
        Field("agency", "The agency it is addressed to (id)"),
        Field("obligations", "Obligations it concerns, comma-separated ids", required=False, kind="list"),
        Field("priority", "Its priority, if the report gives one", required=False),
        Field("id", "Id (default: the audit's id and the number)", required=False),
    ],
    "assessment": [
        Field("recommendation", "The recommendation assessed (id)"),
        Field("date", "The day of the assessment, or of the follow-up report (YYYY-MM-DD; YYYY-MM or YYYY "
              "where only they are known)", kind="partial-date"),
        Field("by", "The assessing office, as it signs (the auditor)"),
        Field("agency", "The assessing agency's id (a verifier: the auditor's office)"),
        Field("result", "implemented, partly-implemented, in-progress, not-implemented or no-longer-applicable"),
        Field("summary", "What the auditor found"),
        Field("url", "The follow-up's public address (https://...)", key=("source", "url")),
        Field("report", "The follow-up report (an audit id), if it is recorded", required=False),
    ],
}
"""Kind → the answers ``policytrack new KIND`` needs, in the order it asks for them."""

_PARTIAL_DATE: TypeAdapter[date] = TypeAdapter(PartialDate)

FOLDERS = {"agency": "agencies", "system": "systems", "ordinance": "ordinances", "obligation": "obligations",
           "evidence": "evidence", "event": "events", "audit": "audits", "recommendation": "recommendations",
           "assessment": "assessments"}


def slug(text: str, limit: int = 60) -> str:
    """Lower-case id words from a title: 'Train county employees' → 'train-county-employees'."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:limit].rstrip("-") or "record"


def _convert(field: Field, value: str) -> Any:
    value = value.strip()
    if field.kind == "list":
        return [item.strip() for item in value.split(",") if item.strip()]
    if field.kind == "int":
        try:
            return int(value)
        except ValueError:
            raise AuthoringError(f"{field.option}: '{value}' is not a whole number") from None
    if field.kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise AuthoringError(f"{field.option}: '{value}' is not a date written as YYYY-MM-DD") from None
    if field.kind == "partial-date":
        try:
            _PARTIAL_DATE.validate_python(value)
        except ValidationError:
            raise AuthoringError(f"{field.option}: '{value}' is not a date written as YYYY-MM-DD, or YYYY-MM or "
                                 "YYYY where only the month or the year is known") from None
    return value


def collect(kind: str, given: dict[str, str | None], ask: Callable[[str], str] | None) -> dict[str, Any]:
    """The answers for ``kind``: from ``given`` (the options), else from ``ask`` for required ones."""
    answers: dict[str, Any] = {}
    missing = []
    for field in FIELDS[kind]:
        value = given.get(field.name)
        if value is None and ask is not None and field.required:
            while not (value := ask(f"{field.question}: ").strip()):
                pass
        if value is None or value == "":
            if field.required:
                missing.append(field.option)
            continue
        answers[field.name] = _convert(field, value)
    if missing:
        raise AuthoringError(f"missing {', '.join(missing)} (or run the command in a terminal to be asked)")
    return answers


def build_record(kind: str, answers: dict[str, Any], repo: Repository) -> dict[str, Any]:
    """The record's data from the answers, with defaults (ids) filled in and references checked."""
    record: dict[str, Any] = {}
    for field in FIELDS[kind]:
        if field.name not in answers:
            continue
        value = answers[field.name]
        if kind == "obligation" and field.name == "due":
            value = {"type": "none"} if value.lower() == "none" else {"type": "date", "date": value}
        target = record
        for step in field.path[:-1]:
            target = target.setdefault(step, {})
        target[field.path[-1]] = value
    if kind == "ordinance":
        record["sections"] = [record.pop("sections")["0"]]
    _check_references(kind, record, repo)
    if kind == "obligation" and "id" not in record:
        record["id"] = f"{record['ordinance']}-{slug(record['title'], 50)}"
    order = [field.path[0] for field in FIELDS[kind]]
    if kind == "evidence":
        record["submitted_by"]["agency"] = record["agency"]
    if kind == "event" and "id" not in record:
        record["id"] = f"{record['date']}-{record['agency']}-{slug(record['kind'], 40)}"
    if kind == "audit" and "id" not in record:
        record["id"] = f"{record['date'][:4]}-{slug(record['title'], 50)}"
    if kind == "recommendation" and "id" not in record:
        record["id"] = f"{record['audit']}-{slug(record.get('number') or record['text'], 40)}"
    first = {"id": record.pop("id")} if "id" in record else {}
    return first | {key: record[key] for key in dict.fromkeys(order) if key in record}


def _check_references(kind: str, record: dict[str, Any], repo: Repository) -> None:
    def need(table: str, value: str | None, what: str) -> None:
        if value and value not in repo.table(table):
            known = ", ".join(sorted(repo.table(table))) or "none yet"
            raise AuthoringError(f"there is no {what} '{value}' in the repository (known: {known})")

    if kind in ("evidence", "event", "obligation"):
        agency = record.get("agency") or record.get("owner", {}).get("agency")
        need("agency", agency, "agency")
    for agency in record.get("applies_to", []) if kind in ("obligation", "ordinance") else []:
        need("agency", agency, "agency")
    if kind == "system":
        need("agency", record.get("operator"), "agency")
    if kind == "obligation":
        need("ordinance", record["ordinance"], "ordinance")
        sections = [section.id for section in repo.ordinances[record["ordinance"]].sections]
        if sections and record["section"] not in sections:
            raise AuthoringError(f"ordinance '{record['ordinance']}' has no section '{record['section']}' "
                                 f"(it lists {', '.join(sections)}); add the section to the ordinance first")
    if kind == "event":
        need("system", record.get("system"), "system")
    _check_audit_references(kind, record, need)
    if kind == "evidence":
        need("event", record.get("event"), "event")
    if kind == "evidence":
        need("obligation", record["obligation"], "obligation")
        bound = bound_agencies(repo, repo.obligations[record["obligation"]])
        if bound and record["agency"] not in bound:
            raise AuthoringError(f"obligation '{record['obligation']}' does not bind agency '{record['agency']}' "
                                 f"(it binds {', '.join(bound)}): evidence from it would not count")


def _check_audit_references(kind: str, record: dict[str, Any], need: Callable[[str, str | None, str], None]) -> None:
    if kind == "audit":
        need("agency", record.get("agency"), "agency")
        need("audit", record.get("follows_up"), "audit")
        for value in record.get("scope", {}).get("ordinances", []):
            need("ordinance", value, "ordinance")
        for value in record.get("scope", {}).get("agencies", []):
            need("agency", value, "agency")
    if kind == "recommendation":
        need("audit", record["audit"], "audit")
        need("agency", record["agency"], "agency")
        for value in record.get("obligations", []):
            need("obligation", value, "obligation")
    if kind == "assessment":
        need("recommendation", record["recommendation"], "recommendation")
        need("agency", record["agency"], "agency")
        need("audit", record.get("report"), "audit")


def place(kind: str, record: dict[str, Any], repo: Repository) -> tuple[str, dict[str, Any]]:
    """The new file's path (relative to the repository) and the record with a unique id."""
    root = repo.root
    taken = set(repo.table(kind))
    if kind in ("evidence", "event", "assessment"):
        stem = f"{record['date']}-{record['agency']}" if kind != "event" else record["id"]
        folder = {"evidence": f"evidence/{record.get('obligation')}", "event": "events",
                  "assessment": f"assessments/{record.get('recommendation')}"}[kind]
        base_id = {"evidence": f"ev-{stem}-{record.get('obligation')}"[:110], "event": record.get("id", ""),
                   "assessment": f"{record.get('recommendation')}-{record['date']}"[:110]}[kind]
        number = 1
        while True:
            suffix = f"-{number}" if number > 1 else ""
            rel = f"{folder}/{stem}{suffix}.yml"
            new_id = base_id + suffix
            if not (root / rel).exists() and new_id not in taken:
                record["id"] = new_id
                return rel, {"id": new_id, **{k: v for k, v in record.items() if k != "id"}}
            number += 1
    if record["id"] in taken:
        raise AuthoringError(f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} with id '{record['id']}' already exists; "
                             "choose another id")
    folder = {"obligation": f"obligations/{record.get('ordinance')}",
              "recommendation": f"recommendations/{record.get('audit')}"}.get(kind, FOLDERS[kind])
    rel = f"{folder}/{record['id']}.yml"
    if (root / rel).exists():
        raise AuthoringError(f"{rel} already exists; it is never overwritten")
    return rel, record


def render(kind: str, record: dict[str, Any], rel: str, header: list[str] | None = None) -> str:
    """The record as a commented YAML file: the schema line, ``header``, then each key with its help."""
    depth = rel.count("/")
    lines = [f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json"]
    lines += [f"# {line}" if line else "#" for line in header or []]
    model = MODELS.get(kind)
    for key, value in record.items():
        description = _description(model, key)
        if description:
            lines.append(f"# {key}: {description}")
        dumped = yaml.safe_dump({key: _dates(value)}, sort_keys=False, allow_unicode=True, width=100)
        lines.append(dumped.rstrip("\n"))
    return "\n".join(lines) + "\n"


COMMENTS: dict[str, str] = {
    "id": "This record's own id: lower-case letters, digits and '-'; unique among records of its kind.",
    "ordinance": "The id of the ordinance (a file in ordinances/).",
    "obligation": "The id of the obligation this proves (a file in obligations/).",
    "audit": "The id of the audit (a file in audits/).",
    "recommendation": "The id of the recommendation (a file in recommendations/).",
    "agency": "The id of the agency (a file in agencies/).",
    "kind": "The kind (one of the values the schema lists; the obligation says which evidence kinds count).",
    "owner": "The agency that answers for the duty, and the accountable role in it.",
    "deadline": "When it is due: {type: date, date: YYYY-MM-DD}, or {type: none} where the law names no date.",
    "evidence": "What proves it: the kinds of evidence that count.",
    "date": "YYYY-MM-DD (YYYY-MM or YYYY where only the month or the year is known: counted as its last day).",
    "summary": "What was done, by which office, and what the source shows. No personal data.",
    "source": "Where anyone can check it: a public address (url), or a file under attachments/ with its sha256.",
    "submitted_by": "Who submits it, as a role (never a person's name), and their agency.",
    "title": "A short title, as the site shows it.",
    "name": "The name, as the site shows it.",
    "sections": "The sections, as the code cites them, with their headings (and text where available).",
}
"""Comments for keys whose model description is missing or too generic for a first-time reader."""


NOTES: dict[str, list[str]] = {
    "assessment": ["Only the verifiers (the auditor's team, `verifiers` in policytrack.yml) add assessments: an",
                   "agency reports what it did under the recommendation's `actions`; it cannot close its own."],
    "recommendation": ["The agency's answer goes under `response` (position: agree, partly or disagree; date; source;",
                       "target: the date it promised), what it reports done under `actions` (date, summary, source)."],
}
"""Lines added to the header of a new file of these kinds."""


def _dates(value: Any) -> Any:
    """ISO date texts as dates, so that the file reads ``date: 2024-05-01`` rather than a quoted text."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: _dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates(item) for item in value]
    return value


def _description(model: type[Record] | None, key: str) -> str:
    if key in COMMENTS and (model is None or model.__name__ != "Config"):
        return COMMENTS[key]
    if model is None or key not in model.model_fields:
        return ""
    text = model.model_fields[key].description or ""
    return " ".join(text.split())


def validate(kind: str, text: str) -> None:
    """Raise :class:`AuthoringError` if ``text`` is not a valid record of ``kind`` (with line and fix)."""
    model = MODELS.get(kind)
    if model is None:
        raise AuthoringError(f"this version of policytrack has no '{kind}' records")
    parsed = read_yaml(text.encode("utf-8"))
    if isinstance(parsed, YamlError):
        raise AuthoringError(f"line {parsed.line}: {parsed.message}")
    try:
        model.model_validate(parsed.data)
    except ValidationError as exc:
        problems = "; ".join(f"line {line}: {message}" for line, _, message in describe_errors(exc, parsed, model))
        raise AuthoringError(f"the {kind} would not be valid: {problems}") from None


def create(kind: str, root: Path, answers: dict[str, Any]) -> str:
    """Write the new record of ``kind`` into the repository at ``root``; return its path (relative)."""
    repo = load_repository(root).repository
    record = build_record(kind, answers, repo)
    rel, record = place(kind, record, repo)
    header = [f"A new {kind} record, written by `policytrack new {kind}`. Each key's comment says what it holds.",
              "Check it, then propose it as a pull request; the checker runs on it.", *NOTES.get(kind, [])]
    text = render(kind, record, rel, header)
    validate(kind, text)
    try:  # never overwrite, even in a race; never through a link (a linked folder, a link at the name)
        write_under(root, rel, text, exclusive=True)
    except UnsafePath as exc:
        raise AuthoringError(f"cannot write {rel}: {exc}") from None
    except OSError as exc:
        raise AuthoringError(f"cannot write {rel}: {exc.strerror}") from None
    return rel


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``policytrack new KIND``."""
    new = sub.add_parser("new", help="write a new record (agency, ordinance, obligation, evidence ...)")
    kinds = new.add_subparsers(dest="record_kind", required=True, metavar="KIND")
    for kind, fields in FIELDS.items():
        parser = kinds.add_parser(kind, help=f"a new {kind}")
        parser.add_argument("--repo", default=".", help="the policy repository (default: .)")
        parser.add_argument("--ask", action="store_true",
                            help="ask for missing fields even when not in a terminal (answers from stdin)")
        for field in fields:
            parser.add_argument(field.option, dest=field.name, default=None,
                                help=field.question + ("" if field.required else " (optional)"))
        parser.set_defaults(func=cmd_new)


def cmd_new(args: argparse.Namespace) -> int:
    """Write the record; print its path; exit 2 (writing nothing) when it cannot be written."""
    from policytrack.commands.common import EXIT_OK, UsageError
    from policytrack.model.load import NotARepository

    given = {field.name: getattr(args, field.name) for field in FIELDS[args.record_kind]}
    ask = _asker(sys.stdin, sys.stderr) if args.ask or sys.stdin.isatty() else None
    try:
        answers = collect(args.record_kind, given, ask)
        rel = create(args.record_kind, Path(args.repo), answers)
    except (AuthoringError, NotARepository) as exc:
        raise UsageError(f"new {args.record_kind}: {exc}") from None
    except EOFError:
        raise UsageError(f"new {args.record_kind}: the answers ended before every required field was given") from None
    print(rel)
    return EXIT_OK


def _asker(stdin: TextIO, out: TextIO) -> Callable[[str], str]:
    def ask(question: str) -> str:
        out.write(question)
        out.flush()
        line = stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")
    return ask
