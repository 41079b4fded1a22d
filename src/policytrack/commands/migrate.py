"""``policytrack migrate [REPO] [--check]``: rewrite older forms into the status model's new ones.

What it changes, file by file (each change printed as ``path:line: what changed``):

* a per-event deadline's ``within_days: N`` becomes ``days: N`` (the older name);
* an ordinance's inline ``amendments:`` entries become records in ``amendments/`` (a law change: id,
  ordinance, by, enacted, changes, source) and leave the ordinance;
* an evidence record's inline ``verified:`` block becomes a record in ``verifications/``, pinned to the
  evidence as it reads without the block (``evidence_sha256``);
* a prohibition whose deadline is a ``date`` or ``relative`` with a zero count (the older way of saying
  "from the start") gets ``deadline: {type: none}`` and a comment asking for a schedule of attestations
  (what the ``deadline-form`` rule asks);
* an evidence requirement that lists kinds that only show progress (an announcement, a press release, a
  plan, a commitment, a pledge) among those that prove a duty done moves them to ``progress_kinds``: they
  never make a duty met (``docs/status-semantics.md``, S4.2); where every kind listed is one of those, the
  file is left as it is and reported: a person must name what proves the duty done;
* joint owners (``co_owners``) now answer together, as one duty (S1.14): a file that names them is reported,
  so that a person moves to ``applies_to`` any that must each comply on their own;
* a yearly recurring deadline without a month is left as it is and reported: a person must state the date;
* an obligation's text ``notes`` whose every paragraph starts with its date (``2021-10-12: ...``, the older
  convention) become a list of ``{date, text}``, shown in views of the past from their dates; notes with
  an undated paragraph are left as they are and reported.

The edit is made on the text, line by line, from the positions YAML gives: every comment, key order,
quoting and blank line outside the lines it changes stays exactly as written. A file that does not load
is not touched (``policytrack check`` says why). New records never overwrite a file: their ids are made
unique. ``--check`` writes nothing and exits 1 when something would change (for CI).
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from policytrack.model.deadlines import EventDeadline, FixedDeadline, RecurringDeadline, RelativeDeadline
from policytrack.model.fields import plural
from policytrack.model.load import DATA_FOLDERS, YAML_SUFFIXES, NotARepository, _walk, read_bounded, through_link
from policytrack.model.records import MODELS, Evidence, Obligation, Ordinance
from policytrack.model.yamlio import YamlError, read_yaml
from policytrack.status.verification import content_hash

try:  # pragma: no cover - which branch runs depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

EXIT_OK, EXIT_CHANGES = 0, 1
SCHEMA_HEADER = "# yaml-language-server: $schema="


@dataclass(frozen=True, slots=True)
class Change:
    """One change (or, with ``applied`` false, one thing a person must decide), at a line of a file."""

    path: str
    line: int
    message: str
    applied: bool = True

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Migration:
    """What a migration changes: new texts of existing files, new files, and the changes listed."""

    root: Path
    changes: list[Change] = field(default_factory=list)
    rewritten: dict[str, str] = field(default_factory=dict)
    """Relative path → the file's new text."""
    created: dict[str, str] = field(default_factory=dict)
    """Relative path → the text of a new record file."""

    @property
    def needed(self) -> bool:
        """True when the migration would change something."""
        return bool(self.rewritten or self.created)


@dataclass
class _Edit:
    first: int
    """0-based first line replaced."""
    last: int
    """0-based last line replaced (inclusive)."""
    lines: list[str]


class _Ids:
    """Ids already used in a folder of records (and its file names), so new records never collide."""

    def __init__(self, root: Path, folder: str) -> None:
        self.root = root
        self.folder = folder
        self.used: set[str] = set()
        base = root / folder
        if base.is_dir():
            for path, _rel in _walk(str(base), folder, []):
                self.used.add(Path(path).stem)
                raw = read_bounded(path)
                if isinstance(raw, tuple):
                    continue  # a link, a device, a file too large: policytrack check reports it
                parsed = read_yaml(raw)
                if not isinstance(parsed, YamlError) and isinstance(parsed.data, dict):
                    record_id = parsed.data.get("id")
                    if isinstance(record_id, str):
                        self.used.add(record_id)

    def new(self, wanted: str) -> str:
        """``wanted`` or ``wanted-2``, ``wanted-3``... whichever is free (as an id and as a file)."""
        wanted = wanted[:110].rstrip("-.") or "record"
        candidate, number = wanted, 1
        while candidate in self.used or (self.root / self.folder / f"{candidate}.yml").exists():
            number += 1
            candidate = f"{wanted}-{number}"
        self.used.add(candidate)
        return candidate


def plan(root: str | os.PathLike[str]) -> Migration:
    """Work out every change the migration makes to the repository at ``root``, writing nothing."""
    base = Path(root)
    present = [name for name in DATA_FOLDERS if (base / name).is_dir()]
    if not base.is_dir() or not present:
        raise NotARepository(f"{base} is not a policy repository: it has none of the folders "
                             f"{', '.join(DATA_FOLDERS)}")
    migration = Migration(base)
    ids = {"amendments": _Ids(base, "amendments"), "verifications": _Ids(base, "verifications")}
    for folder in ("obligations", "ordinances", "evidence"):
        if folder not in present or os.path.islink(base / folder):  # a linked folder: policytrack check says so
            continue
        for path, rel in _walk(str(base / folder), folder, []):  # what it skips, policytrack check reports
            if not rel.lower().endswith(YAML_SUFFIXES) or rel.rsplit("/", 1)[-1].startswith("."):
                continue
            _plan_file(migration, ids, Path(path), rel, DATA_FOLDERS[folder])
    return migration


def apply(migration: Migration) -> None:
    """Write the migration: the rewritten files, then the new records (never over an existing file)."""
    for rel in [*migration.created, *migration.rewritten]:
        if through_link(migration.root, rel):
            raise OSError(errno.ELOOP, "a symbolic link is on the path; links are never followed", rel)
    for rel, text in migration.created.items():
        target = migration.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    for rel, text in migration.rewritten.items():
        with open(migration.root / rel, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


# --- one file ---------------------------------------------------------------------------------------------


def _plan_file(migration: Migration, ids: dict[str, _Ids], path: Path, rel: str, kind: str) -> None:
    raw = read_bounded(str(path))
    if isinstance(raw, tuple):
        return  # a link, a device, a file too large: policytrack check reports it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return  # policytrack check reports it
    parsed = read_yaml(text.encode("utf-8"))
    if isinstance(parsed, YamlError) or not isinstance(parsed.data, dict):
        return
    try:
        record = MODELS[kind].model_validate(parsed.data)
    except ValidationError:
        migration.changes.append(Change(rel, 1, "not migrated: the file does not load (policytrack check says "
                                                "why)", applied=False))
        return
    node = yaml.compose(text.removeprefix("\ufeff"), Loader=_Loader)
    if not isinstance(node, yaml.MappingNode):
        return  # pragma: no cover - a valid record is a mapping
    lines = text.splitlines(keepends=True)
    edits: list[_Edit] = []
    header = bool(lines) and lines[0].startswith(SCHEMA_HEADER)
    if isinstance(record, Obligation):
        _obligation(migration, rel, record, node, lines, edits)
        _notes(migration, rel, record, node, lines, edits)
    elif isinstance(record, Ordinance):
        _ordinance(migration, ids["amendments"], rel, record, node, text, lines, edits, header)
    elif isinstance(record, Evidence):
        _evidence(migration, ids["verifications"], rel, record, node, text, lines, edits, header)
    if edits:
        if lines and lines[0].endswith("\r\n"):  # keep the file's line endings in the lines written
            for edit in edits:
                edit.lines = [line.replace("\r\n", "\n").replace("\n", "\r\n") for line in edit.lines]
        migration.rewritten[rel] = _apply_edits(lines, edits)


def _obligation(migration: Migration, rel: str, record: Obligation, node: yaml.MappingNode, lines: list[str],
                edits: list[_Edit]) -> None:
    _progress_kinds(migration, rel, record, node, lines, edits)
    co_owners = _entry(node, "co_owners")
    if co_owners is not None and record.co_owners and not record.applies_to:
        migration.changes.append(Change(
            rel, co_owners[0].start_mark.line + 1, "left as is: co_owners now answer together, as one duty (evidence "
            "from any of them covers it); list in applies_to any agency that must comply on its own", applied=False))
    for key in ("deadline", "administrative_deadline"):
        found = _entry(node, key)
        deadline = getattr(record, key)
        if found is None or deadline is None:
            continue
        key_node, value = found
        line = key_node.start_mark.line + 1
        if (key == "deadline" and record.kind == "prohibition"
                and (isinstance(deadline, FixedDeadline)
                     or (isinstance(deadline, RelativeDeadline) and deadline.amount()[0] == 0))):
            indent = " " * key_node.start_mark.column
            was = _flow(value)
            edits.append(_Edit(key_node.start_mark.line, _last_line(value, lines), [
                f"{indent}# A prohibition binds from its section's date: record a schedule of attestations\n",
                f"{indent}# (deadline type: recurring) to show it is kept. Was: {was}\n",
                f"{indent}deadline: {{type: none}}\n",
            ]))
            migration.changes.append(Change(rel, line, f"prohibition deadline {was} (from the start) → "
                                                       "{type: none}; record a schedule of attestations"))
            continue
        if isinstance(deadline, EventDeadline) and deadline.within_days is not None:
            within = _entry(value, "within_days")
            if within is not None:
                start, end = within[0].start_mark, within[0].end_mark
                old = lines[start.line]
                edits.append(_Edit(start.line, start.line, [old[:start.column] + "days" + old[end.column:]]))
                migration.changes.append(Change(rel, start.line + 1, f"{key}: within_days: "
                                                f"{deadline.within_days} → days: {deadline.within_days}"))
        if isinstance(deadline, RecurringDeadline) and deadline.undated():
            migration.changes.append(Change(
                rel, line, f"left as is: {key} recurs every year but names no month; a person must state the "
                           "date (month and day, first, or days_after_period_end)", applied=False))


_NOTE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}):\s+")


def _notes(migration: Migration, rel: str, record: Obligation, node: yaml.MappingNode, lines: list[str],
           edits: list[_Edit]) -> None:
    """Text notes in the ``YYYY-MM-DD: ...`` convention → a list of dated notes."""
    found = _entry(node, "notes")
    if found is None or not isinstance(record.notes, str):
        return
    key_node, value = found
    # Paragraphs: a blank line in the file, which a literal block (|) keeps as two newlines and every other
    # scalar (folded >, plain, quoted) reads as one
    breaks = r"\n\s*\n" if getattr(value, "style", None) == "|" else r"\n"
    blocks = [" ".join(block.split()) for block in re.split(breaks, record.notes.strip()) if block.strip()]
    dated = [_NOTE_DATE.match(block) for block in blocks]
    line = key_node.start_mark.line + 1
    if not any(dated):
        return  # undated text: a person dates it (views of the past leave it out meanwhile)
    if not all(dated):
        migration.changes.append(Change(rel, line, f"left as is: {sum(1 for item in dated if not item)} of "
                                                   f"{len(blocks)} note paragraphs carry no date; a person must "
                                                   "date them (notes: a list of {date, text})", applied=False))
        return
    indent = " " * key_node.start_mark.column
    out = [f"{indent}notes:\n"]
    for block, match in zip(blocks, dated, strict=True):
        assert match is not None
        out += [f"{indent}  - date: {match.group(1)}\n",
                f"{indent}    text: {json.dumps(block[match.end():], ensure_ascii=False)}\n"]
    edits.append(_Edit(key_node.start_mark.line, _last_line(value, lines), out))
    migration.changes.append(Change(rel, line, f"notes: {len(blocks)} dated paragraphs → a list of "
                                               "{date, text}"))


PROGRESS_KINDS = ("announcement", "press-release", "plan", "commitment", "pledge")
"""Evidence kinds that show progress but never prove a duty done: migrated to ``progress_kinds``."""


def _progress_kinds(migration: Migration, rel: str, record: Obligation, node: yaml.MappingNode,
                    lines: list[str], edits: list[_Edit]) -> None:
    requirement = record.evidence
    found = _entry(_value(node, "evidence") or node, "kinds") if requirement else None
    if requirement is None or found is None or requirement.progress_kinds:
        return
    progress = [kind for kind in requirement.kinds if kind in PROGRESS_KINDS]
    if not progress:
        return
    key_node, value = found
    line = key_node.start_mark.line + 1
    done = [kind for kind in requirement.kinds if kind not in PROGRESS_KINDS]
    if not done:
        migration.changes.append(Change(
            rel, line, f"left as is: every evidence kind ({', '.join(progress)}) only shows progress; a person must "
                       "name what proves the duty done, and move these to progress_kinds", applied=False))
        return
    indent = " " * key_node.start_mark.column
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        out = [f"{indent}kinds: [{', '.join(done)}]\n", f"{indent}progress_kinds: [{', '.join(progress)}]\n"]
    else:
        item = " " * (value.value[0].start_mark.column - 2) if isinstance(value, yaml.SequenceNode) and value.value \
            else indent + "  "
        out = [f"{indent}kinds:\n", *(f"{item}- {kind}\n" for kind in done),
               f"{indent}progress_kinds:\n", *(f"{item}- {kind}\n" for kind in progress)]
    edits.append(_Edit(key_node.start_mark.line, _last_line(value, lines), out))
    migration.changes.append(Change(rel, line, f"evidence kinds {', '.join(progress)} show progress, not completion: "
                                               "moved to progress_kinds"))


def _ordinance(migration: Migration, ids: _Ids, rel: str, record: Ordinance, node: yaml.MappingNode, text: str,
               lines: list[str], edits: list[_Edit], header: bool) -> None:
    found = _entry(node, "amendments")
    if found is None or not record.amendments or not isinstance(found[1], yaml.SequenceNode):
        return
    key_node, items = found
    moved: list[int] = []
    for index, (item, item_node) in enumerate(zip(record.amendments, items.value, strict=True)):
        line = item_node.start_mark.line + 1
        if item.action == "amended" and not item.sections:
            migration.changes.append(Change(
                rel, line, f"left as is: the amendment by {item.by} amends no named section; a person must "
                           "name the sections it changes", applied=False))
            continue
        assert isinstance(item_node, yaml.MappingNode)
        record_id = ids.new(f"{record.id}-{_slug(item.by)}")
        section_nodes = _entry(item_node, "sections")
        sections = section_nodes[1].value if section_nodes and isinstance(section_nodes[1], yaml.SequenceNode) else []
        out = [f"{SCHEMA_HEADER}../schemas/amendment.schema.json\n"] if header else []
        out += [f"id: {record_id}\n", f"ordinance: {record.id}\n",
                f"by: {_raw(_value(item_node, 'by'), text)}\n",
                f"enacted: {_raw(_value(item_node, 'date'), text)}\n", "changes:\n"]
        for section in sections or [None]:
            out.append(f"  - action: {item.action}\n")
            if section is not None:
                out.append(f"    section: {_raw(section, text)}\n")
        source = _value(item_node, "source") or _value(node, "source")
        out.append(f"source: {_raw(source, text)}\n")
        target = f"amendments/{record_id}.yml"
        migration.created[target] = "".join(out)
        migration.changes.append(Change(rel, line, f"amendment by {item.by} moved to {target}"))
        moved.append(index)
    if len(moved) == len(items.value):
        edits.append(_Edit(key_node.start_mark.line, _last_line(items, lines), []))
    else:
        for index in moved:
            item_node = items.value[index]
            edits.append(_Edit(item_node.start_mark.line, _last_line(item_node, lines), []))


def _evidence(migration: Migration, ids: _Ids, rel: str, record: Evidence, node: yaml.MappingNode, text: str,
              lines: list[str], edits: list[_Edit], header: bool) -> None:
    found = _entry(node, "verified")
    if found is None or record.verified is None or not isinstance(found[1], yaml.MappingNode):
        return
    key_node, block = found
    record_id = ids.new(f"{record.id}-verified")
    out = [f"{SCHEMA_HEADER}../schemas/verification.schema.json\n"] if header else []
    out += [f"id: {record_id}\n", f"evidence: {record.id}\n"]
    for name in ("by", "agency", "on", "note"):
        value = _value(block, name)
        if value is not None:
            out.append(f"{name}: {_raw(value, text)}\n")
    out.append("result: confirmed\n")
    content = record.model_dump(mode="json", exclude_unset=True)
    content.pop("verified", None)  # the evidence as it reads once the block has moved out of it
    out.append(f"evidence_sha256: {content_hash(content)}\n")
    target = f"verifications/{record_id}.yml"
    migration.created[target] = "".join(out)
    edits.append(_Edit(key_node.start_mark.line, _last_line(block, lines), []))
    migration.changes.append(Change(rel, key_node.start_mark.line + 1, f"verified: moved to {target}"))


# --- text and nodes ---------------------------------------------------------------------------------------


def _entry(node: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key:
                return key_node, value
    return None


def _value(node: yaml.Node, key: str) -> yaml.Node | None:
    found = _entry(node, key)
    return found[1] if found else None


def _last_line(node: yaml.Node, lines: list[str]) -> int:
    """0-based last line holding the node's text (a block's trailing blank and comment lines excluded)."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(last, tuple) else last, lines)
    mark = node.end_mark
    line = mark.line if mark.column > 0 else mark.line - 1
    while line > node.start_mark.line and (not lines[line].strip() or
                                           (getattr(node, "style", None) not in ("|", ">")
                                            and lines[line].lstrip().startswith("#"))):
        line -= 1
    return max(line, node.start_mark.line)


def _raw(node: yaml.Node | None, text: str) -> str:
    """A scalar as written when it fits on one line, else as a double-quoted YAML string."""
    if node is None:
        return "null"
    if (isinstance(node, yaml.ScalarNode) and node.start_mark.line == node.end_mark.line
            and node.style in (None, "", "'", '"')):
        return text.removeprefix("\ufeff")[node.start_mark.index:node.end_mark.index]
    return json.dumps(node.value if isinstance(node, yaml.ScalarNode) else str(node.value), ensure_ascii=False)


def _flow(node: yaml.Node) -> str:
    """A short one-line form of a deadline mapping: ``{type: date, date: 2019-01-01}``."""
    if isinstance(node, yaml.MappingNode):
        return "{" + ", ".join(f"{key.value}: {_flow(value)}" for key, value in node.value) + "}"
    if isinstance(node, yaml.SequenceNode):
        return "[" + ", ".join(_flow(item) for item in node.value) + "]"
    return str(node.value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "change"


def _apply_edits(lines: list[str], edits: list[_Edit]) -> str:
    out = list(lines)
    for edit in sorted(edits, key=lambda item: item.first, reverse=True):
        out[edit.first:edit.last + 1] = edit.lines
    return "".join(out)


# --- the command ------------------------------------------------------------------------------------------


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the ``migrate`` subcommand."""
    parser = subparsers.add_parser(
        "migrate", help="rewrite older forms into the new ones (within_days, inline amendments and verifications, "
                        "prohibition deadlines)",
        description="Rewrite older forms into the status model's new ones, keeping comments and key order.")
    parser.add_argument("repo", nargs="?", default=".", help="the policy repository (default: .)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when something would change (for CI)")
    parser.set_defaults(func=cmd_migrate)


def cmd_migrate(args: argparse.Namespace) -> int:
    """Print each change; write them unless ``--check``; with ``--check`` exit 1 when any is needed."""
    from policytrack.commands.common import UsageError

    try:
        migration = plan(args.repo)
    except NotARepository as exc:
        raise UsageError(str(exc)) from None
    for change in sorted(migration.changes, key=lambda item: (item.path, item.line)):
        print(change)
    changed = len(migration.rewritten)
    created = len(migration.created)
    if not migration.needed:
        print("nothing to migrate")
        return EXIT_OK
    if args.check:
        print(f"{plural(changed, 'file')} would change and {plural(created, 'record')} would be created: "
              "run policytrack migrate")
        return EXIT_CHANGES
    try:
        apply(migration)
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename}: {exc.strerror}") from None
    print(f"{plural(changed, 'file')} changed, {plural(created, 'record')} created")
    return EXIT_OK
