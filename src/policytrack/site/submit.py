"""The "Submit" links: GitHub's web editor on a new evidence file, prefilled from a template, one per due
date still open (and the same file to download, for whoever has no GitHub account).

A clerk who has never used git clicks the button, replaces each ``FILL IN`` and presses "Propose new
file": GitHub makes the branch and the pull request, and the checker runs on it. The template is a
complete evidence record; only the fields marked ``FILL IN`` are not yet valid, so a forgotten one is
reported by the checker (``schema``) with its line instead of slipping through.

A recurring duty is owed once per period and a per-event duty once per event, so each open due date
(:func:`openings`: every one missed, and the next one to come) has its own button, and its file names
the ``period:`` or the ``event:`` (with ``count:`` for part of a batch) it answers: a November review
filed in December is credited to November, not to the period its date falls in.
"""

from __future__ import annotations

import calendar
import functools
import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from policytrack.model.fields import MONTH_NAMES, long_date
from policytrack.model.records import Config, Obligation
from policytrack.status.engine import AgencyStatus
from policytrack.status.occurrences import Occurrence

FILL_IN = "FILL IN"


@dataclass(frozen=True)
class Opening:
    """One due date evidence can still be submitted for, as its button says it and its file records it."""

    words: str = ""
    """What the button is for ("November 2026", "request req-14"); empty for the duty as a whole."""
    period: str | None = None
    """The ``period:`` value the file names (``2026-11``, ``2026-Q3``, ``{start: ..., end: ...}``)."""
    event: str | None = None
    count: int | None = None
    """For part of a batch event: how many of its events are still unanswered."""
    item: str | None = None
    """The instance (``for_each``) the evidence is for."""

    @property
    def key(self) -> str:
        """What tells this file from the agency's others of the same day (its name and id end with it)."""
        if self.event:
            return self.event
        if self.period and not self.period.startswith("{"):
            return self.period
        if self.period:
            return self.period.split("start: ", 1)[1][:10]
        return ""


def openings(row: AgencyStatus) -> list[Opening]:
    """The due dates of one agency's duty that evidence can still be submitted for: every missed one kept
    by the status (the latest few), then the next to come. A duty with no open due date (done, undated, a
    one-time duty) has one opening for the duty as a whole."""
    found: list[Opening] = []
    upcoming = False
    for item in row.occurrences:
        if item.verdict == "missed" or (item.verdict in ("due-soon", "not-yet-due") and not upcoming):
            upcoming = upcoming or item.verdict != "missed"
            found.append(_opening(item, row.instance))
    return [opening for opening in found if opening.period or opening.event] or [Opening(item=row.instance)]


def _opening(item: Occurrence, instance: str | None) -> Opening:
    if item.event:
        left = item.count - item.answered
        return Opening(f"event {item.event}" + (f" ({left} of its {item.count} events)" if item.count > 1 else ""),
                       event=item.event, count=left if item.count > 1 else None, item=instance)
    if item.key == "once" or item.start is None or item.end is None:
        return Opening(item=instance)
    value, words = period_of(item.start, item.end)
    return Opening(words, period=value, item=instance)


def period_of(start: date, end: date) -> tuple[str, str]:
    """A span as evidence writes it (``2026-11``, ``2026-Q3``, ``2026-H1``, ``2026``, else ``{start: ...,
    end: ...}``) and in words ("November 2026", "July to September 2026")."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    first, last = MONTH_NAMES[start.month - 1], MONTH_NAMES[end.month - 1]
    if whole and start.year == end.year:
        if months == 1:
            return f"{start.year}-{start.month:02d}", f"{first} {start.year}"
        if months == 3 and start.month % 3 == 1:
            return f"{start.year}-Q{start.month // 3 + 1}", f"{first} to {last} {start.year}"
        if months == 6 and start.month in (1, 7):
            return f"{start.year}-H{1 if start.month == 1 else 2}", f"{first} to {last} {start.year}"
        if months == 12:
            return str(start.year), str(start.year)
    return (f"{{start: {start.isoformat()}, end: {end.isoformat()}}}",
            f"{long_date(start)} to {long_date(end)}")


def evidence_path(obligation: Obligation, agency: str, on: date, opening: Opening | None = None) -> str:
    """Where the new evidence file goes: ``evidence/{obligation}/{date}-{agency}[-{period or event}].yml``."""
    key = opening.key if opening else ""
    return f"evidence/{obligation.id}/{on.isoformat()}-{agency}{'-' + key if key else ''}.yml"


def _scalar(value: str) -> str:
    return json.dumps(" ".join(value.split()), ensure_ascii=False)  # a JSON string is a YAML scalar


def evidence_template(obligation: Obligation, agency: str, on: date, opening: Opening | None = None) -> str:
    """A new evidence file for ``agency`` on ``obligation`` (for one open due date): valid apart from the
    ``FILL IN`` fields."""
    return "\n".join(_template_lines(obligation, agency, on, opening or Opening())) + "\n"


def _template_lines(obligation: Obligation, agency: str, on: date, opening: Opening) -> list[str]:
    kinds = obligation.evidence.kinds if obligation.evidence else ["document"]
    wanted = obligation.evidence.description if obligation.evidence and obligation.evidence.description else ""
    lines = [
        "# yaml-language-server: $schema=../../schemas/evidence.schema.json",
        f"# Evidence for: {obligation.title}".replace("\n", " "),
        "# Replace every FILL IN, check the date, then press 'Commit changes...' and propose it.",
        "# Name roles, not people. The checker will run on your pull request and say what is missing.",
    ]
    if wanted:
        lines.append(f"# What counts as evidence: {' '.join(wanted.split())}")
    key = opening.key
    lines += [
        f"id: ev-{on.isoformat()}-{agency}-{obligation.id}{'-' + key if key else ''}"[:120],
        f"obligation: {obligation.id}",
        f"agency: {agency}",
        f"date: {on.isoformat()}  # the day the act took place, YYYY-MM-DD",
    ]
    if opening.period:
        lines.append(f"period: {opening.period}  # the period this evidence covers")
    if opening.event:
        lines.append(f"event: {opening.event}  # the event it answers")
    if opening.count:
        lines.append(f"count: {opening.count}  # how many of the batch's events it answers")
    if opening.item:
        lines.append(f"item: {opening.item}")
    lines += [
        f"kind: {_scalar(kinds[0])}  # one of: {', '.join(' '.join(kind.split()) for kind in kinds)}",
        f"summary: \"{FILL_IN}: what was done, by which office, and what the source shows\"",
        "source:",
        f"  url: \"{FILL_IN}: the public address of the document (https://...)\"",
        f"  title: \"{FILL_IN}: the document's title\"",
        "submitted_by:",
        f"  role: \"{FILL_IN}: your role, such as Records officer\"",
        f"  agency: {agency}",
    ]
    return lines


@functools.lru_cache(maxsize=4096)
def _quoted(line: str) -> str:
    """One line of the template, percent-encoded (most lines are the same on every page: done once)."""
    return quote(line, safe="")


def _encoded(obligation: Obligation, agency: str, on: date, opening: Opening) -> str:
    # Percent-encoding works character by character, so encoding line by line gives the same value.
    return "%0A".join(_quoted(line) for line in _template_lines(obligation, agency, on, opening)) + "%0A"


def submit_url(config: Config, obligation: Obligation, agency: str, on: date,
               opening: Opening | None = None) -> str | None:
    """GitHub's "new file" address with the template, or None when the repository has no ``repo_url``."""
    return addresses(config, obligation, agency, on, opening)[0]


def download_url(obligation: Obligation, agency: str, on: date, opening: Opening | None = None) -> str:
    """The same file as a ``data:`` address, to download (and send to the repository's contact)."""
    return "data:text/yaml;charset=utf-8," + _encoded(obligation, agency, on, opening or Opening())


def addresses(config: Config, obligation: Obligation, agency: str, on: date,
              opening: Opening | None = None) -> tuple[str | None, str]:
    """:func:`submit_url` and :func:`download_url` together, the template encoded once for both."""
    value = _encoded(obligation, agency, on, opening or Opening())
    download = "data:text/yaml;charset=utf-8," + value
    if not config.repo_url:
        return None, download
    base = config.repo_url.rstrip("/")
    filename = quote(evidence_path(obligation, agency, on, opening), safe="/")
    return f"{base}/new/{quote(config.branch, safe='')}?filename={filename}&value={value}", download


def file_name(obligation: Obligation, agency: str, on: date, opening: Opening | None = None) -> str:
    """The downloaded file's name (the last part of :func:`evidence_path`)."""
    return evidence_path(obligation, agency, on, opening).rsplit("/", 1)[1]
