"""Find the normative clauses of a law: who shall, shall not or may do what, and by when.

The approach is a small rule-based reader, in plain Python, that works on the law's own lines:

1. **Units.** The text is read paragraph by paragraph: hard-wrapped lines are joined into their
   paragraph on a copy of the same length (:mod:`policytrack.law.reflow`), so offsets and the quoted
   words stay those of the text as given, and a clause says when it ran over line breaks (``reflowed``).
   A leading enumerator such as ``(a)``, ``(1)(A)``, ``A.``, ``1.`` or ``2213.1`` is skipped. Each line is split into
   sentences at a full stop followed by a capital letter, except after abbreviations (``D.C.``,
   ``Stat.``, ``et seq.``, single initials). A sentence that carries a modal verb and ends with a colon
   (``shall include:``, ``shall not:``, ``the Office shall:``) is a list stem: it takes the following
   lines as its items, up to the line that ends the list with a full stop (where that line goes on with
   another sentence, the list ends at its first full stop and the rest is read after it), and the whole
   list is one clause.
2. **Modal verbs.** In each sentence the modal verbs are found: ``shall``, ``must``, ``may``, ``is/are
   required to``; words inside quotation marks (the struck and inserted phrases of an amending
   instruction) are not read. A modal in a relative clause (``who shall report``, ``those who may be
   impacted``, ``as may be necessary``, ``such information as he may deem necessary``, ``as the council
   may require``) belongs to the sentence's main clause; it makes a clause of its own only where the
   sentence has no other, and a relative ``may`` never does. ``It shall be the duty of X to`` is a
   duty of X.
3. **What is not a clause.** A sentence whose modal states a definition (``shall mean``, ``shall have
   the same meaning``, ``means``), a rule of construction (``nothing ... shall be construed``), the
   law's own effect or status (``shall take effect``, ``shall apply``, ``shall be deemed``, ``shall
   (not) constitute``, ``shall (not) be subject to``, ``shall be dissolved``, ``shall be contingent``,
   ``shall be eligible``, ``shall be considered``), a penalty (``shall be guilty``, ``shall be fined``)
   or a citation (``may be cited``) is left out, and so is advisory ``should`` (never read as a modal).
4. **One modal, one clause.** A sentence with one main modal is one clause, coordinated verbs and all
   (``shall collect ... and issue``). A second main modal (``..., and shall ensure``, ``10 shall be
   appointed by the Mayor and 10 shall be appointed by the Council``, ``; provided, that at least one
   team shall be on duty``) starts a new clause at the conjunction or semicolon before it; so does a bare
   ``and shall`` after a relative clause led by a preposition that has its own verb (``by contract to
   which shall have been added the cost ... and shall render a report``).
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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Literal

from policytrack.law.deadlines import _MODAL, _masked, parse_deadline
from policytrack.law.reflow import ABBREVIATIONS, reading_copy, was_reflowed

__all__ = ["Clause", "Modality", "extract", "extract_sections"]

Modality = Literal["obligation", "prohibition", "permission"]

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
    reflowed: bool = False
    """The clause runs over line breaks of the text (it was read as one hard-wrapped paragraph)."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (``policytrack clauses --format json``)."""
        return {"section": self.section, "start": self.start, "end": self.end, "modality": self.modality,
                "actor": self.actor, "deadline": self.deadline, "text": self.text, "items": list(self.items),
                "reflowed": self.reflowed}


# --- reading the text -----------------------------------------------------------------------------------

_ENUMERATOR = re.compile(r"[ \t]*(?:[•*][ \t]+)?(?:(?:\([0-9A-Za-z]{1,6}(?:-[0-9A-Za-z]{1,3})?\)[ \t]*)+|"
                         r"\d+(?:\.\d+)+[ \t]+|(?:[A-Za-z]|\d{1,3})\.[ \t]+(?:\([0-9A-Za-z]{1,6}\)[ \t]*)*)"
                         r"|[ \t]*[•*][ \t]+")
"""A leading enumerator, after a bullet or not ("(a)", "(1)(A)", "A.", "2213.1", "• (1)"), or a bullet alone."""
_ABBREVIATIONS = ABBREVIATIONS
_SENTENCE_END = re.compile(r"[.?!][\"”’')\]]*\s+(?=[\"“(]?[A-Z])")
_RELATIVE_BEFORE = re.compile(r"(?:\b(?:who|that|which|whom|whose|it|as|where|if|whether|what|whoever)"
                              r"(?:\s+(?:also|each|otherwise|only|then|not|reasonably))?\s*)$", re.IGNORECASE)
_AS_BEFORE = re.compile(r"(?<!\bwell\s)\bas\s+(?:[\w/'’-]+\s+){1,10}$", re.IGNORECASE)
_AS_VERB = re.compile(r"\w+\s+(?:deem|require|direct|determine|prescribe|designate|specify|request|approve|"
                      r"authorize|allow|permit|see\s+fit|find)\b", re.IGNORECASE)
"""A modal in an "as" clause of discretion is relative: "such information as he may deem necessary",
"such other reports as the council may require or the city manager may deem advisable"."""
_DUTY_OF = re.compile(r"^[\s•*]*it\s+(?=(?:shall|must)\s+be\s+the\s+duty\s+of\b)", re.IGNORECASE)
""""It shall be the duty of the city manager to ...": a duty, not a relative "it"."""

_LOOK_BACK = 200
"""How far before a modal its relative pronoun is looked for ("who also shall"): far more than any needs."""
_MAY_BE = re.compile(r"may\s+be\s+(?:necessary|appropriate|required|needed)", re.IGNORECASE)

_NOT_A_CLAUSE = re.compile(
    r"\bshall\s+(?:not\s+)?(?:mean|have\s+the\s+(?:same\s+)?meanings?|be\s+construed|be\s+interpreted|"
    r"take\s+effect|apply\b|expire|be\s+deemed|(?:not\s+)?constitute|(?:not\s+)?be\s+subject\s+to|"
    r"be\s+dissolved|be\s+contingent|be\s+eligible|be\s+considered|be\s+guilty|be\s+fined|be\s+punished|"
    r"be\s+imprisoned|be\s+cited|be\s+forfeited|enable|be\s+continually\s+available|remain\s+in\s+effect|not\s+affect|affect|"
    r"be\s+effective|supersede|be\s+void|be\s+null|be\s+known\s+as|have\s+these\s+(?:definitions|meanings)|"
    r"end\s+on|terminate\s+on|sunset|be\s+advisory)"
    r"|\bmay\s+be\s+cited\b|^[^.;:]{0,60}\bfinds?\s+(?:and\s+declares?\s+)?that\b|^\s*[\"“][^\"”]+[\"”]\s+means\b",
    re.IGNORECASE,
)
_WORDS_IN_ORDER = [re.compile(rf"\b{word}\b", re.IGNORECASE) for word in ("nothing", "shall", "construed")]


def _not_a_clause(masked: str) -> bool:
    """Whether the (masked) words state no duty: :data:`_NOT_A_CLAUSE`, or "nothing ... shall ... construed"
    within one sentence part (no '.' or ';' between), looked for in one pass rather than by backtracking."""
    if _NOT_A_CLAUSE.search(masked):
        return True
    for part in re.split(r"[.;]", masked):
        position = 0
        for word in _WORDS_IN_ORDER:
            found = word.search(part, position)
            if found is None:
                break
            position = found.end()
        else:
            return True
    return False


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
    reading = reading_copy(text)  # hard-wrapped paragraphs on one line each, offsets unchanged
    clauses: list[Clause] = []
    for unit in _units(reading):
        clauses.extend(_clauses_of_unit(reading, unit, section, text))
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
    lists: _Lists | None = None
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
                lists = lists or _Lists(text, lines)
                if lists.has_own_clause(index):  # its items are clauses of their own: read them one by one
                    yield _Unit(s_start, s_end)
                    continue
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
                    i_start += len(text[i_start:i_end]) - len(text[i_start:i_end].lstrip())
                    if line.endswith((".", ".\"", ".”")):
                        ending = list(_sentences(text, i_start, i_end))
                        if len(ending) > 1:  # "(7) the outcome of appeals. For each ...": the list ends there
                            index -= 1
                            lines[index] = (ending[1][0], i_end)  # the rest of the line is read after it
                            i_end = ending[0][1]
                        items.append((i_start, i_end))
                        break
                    items.append((i_start, i_end))
                yield _Unit(s_start, items[-1][1] if items else s_end, tuple(items))
            else:
                yield _Unit(s_start, s_end)


_ITEM_SUBORDINATOR = re.compile(r"\b(?:that|which|who|whom|if|when|whether)\b", re.IGNORECASE)


class _Lists:
    """Where a list that starts at a line would end, and whether one of its items has a clause of its own,
    for every line at once: a text of many list stems is read in linear time, never item by item again."""

    def __init__(self, text: str, lines: list[tuple[int, int]]) -> None:
        count = len(lines)
        self.ends = [count] * (count + 1)
        """The line that ends a list whose items start at each line ('.' alone, or an item ending with '.')."""
        self.own = [count + 1] * (count + 1)
        """The first line at or after each line that is an item with a clause of its own."""
        for index in range(count - 1, -1, -1):
            start, end = lines[index]
            line = text[start:end].strip()
            ends_list = line == "." or line.endswith((".", ".\"", ".”"))
            self.ends[index] = index if ends_list else self.ends[index + 1]
            item = text[start:end]
            if ends_list and line != ".":
                ending = list(_sentences(text, start, end))
                if len(ending) > 1:  # "(7) the outcome of appeals. For each ...": the item ends at its stop
                    item = text[ending[0][0]:ending[0][1]]
            own = bool(line) and line != "." and _item_has_own_clause(item.lstrip())
            self.own[index] = index if own else self.own[index + 1]

    def has_own_clause(self, first: int) -> bool:
        """Whether the list whose items would start at line ``first`` holds an item with a clause of its own."""
        return self.own[first] <= self.ends[first]


def _item_has_own_clause(item: str) -> bool:
    """A list item that carries its own main modal (not only in a proviso) is its own clause."""
    body = _ENUMERATOR.sub("", item, count=1)
    proviso = re.search(r";\s*provided,?\s+(?:however,\s*)?that\b", body, re.IGNORECASE)
    head = body[:proviso.start()] if proviso else body
    first = _ITEM_SUBORDINATOR.search(head)  # a modal after it is subordinate ("that shall", "if it may")
    own = [match for match, relative in _modals(head)
           if not relative and (first is None or first.end() > match.start())]
    return bool(own) and not _not_a_clause(_masked(head))


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    segment = text[start:end]
    begin = 0
    depth = counted = 0  # "(" less ")" in segment[begin:counted], kept as the candidates move on (linear)
    for match in _SENTENCE_END.finditer(segment):
        stop = match.start() + 1
        depth += segment.count("(", counted, stop) - segment.count(")", counted, stop)
        counted = stop
        first = stop  # the last word before it: back to the previous space (each word is looked at once)
        while first > begin and not segment[first - 1].isspace():
            first -= 1
        word = segment[first:stop]
        if word.endswith(_ABBREVIATIONS) or re.fullmatch(r"(?:[A-Z]\.)+", word) or depth > 0:
            continue
        stop = match.start() + 1 + len(match.group(0)[1:].rstrip())
        yield _trim(text, start + begin, start + stop)
        begin = match.end()
        depth = 0
        counted = begin
    if segment[begin:].strip():
        yield _trim(text, start + begin, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _modals(sentence: str) -> list[tuple[re.Match[str], bool]]:
    """Each modal verb of the sentence, and whether it stands in a relative or subordinate clause."""
    masked = _masked(sentence)
    found = []
    duty = _DUTY_OF.match(masked)
    for match in _MODAL.finditer(masked):
        # the words just before it, not the whole sentence: a sentence of many modals stays linear
        relative = bool(_RELATIVE_BEFORE.search(masked, max(0, match.start() - _LOOK_BACK), match.start())) \
            and not (duty and duty.end() == match.start())
        if not relative and _AS_VERB.match(masked, match.start()) and _AS_BEFORE.search(
                masked, max(0, match.start() - 200), match.start()):  # ten words back at most
            relative = True
        word = match.group(1).lower()
        if word == "may" and _MAY_BE.match(masked, match.start()):
            relative = True
        found.append((match, relative))
    return found


_SUBORDINATOR = re.compile(r"\b(?:where|if|unless|when|whenever|except|which|who|whom|whether|because|although|"
                          r"that)\b", re.IGNORECASE)
_REDUCED = re.compile(r"\b(?:unless|except|if|when|where)\s+(?:\w+ed|as|necessary|otherwise|appropriate|"
                      r"practicable|feasible|applicable|possible|any)\b", re.IGNORECASE)
"""Reduced clauses ("unless required by law", "if necessary") have no subject: they subordinate nothing."""
_PROVISO = re.compile(r";\s*provided,?\s+(?:however,\s*)?that\b", re.IGNORECASE)
_CLOSED_RELATIVE = re.compile(
    r"\b(?:to|by|in|for|of|from|with|on|at|under|upon|through)\s+which\s+(?:shall|must|may)\b"
    r"(?:(?!\b(?:where|if|unless|when|whenever|except|which|who|whom|whether|because|although|that)\b).)*"
    r"\s+and\s*$", re.IGNORECASE | re.DOTALL)
"""'... by contract to which shall have been added the cost ... and shall render a report': a relative
clause led by a preposition has its own verb and cannot share its subject with a bare 'and shall', which
goes back to the sentence's subject."""


def _main_modals(sentence: str) -> list[re.Match[str]]:
    modals = _modals(sentence)
    masked = _masked(sentence)
    main: list[re.Match[str]] = []
    subordinate = False
    for match, relative in modals:
        if relative or subordinate:
            continue
        if main:
            between = _REDUCED.sub(" ", _PROVISO.sub(" ", masked[main[-1].end():match.start()]))
            if _SUBORDINATOR.search(between) and not (
                    between.rstrip().lower().endswith(" and") and _CLOSED_RELATIVE.search(between)):
                # a modal inside a subordinate clause ("except where ... law shall so require"); so is every
                # later one, whose words since the last main modal hold the same subordinator: not looked at
                # again, so that a sentence of many modals is read in linear time. ("... to which shall have
                # been added ... and shall render" is not: a second duty of the sentence's subject.)
                subordinate = True
                continue
        main.append(match)
    if not main:
        main = [match for match, relative in modals if match.group(1).lower() != "may"][:1]
    return main


def _clauses_of_unit(text: str, unit: _Unit, section: str | None, source: str) -> Iterator[Clause]:
    """The clauses of one unit of the reading copy ``text``; their words are those of ``source``."""
    head_end = unit.list_items[0][0] if unit.list_items else unit.end
    sentence = text[unit.start:head_end].rstrip()
    modals = _main_modals(sentence)
    if not modals:
        return
    if unit.list_items:
        modals = modals[:1]  # a list is one clause with its items
    cuts: list[int] = [0]
    boundaries = _Boundaries(sentence) if len(modals) > 1 else None
    for match in modals[1:]:
        cut = boundaries.before(cuts[-1], match.start()) if boundaries else None
        if cut is not None:  # no conjunction or semicolon before it: the same clause goes on
            cuts.append(cut)
    previous_actor: str | None = None
    for number, cut in enumerate(cuts):
        stop_at = cuts[number + 1] if number + 1 < len(cuts) else None
        piece_end = unit.start + stop_at if stop_at is not None else unit.end
        piece_start = unit.start + _skip_connective(sentence, cut)
        piece_start, piece_end = _trim(text, piece_start, piece_end)
        body = source[piece_start:piece_end]
        head = body if not unit.list_items or stop_at is not None else text[piece_start:head_end].rstrip()
        own_modals = _main_modals(head)
        if not own_modals:
            continue
        modal = own_modals[0]
        if _not_a_clause(_masked(head)):
            continue
        before = head[:modal.start()]
        modality = _modality(head, modal, before)
        actor = _actor(before, head[modal.start():]) or (previous_actor if not before.strip() else None)
        previous_actor = actor or previous_actor
        items = tuple(source[a:b] for a, b in unit.list_items) if stop_at is None else ()
        yield Clause(body, piece_start, piece_end, section, modality, actor and " ".join(actor.split()),
                     parse_deadline(head), items, was_reflowed(source, piece_start, piece_end))


_BOUNDARIES = (
    re.compile(r";\s*provided,?\s+(?:however,\s*)?that\s+|;\s*(?:and\s+|or\s+|but\s+)?", re.IGNORECASE),
    re.compile(r",\s*(?:and|but)\s+", re.IGNORECASE),
    re.compile(r"\s+and\s+", re.IGNORECASE),
    re.compile(r",\s*or\s+", re.IGNORECASE),
)
"""Where a second clause may begin, strongest first: a semicolon, ", and", "and", ", or"."""


class _Boundaries:
    """Where a clause may begin in one sentence (:data:`_BOUNDARIES`), found once, so that each modal's
    question "the last boundary of the strongest kind since the last cut, outside parentheses" is answered
    in logarithmic time: a sentence of thousands of modals stays linear."""

    def __init__(self, sentence: str) -> None:
        masked = _masked(sentence)
        self.depth = list(accumulate((1 if char == "(" else -1 if char == ")" else 0 for char in masked), initial=0))
        """"(" less ")" before each offset."""
        self.kinds = []
        for pattern in _BOUNDARIES:
            spans = [(match.start(), match.end()) for match in pattern.finditer(masked)]
            starts = [start for start, _ in spans]
            self.kinds.append((starts, [end for _, end in spans], _RangeMin([self.depth[start] for start in starts])))

    def before(self, floor: int, modal_at: int) -> int | None:
        """Where the clause of the modal at ``modal_at`` begins: the last boundary of the strongest kind after
        ``floor`` (the last cut) not inside parentheses opened after it; None when there is none."""
        limit = self.depth[floor]
        for starts, ends, depths in self.kinds:
            index = depths.last_at_most(bisect_left(starts, floor), bisect_right(ends, modal_at), limit)
            if index is not None:
                return starts[index]
        return None


class _RangeMin:
    """Minimum of any range of a list in constant time (a sparse table), and the last item at most a value."""

    def __init__(self, values: list[int]) -> None:
        self.levels = [values]
        width = 1
        while 2 * width <= len(values):
            last = self.levels[-1]
            self.levels.append([min(last[i], last[i + width]) for i in range(len(values) - 2 * width + 1)])
            width *= 2

    def minimum(self, low: int, high: int) -> int:
        level = (high - low).bit_length() - 1
        row = self.levels[level]
        return min(row[low], row[high - (1 << level)])

    def last_at_most(self, low: int, high: int, limit: int) -> int | None:
        """The last index in [low, high) whose value is at most ``limit``, or None."""
        if low >= high or self.minimum(low, high) > limit:
            return None
        while high - low > 1:
            middle = (low + high) // 2
            if self.minimum(middle, high) <= limit:
                low = middle
            else:
                high = middle
        return low


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
    duty_of = re.match(r"(?:shall|must)\s+be\s+the\s+duty\s+of\s+(.+?)\s+to\s+(?!(?:the|a|an|each|any|all|such|"
                       r"its|his|her|their|this|that)\b)", rest, re.IGNORECASE | re.DOTALL)
    if subject.lower() == "it" and duty_of:  # "It shall be the duty of the city manager to ..."
        return duty_of.group(1)
    if re.search(r"\b(?:is|are|be)\s*$", subject) or not subject or subject.lower() in ("there", "it"):
        return None  # "There shall be an Appendix": a dummy subject names no one
    if re.search(r"\bbe\s+\w+(?:ed|en)\b", rest[:40]) and not passive:
        # passive without an agent: the subject is what is acted on, not who acts
        return None
    return subject


