"""The repository settings name a time zone or holiday calendar that does not exist.

``timezone`` must be an IANA name (``America/Los_Angeles``): "today" is the date there. ``holidays``
must name a country (and subdivision) that the ``holidays`` package knows, or business days would
silently skip no holiday. Fix: correct the name in ``policytrack.yml``.
"""

from __future__ import annotations

from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.model.safetext import excerpt
from policytrack.status.dates import known_holiday_region, valid_timezone

ID = "config"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for an unknown time zone or holiday region."""
    config = ctx.repo.config
    if not valid_timezone(config.timezone):
        yield ctx.finding(ID, SEVERITY, "config", "config", ("timezone",),
                          f"time zone {excerpt(config.timezone)} is not an IANA time zone name (such as "
                          "'America/Los_Angeles'); 'today' is taken in UTC until it is fixed")
    if config.holidays is not None and not known_holiday_region(config.holidays.country,
                                                                config.holidays.subdivision):
        where = config.holidays.country + (f"-{config.holidays.subdivision}" if config.holidays.subdivision else "")
        yield ctx.finding(ID, SEVERITY, "config", "config", ("holidays",),
                          f"no public holiday calendar is known for '{where}'; business days skip only "
                          "weekends until it is fixed (use ISO country and subdivision codes: US, WA)")
