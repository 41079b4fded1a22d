"""The status site's open data: status.json, obligations.csv, recommendations.csv (audits,
:mod:`policytrack.site.auditdata`), iCalendar deadlines and an Atom feed.

Each file is made from the same check result as the pages, so data and pages never disagree, and each
stays valid whatever the YAML files hold: characters that XML or iCalendar do not allow are removed, and
no CSV cell can start a spreadsheet formula (:mod:`policytrack.model.safetext`). The
schemas are shipped in the package (``assets/status.schema.json``, ``assets/obligations.schema.json``)
and published beside the files; ``open-data.md`` on the site documents them.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from importlib.resources import files
from typing import Any

from policytrack.checks.checker import CheckResult
from policytrack.model.deadlines import RecurringDeadline
from policytrack.model.safetext import clean, spreadsheet_cell
from policytrack.report.formats import result_json
from policytrack.site.auditdata import REC_SCHEMA_FILE, audits_json, recommendations_csv, recommendations_json
from policytrack.site.paths import calendar_file, obligation_url
from policytrack.status.engine import LABELS
from policytrack.status.proof import Proofs
from policytrack.status.readings import GROUP_ORDER, GROUPS, duties, row_reading, tally

CSV_COLUMNS: list[tuple[str, str, str]] = [
    ("obligation", "string", "Obligation id"),
    ("title", "string", "Obligation title (in every column, a leading = + - @ is prefixed with ' so spreadsheets "
                        "show it as text)"),
    ("ordinance", "string", "Ordinance id"),
    ("section", "string", "Section of the ordinance the duty comes from"),
    ("kind", "string", "one-time, prohibition, recurring or per-event"),
    ("owner_agency", "string", "Agency that answers for the obligation (empty when none is named)"),
    ("owner_role", "string", "Accountable role in the owner agency"),
    ("agency", "string", "Agency this row is about (each bound agency has a row; empty when none is bound)"),
    ("status", "string", "This agency's status id (overdue, lapsed, blocked, no-deadline, due-soon, ...)"),
    ("status_label", "string", "The status in words"),
    ("obligation_status", "string", "The obligation's overall status (the most urgent of its agencies')"),
    ("due", "date", "Due date for this agency, YYYY-MM-DD (empty when there is none)"),
    ("deadline_source", "string", "law or administrative (empty when there is no deadline)"),
    ("evidence", "integer", "Evidence records counted for this agency"),
    ("latest_evidence", "date", "Date of the newest of them"),
    ("verified", "boolean", "true when all of them were verified"),
    ("page", "string", "The obligation's page, relative to the site root"),
    ("instance", "string", "The system or item, for obligations with for_each (empty otherwise)"),
    ("next_due", "date", "The next due date not yet covered by evidence (empty when none)"),
    ("occurrences", "integer", "How many due dates the duty has had for this agency, the upcoming one included"),
    ("missed", "integer", "How many of them passed with no evidence covering them"),
    ("met_late", "integer", "How many were covered only after their due date"),
    ("open_breaches", "integer", "Breaches recorded and not remedied as of the as-of date"),
    ("summary", "string", "The status with the history of its due dates, in words"),
    ("reading", "string", "How the site reads the status: the status id, except that met or met-late evidence nobody "
                          "has verified reads 'claimed' (done, not verified), counted apart from verified completion"),
]
"""Column name, Table Schema type, meaning: the header of obligations.csv, in order."""

SCHEMA_FILES = ("status.schema.json", "obligations.schema.json", REC_SCHEMA_FILE)


def status_json(result: CheckResult, commit: str) -> dict[str, Any]:
    """The checker's JSON output plus the commit the site was built from, the agencies' scorecard and each
    evidence record's proof (schema: status.schema.json)."""
    data = result_json(result)
    data["commit"] = commit
    data["scorecard"] = scorecard(result)
    data["evidence"] = evidence_json(result)
    data["audits"], data["recommendations"] = audits_json(result), recommendations_json(result)  # issue 20
    return data


def evidence_json(result: CheckResult) -> list[dict[str, Any]]:
    """Every evidence record visible on the as-of date, oldest first, with what a verifier found of it: the
    same answer (:class:`~policytrack.status.proof.Proofs`) the statuses and the pages read."""
    proofs = Proofs(result.repository, result.as_of)
    out = []
    for item in sorted(result.repository.evidence.values(), key=lambda record: (record.date, record.id)):
        if item.date > result.as_of:
            continue
        check = proofs.check(item)
        out.append({
            "id": item.id, "obligation": item.obligation, "agency": item.agency, "date": item.date.isoformat(),
            "proof": check.result if check is not None else "none",
            "verification": None if check is None else {
                "by": check.by, "on": check.on.isoformat(), "note": check.note, "agency": check.agency,
                "record": check.record},
        })
    return out


def scorecard(result: CheckResult) -> dict[str, dict[str, int]]:
    """Per agency, its duties (one obligation for one agency, its owners' included) counted as the site's
    scorecard counts them: ``duties`` owed, one count per column (completion nobody verified apart, as
    ``claimed``) and ``as_owner``, those it owes as an owner not bound."""
    readings: dict[str, list[str]] = {}
    owner: dict[str, int] = {}
    for duty in duties(result.repository, result.statuses):
        readings.setdefault(duty.agency, []).append(duty.reading)
        if duty.as_owner and GROUPS.get(duty.reading) != "excluded":
            owner[duty.agency] = owner.get(duty.agency, 0) + 1
    out = {}
    for agency in sorted(readings):
        counts = tally(readings[agency])
        out[agency] = {"duties": counts.owed, **{group: counts[group] for group in GROUP_ORDER},
                       "as_owner": owner.get(agency, 0)}
    return out


def obligations_csv(result: CheckResult) -> str:
    """One row per obligation and bound agency, columns as in :data:`CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in CSV_COLUMNS])
    repo = result.repository
    for obligation_id in sorted(result.statuses):
        status = result.statuses[obligation_id]
        obligation = repo.obligations[obligation_id]
        owner = obligation.owner
        for row in status.agencies:
            writer.writerow([spreadsheet_cell(str(cell)) for cell in (
                obligation.id, " ".join(obligation.title.split()), obligation.ordinance,
                " ".join(obligation.section.split()), obligation.kind, owner.agency if owner else "",
                " ".join(owner.role.split()) if owner else "", row.agency, row.status, LABELS[row.status],
                status.status, row.due.isoformat() if row.due else "", status.deadline_source or "",
                len(row.evidence), row.latest.date.isoformat() if row.latest else "",
                "true" if row.verified else "false", obligation_url(obligation.id),
                row.instance or "", row.next_due.isoformat() if row.next_due else "", row.total,
                row.counts.get("missed", 0), row.counts.get("met-late", 0), len(row.open_breaches),
                " ".join(row.summary.split()), row_reading(row),
            )])
    return out.getvalue()


def _ics_text(value: str) -> str:
    return (clean(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "").replace("\t", " "))


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    if len(data) == len(line):  # ASCII: one octet per character
        return "\r\n ".join([line[:75], *(line[start:start + 74] for start in range(75, len(line), 74))])
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
            limit = 74
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def icalendar(result: CheckResult, agency: str | None, *, site_url: str | None = None) -> str:
    """Deadlines of one agency (or of all, when ``agency`` is None) as an iCalendar file."""
    repo = result.repository
    name = repo.config.name
    if agency:
        record = repo.agencies.get(agency)
        name += f": {record.name if record else agency}"
    stamp = result.as_of.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//policytrack//status site//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_text(name + ' deadlines')}"]
    for obligation_id in sorted(result.statuses):
        status = result.statuses[obligation_id]
        obligation = repo.obligations[obligation_id]
        for row in status.agencies:
            if row.due is None or (agency is not None and row.agency != agency):
                continue
            who = repo.agencies[row.agency].name if row.agency in repo.agencies else (row.agency or "no agency")
            page = obligation_url(obligation.id)
            description = f"{LABELS[row.status]} as of {result.as_of}. {' '.join(obligation.action.split())}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{obligation.id}.{row.agency or 'none'}@policytrack",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{row.due.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{(row.due + timedelta(days=1)).strftime('%Y%m%d')}",
                f"SUMMARY:{_ics_text(f'[{LABELS[row.status]}] {obligation.title} ({who})')}",
                f"DESCRIPTION:{_ics_text(description)}",
                f"CATEGORIES:{_ics_text(row.status)}",
                "TRANSP:TRANSPARENT",
            ]
            deadline = status.deadline
            if (isinstance(deadline, RecurringDeadline) and deadline.days_after_period_end is None
                    and row.status not in ("waived", "repealed", "not-in-force")):
                lines.append(f"RRULE:{rrule(deadline, row.due)}")
            if site_url:
                lines.append(f"URL:{site_url.rstrip('/')}/{page}")
            lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def rrule(deadline: RecurringDeadline, due: date) -> str:
    """The iCalendar recurrence of a recurring duty, from its due date ``due`` on.

    A day past the 28th falls on the month's last day in short months, as the checker counts it:
    ``BYMONTHDAY=28,29,30;BYSETPOS=-1`` is "the 30th, or the last day of a shorter month".
    """
    if deadline.every == "week":
        return "FREQ=WEEKLY" + (f";INTERVAL={deadline.interval}" if deadline.interval > 1 else "")
    day = deadline.day or (deadline.first.day if deadline.first else 31)
    by_day = f"BYMONTHDAY={day}" if day <= 28 else (
        f"BYMONTHDAY={','.join(str(d) for d in range(28, day + 1))};BYSETPOS=-1")
    if deadline.every == "year":
        every = f";INTERVAL={deadline.interval}" if deadline.interval > 1 else ""
        return f"FREQ=YEARLY{every};BYMONTH={deadline.month or due.month};{by_day}"
    months = (3 if deadline.every == "quarter" else 1) * deadline.interval
    interval = f";INTERVAL={months}" if months > 1 else ""
    return f"FREQ=MONTHLY{interval};{by_day}"


ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 200
"""Entries in the Atom feed, newest first."""


def atom_feed(result: CheckResult, *, site_url: str | None = None) -> str:
    """Evidence records, verifications and obligations falling overdue, newest first, as an Atom feed."""
    repo = result.repository
    proofs = Proofs(repo, result.as_of)
    events: list[tuple[date, str, str, str, str]] = []  # date, id, title, summary, page
    for item in repo.evidence.values():
        if item.date > result.as_of:
            continue
        obligation = repo.obligations.get(item.obligation)
        title = obligation.title if obligation else item.obligation
        page = obligation_url(item.obligation)
        events.append((item.date, f"urn:policytrack:evidence:{item.id}",
                       f"Evidence from {_agency_name(result, item.agency)}: {title}",
                       " ".join(item.summary.split()), page))
        check = proofs.check(item)
        if check is not None:
            word = "Verified" if check.result == "confirmed" else "Disputed"
            events.append((check.on, f"urn:policytrack:{word.lower()}:{item.id}", f"{word} by {check.by}: {title}",
                           f"Evidence {item.id} of {item.date} from {_agency_name(result, item.agency)}"
                           + (f": {' '.join(check.note.split())}" if check.note else "."), page))
    for status in result.statuses.values():
        obligation = repo.obligations[status.obligation]
        for row in status.agencies:
            if row.status == "overdue" and row.due:
                events.append((row.due + timedelta(days=1),
                               f"urn:policytrack:overdue:{obligation.id}:{row.agency or 'none'}:{row.due}",
                               f"Overdue: {obligation.title} ({_agency_name(result, row.agency)})",
                               f"Was due {row.due}; no evidence as of {result.as_of}.",
                               obligation_url(obligation.id)))
    events.sort(key=lambda event: (event[0], event[1]), reverse=True)
    events = events[:FEED_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    base = site_url.rstrip("/") + "/" if site_url else ""  # absolute links where the site's address is known
    if site_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", base)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:policytrack:feed:{_slug(repo.config.name)}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = clean(f"{repo.config.name}: evidence and status changes")
    updated = events[0][0] if events else result.as_of
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{updated.isoformat()}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = clean(repo.config.name)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": base + "feed.atom"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": base or "./"})
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "policytrack"
    for when, entry_id, title, summary, page in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = clean(entry_id)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = clean(" ".join(title.split()))
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{when.isoformat()}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": base + page})
        ET.SubElement(entry, f"{{{ATOM}}}summary", {"type": "text"}).text = clean(summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _agency_name(result: CheckResult, agency: str) -> str:
    record = result.repository.agencies.get(agency)
    return record.name if record else (agency or "no agency")


def _slug(value: str) -> str:
    return "".join(char if char.isalnum() else "-" for char in value.lower()).strip("-") or "policy"


def schema_text(name: str) -> bytes:
    """One of the shipped schemas (:data:`SCHEMA_FILES`), as published on the site."""
    return files("policytrack").joinpath(f"assets/{name}").read_bytes()


_string = json.encoder.encode_basestring
_leaf = json.JSONEncoder(ensure_ascii=False).encode


class _NotPlain(Exception):
    """A mapping key that is not a string: the standard library's encoder writes that document."""


def indented_json(value: Any) -> str:
    """``json.dumps(value, indent=1, ensure_ascii=False)``, the same text, in a fraction of the time.

    With ``indent`` the standard library encodes in pure Python, value by value through generators (seconds
    for a large ``status.json``); here each container is joined once and each scalar encoded by the C
    encoder. A key that is not a string (never in the site's files) leaves the document to ``json.dumps``."""
    try:
        return _indented(value, "\n")
    except _NotPlain:
        return json.dumps(value, indent=1, ensure_ascii=False)


def _indented(value: Any, newline: str) -> str:
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = newline + " "
        return "[" + inner + ("," + inner).join([_indented(item, inner) for item in value]) + newline + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + " "
        parts = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise _NotPlain
            parts.append(_string(key) + ": " + _indented(item, inner))
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    return _leaf(value)  # numbers (NaN and the infinities as json.dumps writes them); TypeError as it does


def open_data_files(result: CheckResult, *, commit: str, site_url: str | None = None) -> dict[str, bytes]:
    """Every open-data file of the site, by its path from the site root."""
    out: dict[str, bytes] = {
        "status.json": (indented_json(status_json(result, commit)) + "\n").encode(),
        "obligations.csv": obligations_csv(result).encode(),
        "recommendations.csv": recommendations_csv(result).encode(),
        "feed.atom": atom_feed(result, site_url=site_url).encode(),
        "calendar/all.ics": icalendar(result, None, site_url=site_url).encode(),
    }
    agencies = set(result.repository.agencies)
    for status in result.statuses.values():
        agencies.update(row.agency for row in status.agencies if row.agency)
        owner = result.repository.obligations[status.obligation].owner
        if owner:
            agencies.add(owner.agency)
    for agency in sorted(agencies):
        out[calendar_file(agency)] = icalendar(result, agency, site_url=site_url).encode()
    for name in SCHEMA_FILES:
        out[name] = schema_text(name)
    return out
