"""The privacy guard's patterns, and why each runs in time linear in the text's length.

The patterns read text already normalised as a reader sees it (:func:`policytrack.checks.privacy.normalise`):
ASCII digits, ``-`` for every dash and minus sign, one space for every run of spaces, no invisible
characters. :func:`find` gives every place and kind.

Linear time, by construction rather than by a different engine:

* every quantifier is bounded (``{0,8}``, ``{1,64}``), so one attempt at one position reads a bounded
  number of characters whatever the text holds, and a failing attempt cannot backtrack beyond them;
* where a part could be matched in several ways (the words between a label and its number, the local part
  of an address) the quantifier is possessive (``{0,8}+``, Python 3.11+), so it is never re-tried;
* a pattern is tried only where it can start, found without a regular expression tried at every
  character: where a label's first letters are (``str.find``), at each run of digits, at each '@', at each
  bracketed "at" or " at ", at each date written with slashes;
* what stands before such a place (an e-mail's local part, a name before a date, the words that make a
  "File No." legislative) is read in a window of at most 400 characters before it (the local part
  backwards, on the reversed window), so a run of 150,000 letters before an '@' costs 64 characters;
* look-behinds read one character.

``google-re2`` (a linear-time engine) installs cleanly from PyPI, but it has no look-around, on which the
patterns rely to stay quiet on look-alikes (an SSN's impossible areas, a number glued to a word or a path),
and it would be a compiled dependency for every platform the pre-commit hook runs on. The bounds above give
the same guarantee with the standard library; ``tests/test_privacy_speed.py`` holds the pathological
inputs to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_GROUP_SEP = r"(?: ?[.\-] ?| )"
"""Between the digit groups of an unlabelled number: one dash or dot (spaces around it allowed), or a space."""

_NUMBER_START = r"(?<![\w.\-/+])"
"""An unlabelled number starts a token: not glued to a word, another number, a path or a '+'."""

_NUMBER_END = r"(?![\w\-]|\.\d)"

_WORDS = r"(?:is|was|of|as|the|on|no|nr|num|number|reads|listed)"
_SEP = rf"(?:[\s:#.,()\-]|\b(?i:{_WORDS})\b){{0,8}}+"
"""What may stand between a label ("SSN", "booking number") and its value: punctuation and a few words,
at most 8 of them, taken possessively ("case no." + "no." * 40 is read once)."""

_MONTH = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ORDINAL = r"(?i:st|nd|rd|th)?"
_DATE = (r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)|\d{4}-\d{2}-\d{2}(?!\d)|"
         rf"{_MONTH}\s{{1,3}}\d{{1,2}}{_ORDINAL},?\s{{1,3}}\d{{4}}|"
         rf"\d{{1,2}}{_ORDINAL}\s{{1,3}}(?i:of\s{{1,3}})?{_MONTH},?\s{{1,3}}\d{{4}})")

_NUMBER_WORD = r"(?:numbers?|no\b\.?|nr\b\.?|num\b\.?|\#)"

_LABELLED: dict[str, tuple[tuple[str, ...], str]] = {
    # a social security number after "SSN", "S.S.N.", "SS#", "Soc. Sec. No.", "social security number"
    "ssn": (("ss", "s.s", "s. s", "s s", "soc"),
            rf"(?P<ssn>(?i:\bs\.?\s?s\.?\s?ns?\b\.?|\bss\s?(?:\#|no\b\.?)|"
            rf"\bsoc(?:ial|\.)?[\s\-]{{0,2}}sec(?:urity|\.)?(?:[\s\-]{{1,2}}{_NUMBER_WORD})?){_SEP}"
            r"\d{3}[ .\-]{0,3}\d{2}[ .\-]{0,3}\d{4}(?!\d))"),
    # an A-number after "A-number", "A-No.", "A#", "alien (registration) number", "USCIS #"
    "anumber": (("a-n", "anumber", "a#", "a #", "alien", "uscis"),
                rf"(?P<anumber>(?i:\ba-?numbers?\b|\ba-(?:no|nr)\b\.?|\ba\s?\#|"
                rf"\balien(?:\s(?:registration|reg\.?))?\s{_NUMBER_WORD}|"
                rf"\buscis(?:\s(?:{_NUMBER_WORD}|id\b)|\s?\#)?){_SEP}"
                r"(?:A[\s\-]?)?\d{3}[\s\-]?\d{3}[\s\-]?\d{2,3}(?!\d))"),
    # a date after "DOB", "D.O.B.", "date of birth", "birth date", "born (on)"
    "dob": (("dob", "do.", "do b", "d.o", "d. o", "d o", "date", "birth", "born"),
            rf"(?P<dob>(?i:\bd\.?\s?o\.?\s?b\b\.?|\bdate\sof\sbirth\b|\bbirth\s?date\b|\bborn\b|\bbirth\b)"
            rf"{_SEP}{_DATE})"),
    # a number after "booking (number, no., #, id)" or "bkg": five digits or more, not a date or a year
    # ("bookings: 40123" is a count)
    "booking": (("booking", "bkg"),
                rf"(?P<booking>(?i:\bbooking\b(?:\s(?:{_NUMBER_WORD}|id\b))?|\bbkg\b\.?){_SEP}"
                r"(?!(?:19|20)\d\d(?:-(?:19|20)?\d\d)?(?![\d\-])|\d{4}-\d\d-\d\d(?!\d))"
                r"(?P<booking_value>[A-Za-z]{0,3}-?\d[\d\-]{3,20}))"),
    # a number after "case number/no./#" or "file number/no./#": five digits or more (2019-CR-004417)
    "case": (("case", "file"),
             rf"(?P<case>(?i:\b(?:case|file)(?:\s{_NUMBER_WORD}|\s?\#)){_SEP}"
             r"(?P<case_value>[A-Z]{0,4}[\s\-]?\d[A-Z\d\-]{3,30}))"),
}
"""Identifiers after a label that names them, by kind: (how the label can start, in lower case; the
pattern). A pattern is tried only where a text holds one of its starts (found by :meth:`str.find`, much
faster than a regular expression tried at every character)."""

_LABELLED_PATTERNS = {kind: (starts, re.compile(pattern)) for kind, (starts, pattern) in _LABELLED.items()}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


_UNLABELLED = re.compile(
    _NUMBER_START
    # 123-45-6789, 123 45 6789, 123.45.6789 (the SSA's impossible areas 000, 666 and 9xx excluded)
    + rf"(?:(?P<ssn>(?!000|666|9\d\d)\d{{3}}{_GROUP_SEP}(?!00)\d{{2}}{_GROUP_SEP}(?!0000)\d{{4}}){_NUMBER_END}"
    # A012345678, A-123-456-789, A# 12345678
    + r"|(?P<anumber>A[ #\-]{0,2}\d{3}[ \-]?\d{3}[ \-]?\d{2,3})(?![\w\-])"
    # a Washington court case number: 19-1-01234-5 (SEA)
    + r"|(?P<case>\d{2}-\d-\d{5}-\d(?: [A-Z]{3})?)(?![\w\-])"
    # (206) 555-0143, 206-555-0143, +1 206 555 0143, 206.555.0143
    + rf"|(?P<phone>(?:\+?1{_GROUP_SEP}?)?(?:\(\d{{3}}\) ?|\d{{3}}{_GROUP_SEP})\d{{3}}{_GROUP_SEP}\d{{4}}){_NUMBER_END}"
    # ten digits as North American numbers are dialled: 2065550143, +12065550143
    + rf"|(?P<phone_digits>(?:\+?1)?[2-9]\d{{2}}[2-9]\d{{6}}){_NUMBER_END})"
)
"""Identifiers recognisable by their shape alone."""

_DATE_MDY = re.compile(r"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19\d\d|20[0-2]\d)(?!\d)")
_NAME_BEFORE = re.compile(
    r"(?<![\w])(?:[A-Z][a-z]{1,20}(?:[\-'][A-Z][a-z]{1,20})?\s){1,2}[A-Z][a-z]{1,20}(?:[\-'][A-Z][a-z]{1,20})?"
    r"\s?[,(]\s?(?:age\s\d{1,3},?\s?)?\Z")
"""A name followed by a date written MM/DD/YYYY between 1900 and 2029: "Maria Lopez, 04/12/1987" (the name is
looked for in the 60 characters before each such date)."""

_BRACKET_DOT = r"\s?[\[({<]\s?(?i:dot)\s?[\])}>]\s?"
_BRACKET_AT = re.compile(r"[\[({<]\s?[Aa][Tt]\s?[\])}>]")
_BRACKETED_DOMAIN = re.compile(rf"\s?[\w\-]{{1,63}}+(?:(?:{_BRACKET_DOT}|\.)[\w\-]{{1,63}}+){{1,8}}+")
_LOCAL_BACKWARDS = re.compile(r"\s?[\w.+\-]{1,64}")
_WORDS_DOMAIN = re.compile(r"\w{1,63}+(?:\s(?i:dot)\s\w{1,63}+){1,8}+")
_WORDS_LOCAL_BACKWARDS = re.compile(r"\w{1,64}+(?:\s(?i:tod)\s\w{1,64}+){0,4}+")
_OBFUSCATED_DOT = re.compile(rf"{_BRACKET_DOT}|\s(?i:dot)\s")
"""E-mail addresses written ``name [at] host [dot] com`` or ``name at host dot com``: found from each
bracketed "at" (or " at "), the domain read forwards and the local part backwards (on the reversed 64 or
400 characters before it)."""

WEBMAIL = frozenset({"gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "msn", "aol", "icloud",
                     "me", "mac", "protonmail", "proton", "gmx", "mail", "comcast", "att", "verizon", "zoho",
                     "yandex"})
"""Consumer mail providers: an address there belongs to a person."""
_WEBMAIL_ENDINGS = frozenset({"com", "net", "org", "de", "ch", "co.uk", "fr", "es", "ca", "me", "ru", "mx"})
_PERSON_LOCAL = re.compile(r"\b[A-Za-z]{2,}[._][A-Za-z]{2,}\Z")
"""A local part that is a person's name: first.last, first_last."""

_LEGISLATIVE = re.compile(
    r"(?i:\bord(?:inance)?s?\b|\blegislat|\blegistar|\bcouncil|\bboard\b|\bclerk|\bmotion\b|\bresolution\b|"
    r"\bbill\b)")
"""Words that make a "File No." a legislative file ("Ord. 107-19, File No. 190568", "Board File No. 190110",
"File #: 2024-0157, type Ordinance"): looked for in the 120 characters before the label and the 40 after
the number."""

_OTHER_NUMBER = re.compile(
    r"(?i:\b(?:parcel|account|acct|invoice|order|po|apn|pin|isbn|id|ticket|receipt|tracking|serial|contract|"
    r"grant|award|permit|licen[cs]e|document|doc|record|item)s?\b\.?\s?(?:no\b\.?|number|\#)?\s?:?\s?)\Z")
"""A label that makes ten digits an account's, a parcel's or a document's number, not a phone's."""

_KIND = {"ssn": "ssn", "anumber": "a-number", "dob": "date-of-birth", "booking": "booking-number",
         "case": "case-number", "phone": "phone-number", "phone_digits": "phone-number"}


def find(text: str) -> list[tuple[int, str]]:
    """(offset, kind) of every identifier in normalised ``text``, in order of offset."""
    found: list[tuple[int, str]] = []
    lower = text.lower()
    if len(lower) != len(text):  # a letter whose lower case is longer: lower only ASCII
        lower = text.translate(_ASCII_LOWER)
    digits = [run.start() for run in _ANY_DIGITS.finditer(text)]
    if digits:  # every kind but an e-mail address holds a digit
        found.extend(_labelled(text, lower, label_windows(digits)))
        found.extend(_unlabelled(text))
        if "/" in text:
            found.extend((offset, "date-of-birth") for offset in _named_dates(text))
    found.extend((offset, "personal-email") for offset in _emails(text, lower))
    return sorted(set(found))


LABEL_REACH = 128
"""At most this many characters from a label's first letter to the first digit of its number: the longest
label ("alien registration number", 26), eight separating words or marks (48), and what may stand before the
digit ("September" and three spaces before a day, 13) take at most 87. A label is looked for only in the
:data:`LABEL_REACH` characters before each run of digits."""

_ANY_DIGITS = re.compile(r"\d+")


def label_windows(digits: list[int]) -> list[tuple[int, int]]:
    """The spans (start, end) where a label can start, given where the runs of digits start: the
    :data:`LABEL_REACH` characters before each, merged where they overlap."""
    windows: list[tuple[int, int]] = []
    for at in digits:
        start = max(0, at - LABEL_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], at)
        else:
            windows.append((start, at))
    return windows


def _starts(lower: str, word: str, windows: list[tuple[int, int]]) -> Iterator[int]:
    """Where ``word`` starts within one of ``windows`` (the whole of it need not lie inside)."""
    size = len(word)
    for start, end in windows:
        at = lower.find(word, start, end + size)
        while at >= 0:
            yield at
            at = lower.find(word, at + 1, end + size)


def _labelled(text: str, lower: str, windows: list[tuple[int, int]]) -> Iterator[tuple[int, str]]:
    for group, (starts, pattern) in _LABELLED_PATTERNS.items():
        tried: set[int] = set()
        for word in starts:
            for at in _starts(lower, word, windows):
                if at in tried:
                    continue
                tried.add(at)
                match = pattern.match(text, at)
                if match is None:
                    continue
                if group in ("booking", "case") and sum(char.isdigit() for char in match.group(f"{group}_value")) < 5:
                    continue
                if group == "case" and legislative_file_number(text, at, match.end()):
                    continue
                yield at, _KIND[group]


_DIGIT_RUN = re.compile(r"[0-9]+")


def _unlabelled(text: str) -> Iterator[tuple[int, str]]:
    """Tried where a number starts (a run of digits, with a '+', '(' or 'A' before it)."""
    tried: set[int] = set()
    for run in _DIGIT_RUN.finditer(text):
        start = run.start()
        candidates = [at for at in range(max(0, start - 3), start) if text[at] == "A"]
        if start and text[start - 1] in "+(":
            candidates.append(start - 1)
        for at in (*candidates, start):
            if at in tried:
                continue
            tried.add(at)
            match = _UNLABELLED.match(text, at)
            if match is None:
                continue
            if match.lastgroup == "phone_digits" and _OTHER_NUMBER.search(text, max(0, at - 30), at):
                continue
            yield at, _KIND[str(match.lastgroup)]


def legislative_file_number(text: str, start: int, end: int) -> bool:
    """Whether the "File No." from ``start`` to ``end`` is a legislative file ("Ord. 107-19, File No. 190568",
    "Board File No."): public record, not a person's case."""
    if text[start:start + 4].lower() != "file":
        return False
    low = max(0, start - 120)
    high = end + 40
    # Several values scanned in one text are joined by NUL (which normalising removes from any text): the
    # words around a number are read in its own value only.
    low = text.rfind("\0", low, start) + 1 or low
    stop = text.find("\0", end, high)
    return _LEGISLATIVE.search(text, low, high if stop < 0 else stop) is not None


_LOCAL = re.compile(r"[\w.+\-]{1,64}")
_DOMAIN = re.compile(r"[\w\-]{1,63}+(?:\.[\w\-]{1,63}+){1,8}+")


def _emails(text: str, lower: str) -> Iterator[int]:
    everywhere = [(0, len(text))]
    for at in _starts(text, "@", everywhere):
        local = _LOCAL.match(text[max(0, at - 64):at][::-1])  # the local part, read backwards from the '@'
        domain = _DOMAIN.match(text, at + 1) if local else None
        if local and domain and personal_address(local.group()[::-1], domain.group()):
            yield at - local.end()
    if "dot" not in lower:
        return
    for match in _BRACKET_AT.finditer(text):
        domain = _BRACKETED_DOMAIN.match(text, match.end())
        local = _LOCAL_BACKWARDS.match(text[max(0, match.start() - 65):match.start()][::-1]) if domain else None
        if local and domain and personal_address(local.group()[::-1].strip(),
                                                 _OBFUSCATED_DOT.sub(".", domain.group().strip())):
            yield match.start() - local.end()
    for at in _starts(lower, " at ", everywhere):
        domain = _WORDS_DOMAIN.match(text, at + 4)
        local = _WORDS_LOCAL_BACKWARDS.match(text[max(0, at - 400):at][::-1]) if domain else None
        if local and domain and personal_address(_OBFUSCATED_DOT.sub(".", local.group()[::-1]),
                                                 _OBFUSCATED_DOT.sub(".", domain.group())):
            yield at - local.end()


def _named_dates(text: str) -> Iterator[int]:
    for slash in _starts(text, "/", [(0, len(text))]):
        start = slash - 2 if slash >= 2 and text[slash - 2].isdigit() else slash - 1
        if start < 0 or not text[slash - 1].isdigit() or _DATE_MDY.match(text, start) is None:
            continue
        name = _NAME_BEFORE.search(text, max(0, start - 60), start)
        if name is not None:
            yield name.start()


def personal_address(local: str, domain: str) -> bool:
    """Whether ``local@domain`` is a person's address: at a consumer mail provider, or a name (``first.last``);
    role addresses (``records@``) are not."""
    labels = domain.lower().split(".")
    if labels[0] in WEBMAIL and (labels[1] in _WEBMAIL_ENDINGS or ".".join(labels[1:3]) in _WEBMAIL_ENDINGS):
        return True
    return _PERSON_LOCAL.search(local) is not None
