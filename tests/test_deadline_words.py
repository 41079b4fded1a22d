"""The one wording of a deadline (:func:`policytrack.model.deadlines.deadline_in_words`), on every form.

Each expected sentence is what the deadline means, written from its documentation, not from the code's
output. The site's obligation page and the rules' messages both use this function.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from policytrack.model.deadlines import AdministrativeDeadline, Deadline, deadline_in_words
from policytrack.model.fields import ApproxDate, long_date, plural

DEADLINE: TypeAdapter[Any] = TypeAdapter(Deadline)
ADMINISTRATIVE: TypeAdapter[Any] = TypeAdapter(AdministrativeDeadline)

CASES = [
    ({"type": "date", "date": "2020-03-01"}, "by 1 March 2020"),
    ({"type": "relative", "days": 90}, "within 90 days after the ordinance's effective date"),
    ({"type": "relative", "days": 1, "after": "enacted"}, "within 1 day after the ordinance's enactment"),
    ({"type": "relative", "days": 10, "business_days": True},
     "within 10 business days after the ordinance's effective date"),
    ({"type": "relative", "weeks": 2}, "within 2 weeks after the ordinance's effective date"),
    # the site's old copy read "Within None days of the ordinance's obligation date"
    ({"type": "relative", "months": 6, "after": "obligation", "obligation": "master-list"},
     "within 6 months after obligation 'master-list' is done"),
    ({"type": "relative", "years": 1}, "within 1 year after the ordinance's effective date"),
    ({"type": "recurring", "every": "year", "month": 1, "day": 31}, "every year, by 31 January"),
    ({"type": "recurring", "every": "year", "month": 6}, "every year, by the end of June"),
    ({"type": "recurring", "every": "year"}, "every year (the law names no date)"),
    ({"type": "recurring", "every": "year", "interval": 2, "month": 3, "day": 1}, "every 2 years, by 1 March"),
    ({"type": "recurring", "every": "quarter", "days_after_period_end": 30},
     "every quarter, within 30 days after each quarter ends"),
    ({"type": "recurring", "every": "quarter"}, "every quarter, by the quarter's last day"),
    ({"type": "recurring", "every": "quarter", "day": 15}, "every quarter, by the 15th of the quarter's last month"),
    ({"type": "recurring", "every": "month", "day": 1}, "every month, by the 1st"),
    ({"type": "recurring", "every": "month", "day": 22}, "every month, by the 22nd"),
    ({"type": "recurring", "every": "month", "day": 13}, "every month, by the 13th"),
    ({"type": "recurring", "every": "month"}, "every month, by the month's last day"),
    ({"type": "recurring", "every": "week", "first": "2021-01-04"}, "every week (first due 4 January 2021)"),
    ({"type": "recurring", "every": "year", "first": "2021-03-01"}, "every year (first due 1 March 2021)"),
    # the site's old copy read "promptly" for the D.C. duty "within 3 business days" of each complaint
    ({"type": "per-event", "event": "complaint", "days": 3, "business_days": True},
     "within 3 business days after each 'complaint' event"),
    ({"type": "per-event", "event": "request", "within_days": 30}, "within 30 days after each 'request' event"),
    ({"type": "per-event", "event": "vote", "days": 30, "direction": "before"},
     "at least 30 days before each 'vote' event"),
    ({"type": "per-event", "event": "acquisition", "days": 0, "direction": "before"},
     "before each 'acquisition' event"),
    ({"type": "per-event", "event": "arrest", "days": 0}, "on the day of each 'arrest' event"),
    ({"type": "per-event", "event": "each approved rebate claim", "days": 30},
     "within 30 days after each approved rebate claim"),
    ({"type": "per-event", "event": "citizen complaint received", "days": 3},
     "within 3 days after each citizen complaint received"),
    ({"type": "none"}, "no deadline in the law"),
]


@pytest.mark.parametrize(("raw", "words"), CASES, ids=[words for _, words in CASES])
def test_every_deadline_form_in_words(raw: dict[str, Any], words: str) -> None:
    assert deadline_in_words(DEADLINE.validate_python(raw)) == words


def test_an_administrative_deadline_reads_as_its_form() -> None:
    raw = {"type": "relative", "days": 90, "set_by": "Executive", "set_on": "2020-01-01"}
    assert deadline_in_words(ADMINISTRATIVE.validate_python(raw)) == \
        "within 90 days after the ordinance's effective date"


def test_a_partial_date_reads_approximate() -> None:
    assert long_date(ApproxDate(2021, 6, 30, "month")) == "June 2021 (approx.)"
    assert long_date(ApproxDate(2021, 12, 31, "year")) == "2021 (approx.)"


def test_plural() -> None:
    assert [plural(1, "day"), plural(0, "day"), plural(2, "agency", "agencies")] == ["1 day", "0 days", "2 agencies"]
