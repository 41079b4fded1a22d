"""Reporters: the check result as text for people, JSON for programs, annotations for GitHub.

Each format is a function behind a name in :data:`FORMATS`; the CLI offers exactly these names.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from policytrack.checks.checker import CheckResult
from policytrack.checks.ruleconfig import RESERVED_REASON
from policytrack.model.records import Breach
from policytrack.model.safetext import log_line
from policytrack.report.ci import format_junit, format_sarif
from policytrack.status.engine import LABELS, ORDER, ObligationStatus
from policytrack.status.occurrences import VERDICTS, Occurrence
from policytrack.status.rows import remedy_claimed

JSON_VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def occurrence_json(item: Occurrence) -> dict[str, Any]:
    """One due date and its verdict."""
    return {"key": item.key, "due": _day(item.due), "verdict": item.verdict, "met_on": _day(item.met_on),
            "late_days": item.late_days, "late_range": list(item.late_range) if item.late_range else None,
            "evidence": list(item.evidence), "event": item.event, "count": item.count, "answered": item.answered,
            "extended_by": item.extended_by}


def breach_json(breach: Breach, as_of: date) -> dict[str, Any]:
    """One breach as the JSON output gives it."""
    remedied = breach.remedy is not None and breach.remedy.date <= as_of
    return {"id": breach.id, "agency": breach.agency, "date": breach.date.isoformat(),
            "until": _day(breach.until), "summary": breach.summary, "source": breach.source.url,
            "found_by": breach.found_by, "found_on": (breach.found_on or breach.date).isoformat(),
            "remedied": remedied, "remedy_date": breach.remedy.date.isoformat() if remedied and breach.remedy else None,
            "remedy_claimed": remedy_claimed(breach, as_of)}


def obligation_json(result: CheckResult, status: ObligationStatus) -> dict[str, Any]:
    """One obligation's computed state, as in the ``obligations`` list of the JSON output."""
    obligation = result.repository.obligations[status.obligation]
    owner = obligation.owner
    law = status.law
    return {
        "id": obligation.id,
        "title": obligation.title,
        "ordinance": obligation.ordinance,
        "section": obligation.section,
        "kind": obligation.kind,
        "owner": {"agency": owner.agency, "role": owner.role} if owner else None,
        "due": _day(status.due),
        "next_due": _day(status.next_due),
        "deadline_source": status.deadline_source,
        "status": status.status,
        "verified": status.verified,
        "blocked_by": list(status.blocked_by),
        "in_force": {
            "in_force": law.in_force if law else True,
            "since": _day(law.since) if law else None,
            "repealed": _day(law.repealed) if law else None,
            "amended_by": list(law.amended_by) if law else [],
        },
        "breaches": [breach_json(item, result.as_of) for item in status.breaches],
        "agencies": [
            {
                "agency": row.agency or None,
                "instance": row.instance,
                "status": row.status,
                "summary": row.summary,
                "due": _day(row.due),
                "next_due": _day(row.next_due),
                "counts": {verdict: row.counts.get(verdict, 0) for verdict in VERDICTS},
                "occurrences": [occurrence_json(item) for item in row.occurrences],
                "evidence": [item.id for item in row.evidence],
                "progress": [item.id for item in row.progress],
                "reason": row.reason,
                "latest_evidence": row.latest.date.isoformat() if row.latest else None,
                "verified": row.verified,
            }
            for row in status.agencies
        ],
    }


def _head_json(result: CheckResult) -> dict[str, Any]:
    counts = Counter(status.status for status in result.statuses.values())
    return {
        "version": JSON_VERSION,
        "as_of": result.as_of.isoformat(),
        "repository": result.repository.config.name,
        "summary": {
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "silenced": len(result.silenced),
            "files": result.repository.files,
            "obligations": len(result.statuses),
            "by_status": {name: counts.get(name, 0) for name in ORDER},
        },
    }


def _lists_json(result: CheckResult) -> dict[str, Iterator[dict[str, Any]]]:
    return {
        "findings": (finding.as_dict() for finding in result.findings),
        "obligations": (obligation_json(result, result.statuses[key]) for key in sorted(result.statuses)),
    }


def result_json(result: CheckResult) -> dict[str, Any]:
    """The whole result as one JSON-ready object (``policytrack check --format json``)."""
    return {**_head_json(result), **{key: list(items) for key, items in _lists_json(result).items()}}


def json_chunks(result: CheckResult) -> Iterator[str]:
    """:func:`format_json`'s text in pieces, each obligation encoded as it is written: a large repository's
    report is never held whole (nor its objects)."""
    head = json.dumps(_head_json(result), indent=2, ensure_ascii=False)
    yield head[: head.rindex("\n}")]
    for key, items in _lists_json(result).items():
        opening = f',\n  "{key}": [\n'
        for item in items:
            yield opening + "    " + json.dumps(item, ensure_ascii=False)
            opening = ",\n"
        yield f',\n  "{key}": []' if opening != ",\n" else "\n  ]"
    yield "\n}"


def format_json(result: CheckResult) -> str:
    """JSON: one object with ``as_of``, ``summary``, ``findings`` and ``obligations``.

    Indented, with each finding and each obligation on a line of its own: the standard library encodes
    those lines in C (indenting them all would cost four times as much on a large repository)."""
    return "".join(json_chunks(result))


def format_text(result: CheckResult) -> str:
    """One line per finding, ``path:line:column: severity [rule] message``, then a summary."""
    lines = []
    for finding in result.findings:
        where = finding.path or "(repository)"
        if finding.line:
            where += f":{finding.line}:{finding.column}"
        if finding.silenced is not None:  # the gate's baseline: "(baseline: ...)"; a file's comment: "(reason: ...)"
            why = finding.silenced if finding.silenced.startswith(RESERVED_REASON) else f"reason: {finding.silenced}"
            lines.append(f"{where}: silenced {finding.severity} [{finding.rule}] {finding.message} ({why})")
            continue
        lines.append(f"{where}: {finding.severity} [{finding.rule}] {finding.message}")
    lines.append(summary_line(result))
    return "\n".join(log_line(line) for line in lines)  # file names and reasons are the pull request's words


def summary_line(result: CheckResult) -> str:
    """'2 errors, 1 warning in 40 files; 12 obligations as of 2019-07-09: 3 overdue, ...'."""
    errors, warnings = len(result.errors), len(result.warnings)
    counts = Counter(status.status for status in result.statuses.values())
    states = ", ".join(f"{counts[name]} {LABELS[name].lower()}" for name in ORDER if counts.get(name))
    silenced = f", {len(result.silenced)} silenced" if result.silenced else ""
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}{silenced} in "
            f"{result.repository.files} files; {len(result.statuses)} obligations as of {result.as_of}"
            + (f": {states}" if states else ""))


def format_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""
    lines = []
    for finding in result.findings:
        if finding.silenced is not None:
            continue
        level = "error" if finding.severity == "error" else "warning"
        props = []
        if finding.path:
            props.append(f"file={_escape_property(finding.path)}")
            if finding.line:
                props.append(f"line={finding.line}")
                props.append(f"col={finding.column}")
        props.append(f"title={_escape_property('policytrack ' + finding.rule)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(finding.message)}")
    lines.append(summary_line(result))
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS: dict[str, Callable[[CheckResult], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
    "junit": format_junit,
}
"""Output format name → reporter. ``github`` is the default when ``GITHUB_ACTIONS=true``."""


def format_status(result: CheckResult, *, agency: str | None = None) -> str:
    """What is overdue, due soon and met, per ordinance and per agency, for a terminal."""
    repo = result.repository
    out: list[str] = [f"{repo.config.name}: status as of {result.as_of}", ""]
    for ordinance_id in sorted(repo.ordinances) + sorted(
            {o.ordinance for o in repo.obligations.values()} - set(repo.ordinances)):
        ordinance = repo.ordinances.get(ordinance_id)
        rows = [result.statuses[o.id] for o in repo.obligations.values() if o.ordinance == ordinance_id]
        if agency:
            rows = [row for row in rows if row.agency(agency)]
        if not rows:
            continue
        title = f"{ordinance.title} ({ordinance.citation})" if ordinance else ordinance_id
        counts = Counter(row.status for row in rows)
        out.append(f"== {title}")
        out.append("   " + ", ".join(f"{counts[name]} {LABELS[name].lower()}" for name in ORDER if counts.get(name)))
        for row in sorted(rows, key=lambda r: (ORDER.index(r.status), r.due or result.as_of, r.obligation)):
            obligation = repo.obligations[row.obligation]
            due = f"due {row.due}" if row.due else "no date"
            nxt = f"; next due {row.next_due}" if row.next_due and row.next_due != row.due else ""
            out.append(f"   {LABELS[row.status]:<12} {due:<15} {obligation.id}: {obligation.title}{nxt}")
            if len(row.agencies) > 1 or agency or any(item.total > 1 or item.breaches for item in row.agencies):
                for item in row.agencies:
                    if agency and item.agency != agency:
                        continue
                    proof = "verified" if item.verified else ("claimed" if item.evidence else "no evidence")
                    who = item.agency + (f" / {item.instance}" if item.instance else "")
                    out.append(f"   {'':<12} {'':<15}   {who}: {item.summary} ({proof})")
        out.append("")
    out.append("== By agency")
    per_agency: dict[str, Counter[str]] = {}
    for status in result.statuses.values():
        for item in status.agencies:
            if item.agency:
                per_agency.setdefault(item.agency, Counter())[item.status] += 1
    for agency_id in sorted(per_agency):
        if agency and agency_id != agency:
            continue
        name = repo.agencies[agency_id].name if agency_id in repo.agencies else agency_id
        tally = per_agency[agency_id]
        states = ", ".join(f"{tally[n]} {LABELS[n].lower()}" for n in ORDER if tally.get(n))
        out.append(f"   {name} ({agency_id}): {states}")
    return "\n".join(log_line(line) for line in out)
