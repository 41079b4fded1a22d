"""Read hard-wrapped text as its paragraphs, keeping every offset into the text as pasted.

Law copied from a code library or a PDF is hard-wrapped: a sentence runs over several lines. The clause
reader works on paragraphs, so :func:`reading_copy` gives a copy of the text **of the same length** in
which each line break inside a paragraph is a space (``\\r\\n`` two spaces). Offsets into the copy are
offsets into the original, so a clause found in the copy quotes the exact span of the original.

A line continues onto the next when:

* neither is blank, and the line does not end a sentence (``.``, ``!``, ``?`` or ``:``, with closing
  quotes or brackets; a full stop after an abbreviation such as ``Sec.``, ``No.`` or ``U.S.`` ends
  nothing) and is not a heading (Markdown ``#``, ``===``, a numbered section line with no ``shall``, a line in
  capitals);
* the next line does not start a list item (``(a)``, ``(1)``, ``A.``, ``1.``, ``-``, ``*``), a heading
  or section number (``Section``, ``Sec.``, ``§``, ``14.18.020``) or a history note (``(Ord. ...``);
* the line is long enough to have been wrapped: with the next line's first word it would pass 70% of
  the text's wrap width (the length of its longer lines), so a short line with no full stop (a title,
  ``Annual Report``) stays a line of its own.
"""

from __future__ import annotations

import math
import re

ABBREVIATIONS = ("D.C.", "U.S.", "Stat.", "seq.", "No.", "Nos.", "Inc.", "Mr.", "Ms.", "Mrs.", "Dr.", "St.",
                 "v.", "etc.", "e.g.", "i.e.", "Sec.", "Secs.", "Jr.", "Co.", "Corp.", "Ltd.", "Art.", "Ch.", "art.",
                 "Reg.", "Pub.", "L.", "K.C.C.", "R.C.W.", "C.F.R.", "U.S.C.", "approx.", "para.", "cf.", "Ord.",
                 "Govt.", "Cal.", "subd.", "Subd.", "App.", "Eff.", "Res.", "par.",
                 "ch.", "sec.")
_ENDS = re.compile(r"[.!?:][\"”’')\]]*$")
_STARTS_OWN_LINE = re.compile(
    r"^[ \t]*(?:\([0-9A-Za-z]{1,6}\)|(?:[A-Za-z]|\d{1,3}|[ivxlcIVXLC]{1,5})[.)][ \t]|[-*•][ \t]|#|={2,}|\|"
    r"|(?:section|sec\.|§)[ \t]*\d|\d+[A-Z]?(?:\.\d+[A-Z]?){2,}\b|\d+[A-Z]?\.\d+[A-Z]?[ \t]+[A-Z]"
    r"|\((?:Ord|Added|Amended|Formerly|Derived|Source|History|Prior|Code|Res)\b|\[(?:Prior|Ord|Code))",
    re.IGNORECASE)
_HEADING = re.compile(r"^[ \t]*(?:#|={2,})|={2,}[ \t]*$|^[ \t]*(?:-{3,}|={3,})[ \t]*$")
_CAPITALS = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$")
_SECTION_LINE = re.compile(r"^[ \t]*(?:(?:section|sec\.?|§§?)[ \t]*\d[\w.\-()]*|\d+[A-Z]?(?:\.\d+[A-Z]?){2,})\.?"
                           r"(?:[ \t]+[-–—:]?[ \t]*[A-Z0-9\"“(][^,;]*)?$", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:shall|must|may)\b", re.IGNORECASE)


def wrap_width(lines: list[str]) -> int:
    """The text's wrap width: the length of its longer non-blank lines (the 90th percentile)."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[math.ceil(0.9 * (len(lengths) - 1))]


def ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence (a full stop after an abbreviation does not)."""
    stripped = line.rstrip()
    if not _ENDS.search(stripped):
        return False
    words = stripped.split()
    last = words[-1] if words else ""
    return not (stripped.endswith(".") and (last.endswith(ABBREVIATIONS) or (re.fullmatch(r"(?:[A-Z]\.)+", last)
                                            and len(last) <= 4)))


def continues(line: str, following: str, width: int) -> bool:
    """Whether ``following`` carries on the paragraph of ``line`` (see the module's rules)."""
    if not line.strip() or not following.strip():
        return False
    if ends_sentence(line) or _HEADING.search(line) or _HEADING.search(following):
        return False
    if _SECTION_LINE.match(line) and not _MODAL.search(line):
        return False
    if _STARTS_OWN_LINE.match(following) or (_CAPITALS.match(line.strip()) and len(line.split()) <= 12):
        return False
    first_word = following.split()[0]
    return len(line.rstrip()) + 1 + len(first_word) > 0.7 * width


def reading_copy(text: str) -> str:
    """``text`` with the line breaks inside paragraphs made spaces: the same length, the same offsets."""
    if "\n" not in text and "\r" not in text:
        return text
    lines = text.splitlines(keepends=True)
    width = wrap_width(lines)
    out = []
    for index, line in enumerate(lines):
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        if ending and index + 1 < len(lines) and continues(body, lines[index + 1], width):
            ending = " " * len(ending)
        out.append(body + ending)
    return "".join(out)


def was_reflowed(source: str, start: int, end: int) -> bool:
    """Whether the span ``source[start:end]`` runs over a line break (it was read as one paragraph)."""
    return "\n" in source[start:end] or "\r" in source[start:end]
