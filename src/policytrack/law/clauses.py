"""Find the normative clauses of a law: who shall, shall not or may do what, and by when.

The approach is a small rule-based reader, in plain Python, that works on the law's own lines:

1. **Units.** The text is read line by line (one paragraph a line, as imported laws are written).
   A leading enumerator such as ``(a)``, ``(1)(A)`` or ``2213.1`` is skipped. Each line is split into
   sentences at a full stop followed by a capital letter, except after abbreviations (``D.C.``,
   ``Stat.``, ``et seq.``, single initials). A sentence that carries a modal verb and ends with a colon
   (``shall include:``, ``shall not:``, ``the Office shall:``) is a list stem: it takes the following
   lines as its items, up to the line that ends the list with a full stop, and the whole list is one
   clause.
2. **Modal verbs.** In each sentence the modal verbs are found: ``shall``, ``must``, ``may``, ``is/are
   required to``; words inside quotation marks (the struck and inserted phrases of an amending
   instruction) are not read. A modal in a relative clause (``who shall report``, ``those who may be
   impacted``, ``as may be necessary``) belongs to the sentence's main clause; it makes a clause of its
   own only where the sentence has no other, and a relative ``may`` never does.
3. **What is not a clause.** A sentence whose modal states a definition (``shall mean``, ``shall have
   the same meaning``, ``means``), a rule of construction (``nothing ... shall be construed``), the
   law's own effect or status (``shall take effect``, ``shall apply``, ``shall be deemed``, ``shall
   (not) constitute``, ``shall (not) be subject to``, ``shall be dissolved``, ``shall be contingent``,
   ``shall be eligible``, ``shall be considered``), a penalty (``shall be guilty``, ``shall be fined``)
   or a citation (``may be cited``) is left out, and so is advisory ``should`` (never read as a modal).
4. **One modal, one clause.** A sentence with one main modal is one clause, coordinated verbs and all
   (``shall collect ... and issue``). A second main modal (``..., and shall ensure``, ``10 shall be
   appointed by the Mayor and 10 shall be appointed by the Council``, ``; provided, that at least one
   team shall be on duty``) starts a new clause at the conjunction or semicolon before it.
5. **Modality.** ``shall not``, ``must not``, ``may not``, ``shall/may only ... if``, ``shall never`` and
   a subject beginning with ``No`` or ``Neither`` make a prohibition; ``may``, ``shall have the
   authority/power/right/access``, ``shall be entitled to``, ``is authorized to`` a permission; every
   other ``shall``, ``must`` or ``required to`` an obligation.
6. **Actor.** The words before the modal, with an opening adverbial phrase (``Beginning on ...,``,
   ``By October 1, 2016, ...,``, ``If ...,``, ``Under the Program,``) cut off at its last comma; in the
   passive (``shall be reviewed by each agency``) the agent after ``by``; after ``No`` the noun that
   follows it; ``The duties of X`` gives X. Passive clauses with no agent have no actor.
7. **Deadline**, from the clause's words alone, in the model's deadline forms (see
   :func:`parse_deadline`): a yearly recurrence with its first date (``Beginning on January 31, 2017,
   and by January 31 of each year thereafter``), ``quarterly``, ``monthly``, ``annually``, ``biennially``
   (every 2 years), ``within 30 days after the end of each quarter``; a fixed date (``by October 1,
   2016``, ``no later than July 1, 2017``); a span counted from the law's effective or enactment date
   (``relative``) or from an event (``per-event``: ``within 3 business days after receipt``, ``at least
   fifteen (15) days prior to the public hearing``; ``prior to acquiring`` is 0 days before), with its
   days (weeks, months, years), direction and what it is counted from; or none. Numbers written out and
   in figures (``fifteen (15)``) and ordinals (``November 1st``) are read as their figures.

It is measured, not trusted: ``benchmarks/clauses_eval.py`` compares it with hand-labelled laws in
``tests/data/clauses/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Modality = Literal["obligation", "prohibition", "permission"]

MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
    "forty five": 45, "sixty": 60, "ninety": 90, "a": 1, "an": 1,
}


@dataclass(frozen=True)
class Clause:
    """One normative clause: its exact words and where they are, who is bound, how, and by when.

    ``start`` and ``end`` are character offsets of ``text`` in the text given to :func:`extract`
    (``text == source[start:end]``). ``deadline`` is a dict in the model's deadline forms, or None
    where the clause's words give no date.
    """

    text: str
    start: int
    end: int
    section: str | None
    modality: Modality
    actor: str | None
    deadline: dict[str, Any] | None
    items: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (``policytrack clauses --format json``)."""
        return {"section": self.section, "start": self.start, "end": self.end, "modality": self.modality,
                "actor": self.actor, "deadline": self.deadline, "text": self.text, "items": list(self.items)}


# --- reading the text -----------------------------------------------------------------------------------

_ENUMERATOR = re.compile(r"[ \t]*(?:(?:\([0-9A-Za-z]{1,6}(?:-[0-9A-Za-z]{1,3})?\)[ \t]*)+|\d+(?:\.\d+)+[ \t]+)")
_ABBREVIATIONS = ("D.C.", "U.S.", "Stat.", "seq.", "No.", "Nos.", "Inc.", "Mr.", "Ms.", "Mrs.", "Dr.", "St.",
                  "v.", "etc.", "e.g.", "i.e.", "Sec.", "Jr.", "Co.", "Corp.", "Ltd.", "Art.", "Ch.", "art.",
                  "Reg.", "Pub.", "L.", "K.C.C.", "R.C.W.", "C.F.R.", "U.S.C.", "approx.", "para.", "cf.")
_SENTENCE_END = re.compile(r"[.?!][\"”’')\]]*\s+(?=[\"“(]?[A-Z])")
_MODAL = re.compile(r"\b(shall|must|may(?!\s+\d)|(?:is|are) required to)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_RELATIVE_BEFORE = re.compile(r"(?:\b(?:who|that|which|whom|whose|it|as|where|if|whether|what|whoever)"
                              r"(?:\s+(?:also|each|otherwise|only|then|not|reasonably))?\s*)$", re.IGNORECASE)

_NOT_A_CLAUSE = re.compile(
    r"\bshall\s+(?:not\s+)?(?:mean|have\s+the\s+(?:same\s+)?meanings?|be\s+construed|be\s+interpreted|"
    r"take\s+effect|apply\b|expire|be\s+deemed|(?:not\s+)?constitute|(?:not\s+)?be\s+subject\s+to|"
    r"be\s+dissolved|be\s+contingent|be\s+eligible|be\s+considered|be\s+guilty|be\s+fined|be\s+punished|"
    r"be\s+imprisoned|be\s+cited|be\s+forfeited|enable|be\s+continually\s+available|remain\s+in\s+effect|not\s+affect|affect|"
    r"be\s+effective|supersede|be\s+void|be\s+null)"
    r"|\bmay\s+be\s+cited\b|\bnothing\b[^.;]*\bshall\b[^.;]*\bconstrued\b|^\s*[\"“][^\"”]+[\"”]\s+means\b",
    re.IGNORECASE,
)
_PERMISSION = re.compile(
    r"\bshall\s+have\s+(?:the\s+)?(?:sole\s+|full\s+|exclusive\s+)?(?:authority|power|right|discretion)\b|"
    r"\bshall\s+have\s+[^.;]{0,40}\baccess\b|\bshall\s+be\s+entitled\b|\b(?:is|are)\s+authorized\s+to\b",
    re.IGNORECASE)
_PROHIBITION_AFTER = re.compile(r"^\s*(?:not|never|only)\b", re.IGNORECASE)
_PROHIBITION_SUBJECT = re.compile(r"^(?:no|neither)\b(?!\s+(?:fewer|less|more|later|sooner|earlier)\s+than)",
                                  re.IGNORECASE)


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    list_items: tuple[tuple[int, int], ...] = ()


def extract(text: str, section: str | None = None) -> list[Clause]:
    """The normative clauses of ``text`` (one section, or a whole law as plain text), in order."""
    clauses: list[Clause] = []
    for unit in _units(text):
        clauses.extend(_clauses_of_unit(text, unit, section))
    return clauses


def extract_sections(sections: Iterable[tuple[str, str]]) -> list[Clause]:
    """The clauses of each ``(section id, text)``; offsets are within each section's text."""
    return [clause for section_id, text in sections for clause in extract(text, section_id)]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield position, position + len(body)
        position += len(line)


def _units(text: str) -> Iterator[_Unit]:
    lines = list(_lines(text))
    index = 0
    while index < len(lines):
        start, end = lines[index]
        index += 1
        match = _ENUMERATOR.match(text, start, end)
        body_start = match.end() if match else start
        sentences = list(_sentences(text, body_start, end))
        for number, (s_start, s_end) in enumerate(sentences):
            sentence = text[s_start:s_end]
            last = number == len(sentences) - 1
            if last and sentence.rstrip().endswith((":", "—", " -", "–")) and _main_modals(sentence):
                items: list[tuple[int, int]] = []
                while index < len(lines):
                    i_start, i_end = lines[index]
                    line = text[i_start:i_end].strip()
                    if not line or line == ".":
                        index += 1
                        if line == ".":
                            break
                        continue
                    index += 1
                    items.append((i_start + (len(text[i_start:i_end]) - len(text[i_start:i_end].lstrip())),
                                  i_end))
                    if line.endswith((".", ".\"", ".”")):
                        break
                if any(_item_has_own_clause(text[a:b]) for a, b in items):
                    index -= len(items) + _blank_lines(text, lines, index, len(items))
                    yield _Unit(s_start, s_end)
                    continue
                yield _Unit(s_start, items[-1][1] if items else s_end, tuple(items))
            else:
                yield _Unit(s_start, s_end)


def _item_has_own_clause(item: str) -> bool:
    """A list item that carries its own main modal (not only in a proviso) is its own clause."""
    body = _ENUMERATOR.sub("", item, count=1)
    proviso = re.search(r";\s*provided,?\s+(?:however,\s*)?that\b", body, re.IGNORECASE)
    head = body[:proviso.start()] if proviso else body
    own = [match for match, relative in _modals(head) if not relative
           and not re.search(r"\b(?:that|which|who|whom|if|when|whether)\b", head[:match.start()], re.IGNORECASE)]
    return bool(own) and not _NOT_A_CLAUSE.search(_masked(head))


def _blank_lines(text: str, lines: list[tuple[int, int]], index: int, taken: int) -> int:
    """How many blank or '.' lines the list reading skipped between its items (to step back over)."""
    skipped, position, counted = 0, index - 1, 0
    while counted < taken and position >= 0:
        start, end = lines[position]
        if text[start:end].strip() in ("", "."):
            skipped += 1
        else:
            counted += 1
        position -= 1
    return skipped


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    segment = text[start:end]
    begin = 0
    for match in _SENTENCE_END.finditer(segment):
        before = segment[begin:match.start() + 1]
        word = before.split()[-1] if before.split() else ""
        if word.endswith(_ABBREVIATIONS) or re.fullmatch(r"(?:[A-Z]\.)+", word) or _open_paren(before):
            continue
        stop = match.start() + 1 + len(match.group(0)[1:].rstrip())
        yield _trim(text, start + begin, start + stop)
        begin = match.end()
    if segment[begin:].strip():
        yield _trim(text, start + begin, end)


def _open_paren(text: str) -> bool:
    return text.count("(") > text.count(")")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _masked(sentence: str) -> str:
    """The sentence with quoted words blanked (same length), so their modals are not read."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)


def _modals(sentence: str) -> list[tuple[re.Match[str], bool]]:
    """Each modal verb of the sentence, and whether it stands in a relative or subordinate clause."""
    masked = _masked(sentence)
    found = []
    for match in _MODAL.finditer(masked):
        relative = bool(_RELATIVE_BEFORE.search(masked[:match.start()]))
        word = match.group(1).lower()
        if word == "may" and re.match(r"may\s+be\s+(?:necessary|appropriate|required|needed)", masked[match.start():],
                                      re.IGNORECASE):
            relative = True
        found.append((match, relative))
    return found


_SUBORDINATOR = re.compile(r"\b(?:where|if|unless|when|whenever|except|which|who|whom|whether|because|although|"
                          r"that)\b", re.IGNORECASE)
_REDUCED = re.compile(r"\b(?:unless|except|if|when|where)\s+(?:\w+ed|as|necessary|otherwise|appropriate|"
                      r"practicable|feasible|applicable|possible|any)\b", re.IGNORECASE)
"""Reduced clauses ("unless required by law", "if necessary") have no subject: they subordinate nothing."""
_PROVISO = re.compile(r";\s*provided,?\s+(?:however,\s*)?that\b", re.IGNORECASE)


def _main_modals(sentence: str) -> list[re.Match[str]]:
    modals = _modals(sentence)
    masked = _masked(sentence)
    main: list[re.Match[str]] = []
    for match, relative in modals:
        if relative:
            continue
        if main:
            between = _REDUCED.sub(" ", _PROVISO.sub(" ", masked[main[-1].end():match.start()]))
            if _SUBORDINATOR.search(between):
                continue  # a modal inside a subordinate clause ("except where ... law shall so require")
        main.append(match)
    if not main:
        main = [match for match, relative in modals if match.group(1).lower() != "may"][:1]
    return main


def _clauses_of_unit(text: str, unit: _Unit, section: str | None) -> Iterator[Clause]:
    head_end = unit.list_items[0][0] if unit.list_items else unit.end
    sentence = text[unit.start:head_end].rstrip()
    modals = _main_modals(sentence)
    if not modals:
        return
    if unit.list_items:
        modals = modals[:1]  # a list is one clause with its items
    cuts: list[int] = [0]
    for match in modals[1:]:
        cut = _previous_boundary(sentence, cuts[-1], match.start())
        if cut is not None:  # no conjunction or semicolon before it: the same clause goes on
            cuts.append(cut)
    previous_actor: str | None = None
    for number, cut in enumerate(cuts):
        stop_at = cuts[number + 1] if number + 1 < len(cuts) else None
        piece_end = unit.start + stop_at if stop_at is not None else unit.end
        piece_start = unit.start + _skip_connective(sentence, cut)
        piece_start, piece_end = _trim(text, piece_start, piece_end)
        body = text[piece_start:piece_end]
        head = body if not unit.list_items or stop_at is not None else text[piece_start:head_end].rstrip()
        own_modals = _main_modals(head)
        if not own_modals:
            continue
        modal = own_modals[0]
        if _NOT_A_CLAUSE.search(_masked(head)):
            continue
        before = head[:modal.start()]
        modality = _modality(head, modal, before)
        actor = _actor(before, head[modal.start():]) or (previous_actor if not before.strip() else None)
        previous_actor = actor or previous_actor
        items = tuple(text[a:b] for a, b in unit.list_items) if stop_at is None else ()
        yield Clause(body, piece_start, piece_end, section, modality, actor, parse_deadline(head), items)


_BOUNDARIES = (
    re.compile(r";\s*provided,?\s+(?:however,\s*)?that\s+|;\s*(?:and\s+|or\s+|but\s+)?", re.IGNORECASE),
    re.compile(r",\s*(?:and|but)\s+", re.IGNORECASE),
    re.compile(r"\s+and\s+", re.IGNORECASE),
    re.compile(r",\s*or\s+", re.IGNORECASE),
)
"""Where a second clause may begin, strongest first: a semicolon, ", and", "and", ", or"."""


def _previous_boundary(sentence: str, floor: int, modal_at: int) -> int | None:
    """Where the clause of the modal at ``modal_at`` begins: the last boundary of the strongest kind."""
    masked = _masked(sentence)[floor:modal_at]
    for pattern in _BOUNDARIES:
        found = [match.start() for match in pattern.finditer(masked) if not _open_paren(masked[:match.start()])]
        if found:
            return floor + found[-1]
    return None


def _skip_connective(sentence: str, cut: int) -> int:
    match = re.match(r"(?:;\s*provided,?\s+(?:however,\s*)?that\s+|;\s*(?:and\s+|or\s+)?|,\s*(?:and|but|or)\s+|"
                     r"\s+and\s+)", sentence[cut:], re.IGNORECASE)
    return cut + (match.end() if match else 0)


def _modality(head: str, modal: re.Match[str], before: str) -> Modality:
    after = head[modal.end():]
    word = modal.group(1).lower()
    subject = _strip_intro(before).strip()
    if _PROHIBITION_SUBJECT.match(subject):
        return "prohibition"
    if word in ("shall", "must", "may") and _PROHIBITION_AFTER.match(after):
        if re.match(r"\s*not\s+be\s+required\b", after, re.IGNORECASE):
            return "permission"
        return "prohibition"
    if _PERMISSION.search(head[modal.start():]):
        return "permission"
    if word == "may":
        return "permission"
    return "obligation"


_INTRO = re.compile(
    r"^\s*(?:beginning|by|within|if|when|whenever|under|in|except|no\s+later|not\s+later|upon|after|before|"
    r"notwithstanding|subject|unless|immediately|at\s+least|pursuant|for|to\s+the\s+extent|to\s+be|from|"
    r"once|on\s+or|on|during|as\s+soon|following|prior|until|where|while|with|without|of\s+the)\b",
    re.IGNORECASE)


def _strip_intro(before: str) -> str:
    text = before
    if _INTRO.match(text):
        depth, cut = 0, -1
        for index, char in enumerate(text):
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            elif char == "," and depth == 0:
                cut = index
        if cut >= 0:
            text = text[cut + 1:]
    return text


def _actor(before: str, rest: str) -> str | None:
    passive = re.match(r"(?:shall|must|may)\s+(?:not\s+|only\s+)?be\s+\w+(?:ed|en|wn)\s+by\s+"
                       r"((?:the\s+|each\s+|any\s+|a\s+|an\s+)?[^,;:.]+?)(?=\s+(?:no\s+later|not\s+later|within|in\s+accordance|"
                       r"pursuant|from|for|to|on|at|by|in|and|or|who|which|that)\b|[,;:.]|$)", rest, re.IGNORECASE)
    if passive:
        return passive.group(1).strip()
    subject = _strip_intro(before).strip().rstrip(",").strip()
    subject = re.split(r",\s*(?:acting on behalf of|pursuant to|in coordination with|with the approval of)\b",
                       subject)[0]
    subject = subject.strip()
    subject = re.sub(r"^(?:and|or|but|then)\s+", "", subject, flags=re.IGNORECASE)
    no = re.match(r"^(?:no|neither)\s+(.+)$", subject, re.IGNORECASE)
    if no:
        subject = no.group(1)
    duties = re.match(r"^the\s+(?:duties|responsibilities)\s+of\s+(.+)$", subject, re.IGNORECASE)
    if duties:
        subject = duties.group(1)
    if re.search(r"\b(?:is|are|be)\s*$", subject) or not subject:
        return None
    if re.search(r"\bbe\s+\w+(?:ed|en)\b", rest[:40]) and not passive:
        # passive without an agent: the subject is what is acted on, not who acts
        return None
    return subject


# --- deadlines ------------------------------------------------------------------------------------------

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})"
_NUMBER = (r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
           r"forty[- ]five|sixty|ninety|an?)")
_UNIT = r"(business\s+days?|calendar\s+days?|working\s+days?|days?|weeks?|months?|years?)"


def _to_date(month: str, day: str, year: str) -> str | None:
    try:
        return date(int(year), MONTHS[month.lower()], int(day)).isoformat()
    except ValueError:
        return None


def _number(word: str) -> int:
    word = word.lower().replace(" ", "-") if word.lower().startswith("forty") else word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, _NUMBER_WORDS.get(word.replace("-", " "), 0))


def parse_deadline(words: str) -> dict[str, Any] | None:
    """The deadline that ``words`` state, in the model's forms, or None.

    ``{type: date, date}``; ``{type: relative, days|weeks|months|years: N, business_days?, after:
    effective|enacted}`` when counted from the law's own dates; ``{type: per-event, event, days|weeks|
    months: N, direction: after|before, business_days?}`` when counted from anything else;
    ``{type: recurring, every: year|quarter|month|week, interval?, month?, day?, first?,
    days_after_period_end?}``.
    """
    text = _plain_numbers(" ".join(_masked(words).split()))
    recurring = _recurring(text)
    if recurring is not None:
        return recurring
    relative = _relative(text)
    fixed = re.search(r"\b(?:by|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|before|until|on)\s+" + _DATE,
                      text, re.IGNORECASE)
    if fixed and (relative is None or fixed.start() < relative[1]):
        when = _to_date(*fixed.groups())
        if when:
            return {"type": "date", "date": when}
    if relative:
        return relative[0]
    each = re.search(r"\bat\s+each\s+((?:regular\s+|public\s+)?(?:meeting|session|hearing))\b", text, re.IGNORECASE)
    if each:  # "shall report to Council in writing at each meeting"
        return {"type": "per-event", "event": f"each {each.group(1)}", "days": 0, "direction": "after"}
    prior = re.search(r"\bprior\s+to\s+(?!the\s+(?:end|close)\b)([^,;:.]+)", text, re.IGNORECASE)
    if prior:  # "must obtain approval prior to acquiring": due before the event, 0 days ahead
        return {"type": "per-event", "event": prior.group(1).strip(), "days": 0, "direction": "before"}
    return None


_NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                r"hundred|and)")
_WORDS_AND_FIGURES = re.compile(rf"\b{_NUMBER_WORD}(?:[- ]{_NUMBER_WORD})*\s*\((\d+)\)", re.IGNORECASE)
"""A number written out and then in figures, as codes do: "fifteen (15)", "one hundred twenty (120)"."""


_ORDINALS = {word: number for number, word in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
    "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"), start=1)}
_ORDINAL = "(" + "|".join(sorted((re.escape(word) for word in _ORDINALS), key=len, reverse=True)) + ")"


def _plain_numbers(text: str) -> str:
    """"fifteen (15) days" → "15 days"; ordinals "November 1st", "March 15 th", "August fifteenth", "the
    first day of September" → "November 1", "March 15", "August 15", "September 1"."""
    text = _WORDS_AND_FIGURES.sub(r"\1", text)
    text = re.sub(r"\b(?:the\s+)?" + _ORDINAL + r"\s+day\s+of\s+" + _MONTH,
                  lambda m: f"{m.group(2)} {_ORDINALS[m.group(1).lower()]}", text, flags=re.IGNORECASE)
    text = re.sub(r"\b" + _MONTH + r"\s+" + _ORDINAL + r"\b",
                  lambda m: f"{m.group(1)} {_ORDINALS[m.group(2).lower()]}", text, flags=re.IGNORECASE)
    return re.sub(r"\b(\d{1,2})\s?(?:st|nd|rd|th)\b", r"\1", text)


def _recurring(text: str) -> dict[str, Any] | None:
    period_end = re.search(r"within\s+" + _NUMBER + r"\s+" + _UNIT + r"\s+(?:after|following|of)\s+the\s+"
                           r"(?:end|close)\s+of\s+(?:each|every|the)\s+(calendar\s+|fiscal\s+)?"
                           r"(year|quarter|month|week)", text, re.IGNORECASE)
    if period_end:
        deadline: dict[str, Any] = {"type": "recurring", "every": period_end.group(4).lower(),
                                    "days_after_period_end": _number(period_end.group(1))}
        return deadline
    first_match = re.search(r"\bbeginning\s+(?:on\s+|in\s+)?" + _DATE, text, re.IGNORECASE)
    first = _to_date(*first_match.groups()) if first_match else None
    yearly = (re.search(r"\b(?:by|on|before|no\s+later\s+than|not\s+later\s+than)?\s*" + _MONTH
                        + r"\s+(\d{1,2})\s+of\s+"
                        r"(?:each|every)\s+(?:calendar\s+|fiscal\s+)?year", text, re.IGNORECASE)
              or re.search(r"\bevery\s+" + _MONTH + r"\s+(\d{1,2})\b(?!,?\s+\d{4})", text, re.IGNORECASE)
              or re.search(r"\b(?:by|on\s+or\s+before|no\s+later\s+than|not\s+later\s+than)\s+" + _MONTH
                           + r"\s+(\d{1,2})\s+(?:after|following)\s+the\s+(?:close|end)\s+of\s+(?:the\s+preceding|each|"
                           r"every|the)\s+(?:calendar\s+|fiscal\s+)?year", text, re.IGNORECASE)
              or re.search(r"\bannually\b[^.;]{0,40}?\b(?:on\s+or\s+before|by|on|before|no\s+later\s+than)\s+"
                           + _MONTH + r"\s+(\d{1,2})\b(?!,?\s+\d{4})", text,
                           re.IGNORECASE))
    if yearly:
        deadline = {"type": "recurring", "every": "year", "month": MONTHS[yearly.group(1).lower()],
                    "day": int(yearly.group(2))}
        if first:
            deadline["first"] = first
        return deadline
    words = [("quarter", r"\bquarterly\b|\b(?:each|every)\s+(?:calendar\s+|fiscal\s+)?quarter\b|"
                         r"\bon\s+a\s+quarterly\s+basis"),
             ("month", r"\bmonthly\b|\b(?:each|every)\s+month\b|\bon\s+a\s+monthly\s+basis"),
             ("week", r"\bweekly\b|\b(?:each|every)\s+week\b"),
             ("year", r"\bannually\b|\b(?:each|every)\s+(?:calendar\s+|fiscal\s+)?year\b|"
                      r"\bon\s+an\s+annual\s+basis|\byearly\b"),
             ("biennial", r"\bbiennially\b|\bevery\s+(?:two|2)\s+years\b|\bevery\s+other\s+year\b")]
    modal = _MODAL.search(text)
    for every, pattern in words:
        if any(_says_when(text, match, modal) for match in re.finditer(pattern, text, re.IGNORECASE)):
            deadline = {"type": "recurring", "every": "year" if every == "biennial" else every}
            if every == "biennial":
                deadline["interval"] = 2
            if first is None:
                fixed = re.search(r"\b(?:by|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|on)\s+" + _DATE
                                  + r"[^.;]*?\b(?:and|then)\s+(?:" + pattern + r")", text, re.IGNORECASE)
                if fixed:
                    first = _to_date(*fixed.groups()[:3])
            if first:
                deadline["first"] = first
                if deadline["every"] == "year":
                    month_day = date.fromisoformat(first)
                    deadline["month"], deadline["day"] = month_day.month, month_day.day
            return deadline
    return None


def _says_when(text: str, match: re.Match[str], modal: re.Match[str] | None) -> bool:
    """A frequency word says when the duty falls due, unless it only describes the subject ("The monthly
    reports shall be rendered in condensed format")."""
    in_subject = modal is not None and match.end() <= modal.start()
    describes = re.match(r"\s+(?:reports?|statements?|meetings?|summar(?:y|ies)|updates?)\b", text[match.end():],
                         re.IGNORECASE)
    return not (in_subject and describes)


_RELATIVE = re.compile(
    r"\b(within|no\s+later\s+than|not\s+later\s+than|at\s+least|no\s+fewer\s+than|not\s+less\s+than|"
    r"no\s+less\s+than|by|before|after)?\s*" + _NUMBER + r"\s+" + _UNIT + r"\s+(after|following|of|from|"
    r"prior\s+to|before|in\s+advance\s+of|preceding)\s+(?:the\s+|an?\s+)?(.+?)(?=[,;:.]|\s+(?:and|or|whichever|unless|"
    r"provided|in\s+accordance|pursuant|that|which|who)\b|$)",
    re.IGNORECASE)


def _relative(text: str) -> tuple[dict[str, Any], int] | None:
    match = _RELATIVE.search(text)
    while match and match.group(4).lower() == "of" and (match.group(1) or "").lower() != "within":
        match = _RELATIVE.search(text, match.end())
    if not match:
        return None
    amount = _number(match.group(2))
    unit = match.group(3).lower()
    direction = "before" if match.group(4).lower() in ("prior to", "before", "in advance of", "preceding") else "after"
    origin = match.group(5).strip()
    business = unit.startswith(("business", "working"))
    key = ("days" if "day" in unit else "weeks" if unit.startswith("week") else
           "months" if unit.startswith("month") else "years")
    lowered = origin.lower()
    law_date = None
    if direction == "after" and re.search(r"\beffective\s+date\b|\btakes?\s+effect\b", lowered) and \
            re.match(r"(?:effective\s+date\s+of\s+(?:this|the)\b)|(?:effective\s+date)$", lowered):
        law_date = "effective"
    elif direction == "after" and re.match(r"(?:date\s+of\s+)?(?:enactment|the\s+enactment)\b", lowered):
        law_date = "enacted"
    if law_date:
        return {"type": "relative", key: amount, "after": law_date,
                **({"business_days": True} if business else {})}, match.start()
    return {"type": "per-event", "event": origin, key: amount, "direction": direction,
            **({"business_days": True} if business else {})}, match.start()
