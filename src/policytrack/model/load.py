"""Load a policy repository: every file under the data folders becomes a record or a finding.

Layout (one record per file, so that pull requests rarely conflict)::

    policytrack.yml          optional repository settings (models.Config)
    ordinances/*.yml         models.Ordinance
    obligations/**/*.yml     models.Obligation
    evidence/**/*.yml        models.Evidence
    agencies/*.yml           models.Agency
    systems/*.yml            models.System
    parties/*.yml            models.Party (external parties, such as a federal agency)
    events/**/*.yml          models.Event (what starts a per-event duty: a request received)
    breaches/**/*.yml        models.Breach (a recorded breach of an obligation, and its remedy)
    amendments/*.yml         models.LawChange (a later law adding, amending or repealing sections)
    verifications/**/*.yml   models.Verification (a verifier's check of an evidence record)
    waivers/**/*.yml         models.WaiverGrant (a waiver of one duty, for an agency, instance, occurrence or event)
    extensions/**/*.yml      models.Extension (a due date extended, by whom and when)
    audits/**/*.yml          models.Audit (an audit report: its scope and findings)
    recommendations/**/*.yml models.Recommendation (an audit's recommendation, the agency's response)
    assessments/**/*.yml     models.Assessment (the auditor's follow-up of a recommendation)
    attachments/**           evidence files referenced by path and sha256 (any format)

Nothing is skipped silently: a file that cannot be read, parsed or validated, or that is not YAML,
is reported with its path, line and what to fix, and every other file is still loaded. So is a folder
whose name is a near miss of a data folder's (``Evidence/``, ``evidences/``).

Files come from pull requests by people outside the council's staff, so the loader trusts nothing about
them: it never follows a symbolic link (a link is a finding that names the link, never its target's
contents), opens only regular files, and reads at most the size limit plus one byte of any file.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import pickle
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from policytrack.model import cache as record_cache
from policytrack.model.audits import Assessment, Audit, Recommendation
from policytrack.model.errors import describe_errors
from policytrack.model.fields import Record, share_names
from policytrack.model.findings import Finding
from policytrack.model.parallel import in_worker, ordered_map
from policytrack.model.records import (
    MODELS,
    Agency,
    Breach,
    Config,
    Event,
    Evidence,
    Extension,
    LawChange,
    Obligation,
    Ordinance,
    Party,
    System,
    Verification,
    WaiverGrant,
)
from policytrack.model.safetext import excerpt
from policytrack.model.yamlio import MAX_FILE_BYTES, YamlDocument, YamlError, read_yaml, too_large

DATA_FOLDERS: dict[str, str] = {
    "ordinances": "ordinance",
    "obligations": "obligation",
    "evidence": "evidence",
    "agencies": "agency",
    "systems": "system",
    "parties": "party",
    "events": "event",
    "breaches": "breach",
    "amendments": "amendment",
    "verifications": "verification",
    "waivers": "waiver",
    "extensions": "extension",
    "audits": "audit",
    "recommendations": "recommendation",
    "assessments": "assessment",
}
"""Folder → kind of record it holds."""

CONFIG_FILE = "policytrack.yml"
ATTACHMENTS = "attachments"
YAML_SUFFIXES = (".yml", ".yaml")
IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store"})
"""Placeholders that tools leave in folders; every other file, hidden or not, is loaded or reported."""


_TABLES = {"ordinance": "ordinances", "obligation": "obligations", "evidence": "evidence",
           "agency": "agencies", "system": "systems", "party": "parties", "event": "events",
           "breach": "breaches", "amendment": "amendments", "verification": "verifications", "waiver": "waivers",
           "extension": "extensions", "audit": "audits", "recommendation": "recommendations",
           "assessment": "assessments"}


class NotARepository(Exception):
    """The folder holds none of the data folders: the command cannot run (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from: its file, relative to the repository, and the parsed document."""

    path: str
    document: YamlDocument
    index: tuple[str | int, ...] = ()

    def line(self, *path: str | int) -> int:
        """Line of the value at ``path`` inside this record (nearest parent where it is absent)."""
        return self.document.position(self.index + path)[0]

    def position(self, *path: str | int) -> tuple[int, int]:
        """Line and column of the value at ``path`` inside this record."""
        return self.document.position(self.index + path)


@dataclass
class Repository:
    """Every record of a policy repository, by kind and id, with where each came from."""

    root: Path
    config: Config = field(default_factory=Config)
    ordinances: dict[str, Ordinance] = field(default_factory=dict)
    obligations: dict[str, Obligation] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    systems: dict[str, System] = field(default_factory=dict)
    parties: dict[str, Party] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    breaches: dict[str, Breach] = field(default_factory=dict)
    amendments: dict[str, LawChange] = field(default_factory=dict)
    verifications: dict[str, Verification] = field(default_factory=dict)
    waivers: dict[str, WaiverGrant] = field(default_factory=dict)
    extensions: dict[str, Extension] = field(default_factory=dict)
    audits: dict[str, Audit] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    files: int = 0
    config_origin: Origin | None = None
    derived: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    """Indexes computed from the records on first use (by :mod:`policytrack.law.inforce` and others)."""
    texts: dict[str, bytes] = field(default_factory=dict, repr=False)
    """The bytes the loader read of each data file it read, by path: the rules that read file text use
    them instead of reading every file a second time."""
    _evidence_by_obligation: dict[str, list[Evidence]] | None = field(default=None, init=False, repr=False)

    def table(self, kind: str) -> dict[str, Any]:
        """The records of one kind, by id."""
        table: dict[str, Any] = getattr(self, _TABLES[kind])
        return table

    def origin(self, kind: str, record_id: str) -> Origin | None:
        """Where the record of that kind and id was loaded from (``config`` for ``policytrack.yml``)."""
        if kind == "config":
            return self.config_origin
        return self.origins.get((kind, record_id))

    def evidence_for(self, obligation_id: str) -> list[Evidence]:
        """Evidence records that name the obligation, oldest first (all dates, before any as-of cut)."""
        if self._evidence_by_obligation is None:
            index: dict[str, list[Evidence]] = {}
            for record in self.evidence.values():
                index.setdefault(record.obligation, []).append(record)
            for records in index.values():
                records.sort(key=lambda item: (item.date, item.id))
            self._evidence_by_obligation = index
        return self._evidence_by_obligation.get(obligation_id, [])


@dataclass
class LoadResult:
    """The repository as loaded, and the findings of files that could not become records."""

    repository: Repository
    findings: list[Finding]


def load_repository(root: str | os.PathLike[str]) -> LoadResult:
    """Load every data file under ``root``; raise :class:`NotARepository` if it is none."""
    # Loading creates millions of small objects that all stay alive. The cyclic garbage collector would
    # rescan them again and again for nothing, so it is paused while loading and restored afterwards
    # (never frozen: a long-running ``mkdocs serve`` must still be able to collect old repositories).
    with paused_gc():
        return _load_repository(root)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block that builds many long-lived objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_repository(root: str | os.PathLike[str]) -> LoadResult:
    base = Path(root)
    if not base.is_dir():
        raise NotARepository(f"{base} is not a folder")
    present = [name for name in DATA_FOLDERS if (base / name).is_dir()]
    near_misses = _near_misses(base)
    config_path = base / CONFIG_FILE
    if not present and not os.path.lexists(config_path):
        hint = f" ({near_misses[0].message})" if near_misses else ""
        raise NotARepository(
            f"{base} is not a policy repository: it has none of the folders {', '.join(DATA_FOLDERS)}{hint}"
        )
    repo = Repository(root=base)
    findings: list[Finding] = near_misses
    # The walk's findings and the files to read, in the walk's order; the files are then read (in worker
    # processes for a large repository) and their results replayed in that same order.
    walked: list[Finding | tuple[str, str, str]] = []
    for folder in present:
        kind = DATA_FOLDERS[folder]
        if os.path.islink(base / folder):
            walked.append(Finding(folder, 0, 0, "symlink", "error", _SYMLINK + " (its files are not checked)"))
            continue
        walk_findings: list[Finding] = []
        for path, rel in _walk(os.path.join(base, folder), folder, walk_findings):
            walked.extend(walk_findings)
            walk_findings.clear()
            repo.files += 1
            name = rel.rsplit("/", 1)[-1]
            if name.startswith(".") or not name.lower().endswith(YAML_SUFFIXES):
                hidden = name.startswith(".")
                walked.append(Finding(
                    rel, 0, 0, "not-yaml", "error",
                    f"hidden file in '{folder}/': it would not be checked; rename it without the leading dot, "
                    "or delete it" if hidden else
                    f"'{folder}/' holds only .yml files; move this file to attachments/ "
                    "(and cite it from an evidence record) or delete it",
                ))
                continue
            walked.append((path, rel, kind))
        walked.extend(walk_findings)
    files = [item for item in walked if isinstance(item, tuple)]
    cache = record_cache.current()
    if cache is not None:
        cache.prepare(len(files))
    if os.path.lexists(config_path):
        loaded = _settle(_read_file((str(config_path), CONFIG_FILE, "config")), CONFIG_FILE, "config", repo, findings)
        if loaded is not None:
            repo.config = loaded[0]  # type: ignore[assignment]
            repo.config_origin = loaded[1]
        repo.files += 1
    results = ordered_map(_read_file, files)
    for item in walked:
        if isinstance(item, Finding):
            findings.append(item)
            continue
        _, rel, kind = item
        loaded = _settle(next(results), rel, kind, repo, findings)
        if loaded is None:
            continue
        record, origin = loaded
        table = repo.table(kind)
        record_id: str = record.id  # type: ignore[attr-defined]
        first = repo.origins.get((kind, record_id))
        if first is not None:
            findings.append(Finding(
                origin.path, origin.line("id"), origin.position("id")[1], "duplicate-id", "error",
                f"{kind} id '{record_id}' is already used by {first.path} (line {first.line('id')}); "
                "give each record its own id",
            ))
            continue
        table[record_id] = record
        repo.origins[(kind, record_id)] = origin
    if cache is not None:
        cache.save()
    return LoadResult(repo, findings)


_SYMLINK = ("a symbolic link; data files and folders must be real files in the repository, and links are never "
            "followed: replace the link with the file itself, or delete it")


def _near_misses(base: Path) -> list[Finding]:
    """Top-level folders whose names are near misses of a data folder's (``Evidence/``, ``evidences/``)."""
    import difflib

    wanted = [*DATA_FOLDERS, ATTACHMENTS]
    try:
        with os.scandir(base) as entries:
            names = sorted(entry.name for entry in entries if entry.is_dir())
    except OSError:
        return []
    out = []
    for name in names:
        if name in wanted or name.startswith("."):
            continue
        lower = name.lower()
        forms = {lower, lower + "s", lower.removesuffix("s"), lower.removesuffix("y") + "ies"}
        guess = [item for item in wanted if item in forms] or difflib.get_close_matches(lower, wanted, 1, 0.8)
        if guess:
            out.append(Finding(
                excerpt(name).strip("'"), 0, 0, "unknown-folder", "error",
                f"folder {excerpt(name + '/')} is not a data folder, so nothing in it is checked: did you mean "
                f"{guess[0]}/? Rename it",
            ))
    return out


def _walk(folder: str, rel: str, findings: list[Finding]) -> Iterator[tuple[str, str]]:
    """(absolute path, path relative to the repository) of every file below ``folder``, sorted.

    Links, folders named like data files, unreadable folders and names that are not UTF-8 become findings.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        findings.append(Finding(rel, 0, 0, "unreadable", "error",
                                f"cannot read the folder: {exc.strerror}; none of its files is checked"))
        return
    for entry in entries:
        name = entry.name
        if name in IGNORED_NAMES:
            continue
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        here = f"{rel}/{shown}"
        if shown != name:
            findings.append(Finding(here, 0, 0, "file-name", "error",
                                    "the name is not valid UTF-8, so no link or page could name it; rename it"))
        elif entry.is_symlink():
            findings.append(Finding(here, 0, 0, "symlink", "error", _SYMLINK))
        elif entry.is_dir(follow_symlinks=False):
            if name.lower().endswith(YAML_SUFFIXES):
                findings.append(Finding(
                    here, 0, 0, "not-a-file", "error",
                    "a folder named like a data file; rename it (the files in it are not checked until then)",
                ))
            else:
                yield from _walk(entry.path, here, findings)
        else:
            yield entry.path, here


def through_link(root: Path, rel: str) -> bool:
    """True when a part of the path ``rel`` below ``root`` that exists is a symbolic link (so writing or
    reading there would leave the repository)."""
    current = root
    for part in Path(rel).parts:
        current = current / part
        if os.path.islink(current):
            return True
        if not os.path.lexists(current):
            return False
    return False


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""Never through a link; never wait on a pipe."""


def read_bounded(path: str) -> bytes | tuple[str, str]:
    """The bytes of the regular file at ``path`` (at most the size limit plus one byte), or
    (rule, message) saying why it cannot be read. A link is never followed."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink", _SYMLINK
        return "unreadable", f"cannot read the file: {exc.strerror}"
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return "not-a-file", ("not a regular file (a device, a pipe or a socket); data files must be plain "
                                  "files: delete it")
        if info.st_size > MAX_FILE_BYTES:
            error = too_large(info.st_size)
            return error.rule, error.message
        try:
            return handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            return "unreadable", f"cannot read the file: {exc.strerror}"


Loaded = tuple[list[tuple[int, int, str, str]], Record | None, YamlDocument | None]
"""What a data file's bytes load to: its findings (line, column, rule, message), else its record and
positions. It depends on the bytes and the kind of record only, so it is what the warm cache keeps."""
FileResult = tuple[bytes | tuple[str, str], bytes | None, bytes | None, Loaded | None]
"""One file read: its bytes (or why it cannot be read), its content key, its loaded result pickled (from
a worker or the cache, or to be kept in the cache), and as objects where this process loaded it."""


def _read_file(item: tuple[str, str, str]) -> FileResult:
    """Read one data file and load it, or take its result from the warm cache (run in a worker process for
    a large repository: the result then travels pickled)."""
    path, _, kind = item
    raw = read_bounded(path)
    if isinstance(raw, tuple):
        return raw, None, None, None
    cache = record_cache.current()
    key = record_cache.content_key(kind, raw) if cache is not None else None
    blob = cache.get(key) if cache is not None and key is not None else None
    if blob is not None:
        return raw, key, blob, None
    loaded = _parse(raw, kind)
    if in_worker():  # the result travels pickled anyway: pickled once, for the cache too
        return raw, key, pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL), None
    if cache is not None:  # in this process: the objects as they are, and their pickle for the cache
        return raw, key, pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL), loaded
    return raw, key, None, loaded


def _settle(result: FileResult, rel: str, kind: str, repo: Repository,
            findings: list[Finding]) -> tuple[Record, Origin] | None:
    """The record and origin of one file read, its findings added to ``findings``; its bytes kept."""
    raw, key, blob, loaded = result
    if isinstance(raw, tuple):
        rule, message = raw
        line = 1 if rule == "file-too-large" else 0
        findings.append(Finding(rel, line, line, rule, "error", message))
        return None
    repo.texts[rel] = raw
    cache = record_cache.current()
    if loaded is None and blob is not None:
        try:
            loaded = pickle.loads(blob)  # from our own worker, or the authenticated cache
        except Exception:  # an entry that does not load is loaded again
            loaded, blob = _parse(raw, kind), None
    if cache is not None and key is not None and blob is not None:
        cache.put(key, blob)
    if loaded is None:
        loaded = _parse(raw, kind)
    problems, record, document = loaded
    findings.extend(Finding(rel, line, column, rule, "error", message) for line, column, rule, message in problems)
    if record is None or document is None:
        return None
    return record, Origin(rel, document)


def _parse(raw: bytes, kind: str) -> Loaded:
    """Load a data file's bytes: the record and its positions, or the findings that say what is wrong."""
    parsed = read_yaml(raw)
    if isinstance(parsed, YamlError):
        return [(parsed.line, parsed.column, parsed.rule, parsed.message)], None, None
    if not isinstance(parsed.data, dict):
        shape = "a list" if isinstance(parsed.data, list) else f"a single value ({excerpt(parsed.data)})"
        return [(
            1, 1, "schema",
            f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} file must be a mapping of keys (such as 'id: ...'), "
            f"but this file is {shape}",
        )], None, None
    model = MODELS[kind]
    try:
        record = model.model_validate(parsed.data)
    except ValidationError as exc:
        return [(line, column, "schema", message) for line, column, message in describe_errors(exc, parsed, model)], \
            None, None
    share_names(record)
    parsed.data = None  # the record holds the values now; only the positions are still needed
    parsed.pack()
    return [], record, parsed
