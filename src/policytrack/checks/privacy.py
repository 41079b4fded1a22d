"""The privacy guard: find personal identifiers in text that the status site would publish.

A site about an immigrant-protection law must never publish the data the law protects. Every text the
site publishes is scanned: the records (every data file and ``policytrack.yml``), the names of attachments,
``mkdocs.yml`` (``site_name``, ``site_description``, ``copyright``, navigation titles, ``extra``) and every
file of the site's own pages (``docs/``, or ``docs_dir``). It is scanned as a reader sees it, not as it is
written: YAML values after parsing (escapes such as ``\\x31``, escaped and folded line breaks), Markdown
after its entities and tags, and every text after :func:`normalise` (compatibility forms such as
full-width ``＠`` and digits, invisible and format characters such as zero-width spaces and soft hyphens
removed, every dash and minus sign a ``-``, every space one space). The kinds found:

========================  ===========================================================================
kind                      what is matched
========================  ===========================================================================
``ssn``                   a US social security number: ``123-45-6789``, ``123 45 6789``, ``123.45.6789``
                          (the SSA's impossible areas 000, 666 and 9xx excluded), or nine digits after
                          "SSN", "S.S.N.", "SS#", "Soc. Sec. No.", "social security (number)"
``a-number``              an alien registration number: ``A`` followed by 8 or 9 digits
                          (``A012345678``, ``A-123-456-789``, ``A# 12345678``), or 8-9 digits after
                          "A-number", "A-No.", "A#", "alien (registration) number", "USCIS (#, number)"
``date-of-birth``         a date after "DOB", "date of birth", "birth date", "born (on)" (``04/12/1987``,
                          ``1987-04-12``, ``March 14th, 1985``, ``14 March 1985``, ``the 3rd of May,
                          1979``), or a name followed by a date between 1900 and 2029 written ``MM/DD/YYYY``
``booking-number``        five digits or more after "booking (number, no., #, id)" or "bkg" (not a date
                          or a year: "booking staff were trained on 2021-10-12" is not one)
``case-number``           a number after "case number/no./#" or "file number/no./#", or a Washington
                          court case number (``19-1-01234-5``); a legislative file number ("Ord. 107-19,
                          File No. 190568", "Board File No.") is public record, not a person's case
``personal-email``        an e-mail address at a consumer mail provider, or one whose local part is a
                          person's name (``first.last@``), also written ``name [at] host [dot] com`` or
                          ``name at host dot com``; role addresses (``records@``) pass
``phone-number``          a North American phone number (``(206) 555-0143``, ``206-555-0143``,
                          ``+1 206 555 0143``, ten digits ``2065550143``); a public office's published
                          line is flagged too, and silenced with its reason once reviewed
========================  ===========================================================================

The law's own words are public record: the text and heading of an ordinance's sections and of a law
change's sections are not scanned (:func:`is_law_text`, the one place that decides it).

Patterns of our own instead of a library such as Microsoft's Presidio: Presidio needs a spaCy language
model (hundreds of MB, not installable offline) and takes seconds to start, too slow for a pre-commit hook.
They run in time linear in the text (``privacy_patterns.py`` says how), and are measured on a planted
corpus (``tests/data/privacy/``: evasions and look-alikes) by ``tests/test_privacy_corpus.py``.

A hit names the file, the line and the kind of data, never the data itself.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from policytrack.checks.privacy_patterns import find
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


@dataclass(frozen=True, slots=True)
class Hit:
    """Personal data found: where (1-based line and column) and what kind, never the text itself.

    ``where`` says how it was seen: ``"line"`` on the line as written; ``"value"`` only in the YAML value
    starting at the line, as the site shows it; ``"page"`` only in the Markdown paragraph starting at the
    line, as the page shows it."""

    line: int
    column: int
    kind: str
    where: str = "line"

    @property
    def description(self) -> str:
        """How to name the kind in a message: 'a US social security number'."""
        return KINDS[self.kind]


# --- what a reader sees --------------------------------------------------------------------------------

_SPECIAL = re.compile(r"[^\x20-\x7e\n]+|  +")
"""What :func:`normalise` changes in a text read line by line: runs of characters outside printable ASCII
(but the line break), and runs of spaces."""
_SPECIAL_ONE_LINE = re.compile(r"[^\x20-\x7e]+|  +")
_SPACES = re.compile(r"  +")

_LOOK_ALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаеосрѕхуіјԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧο",
    "ABCEHIJKMOPSTXYaeocpsxyijdqwABEZHIKMNOPTYXo")
"""Cyrillic and Greek letters drawn like Latin ones ("АО12345678" with a Cyrillic А)."""

_DASHES = frozenset("\u2212\u02d7\u2043\u2796\u2011\u30fc")
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols that show nothing (fillers, the blank Braille pattern)."""


def _fold(char: str, lines: bool) -> str:
    """One character as a reader takes it (see :func:`normalise`)."""
    if char == "\n":
        return "\n" if lines else " "
    if char.isspace():
        return " "
    category = unicodedata.category(char)
    if category in ("Cf", "Cc", "Mn", "Me", "Cs", "Co") or char in _INVISIBLE:
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category == "Pd" or char in _DASHES:
        return "-"
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed != char:
        return "".join(_fold(part, lines) for part in decomposed)
    return char.translate(_LOOK_ALIKES)


class _Folds(dict[int, str]):
    """Code point → :func:`_fold`, filled as characters are met, for :meth:`str.translate` (which folds a run
    of characters at C speed)."""

    def __init__(self, lines: bool) -> None:
        super().__init__()
        self.lines = lines

    def __missing__(self, code: int) -> str:
        if len(self) > 20_000:  # a text of many different characters: keep the table small
            self.clear()
        folded = self[code] = _fold(chr(code), self.lines)
        return folded


_FOLDS = {True: _Folds(True), False: _Folds(False)}


@dataclass(frozen=True, slots=True)
class _Normalised:
    """A normalised text, with where its characters came from in the original."""

    text: str
    marks: tuple[list[int], list[int]] | None
    """(offsets in ``text``, offsets in the original) where the two stop running in step; None: the same."""

    def original(self, offset: int) -> int:
        """The offset in the original text of the character at ``offset`` in ``text`` (inside a folded run of
        characters, an offset in that run)."""
        if self.marks is None:
            return offset
        here, there = self.marks
        index = bisect.bisect_right(here, offset) - 1
        if index < 0:
            return offset
        at = there[index] + offset - here[index]
        return min(at, max(there[index], there[index + 1] - 1)) if index + 1 < len(there) else at


def _normalised(text: str, lines: bool) -> _Normalised:
    pattern = _SPECIAL if lines else _SPECIAL_ONE_LINE
    if pattern.search(text) is None:
        return _Normalised(text, None)
    table = _FOLDS[lines]
    out: list[str] = []
    here: list[int] = [0]
    there: list[int] = [0]
    length = 0
    space = False  # whether the last character written is a space
    last = 0
    for match in pattern.finditer(text):
        start = match.start()
        if start > last:
            chunk = text[last:start]
            if space and chunk[0] == " ":
                chunk = chunk[1:]
                here.append(length)
                there.append(last + 1)
            out.append(chunk)
            length += len(chunk)
            space = chunk[-1:] == " " if chunk else space
        found = match.group()
        folded = " " if found[0] == " " else found.translate(table)
        if "  " in folded:
            folded = _SPACES.sub(" ", folded)
        if space and folded[:1] == " ":
            folded = folded[1:]
        out.append(folded)
        length += len(folded)
        if folded:
            space = folded[-1] == " "
        here.append(length)
        there.append(match.end())
        last = match.end()
    if last < len(text):
        chunk = text[last:]
        if space and chunk[0] == " ":
            chunk = chunk[1:]
            here.append(length)
            there.append(last + 1)
        out.append(chunk)
    return _Normalised("".join(out), (here, there))


def normalise(text: str, *, lines: bool = False) -> str:
    """``text`` as a reader of the site takes it: compatibility forms folded (NFKC: full-width ``＠`` and
    digits, ligatures; accents dropped too), every decimal digit an ASCII digit, invisible and format
    characters removed (zero-width spaces and joiners, soft hyphens, direction marks, combining marks,
    byte-order marks), every dash and minus sign ``-``, Cyrillic and Greek look-alikes of Latin letters
    Latin, and every run of spaces (no-break, ideographic, tabs; line breaks too unless ``lines``) one
    space."""
    return _normalised(text, lines).text


# --- scanning ------------------------------------------------------------------------------------------


def scan(text: str) -> list[Hit]:
    """Every place in ``text`` that looks like personal data, read line by line as written (normalised),
    in reading order: one hit per kind and line, at the first character of the match (a label's first,
    where a label names the number: a label on one line and its number on the next is found)."""
    normal = _normalised(text, lines=True)
    hits: dict[tuple[int, str], Hit] = {}
    line, line_start, counted = 1, 0, 0  # the offsets come in order: lines are counted once, not per hit
    for offset, kind in find(normal.text):
        at = normal.original(offset)
        newlines = text.count("\n", counted, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, at) + 1
        counted = max(counted, at)
        hits.setdefault((line, kind), Hit(line, at - line_start + 1, kind))
    return sorted(hits.values(), key=lambda hit: (hit.line, hit.column, hit.kind))


def kinds_shown(value: str) -> set[str]:
    """The kinds of personal data in one value as the site shows it: normalised, its line breaks spaces."""
    return {kind for _, kind in find(normalise(value))}


_JOINT = re.compile("\0")


def kinds_shown_each(values: list[str]) -> list[set[str]]:
    """:func:`kinds_shown` of each value, found in one pass over them all (a file may hold many values):
    they are joined by a character no pattern reads across."""
    joined = "\n".join(value.replace("\n", " ").replace("\r", " ") for value in values)
    text = normalise(joined, lines=True).replace("\n", "\0")
    starts = [0, *(match.end() for match in _JOINT.finditer(text))] if len(values) > 1 else [0]
    found: list[set[str]] = [set() for _ in values]
    for offset, kind in find(text):
        found[bisect.bisect_right(starts, offset) - 1].add(kind)
    return found


def name_kinds(name: str) -> set[str]:
    """The kinds of personal data in a file's path (``attachments/detainer-A012345678.pdf``): read as it is
    (an e-mail address), with its slashes, dots and underscores as spaces, and with its dashes as spaces too."""
    shown = normalise(name)
    words = re.sub(r"[_./]+", " ", shown)
    first, second, third = kinds_shown_each([shown.replace("/", " "), words, words.replace("-", " ")])
    return first | second | third


def kinds_in(text: str) -> set[str]:
    """The kinds of personal data in ``text`` (for a short text, such as a file name)."""
    return {hit.kind for hit in scan(text)}


def is_law_text(rel: str, path: tuple[str | int, ...]) -> bool:
    """Whether the value at ``path`` in the data file ``rel`` holds the law's own words: the ``text`` or
    ``heading`` of an ordinance's section (``ordinances/``) or of a law change's section (``amendments/``).
    Law text is public record and is not scanned; a silencing comment cannot be written into it without
    changing its ``sha256``. The one place that decides what counts as law text."""
    folder = rel.split("/", 1)[0]
    lists = {"ordinances": "sections", "amendments": "changes"}
    return (folder in lists and len(path) == 3 and path[0] == lists[folder] and isinstance(path[1], int)
            and path[2] in ("text", "heading"))


# --- the site's refusal --------------------------------------------------------------------------------


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
