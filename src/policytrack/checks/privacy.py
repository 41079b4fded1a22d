"""The privacy guard: find personal identifiers in text that the status site would publish.

A site about an immigrant-protection law must never publish the data the law protects. Every text
that lands in the repository (evidence, notes, titles, summaries, file names of attachments) is
scanned for:

========================  ===========================================================================
kind                      what is matched
========================  ===========================================================================
``ssn``                   a US social security number: ``123-45-6789`` or ``123 45 6789`` (the SSA's
                          impossible areas 000, 666 and 9xx excluded), or nine digits after "SSN" /
                          "social security number"
``a-number``              an alien registration number: ``A`` followed by 8 or 9 digits
                          (``A012345678``, ``A-123-456-789``, ``A# 12345678``), or 8-9 digits after
                          "A-number" / "alien (registration) number" / "A#"
``date-of-birth``         a date after "DOB" / "date of birth" / "born (on)", or a name followed by a
                          date between 1900 and 2029 written ``MM/DD/YYYY``
``booking-number``        a number after "booking number/no./#" (a jail's identifier of a person)
``case-number``           a number after "case number/no./#" or "file number", or a Washington court
                          case number (``19-1-01234-5``)
``personal-email``        an e-mail address at a consumer mail provider, or one whose local part is a
                          person's name (``first.last@``); role addresses (``records@``) pass
``phone-number``          a North American phone number (``(206) 555-0143``, ``206-555-0143``,
                          ``+1 206 555 0143``)
========================  ===========================================================================

Patterns of our own instead of a library such as Microsoft's Presidio: Presidio needs a spaCy
language model (hundreds of MB, not installable offline) and takes seconds to start, too slow for a
pre-commit hook; these regular expressions scan the King County repository in milliseconds. The
patterns are measured by ``tests/test_privacy.py``: no miss on a corpus of planted identifiers in
realistic text, and the false positives on the King County and D.C. repositories are counted there.

A hit names the file, the line and the kind of data, never the data itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from policytrack.model.findings import Finding

KINDS: dict[str, str] = {
    "ssn": "a US social security number",
    "a-number": "an alien registration number (A-number)",
    "date-of-birth": "a date of birth",
    "booking-number": "a booking number",
    "case-number": "a case number",
    "personal-email": "a personal e-mail address",
    "phone-number": "a phone number",
}
"""Kind of identifier → how a finding names it."""

_SEP = r"[\s:#.\-]*(?:(?:is|was|of|no\.?|number|num\.?|nr\.?)[\s:#.\-]*)*"
"""What may stand between a label ("SSN", "booking number") and the value it labels."""

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|"
         rf"{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})")
_NAME = r"(?:[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+){1,2}[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"

_WEBMAIL = ("gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "msn", "aol", "icloud",
            "me", "mac", "protonmail", "proton", "gmx", "mail", "comcast", "att", "verizon", "zoho", "yandex")

PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...] | None], ...] = (
    ("ssn", re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])"), None),
    ("ssn", re.compile(rf"(?i:\bSSN|\bsocial[\s-]+security(?:[\s-]+(?:number|no\.?|#))?)s?{_SEP}"
                       r"\d{3}[- ]?\d{2}[- ]?\d{4}(?!\d)"), ('ssn', 'social')),
    ("a-number", re.compile(r"(?<![\w-])A[\s#-]{0,2}\d{3}[\s-]?\d{3}[\s-]?\d{2,3}(?![\w-])"), None),
    ("a-number", re.compile(rf"(?i:\bA-?numbers?\b|\balien(?:\s+registration)?\s+(?:number|no\.?|#)|\bA#)"
                            rf"{_SEP}A?[\s-]?\d{{3}}[\s-]?\d{{3}}[\s-]?\d{{2,3}}(?!\d)"),
     ('a-number', 'anumber', 'alien', 'a#')),
    ("date-of-birth", re.compile(rf"(?i:\bD\.?O\.?B\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bborn(?:\s+on)?\b)"
                                 rf"[\s:,(]*{_DATE}"), ('dob', 'd.o.b', 'd.ob', 'do.b', 'birth', 'born')),
    ("date-of-birth", re.compile(rf"\b{_NAME}\s*[,(]\s*(?:age\s+\d{{1,3}},?\s*)?"
                                 r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19\d\d|20[0-2]\d)\b"), ('/',)),
    ("booking-number", re.compile(rf"(?i:\bbooking(?:\s+(?:number|no\.?|#|id)|\s*#)){_SEP}"
                                  r"[A-Z]{0,3}-?\d[\d-]{3,}"), ('booking',)),
    ("case-number", re.compile(rf"(?i:\b(?:case|file)(?:\s+(?:number|no\.?|#)|\s*#)){_SEP}"
                               r"[A-Z]{0,4}[\s-]?\d[\d-]{3,}"), ('case', 'file')),
    ("case-number", re.compile(r"(?<![\w-])\d{2}-\d-\d{5}-\d(?:\s+[A-Z]{3})?(?![\w-])"), None),
    ("personal-email", re.compile(
        rf"[\w.+-]+@(?i:{'|'.join(_WEBMAIL)})\.(?:com|net|org|de|ch|co\.uk|fr|es|ca|me)\b"), ('@',)),
    ("personal-email", re.compile(r"\b[A-Za-z]{2,}[._][A-Za-z]{2,}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b"), ('@',)),
    ("phone-number", re.compile(r"(?<![\w/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-])"),
     None),
)
"""(kind, pattern, words) triples, tried in order; at most one hit per kind and place is reported. A
pattern is tried only on a window holding one of its words (lower-case; None: always): a label, an '@'
or a '/' it cannot match without, so most windows skip most patterns."""


@dataclass(frozen=True, slots=True)
class Hit:
    """Personal data found: where (1-based line and column) and what kind, never the text itself."""

    line: int
    column: int
    kind: str

    @property
    def description(self) -> str:
        """How to name the kind in a message: 'a US social security number'."""
        return KINDS[self.kind]


_DIGITS = re.compile(r"\d[\d \t().#/-]{4,}\d")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_LABEL = re.compile(r"(?i:d\.?o\.?b\b|\bborn\b|birth)")
_LABEL_WORDS = ("dob", "d.o.b", "born", "birth")


def _candidates(text: str) -> list[int]:
    """Offsets of what every identifier needs: a run of six or more digits and separators (an ISO date
    alone is not one), an '@', or a date-of-birth label. Only the lines holding one (with the line before,
    for a label there) are scanned with the patterns: most lines of a policy repository hold none, and
    these simple searches are some 30 times faster than the patterns."""
    found = [match.start() for match in _DIGITS.finditer(text) if not _ISO_DATE.fullmatch(match.group())]
    at = text.find("@")
    while at >= 0:
        found.append(at)
        at = text.find("@", at + 1)
    lower = text.lower()
    if any(word in lower for word in _LABEL_WORDS):
        found.extend(match.start() for match in _LABEL.finditer(text))
    return sorted(found)


def scan(text: str) -> list[Hit]:
    """Every place in ``text`` that looks like personal data, in reading order (one hit per kind and line).

    Only the lines holding a candidate (:func:`_candidates`), each with the line before it, are matched
    against the patterns, and each pattern only where the text holds one of its words."""
    wanted: list[int] = []
    line, seen = 0, 0
    for offset in _candidates(text):
        line += text.count("\n", seen, offset)
        seen = offset
        if not wanted or wanted[-1] != line:
            wanted.append(line)
    if not wanted:
        return []
    lowered = text.lower()
    patterns = [(kind, pattern) for kind, pattern, words in PATTERNS
                if words is None or any(word in lowered for word in words)]
    hits: dict[tuple[int, str], Hit] = {}
    lines = text.split("\n")
    for index in wanted:
        first = max(index - 1, 0)
        window = "\n".join(lines[first:index + 1])
        for kind, pattern in patterns:
            for match in pattern.finditer(window):
                offset = match.start()
                if kind == "case-number" and _LEGISLATIVE_FILE.search(window[max(0, offset - 60):offset + 5]):
                    continue  # "(Added by Ord. 107-19, File No. 190568, ...)": a legislative file, public record
                line_number = first + window.count("\n", 0, offset) + 1
                column = offset - (window.rfind("\n", 0, offset) + 1) + 1
                hits.setdefault((line_number, kind), Hit(line_number, column, kind))
    return sorted(hits.values(), key=lambda hit: (hit.line, hit.column, hit.kind))


_LEGISLATIVE_FILE = re.compile(r"\b(?:Ord(?:inance)?\.?\s*(?:No\.\s*)?[\w-]*\d[\w-]*\s*,?\s*|Board\s+|Legislative\s+)"
                               r"File\b", re.IGNORECASE)
"""A legislative file number ("Ord. 107-19, File No. 190568", "Board File No.") is not a case number."""
_BLOCK_KEY = re.compile(r"^(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>text|heading):[ \t]*(?P<rest>.*)$")


def law_text_lines(yaml_text: str) -> set[int]:
    """The 1-based lines of an ordinance or amendment file that hold the law's own words (each section's
    ``text`` and ``heading``): law text is public record, so the privacy guard does not read it."""
    lines = yaml_text.split("\n")
    found: set[int] = set()
    index = 0
    while index < len(lines):
        match = _BLOCK_KEY.match(lines[index])
        index += 1
        if not match:
            continue
        found.add(index)
        indent = len(match.group("indent")) + (2 if lines[index - 1].lstrip().startswith("-") else 0)
        while index < len(lines) and (not lines[index].strip() or
                                      len(lines[index]) - len(lines[index].lstrip()) > indent):
            index += 1
            found.add(index)
    return found


def kinds_in(text: str) -> set[str]:
    """The kinds of personal data in ``text`` (for a short text, such as a file name)."""
    return {hit.kind for hit in scan(text)}


def publication_blockers(findings: Iterable[Finding]) -> list[Finding]:
    """The unsilenced personal-data findings: while there is one, no site is built from the repository."""
    return [item for item in findings if item.rule == "personal-data" and item.silenced is None]


def refusal(blockers: list[Finding]) -> str:
    """Why the site is not built: where the personal data is, never the data."""
    places = ", ".join(f"{item.path}:{item.line}" if item.line else item.path for item in blockers[:10])
    more = f" and {len(blockers) - 10} more" if len(blockers) > 10 else ""
    count = f"{len(blockers)} places hold" if len(blockers) != 1 else "1 place holds"
    return (f"the site is not built: {count} what looks like "
            f"personal data ({places}{more}); remove it, or silence a reviewed false positive with "
            "'# policytrack: disable=personal-data reason=\"...\"' (see `policytrack check`)")
