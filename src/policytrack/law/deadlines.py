"""Deadlines in a clause's words, in the model's deadline forms (see :func:`parse_deadline`).

Part of the clause reader (:mod:`policytrack.law.clauses`), kept apart so each module stays readable.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from policytrack.model.fields import MONTH_NAMES

MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
"""Month names in lower case → their numbers, for reading dates in the law's words."""


_MODAL = re.compile(r"\b(shall|must|may(?!\s+\d)|(?:is|are) required to)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def _masked(sentence: str) -> str:
    """The sentence with quoted words blanked (same length), so their modals are not read."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)


# --- deadlines ------------------------------------------------------------------------------------------

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})"
_ONES = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
         r"sixteen|seventeen|eighteen|nineteen)")
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNDER_HUNDRED = rf"(?:{_TENS}(?:[- ]{_ONES})?|{_ONES})"
_NUMBER = rf"(\d+|(?:{_ONES}|a)\s+hundred(?:\s+(?:and\s+)?{_UNDER_HUNDRED})?|{_UNDER_HUNDRED}|an?)"
"""A count in figures or in words: "90", "ninety", "forty-five", "one hundred twenty", "a"."""
_UNIT = r"(business\s+days?|calendar\s+days?|working\s+days?|days?|weeks?|months?|years?)"


def _to_date(month: str, day: str, year: str) -> str | None:
    try:
        return date(int(year), MONTHS[month.lower()], int(day)).isoformat()
    except ValueError:
        return None


_WORD_VALUES = {word: number for number, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"))}
_WORD_VALUES.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "a": 1, "an": 1})


def _number(word: str) -> int:
    """A count written in figures or words: "120", "one hundred twenty" → 120, "forty-five" → 45."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    total = 0
    for part in re.split(r"[\s-]+", word):
        if part == "hundred":
            total = max(total, 1) * 100
        elif part != "and":
            total += _WORD_VALUES.get(part, 0)
    return total


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
    prior = re.search(r"\b(?:prior\s+to|in\s+advance\s+of)\s+(?!the\s+(?:end|close)\b)([^,;:.]+)", text,
                      re.IGNORECASE)
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
    period_end = re.search(r"(?:within|no\s+later\s+than|not\s+later\s+than)\s+" + _NUMBER + r"\s+" + _UNIT
                           + r"\s+(?:after|following|of)\s+the\s+(?:end|close)\s+of\s+(?:each|every|the)\s+"
                           r"(calendar\s+|fiscal\s+)?(year|quarter|month|week)\b(?!\s+\d)", text, re.IGNORECASE)
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
        starting = re.search(r"\b(?:starting|beginning|commencing)\s+(?:in\s+)?(\d{4})\b(?![-/])", text, re.IGNORECASE)
        if first is None and starting:  # "Starting in 2026, ... no later than March 31 of each year"
            first = _to_date(yearly.group(1), yearly.group(2), starting.group(1))
        if first:
            deadline["first"] = first
        return deadline
    words = [("quarter", r"\bquarterly\b|\b(?:each|every)\s+(?:calendar\s+|fiscal\s+)?quarter\b|"
                         r"\bon\s+a\s+quarterly\s+basis"),
             ("month", r"\bmonthly\b|\b(?:each|every)\s+(?:calendar\s+|fiscal\s+)?month\b|\bon\s+a\s+monthly\s+basis"),
             ("week", r"\bweekly\b|\b(?:each|every)\s+week\b"),
             ("year", r"\bannually\b|\b(?:each|every)\s+(?:calendar\s+|fiscal\s+)?year\b|"
                      r"\bon\s+an\s+annual\s+basis|\byearly\b"),
             ("biennial", r"\bbiennially\b|\bevery\s+(?:two|2)\s+years\b|\bevery\s+other\s+year\b"),
             ("years", r"\bevery\s+(?:three|four|five|3|4|5)\s+years\b")]
    modal = _MODAL.search(text)
    for every, pattern in words:
        if any(_says_when(text, match, modal) for match in re.finditer(pattern, text, re.IGNORECASE)):
            deadline = {"type": "recurring", "every": "year" if every in ("biennial", "years") else every}
            if every == "biennial":
                deadline["interval"] = 2
            elif every == "years":  # "every three years thereafter"
                count = re.search(pattern, text, re.IGNORECASE)
                deadline["interval"] = _number(count.group(0).split()[1]) if count else 3
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
