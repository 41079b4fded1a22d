"""The bounds of what the loader accepts, so that no input can overflow a computation or a page.

Evidence arrives by pull request from outside the council's staff and CI runs the checker on it: every
value a file can hold is bounded here, and a value outside its bounds is a finding with its file and
line, never an exception. Dates run from year 1000 to 8999 and day counts up to a century, so that date
arithmetic (a deadline plus its days, a calendar's next day, a recurrence after the as-of date) stays
far inside what ``datetime.date`` can hold.
"""

from __future__ import annotations

import re
from datetime import date

EARLIEST_DATE = date(1000, 1, 1)
"""The earliest date a record or ``--as-of`` may give."""
LATEST_DATE = date(8999, 12, 31)
"""The latest date a record or ``--as-of`` may give (date arithmetic is safe to year 9999)."""
MAX_DAYS = 36_525
"""The most days (a century) any count of days may give: ``days``, ``within_days``, ``max_age_days``."""
MAX_FILE_BYTES = 1_000_000
"""Data files larger than this are refused; the loader never reads more than this plus one byte."""
MAX_DEPTH = 50
"""Mappings and lists may nest this many levels deep (records need five or six)."""
MAX_NUMBER_DIGITS = 100
"""Longer numbers are refused: no field needs them, and converting them is slow."""
MAX_INSTANCES = 1_000
"""The most systems or items a ``for_each`` may list: each is an instance of the obligation for every agency
it binds (20,000 items for 40 agencies made 800,000 rows, each with its own findings and report)."""


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")  # ASCII digits only, unlike \d


def parse_as_of(text: str) -> date:
    """An as-of date given on the command line or in the site's settings; ValueError says what is wrong."""
    match = _ISO_DATE.fullmatch(text.strip())
    try:
        value = date(*(int(part) for part in match.groups())) if match else None
    except ValueError:
        value = None
    if value is None:
        raise ValueError(f"{text.strip()[:40]!r} is not a date written as YYYY-MM-DD")
    problem = date_out_of_range(value)
    if problem:
        raise ValueError(f"{value.isoformat()}: {problem}")
    return value


def date_out_of_range(value: date) -> str | None:
    """Why ``value`` lies outside the accepted dates, or None when it is inside them."""
    return year_out_of_range(value.year)


def year_out_of_range(year: int) -> str | None:
    """Why the ``year`` lies outside the accepted dates' years, or None when it is inside them."""
    if EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        return None
    return (f"the year {year} is outside the years {EARLIEST_DATE.year} to {LATEST_DATE.year} "
            "that policytrack accepts; check the year")
