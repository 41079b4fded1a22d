"""Where each generated page and file of the status site lives, so that no two names can collide.

Record ids are lower-case letters, digits, ``.``, ``_`` and ``-``. The generator's own names either
start with a capital (``Page-2.md``, continuation pages of lists) or are fixed (``index.md``,
``calendar/all.ics``), and a record whose id would land on one of them is renamed with a ``~``, which
no id can hold: an agency ``all`` has its calendar at ``calendar/all~.ics`` (``all.ics`` holds every
deadline), and a record ``index.md`` (or any id ending in ``.md``, which a case-insensitive file system
could confuse with ``Page-2.md``) has its page folder at ``index.md~/``.
"""

from __future__ import annotations


def folder(record_id: str) -> str:
    """The folder name of a record's page: its id, renamed with '~' if it would clash with a page file."""
    return record_id + "~" if record_id.endswith(".md") else record_id


def ordinance_page(record_id: str) -> str:
    """Path of an ordinance's page."""
    return f"ordinances/{folder(record_id)}/index.md"


def obligation_page(record_id: str) -> str:
    """Path of an obligation's page."""
    return f"obligations/{folder(record_id)}/index.md"


def obligation_url(record_id: str) -> str:
    """Address of an obligation's page relative to the site root (directory URLs), for open data."""
    return f"obligations/{folder(record_id)}/"


def agency_page(record_id: str) -> str:
    """Path of an agency's page."""
    return f"agencies/{folder(record_id)}/index.md"


def system_page(record_id: str) -> str:
    """Path of a system's page."""
    return f"systems/{folder(record_id)}/index.md"


ALL_CALENDAR = "calendar/all.ics"


def calendar_file(agency: str | None) -> str:
    """Path of an iCalendar file: ``calendar/all.ics`` for every deadline, ``calendar/ID.ics`` per agency."""
    if agency is None:
        return ALL_CALENDAR
    return f"calendar/{agency}{'~' if agency == 'all' else ''}.ics"
