"""The forms of a deadline: on a date, relative to the law's dates or another duty, recurring, on each
event, none; and the same forms set administratively where the law names no date."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    model_validator,
)

from policytrack.model.fields import MONTH_NAMES, Id, IsoDate, Record, Text, Url, long_date, plural
from policytrack.model.limits import MAX_DAYS


class FixedDeadline(Record):
    """Due on a calendar date."""

    type: Literal["date"]
    date: IsoDate


Count = Annotated[int, Field(ge=0, le=MAX_DAYS)]
"""A count of days, at most a century (:data:`~policytrack.model.limits.MAX_DAYS`), so date arithmetic cannot
overflow; weeks, months and years have the same bound in their own unit."""


class RelativeDeadline(Record):
    """Due some time after the ordinance's enactment or effective date, or after another obligation is
    done: exactly one of ``days``, ``weeks``, ``months`` or ``years`` ("within 90 days after the
    effective date"; "six months after the master list is done": ``months: 6``,
    ``after: obligation``, ``obligation: master-list``)."""

    model_config = ConfigDict(json_schema_extra={
        "oneOf": [{"required": ["days"]}, {"required": ["weeks"]}, {"required": ["months"]},
                  {"required": ["years"]}],
    })

    type: Literal["relative"]
    days: Count | None = None
    weeks: Annotated[int, Field(ge=0, le=MAX_DAYS // 7)] | None = None
    months: Annotated[int, Field(ge=0, le=1200)] | None = None
    years: Annotated[int, Field(ge=0, le=100)] | None = None
    after: Literal["enacted", "effective", "obligation"] = "effective"
    obligation: Id | None = Field(None, description="With `after: obligation`: the obligation whose completion "
                                                    "starts the count.")
    business_days: bool = Field(False, description="Count `days` as business days (weekends and the "
                                                   "jurisdiction's public holidays skipped).")

    @model_validator(mode="after")
    def _one_amount(self) -> RelativeDeadline:
        given = [name for name in ("days", "weeks", "months", "years") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'days', 'weeks', 'months' or 'years'"
                             + (f" (this one has {', '.join(given)})" if given else ""))
        if self.business_days and given[0] != "days":
            raise ValueError("'business_days' counts days: use it with 'days'")
        if (self.after == "obligation") != (self.obligation is not None):
            raise ValueError("'after: obligation' and 'obligation: ID' go together")
        return self

    def amount(self) -> tuple[int, str]:
        """The count and its unit: (90, "days")."""
        for name in ("days", "weeks", "months", "years"):
            value = getattr(self, name)
            if value is not None:
                return int(value), name
        return 0, "days"  # pragma: no cover - the validator requires one


class RecurringDeadline(Record):
    """Due again every period.

    ``every: year`` with ``month`` and ``day`` is "by January 31 each year"; ``interval: 2`` is every
    second one ("biennially"); ``days_after_period_end: 30`` is "within 30 days after the end of each
    quarter" (the periods are calendar weeks, months, quarters or years, and each due date belongs to
    the period before it).
    """

    model_config = ConfigDict(json_schema_extra={
        "if": {"required": ["month"]}, "then": {"properties": {"every": {"const": "year"}}},
    })

    type: Literal["recurring"]
    every: Literal["week", "month", "quarter", "year"]
    interval: Annotated[int, Field(ge=1, le=100)] = Field(1, description="Every so many periods (2 = every other).")
    month: Annotated[int, Field(ge=1, le=12)] | None = Field(None, description="For yearly duties.")
    day: Annotated[int, Field(ge=1, le=31)] | None = Field(
        None, description="Day of the month it is due (clamped to the month's length); default: last day."
    )
    first: IsoDate | None = Field(None, description="First due date; default: the first one after the start.")
    days_after_period_end: Annotated[int, Field(ge=0, le=3660)] | None = Field(
        None, description="Due this many days after the end of each period (a report on the quarter).")
    after_event: Text | None = Field(
        None, description="The kind of event that starts the duty for each agency (or instance) on its own: "
                          "nothing is owed before its first such event ('within 12 months of approval, and "
                          "annually thereafter').")
    first_within_months: Annotated[int, Field(ge=0, le=1200)] | None = Field(
        None, description="With after_event: the first occurrence is due this many months after the event; "
                          "the rule's own due dates follow it.")

    @model_validator(mode="after")
    def _month_for_year(self) -> RecurringDeadline:
        if self.month is not None and self.every != "year":
            raise ValueError("'month' is only for 'every: year'")
        if self.days_after_period_end is not None and (self.month is not None or self.day is not None):
            raise ValueError("'days_after_period_end' counts from each period's end: leave out 'month' and 'day'")
        if self.first_within_months is not None and self.after_event is None:
            raise ValueError("'first_within_months' counts from the event named by 'after_event'")
        return self

    def undated(self) -> bool:
        """True for a yearly duty whose date the deadline does not state (no month, first date or count
        from the period's end): the law says "annually" and nothing more."""
        return (self.every == "year" and self.month is None and self.first is None
                and self.days_after_period_end is None)


class EventDeadline(Record):
    """A duty on each event of a kind (each request received, each acquisition proposed): due ``days`` (or
    ``months``) after it, or ``direction: before`` it ("at least 30 days before the vote"; "prior to
    acquiring" is ``days: 0``, ``direction: before``); ``upon: true`` where the law sets no time limit
    ("upon approval, the City Attorney shall ..."): never overdue, each event pending until answered.
    ``any_agency: true``: events of every agency start the duty of the agencies it binds ("COIT shall post
    each report a department submits")."""

    type: Literal["per-event"]
    event: Text = Field(description="The kind of event that triggers the duty, as event records name it "
                                    "(such as 'immigration-request').")
    days: Count | None = None
    within_days: Count | None = Field(None, description="The same as `days` (older name).")
    months: Annotated[int, Field(ge=0, le=1200)] | None = Field(None, description="Months instead of days.")
    upon: bool = Field(False, description="Upon the event, with no time limit in the law: never overdue.")
    direction: Literal["after", "before"] = "after"
    business_days: bool = False
    any_agency: bool = Field(False, description="Events of any agency start the duty (not only the bound "
                                                "agency's own).")

    @model_validator(mode="after")
    def _one_count(self) -> EventDeadline:
        given = [name for name in ("days", "within_days", "months") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of 'days' or 'months', not {' and '.join(given)}")
        if self.upon and given:
            raise ValueError("'upon: true' means the law sets no time limit: leave out "
                             f"'{given[0]}'")
        if self.business_days and self.months is not None:
            raise ValueError("'business_days' counts days: use it with 'days'")
        return self

    @property
    def offset(self) -> int:
        """Days after (or before) the event."""
        return self.days if self.days is not None else (self.within_days or 0)


class NoDeadline(Record):
    """The law names no date. Record an ``administrative_deadline`` to close the gap."""

    type: Literal["none"]
    note: Text | None = None


Deadline = Annotated[
    FixedDeadline | RelativeDeadline | RecurringDeadline | EventDeadline | NoDeadline,
    Field(discriminator="type"),
]


class SetBy(Record):
    """Who set an administrative deadline, when, and where that is written down."""

    set_by: Text = Field(description="The office or role that set the deadline.")
    set_on: IsoDate = Field(description="The day it was set; before it, the deadline did not exist.")
    source: Url | None = None


class AdministrativeFixed(FixedDeadline, SetBy):
    """An administrative deadline on a date."""


class AdministrativeRelative(RelativeDeadline, SetBy):
    """An administrative deadline relative to the ordinance's dates (counted from the date it names,
    not from the day it was set; it exists only from ``set_on``)."""


class AdministrativeRecurring(RecurringDeadline, SetBy):
    """An administrative recurring deadline."""


class AdministrativeEvent(EventDeadline, SetBy):
    """An administrative per-event deadline."""


AdministrativeDeadline = Annotated[
    AdministrativeFixed | AdministrativeRelative | AdministrativeRecurring | AdministrativeEvent,
    Field(discriminator="type"),
]


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _days(count: int, business: bool) -> str:
    return plural(count, "business day") if business else plural(count, "day")


def deadline_in_words(deadline: Deadline | AdministrativeDeadline) -> str:
    """The deadline in words, as a reader says it, in lower case and without a final stop: 'by 1 March
    2020', 'within 6 months after obligation 'master-list' is done', 'every year, by 31 January',
    'within 3 business days after each 'complaint' event'. The one wording of a deadline: the rules'
    messages and the site's pages both use it (an administrative deadline reads as its form)."""
    if isinstance(deadline, FixedDeadline):
        return f"by {long_date(deadline.date)}"
    if isinstance(deadline, RelativeDeadline):
        amount, unit = deadline.amount()
        count = _days(amount, True) if deadline.business_days else plural(amount, unit[:-1])
        anchor = (f"obligation '{deadline.obligation}' is done" if deadline.after == "obligation"
                  else "the ordinance's enactment" if deadline.after == "enacted"
                  else "the ordinance's effective date")
        return f"within {count} after {anchor}"
    if isinstance(deadline, RecurringDeadline):
        return _recurring_in_words(deadline)
    if isinstance(deadline, EventDeadline):
        name = deadline.event
        event = (f"each '{name}' event" if not any(char.isspace() for char in name)
                 else name if name.lower().startswith("each ") else f"each {name}")
        event += " of any agency" if deadline.any_agency else ""
        if deadline.upon:
            return f"upon {event}, with no time limit in the law"
        if deadline.months is not None:
            span = plural(deadline.months, "month")
            return f"at least {span} before {event}" if deadline.direction == "before" else \
                f"within {span} after {event}"
        offset = deadline.offset
        if deadline.direction == "before":
            return f"at least {_days(offset, deadline.business_days)} before {event}" if offset else f"before {event}"
        return f"within {_days(offset, deadline.business_days)} after {event}" if offset else f"on the day of {event}"
    return "no deadline in the law"


def _recurring_in_words(deadline: RecurringDeadline) -> str:
    every = f"every {deadline.every}" if deadline.interval == 1 else \
        f"every {plural(deadline.interval, deadline.every)}"
    if deadline.days_after_period_end is not None:
        lag = deadline.days_after_period_end
        when = f"within {plural(lag, 'day')} after each {deadline.every} ends" if lag else \
            f"on the last day of each {deadline.every}"
        words = f"{every}, {when}"
    elif deadline.every == "year" and deadline.month is not None:
        month = MONTH_NAMES[deadline.month - 1]
        words = f"{every}, by {deadline.day} {month}" if deadline.day else f"{every}, by the end of {month}"
    elif deadline.every == "year":
        words = every if deadline.first else f"{every} (the law names no date)"
    elif deadline.every == "quarter":
        words = (f"{every}, by the {_ordinal(deadline.day)} of the quarter's last month" if deadline.day
                 else f"{every}, by the quarter's last day")
    elif deadline.every == "month":
        words = f"{every}, by the {_ordinal(deadline.day)}" if deadline.day else f"{every}, by the month's last day"
    else:
        words = every
    if deadline.first is not None:
        words += f" (first due {long_date(deadline.first)})"
    if deadline.after_event is not None:
        first = (f"the first within {plural(deadline.first_within_months, 'month')} of it, then "
                 if deadline.first_within_months is not None else "")
        words = f"from each agency's first '{deadline.after_event}' event: {first}{words}"
    return words
