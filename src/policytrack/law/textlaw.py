"""Plain text and Markdown laws as people have them: copied from a code library, hard-wrapped or not.

**Sections.** A line that starts a section, however the code prints it: ``Section 1. Heading``,
``SEC. 2.``, ``Sec. 19B.3. Heading``, ``§ 14-188 Heading``, ``14.18.020 Title.``, ``2.15.010.B``,
``2-152-270 Title.`` (Chicago's, never a date such as ``7-1-2019``), each
optionally as a Markdown heading (``## 2.15.010 Services``) or between ``===`` marks (``=== Sec. 19B.3
Submission ===``). A numbered line is a section heading only where a heading can stand: at the start
of the text, after a blank line, a line that ends a sentence or another heading, and with a heading
that is not the rest of a sentence (no ``shall``/``must``, not starting in lower case), so that a
hard-wrapped cross reference (``... pursuant to`` / ``Section 19B.3 ...``) stays text. Headings with no
number (Markdown ``##``, ``=== Findings ===``, a line underlined with ``===``) start a section too, its
id made from its words. Subsections (``(a)``, ``(1)``, ``A.``) stay in their section's text. A text with
no heading at all is one section, and a text whose headings are all in capitals (``FINDINGS``) has one
section per such heading: :attr:`Law.assumed` says so, and the text is never refused for want of
numbers. The first line (or a first ``#`` heading) is the title; words between it and the first
section that state a duty (an ordinance's long title) are a section ``title`` of their own.

**Dates and provenance.** A line such as ``Enacted: March 26, 2016`` or ``Effective date: 2016-06-30``
gives the law's dates. Otherwise the codifier's history notes do, in the forms codes print them
(``(Ord. 1145, 2022)``, ``(Added by Ord. 107-19, File No. 190568, App. 5/31/2019, Eff. 7/1/2019)``,
``Eff. 9/4/2021``, ``(Ord. 03-2021. Passed 1-19-21.)``, also hard-wrapped over lines): the earliest
approval date is taken as the enactment (failing a full date, the earliest year: a partial date the
model accepts) and the earliest effective date as the effective date, which :attr:`Law.assumed` says;
where the notes of several laws give an effective date earlier than every approval, it is the enactment
too (a law is never enacted after it took effect). Dates
are read in ``M/D/YYYY``, ``M-D-YY``, ``Month D, YYYY`` and ISO forms.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date

from policytrack.law.deadlines import MONTHS
from policytrack.law.document import HistoryNote, Law, LawFileError, LawSection

_MONTH_WORD = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
DATE_WORDS = (r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-\d{1,2}-\d{2,4}|"
              + _MONTH_WORD + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})")
"""A date as codes print it: ISO, ``5/31/2019``, ``1-19-21``, ``July 1, 2019``, ``Sept. 4, 2021``."""


def iso_date(words: str) -> str | None:
    """The ISO form of a date written in one of the :data:`DATE_WORDS` forms, or None."""
    words = words.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
            return date.fromisoformat(words).isoformat()
        numeric = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})", words)
        if numeric:
            month, day, year = (int(part) for part in numeric.groups())
            if year < 100:
                year += 2000 if year < 70 else 1900
            return date(year, month, day).isoformat()
        named = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", words)
        if named:
            name = named.group(1).lower()
            month_number = MONTHS.get(name) or next(
                (number for full, number in MONTHS.items() if full.startswith(name[:3])), None)
            if month_number is None:
                return None
            return date(int(named.group(3)), month_number, int(named.group(2))).isoformat()
    except ValueError:
        return None
    return None


# --- sections -------------------------------------------------------------------------------------------

_NUMBERED = re.compile(
    r"^[ \t]*+(?P<decor>#{1,6}[ \t]++|={2,}+[ \t]*+)?(?:\*\*)?"
    r"(?:(?:section|sec\.?|§§?)[ \t]*+(?P<id>\d[\w.\-()]*?)|(?P<bare>\d+[A-Z]?(?:\.\d+[A-Z]?)+(?:\.[A-Z])?|"
    r"\d{1,3}(?:-\d{1,4}){2,3}))\.?"
    r"(?:\*\*)?(?:[ \t]++(?:[-–—:][ \t]*+)?(?P<rest>\S.*)|[ \t]*+(?:={2,}+|\*\*)?[ \t]*+)$",
    re.IGNORECASE)
"""A numbered section heading. Its quantifiers are possessive and the heading is taken off the rest of the
line by :func:`_heading_of`, never by backtracking: a line of many spaces or ``=`` is read in linear time."""
_UNNUMBERED = re.compile(r"^[ \t]*+(?:#{1,6}[ \t]++(?P<md>\S.*)|(?P<eq>={2,}+[ \t]*+\S.*))$")


def _heading_of(rest: str) -> str:
    """The heading in the rest of a numbered line: without the spaces, ``==...`` or ``**`` that close it
    (at least its first character)."""
    words = rest.rstrip(" \t")
    if len(words) > 2 and words.endswith("=="):
        words = words.rstrip("=")
    elif len(words) > 2 and words.endswith("**"):
        words = words[:-2]
    return words.rstrip(" \t") or rest[:1]


def _unnumbered(line: str) -> str | None:
    """The words of a heading with no number (``## Findings``, ``=== Findings ===``), or None."""
    match = _UNNUMBERED.match(line)
    if match is None:
        return None
    if match.group("md") is not None:
        return match.group("md").rstrip(" \t#") or match.group("md")[:1]
    inner = match.group("eq").lstrip("=").lstrip(" \t").rstrip(" \t")
    if not inner.endswith("==") or len(inner.rstrip("=")) == 0:
        return None  # "=== Findings ===" needs its closing marks
    words = inner.rstrip("=").rstrip(" \t")
    return words or None
_UNDERLINE = re.compile(r"^[ \t]*(?:={3,}|-{3,})[ \t]*$")
_CAPITALS = re.compile(r"^[ \t]*(?=[^a-z]*[A-Z]{2})[A-Z0-9][A-Z0-9 ,'&()\-–—:/]*[A-Z)][ \t]*$")
_MODAL_WORD = re.compile(r"\b(?:shall|must)\b", re.IGNORECASE)
_DUTY_WORD = re.compile(r"\b(?:shall|must|may|requir\w*|direct\w*)\b", re.IGNORECASE)


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((position, position + len(line.rstrip("\r\n"))))
        position += len(line)
    return spans


def _may_head(lines: list[str], index: int) -> bool:
    """Whether a heading may stand on line ``index``: first, or after a blank line, a sentence's end or
    another heading (a hard-wrapped cross reference does not start a section)."""
    if index == 0:
        return True
    before = lines[index - 1].strip()
    return (not before or before.endswith((".", ":", ";", ")", "]", "\"", "”", "!", "?", "="))
            or before.startswith(("#", "==")) or bool(_CAPITALS.match(before)) or bool(_UNDERLINE.match(before)))


def _numbered(line: str) -> tuple[str, str | None] | None:
    match = _NUMBERED.match(line)
    if not match:
        return None
    heading = _heading_of(match.group("rest")) if match.group("rest") else None
    if heading and (heading[0].islower() or heading[0] in ",;" or _MODAL_WORD.search(heading)):
        return None
    if match.group("bare") and heading and len(heading.split()) > 14:
        return None
    if match.group("bare") and re.fullmatch(r"\d{1,2}-\d{1,2}-(?:\d{2}|\d{4})", match.group("bare")):
        return None  # a date (7-1-2019), not a section number such as Chicago's 2-152-270
    return (match.group("id") or match.group("bare")).rstrip("."), heading


def _slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:40].strip("-") or "section"


def _headings(text: str, lines: list[str], spans: list[tuple[int, int]], capitals: bool
              ) -> list[tuple[int, int, str, str, bool]]:
    """(start, end of the heading, id, heading, numbered) for each heading line, in order."""
    found = []
    for index, line in enumerate(lines):
        start, end = spans[index]
        if _UNDERLINE.match(line) and index > 0 and lines[index - 1].strip():
            continue  # the underline of a heading ("Reports" over "=======")
        numbered = _numbered(line) if _may_head(lines, index) else None
        if numbered:
            section_id, heading = numbered
            found.append((start, end, section_id, (heading or f"Section {section_id}").strip(), True))
            continue
        plain = _unnumbered(line)
        if plain:
            words = plain.strip()
            found.append((start, end, _slug(words), words, False))
        elif (index + 1 < len(lines) and line.strip() and _UNDERLINE.match(lines[index + 1])
              and _may_head(lines, index)):
            found.append((start, spans[index + 1][1], _slug(line), line.strip(), False))
        elif capitals and _CAPITALS.match(line) and _may_head(lines, index) and len(line.split()) <= 12:
            found.append((start, end, _slug(line), line.strip(), False))
    return found


def read_text_law(text: str, name: str) -> Law:
    """Sections of a plain-text or Markdown law, each with its offset in ``text``, its dates and notes."""
    if not text.strip():
        raise LawFileError(f"{name}: the file holds no text")
    spans = _line_spans(text)
    lines = [text[start:end] for start, end in spans]
    assumed: list[str] = []
    headings = _headings(text, lines, spans, capitals=False)
    first_line = next(index for index, line in enumerate(lines) if line.strip())
    title = lines[first_line].strip()
    if headings and headings[0][0] == spans[first_line][0] and not headings[0][4]:
        title = headings[0][3]  # a first heading with no number is the law's title
        headings = headings[1:]
    title = re.sub(r"^#+\s*|^=+\s*|\s*=+$", "", title).strip() or name
    if not headings:
        headings = [h for h in _headings(text, lines, spans, capitals=True) if h[0] > spans[first_line][0]]
        if headings:
            assumed.append(f"no numbered sections: one section per heading in capitals ({len(headings)})")
    elif not any(h[4] for h in headings):
        assumed.append(f"no numbered sections: one section per heading ({len(headings)}), ids made from "
                       "their words")
    elif not all(h[4] for h in headings):
        unnumbered = [h[3] for h in headings if not h[4]]
        assumed.append(f"{len(unnumbered)} heading(s) carry no number, ids made from their words: "
                       + ", ".join(f"'{words}'" for words in unnumbered))
    sections: list[LawSection] = []
    title_end = spans[first_line][1]
    head_end = headings[0][0] if headings else len(text)
    head = text[title_end:head_end]
    if headings and _DUTY_WORD.search(head):
        sections.append(_section(text, title_end, head_end, "title", "Long title and preamble"))
        assumed.append("the words between the title and the first section state duties: "
                       "imported as section 'title'")
    if not headings:
        body_start = title_end if text[title_end:].strip() else spans[first_line][0]
        sections.append(_section(text, body_start, len(text), "1", title))
        assumed.append("no section headings at all: the whole text is one section, '1'")
    seen: dict[str, int] = {}
    for number, (_, heading_end, section_id, heading, _numbered_) in enumerate(headings):
        seen[section_id] = seen.get(section_id, 0) + 1
        if seen[section_id] > 1 and not _numbered_:
            section_id = f"{section_id}-{seen[section_id]}"
        body_end = headings[number + 1][0] if number + 1 < len(headings) else len(text)
        sections.append(_section(text, heading_end, body_end, section_id, heading))
    law = Law("text", title, sections, id=_slug(name) if name else None, assumed=assumed)
    _read_dates(law, text)
    return law


def _section(text: str, start: int, end: int, section_id: str, heading: str) -> LawSection:
    body = text[start:end]
    leading = len(body) - len(body.lstrip("\r\n"))
    return LawSection(section_id, heading, body.strip("\r\n").rstrip(), start + leading)


# --- dates and history notes ----------------------------------------------------------------------------

_NOTE = re.compile(r"[(\[](?P<body>(?:[^()\[\]\n]|\n(?![ \t]*\n)|\([^()\n]*\))*+)[)\]]")
"""A parenthesized or bracketed note (one level of parentheses inside; hard-wrapped over lines, never over a
blank line), read without backtracking; it is a
history note when its own words (not those of the parentheses inside it) name an ordinance or amendment."""
_NOTE_WORD = re.compile(r"\b(?:Ord|Ordinance|Res|Added|Amended)\b")
_INNER = re.compile(r"\([^()\n]*\)")


def _note_matches(text: str) -> Iterator[re.Match[str]]:
    """Each history note of ``text``, in order; a note that names none is looked inside (``(see (Ord. 5))``).
    Linear in the text: each note is read once, and only the parentheses inside a refused one again."""
    position = 0
    while (match := _NOTE.search(text, position)) is not None:
        own_words = _INNER.sub(lambda inner: " " * len(inner.group(0)), match.group("body"))
        if _NOTE_WORD.search(own_words):
            yield match
            position = match.end()
        else:
            position = match.start() + 1
_NOTE_ORDINANCE = re.compile(r"\b(?:Ord|Ordinance)\.?\s*(?:No\.?\s*)?(?P<n>[A-Z]{0,4}[-.]?\d[\w\-./]*?)"
                             r"(?=[,;)\s]|\.(?:\s|$)|$)")
_APPROVED = re.compile(r"\b(?:App|Approved|Passed|Adopted|Enacted)\b\.?:?\s*(?:on\s+)?(?P<d>" + DATE_WORDS + ")",
                       re.IGNORECASE)
_EFFECTIVE = re.compile(r"\b(?:Eff|Effective)\b\.?(?:\s+date)?:?\s*(?:on\s+)?(?P<d>" + DATE_WORDS + ")",
                        re.IGNORECASE)
_STATED = {"enacted": r"enacted|adopted|passed|approved", "effective": r"effective(?:\s+date)?"}


def history_notes(text: str, sections: list[LawSection]) -> list[HistoryNote]:
    """The history notes of ``text`` (parenthesized notes naming an ordinance, and ``Eff. DATE`` alone)."""
    notes: list[HistoryNote] = []
    taken: list[tuple[int, int]] = []
    section_at = _section_finder(sections)
    for match in _note_matches(text):
        body = match.group("body")
        ordinance = _NOTE_ORDINANCE.search(body)
        approved, effective = _APPROVED.search(body), _EFFECTIVE.search(body)
        if not (ordinance or approved or effective):
            continue
        year = re.findall(r"(?<![\d/])(?<!\d-)((?:19|20)\d\d)(?![\d/-])", body)  # "passed - -1964" too
        notes.append(HistoryNote(match.group(0), section_at(match.start()),
                                 ordinance.group("n").rstrip(".") if ordinance else None, year[-1] if year else None,
                                 iso_date(approved.group("d")) if approved else None,
                                 iso_date(effective.group("d")) if effective else None))
        taken.append(match.span())
    found = [(start, note) for (start, _), note in zip(taken, notes, strict=True)]
    for match in _EFFECTIVE.finditer(text):
        if match.group(0)[:3].lower() != "eff" or match.group(0).lower().startswith("effective"):
            continue  # "Effective date: ..." lines are the law's stated dates, read apart
        inside = bisect_right(taken, (match.start(), len(text))) - 1  # the last note starting at or before it
        if inside >= 0 and taken[inside][0] <= match.start() < taken[inside][1]:
            continue
        found.append((match.start(), HistoryNote(match.group(0), section_at(match.start()),
                                                 effective=iso_date(match.group("d")))))
    return [note for _, note in sorted(found, key=lambda pair: pair[0])]  # in the order of the text


def _section_finder(sections: list[LawSection]) -> Callable[[int], str | None]:
    """The id of the last section starting at or before an offset (sections are in the order of the text)."""
    starts = [section.offset for section in sections if section.offset is not None]
    ids = [section.id for section in sections if section.offset is not None]

    def section_at(offset: int) -> str | None:
        index = bisect_right(starts, offset) - 1
        return ids[index] if index >= 0 else None
    return section_at


def _stated_date(text: str, words: str) -> str | None:
    match = re.search(r"^[ \t#*]*(?:date\s+)?(?:" + words + r")\b(?:\s+on)?\s*:?\s*(" + DATE_WORDS + ")",
                      text, re.IGNORECASE | re.MULTILINE)
    return iso_date(match.group(1)) if match else None


def _read_dates(law: Law, text: str) -> None:
    law.notes = history_notes(text, law.sections)
    for key, words in _STATED.items():
        stated = _stated_date(text, words)
        if stated:
            setattr(law, key, stated)
            law.dates_from[key] = "a line of the text stating it"
    approvals = sorted(note.approved for note in law.notes if note.approved)
    effectives = sorted(note.effective for note in law.notes if note.effective)
    if law.enacted is None and approvals:
        law.enacted = approvals[0]
        law.dates_from["enacted"] = "the earliest approval date in the history notes"
        law.assumed.append(f"enacted {approvals[0]}: the earliest approval date of the history notes")
    years = sorted(note.year for note in law.notes if note.year and note.ordinance)
    if law.enacted is None and years:
        law.enacted = years[0]
        law.dates_from["enacted"] = "the earliest year of the history notes (no full date stated)"
        law.assumed.append(f"enacted {years[0]} (a year only): the earliest year of the history notes")
    if law.effective is None and effectives:
        law.effective = effectives[0]
        law.dates_from["effective"] = "the earliest effective date in the history notes"
        law.assumed.append(f"effective {effectives[0]}: the earliest effective date of the history notes")
        if law.dates_from.get("enacted", "").startswith("the earliest") and str(law.enacted) > effectives[0]:
            # notes of several laws: none took effect before it was enacted
            law.assumed = [line for line in law.assumed if not line.startswith(f"enacted {law.enacted}")]
            law.enacted = effectives[0]
            law.dates_from["enacted"] = "the earliest effective date in the history notes (no earlier approval)"
            law.assumed.append(f"enacted {effectives[0]}: no approval date of the history notes precedes the "
                               "earliest effective date")
