"""A law as read from its file: its sections, dates, history notes and what the reader assumed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


class LawFileError(Exception):
    """The file cannot be imported; the message says why, with the line where there is one."""


@dataclass(frozen=True)
class HistoryNote:
    """A codifier's history note as printed (``(Added by Ord. 107-19, File No. 190568, App. 5/31/2019,
    Eff. 7/1/2019)``): the ordinance it names and the dates it states (ISO), where it states them."""

    text: str
    section: str | None
    ordinance: str | None = None
    year: str | None = None
    approved: str | None = None
    effective: str | None = None

    def describe(self) -> str:
        """One line for the import report."""
        parts = [f"Ord. {self.ordinance}" if self.ordinance else "no ordinance named"]
        if self.approved:
            parts.append(f"approved {self.approved}")
        if self.effective:
            parts.append(f"effective {self.effective}")
        if self.year and not (self.approved or self.effective):
            parts.append(f"year {self.year} only")
        return ", ".join(parts)


@dataclass(frozen=True)
class LawSection:
    """One section as imported: id, heading, verbatim text, and where the text starts in the file."""

    id: str
    heading: str
    text: str
    offset: int | None = None
    """Offset of ``text`` in the input file (plain text and Markdown only: XML text is rendered)."""

    @property
    def sha256(self) -> str:
        """The sha256 of the section's text (UTF-8), as stored in the ordinance."""
        return section_hash(self.text)


@dataclass
class Law:
    """A law as read from its file: what the ordinance record needs, and the format it came in."""

    format: str
    title: str
    sections: list[LawSection]
    id: str | None = None
    number: str | None = None
    citation: str | None = None
    enacted: str | None = None
    effective: str | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    notes: list[HistoryNote] = field(default_factory=list)
    """History notes found in the text (plain text only), in order."""
    assumed: list[str] = field(default_factory=list)
    """What the reader assumed where the text did not say (no section numbers, dates from notes)."""
    dates_from: dict[str, str] = field(default_factory=dict)
    """Where ``enacted`` and ``effective`` were read: 'enacted' → 'the line "Enacted: ..."' etc."""


def section_hash(text: str) -> str:
    """The sha256 of a section's text, as hexadecimal."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
