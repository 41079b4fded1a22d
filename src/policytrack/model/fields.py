"""The field types every record shares: dates (whole, partial, approximate, unknown), ids, texts,
addresses, and the :class:`Record` base class."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from policytrack.model.limits import date_out_of_range, year_out_of_range
from policytrack.model.safetext import excerpt

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")  # ASCII digits only, unlike \d
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        parsed = value
    elif not isinstance(value, str):
        raise ValueError(f"expected a date written as YYYY-MM-DD, got {type(value).__name__} {excerpt(value)}")
    else:
        parsed = _date_from_text(value)
    return _in_range(parsed)


def _in_range(value: date) -> date:
    problem = date_out_of_range(value)
    if problem:
        raise ValueError(f"{excerpt(value.isoformat())}: {problem}")
    return value


def _date_from_text(value: str) -> date:
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{excerpt(value)} is not a date written as YYYY-MM-DD (for example 2019-07-09)")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{excerpt(value)} has month {month}; months run from 01 to 12")
    try:
        return date(year, month, day)
    except ValueError:
        month_name = MONTH_NAMES[month - 1]
        raise ValueError(f"{excerpt(value)} is not a real date: {month_name} {year} has no day {day}") from None


IsoDate = Annotated[date, BeforeValidator(_parse_date)]
"""A calendar date written ``YYYY-MM-DD`` in ASCII digits, between the years 1000 and 8999; impossible dates
such as 2019-02-30 are refused."""


class ApproxDate(date):
    """A date known only to the month or the year (``2021-06``, ``2021``).

    It stands for the *last* day of that span in every computation, so that nothing is counted as
    done earlier than the record can prove; ``precision`` says how it is shown ("June 2021, approx.").
    """

    precision: str

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = "day") -> ApproxDate:
        made = super().__new__(cls, year, month, day)
        made.precision = precision
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (ApproxDate, (self.year, self.month, self.day, self.precision))

    def isoformat(self) -> str:
        """As written: ``2021``, ``2021-06``, or the full date."""
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return super().isoformat()

    __str__ = isoformat


def is_approximate(value: date | None) -> bool:
    """True for a date known only to the month or the year."""
    return isinstance(value, ApproxDate) and value.precision != "day"


def _parse_partial_date(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and (match := _PARTIAL_DATE.fullmatch(value.strip())):
        year = int(match.group(1))
        if year_out_of_range(year):
            raise ValueError(f"{excerpt(value)}: {year_out_of_range(year)}")
        if match.group(2) is None:
            return _in_range(ApproxDate(year, 12, 31, "year"))
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{excerpt(value)} has month {month}; months run from 01 to 12")
        return _in_range(ApproxDate(year, month, calendar.monthrange(year, month)[1], "month"))
    return _parse_date(value)


def _parse_optional_date(value: Any) -> Any:
    if isinstance(value, str) and value.strip() == "unknown":
        return None
    return _parse_partial_date(value)


_PARTIAL_SCHEMA = {"anyOf": [
    {"type": "string", "format": "date"},
    {"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2]))?$"},
    {"type": "integer", "minimum": 1, "maximum": 9999},
]}
PartialDate = Annotated[
    date, BeforeValidator(_parse_partial_date), WithJsonSchema(_PARTIAL_SCHEMA),
    Field(description="A date (YYYY-MM-DD), or only its month (YYYY-MM) or year (YYYY) where only they are "
                      "known: counted as the last day of that span and shown as approximate."),
]
OptionalDate = Annotated[
    date | None, BeforeValidator(_parse_optional_date),
    WithJsonSchema({"anyOf": [*_PARTIAL_SCHEMA["anyOf"], {"const": "unknown"}, {"type": "null"}]}),
    Field(description="A date (YYYY-MM-DD, YYYY-MM or YYYY), or 'unknown' where it is not known."),
]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120),
    Field(description="Lower-case identifier: letters, digits, '.', '_' and '-'."),
]
Text = Annotated[str, StringConstraints(min_length=1)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
"""A title or name: findings quote it, pages and feeds show it, so it is at most 300 characters."""
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), Field(description="An http(s) address.")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
GitHubTeam = Annotated[
    str,
    StringConstraints(pattern=r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$"),
    Field(description="A GitHub team ('@org/team') or user ('@login')."),
]


class Record(BaseModel):
    """Base of every record: unknown keys are errors, values are never coerced across types.

    Validators are built on first use (``defer_build``): a run whose records all come from the warm cache
    never builds them. A record travels pickled (from a worker process, or the cache) as its values and
    the names of the keys it was given; records given the same keys share one set of names."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=False, defer_build=True)

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.__dict__, tuple(sorted(self.__pydantic_fields_set__)))


_FIELDS_SETS: dict[tuple[str, ...], set[str]] = {}
_FIELD_NAMES: dict[type[Record], dict[str, str]] = {}


def _rebuild(cls: type[Record], values: dict[str, Any], given: tuple[str, ...]) -> Record:
    """A pickled record again (see :class:`Record`); it was validated when it was first loaded."""
    record = cls.__new__(cls)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = {name: name for name in cls.model_fields}
    values = {names.get(name, name): value for name, value in values.items()}  # one string per field name
    shared = _FIELDS_SETS.get(given)
    if shared is None:
        shared = _FIELDS_SETS[given] = set(given)
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "__pydantic_fields_set__", shared)
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


def share_names(record: Record) -> None:
    """Let ``record`` and the records inside it share their sets of given key names with every record given
    the same keys (as pickled records do): a set per record and nested record is most of a large
    repository's memory otherwise."""
    given = record.__pydantic_fields_set__
    key = tuple(sorted(given))
    shared = _FIELDS_SETS.get(key)
    if shared is None:
        shared = _FIELDS_SETS[key] = set(key)
    if shared is not given:
        object.__setattr__(record, "__pydantic_fields_set__", shared)
    for value in record.__dict__.values():
        if isinstance(value, Record):
            share_names(value)
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], Record):
            for item in value:
                if isinstance(item, Record):
                    share_names(item)


def long_date(value: date) -> str:
    """'9 July 2019'; a date known only to the month or year reads 'June 2021 (approx.)', '2021 (approx.)'."""
    precision = getattr(value, "precision", "day")
    if precision == "year":
        return f"{value.year} (approx.)"
    if precision == "month":
        return f"{MONTH_NAMES[value.month - 1]} {value.year} (approx.)"
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def plural(number: int, noun: str, many: str | None = None) -> str:
    """A count with its noun: '1 day', '3 days', '2 duties', '2 breaches' (``many`` for an irregular plural)."""
    if number == 1:
        return f"{number} {noun}"
    if many is None:
        many = (noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou"
                else noun + "es" if noun.endswith(("ch", "sh", "s", "x")) else noun + "s")
    return f"{number} {many}"
