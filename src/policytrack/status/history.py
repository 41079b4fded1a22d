"""History: when records entered the repository (its git log) and how the count of duties behind and done
changed over time.

Two questions, two sources. *When did we learn it?* comes from git: one ``git log`` over the data folders
gives, per commit, its date and the record files it added, changed or removed (evidence added is what a
reader watches for). *How did the law fare over time?* is the status engine replayed at regular dates
(every quarter, or every year for long spans): on each date, records dated later do not exist yet, as
``policytrack check --as-of`` computes it. Counts are of duties (one obligation for one agency) per
ordinance, per agency and overall; completion nobody verified is counted apart.
"""

from __future__ import annotations

import calendar
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from policytrack.model.load import DATA_FOLDERS, Repository
from policytrack.status.dates import ONE_DAY
from policytrack.status.engine import ObligationStatus, Replay
from policytrack.status.readings import GROUP_ORDER, duties, tally


@dataclass(frozen=True)
class Change:
    """One commit that touched the data: its date and the record files it added, modified or deleted."""

    commit: str
    date: date
    subject: str
    added: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()

    @property
    def evidence_added(self) -> tuple[str, ...]:
        """Evidence files this commit added."""
        return tuple(path for path in self.added if path.startswith("evidence/"))


class NotAGitRepository(Exception):
    """The folder is not in a git checkout (or git is not installed)."""


def git_changes(root: str | Path, folders: Iterable[str] = DATA_FOLDERS) -> list[Change]:
    """Commits that touched ``folders`` under ``root``, oldest first, with the files each changed.

    One ``git log`` process whatever the length of the history; paths are relative to ``root``.
    """
    command = ["git", "-c", "core.quotepath=off", "log", "--reverse", "--no-renames", "--format=%x00%H%x09%cs%x09%s",
               "--name-status", "--relative", "--", *folders]
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=120,
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise NotAGitRepository(f"cannot run git in {root}: {exc}") from None
    if done.returncode != 0:
        raise NotAGitRepository(f"{root} is not a git repository: {done.stderr.strip() or 'git log failed'}")
    changes = []
    for block in done.stdout.split("\0")[1:]:
        lines = block.strip("\n").split("\n")
        commit, day, subject = [*lines[0].split("\t", 2), "", ""][:3]
        files: dict[str, list[str]] = {"A": [], "M": [], "D": []}
        for line in lines[1:]:
            if "\t" in line:
                kind, path = line.split("\t", 1)
                files.setdefault(kind[:1], []).append(path)
        changes.append(Change(commit, _commit_day(day), subject, tuple(files["A"]), tuple(files["M"]),
                              tuple(files["D"])))
    return changes


def _commit_day(text: str) -> date:
    """A commit's date as git writes it; a commit dated past the year 9999 (git allows it) is read as the last
    day ``date`` can hold, one before the year 1 as the first, rather than stopping the history."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        year = text.split("-", 1)[0]
        return date.max if year.isdigit() and int(year) > date.max.year else date.min


def sample_dates(start: date, end: date, limit: int = 24) -> list[date]:
    """Regular dates from ``start`` to ``end``: the last day of each quarter (or half-year, year, two
    years... whichever keeps to ``limit`` dates), then ``end`` itself."""
    if end <= start:
        return [end]
    months = (end.year - start.year) * 12 + end.month - start.month
    step = next((size for size in (3, 6, 12, 24, 60, 120) if months // size < limit), 12 * (months // (12 * limit) + 1))
    index = start.year * 12 + start.month - 1
    index += step - 1 - index % step  # the last month of the period holding start
    dates = []
    while True:
        year, month = divmod(index, 12)
        if year > end.year:  # past the end: the last step may lie past the year 9999
            break
        day = date(year, month + 1, calendar.monthrange(year, month + 1)[1])
        if day >= end:
            break
        dates.append(day)
        index += step
    return [*dates[-limit:], end]


def change_dates(repo: Repository, start: date, end: date, statuses: Mapping[str, ObligationStatus],
                 limit: int | None = None) -> list[date]:
    """The dates on which a count of duties can change, from ``start`` to ``end`` (both included): every
    date a record carries (evidence, checks, breaches found and remedied, events, law changes, waivers,
    administrative deadlines) and the day after each due date the statuses as of ``end`` keep, so that a
    chart drawn as steps between them shows each change. Beyond ``limit`` dates (by default about as many
    as replaying the engine on a repository of this size allows: 12 to 120), evenly thinned, ``end`` kept."""
    days: set[date] = {start, end}

    def add(day: date | None) -> None:
        if day is not None and start < day <= end:
            days.add(day)

    for item in repo.evidence.values():
        add(item.date)
    for record in repo.verifications.values():
        add(record.on)
    for breach in repo.breaches.values():
        add(breach.found_on or breach.date)
        add(breach.remedy.date if breach.remedy else None)
    for event in repo.events.values():
        add(event.recorded_on or event.date)
    for change in repo.amendments.values():
        add(change.start)
    for ordinance in repo.ordinances.values():
        add(ordinance.start)
        for section in ordinance.sections:
            add(section.effective)
    for obligation in repo.obligations.values():
        if obligation.waiver is not None:
            add(obligation.waiver.date)
            add(obligation.waiver.until + ONE_DAY if obligation.waiver.until else None)
        if obligation.administrative_deadline is not None:
            add(obligation.administrative_deadline.set_on)
    for status in statuses.values():
        for row in status.agencies:
            for occurrence in row.occurrences:
                add(occurrence.due + ONE_DAY if occurrence.due else None)
    ordered = sorted(days)
    rows = sum(len(status.agencies) for status in statuses.values())
    most = max(2, limit if limit else min(120, max(12, 200_000 // max(1, rows))))
    if len(ordered) <= most:
        return ordered
    step = (len(ordered) - 1) / (most - 1)
    return sorted({ordered[round(index * step)] for index in range(most)} | {end})


@dataclass
class Series:
    """Counts of duties on each date, for one scope (all, an ordinance or an agency)."""

    dates: list[date] = field(default_factory=list)
    counts: list[dict[str, int]] = field(default_factory=list)
    """Per date: ``duties`` owed and one count per scorecard column (``behind``, ``verified``, ``claimed``...)."""


COLUMNS = ("duties", *GROUP_ORDER)


def status_series(repo: Repository, dates: Sequence[date]) -> dict[str, Series]:
    """The status engine replayed on each date: counts per scope ``all``, ``ordinance:ID`` and ``agency:ID``.
    The dates share the engine's work that does not depend on the date (:class:`~policytrack.status.engine.Replay`)."""
    per_date: list[dict[str, list[str]]] = []
    for _, statuses in Replay(repo).over(dates):
        readings: dict[str, list[str]] = {"all": []}
        for duty in duties(repo, statuses):  # the duties every page counts
            ordinance = repo.obligations[duty.obligation].ordinance
            readings["all"].append(duty.reading)
            readings.setdefault(f"ordinance:{ordinance}", []).append(duty.reading)
            readings.setdefault(f"agency:{duty.agency}", []).append(duty.reading)
        per_date.append(readings)
    series: dict[str, Series] = {}
    for scope in sorted({scope for readings in per_date for scope in readings}):
        target = series[scope] = Series(list(dates))
        for readings in per_date:
            counts = tally(readings.get(scope, []))
            target.counts.append({"duties": counts.owed, **{group: counts[group] for group in GROUP_ORDER}})
    return series


def start_date(repo: Repository) -> date | None:
    """The earliest date any ordinance's duties start, or None for a repository without ordinances."""
    starts = [ordinance.start for ordinance in repo.ordinances.values()]
    return min(starts) if starts else None
