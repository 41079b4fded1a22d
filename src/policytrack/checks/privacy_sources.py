"""Where the texts the status site publishes are, and how the site shows them, for the privacy guard.

Never through a link and never outside the repository: a folder that is a symbolic link is not entered
and a file that is one is not listed (the loader reports links in data folders), ``docs_dir`` is followed
only to a folder inside the repository with no link on its way, and the files listed are read by
:meth:`Context.text`, which refuses a link at the file itself. Every walk is iterative and sorted, so a deep
tree cannot exhaust the process, and a link to the root folder is one entry skipped.

A file is scanned as written, line by line (:func:`~policytrack.checks.privacy.scan`), and once more as the
site shows it where that differs: each YAML value that spans lines or holds escapes, after parsing; each
Markdown or HTML paragraph after its entities, tags and emphasis marks. What only the second reading finds
is placed at the value's or paragraph's first line.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from policytrack.checks.privacy import Hit, is_law_text, kinds_shown_each, scan
from policytrack.model.load import ATTACHMENTS, CONFIG_FILE, DATA_FOLDERS, IGNORED_NAMES, through_link

MKDOCS = "mkdocs.yml"
DEFAULT_PAGES = "docs"
TEXT_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt", ".csv", ".tsv", ".json", ".yml", ".yaml", ".xml",
                 ".svg", ".js", ".css", ".ics", ".atom", ".rss")
"""Files of the site's own pages read as text; other files (images, PDFs) are checked by name only."""
MARKUP_SUFFIXES = (".md", ".markdown", ".html", ".htm")
YAML_SUFFIXES = (".yml", ".yaml")

Reader = Callable[[str], str]
"""The text of a repository file by its relative path ("" when it cannot be read): :meth:`Context.text`."""


# --- which files --------------------------------------------------------------------------------------


def walk(root: Path, folder: str) -> list[str]:
    """Every file below ``root/folder`` (paths relative to ``root``, sorted), entering no link: a folder that is
    a link (``folder`` itself included) is not entered, and a file that is one is not listed."""
    if through_link(root, folder) or not os.path.isdir(root / folder):
        return []
    found: list[str] = []
    pending = [folder]
    while pending:
        rel = pending.pop()
        try:
            with os.scandir(root / rel) as entries:
                listed = sorted((entry.name, entry.is_symlink(), entry.is_dir(follow_symlinks=False))
                                for entry in entries)
        except OSError:  # unreadable: the loader reports data folders; nothing here is read
            continue
        folders = []
        for name, link, directory in listed:
            if name in IGNORED_NAMES or link:
                continue
            if directory:
                folders.append(f"{rel}/{name}")
            else:
                found.append(f"{rel}/{name}")
        pending.extend(reversed(folders))
    return sorted(found)


def data_files(root: Path) -> list[str]:
    """``policytrack.yml``, every file of the data folders and every attachment: the records the site shows."""
    found = [CONFIG_FILE] if os.path.isfile(root / CONFIG_FILE) and not os.path.islink(root / CONFIG_FILE) else []
    for folder in (*DATA_FOLDERS, ATTACHMENTS):
        found.extend(walk(root, folder))
    return found


def pages_folder(root: Path, mkdocs_text: str) -> str | None:
    """The folder of the site's own pages: ``docs_dir`` in ``mkdocs.yml`` (``docs`` by default), or None
    when it leaves the repository or passes a link (then nothing there is read)."""
    folder = DEFAULT_PAGES
    for scalar in yaml_scalars(mkdocs_text, every=True) or ():
        if scalar.path == ("docs_dir",):
            folder = scalar.value
    if not folder or os.path.isabs(folder) or "\\" in folder:
        return None
    clean = os.path.normpath(folder)
    if clean == "." or clean.split(os.sep)[0] == ".." or through_link(root, clean):
        return None
    return PurePosixPath(*Path(clean).parts).as_posix()


def site_files(root: Path, read: Reader) -> list[str]:
    """``mkdocs.yml`` and every file of the site's own pages (``docs/``, or ``docs_dir``)."""
    config = os.path.isfile(root / MKDOCS) and not os.path.islink(root / MKDOCS)
    pages = pages_folder(root, read(MKDOCS) if config else "")
    found = [MKDOCS] if config else []
    if pages is not None and pages.split("/", 1)[0] not in (*DATA_FOLDERS, ATTACHMENTS):
        found.extend(walk(root, pages))
    return found


def is_text(rel: str) -> bool:
    """Whether the site's page file ``rel`` is read as text (else its name alone is checked)."""
    return rel.lower().endswith(TEXT_SUFFIXES)


# --- YAML values as the site shows them --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scalar:
    """One YAML value (or key): its text after parsing, where it is, and whether the text as written on its
    line differs from it (it spans lines, or holds escapes)."""

    value: str
    path: tuple[str | int, ...]
    line: int
    column: int
    last: int
    differs: bool


class _Nodes(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Composes the node tree only: no tag is resolved or constructed (``mkdocs.yml`` may hold
    ``!!python/name:`` tags, which are read as the text they are)."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        return "?"


_MAY_DIFFER = re.compile(r"[\\|>\"']|\n[ \t]+[^\s\-#]")
"""Only a text with an escape, a block or quoted scalar, or an indented line may hold a value that spans
lines or differs from what is written: other files need no parsing here."""


def yaml_scalars(text: str, *, every: bool = False) -> list[Scalar] | None:
    """The values (and keys) of a YAML text with their places; None when it is not one YAML document. Unless
    ``every``, only the values that differ from what is written (:attr:`Scalar.differs`), and a text where
    none can gives [] without being parsed."""
    if not every and _MAY_DIFFER.search(text) is None:
        return []
    loader = _Nodes(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    found: list[Scalar] = []
    seen: set[int] = set()
    escapes = "\\" in text
    pending: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())] if root is not None else []
    while pending:
        node, path = pending.pop()
        if id(node) in seen:  # an alias: its value is scanned once
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark, node.end_mark
            differs = end.line != start.line or (escapes and node.style == '"'
                                                 and "\\" in text[start.index:end.index])
            if every or differs:
                last = end.line + 1 if end.column > 0 else max(end.line, start.line + 1)
                found.append(Scalar(str(node.value), path, start.line + 1, start.column + 1, last, differs))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                pending.append((value, (*path, name)))
                pending.append((key, (*path, name, "<key>")))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, (*path, index)) for index, item in reversed(list(enumerate(node.value))))
    return found


# --- Markdown and HTML as the page shows them --------------------------------------------------------

_TAG = re.compile(r"<[^<>\n]{0,300}>")
_MARKS = re.compile(r"[*`~\\]")
_HIDING = re.compile(r"[&<*`~\\]")


def _paragraphs(text: str) -> Iterator[tuple[int, int, str]]:
    """(first line, last line, text as shown) of each paragraph (lines between blank lines) that entities,
    tags, emphasis marks or backslash escapes change."""
    block: list[str] = []
    first = 0
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
            continue
        if block:
            joined = "\n".join(block)
            if _HIDING.search(joined):
                yield first, first + len(block) - 1, html.unescape(_MARKS.sub("", _TAG.sub("", joined)))
            block = []


def law_text_lines(rel: str, text: str) -> set[int]:
    """The 1-based lines of the data file ``rel`` (holding ``text``) that hold the law's own words, as
    :func:`~policytrack.checks.privacy.is_law_text` decides: they are not scanned."""
    return _law_lines(rel, yaml_scalars(text, every=True) or []) if _holds_law(rel) else set()


def _holds_law(rel: str) -> bool:
    return rel.startswith(("ordinances/", "amendments/"))


def _law_lines(rel: str, scalars: list[Scalar]) -> set[int]:
    return {line for item in scalars if is_law_text(rel, item.path) for line in range(item.line, item.last + 1)}


# --- one file -----------------------------------------------------------------------------------------


def scan_file(rel: str, text: str) -> list[Hit]:
    """The personal data in the file ``rel`` holding ``text``: as written, line by line, and as the site shows
    it (YAML values, Markdown paragraphs); law text is left out (:func:`is_law_text`)."""
    hits = scan(text)
    lower = rel.lower()
    shown: list[tuple[int, int, int, set[str]]] = []  # (first line, column, last line, kinds)
    where = "line"
    if lower.endswith(YAML_SUFFIXES):  # policytrack.yml and mkdocs.yml too
        scalars = yaml_scalars(text, every=_holds_law(rel)) or []
        public = _law_lines(rel, scalars)
        if public:
            hits = [hit for hit in hits if hit.line not in public]
        differ = [item for item in scalars if item.differs and not is_law_text(rel, item.path)]
        shown = [(item.line, item.column, item.last, kinds)
                 for item, kinds in zip(differ, kinds_shown_each([item.value for item in differ]), strict=True)]
        where = "value"
    elif lower.endswith(MARKUP_SUFFIXES):
        blocks = list(_paragraphs(text))
        shown = [(first, 1, last, kinds) for (first, last, _), kinds
                 in zip(blocks, kinds_shown_each([block for _, _, block in blocks]), strict=True)]
        where = "page"
    found = {(hit.line, hit.kind): hit for hit in hits}
    lines: dict[str, list[int]] = {}
    for hit in hits:  # in order of line
        lines.setdefault(hit.kind, []).append(hit.line)
    for first, column, last, kinds in shown:
        for kind in sorted(kinds):
            seen = lines.get(kind, [])
            index = bisect.bisect_left(seen, first)
            if index == len(seen) or seen[index] > last:  # not already found on the value's lines as written
                found.setdefault((first, kind), Hit(first, column, kind, where))
    return sorted(found.values(), key=lambda hit: (hit.line, hit.column, hit.kind))
