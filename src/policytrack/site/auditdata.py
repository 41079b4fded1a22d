"""Audits and recommendations as open data (issue 20): ``recommendations.csv`` (schema
``recommendations.schema.json``, a Frictionless Table Schema shipped in the package) and the ``audits``
and ``recommendations`` entries of ``status.json`` (``status.schema.json``), from the same statuses the
pages show (:mod:`policytrack.status.recommendations`), as of the site's date.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from policytrack.checks.checker import CheckResult
from policytrack.model.safetext import spreadsheet_cell
from policytrack.site.paths import folder
from policytrack.status.recommendations import REC_LABELS, audit_counts, recommendation_statuses

REC_CSV_COLUMNS: list[tuple[str, str, str]] = [
    ("recommendation", "string", "Recommendation id"),
    ("audit", "string", "Id of the audit that made it"),
    ("number", "string", "Its number in the report, as printed (empty where not known)"),
    ("agency", "string", "Agency it is addressed to"),
    ("status", "string", "Status id: open, answered, disagreed, partly-agreed, agreed, action-reported, in-progress, "
                         "not-implemented, closed-implemented, closed-not-implemented, no-longer-applicable"),
    ("status_label", "string", "The status in words"),
    ("closed", "boolean", "true when the auditor closed it (implemented, not implemented, no longer applicable)"),
    ("since", "date", "The day it took this status"),
    ("response", "string", "The agency's response: agree, partly, disagree, or unknown (it answered, but not what "
                           "it said of this one is on record); empty: none on record"),
    ("response_date", "date", "The day of the response"),
    ("target", "date", "The date the agency promised to act by, where it gave one"),
    ("last_assessed", "date", "The day of the auditor's latest assessment (empty: never assessed)"),
    ("obligations", "string", "Ids of the obligations it concerns, separated by spaces"),
    ("text", "string", "The recommendation's words (in every column, a leading = + - @ is prefixed with ' so "
                       "spreadsheets show it as text)"),
    ("page", "string", "Its place on the audit's page, relative to the site root"),
]
"""Column name, Table Schema type, meaning: the header of recommendations.csv, in order."""
REC_SCHEMA_FILE = "recommendations.schema.json"


def _day(value: date | None) -> str | None:
    """A date as YYYY-MM-DD (one known only to its month or year: the last day of it, as counted)."""
    return date.isoformat(value) if value is not None else None


def _page(audit_id: str, recommendation_id: str) -> str:
    return f"audits/{folder(audit_id)}/#rec-{recommendation_id}"


def recommendations_json(result: CheckResult) -> list[dict[str, Any]]:
    """Every recommendation visible on the as-of date, with its status and history (status.json)."""
    repo = result.repository
    out = []
    for key, item in recommendation_statuses(repo, result.as_of).items():
        recommendation = repo.recommendations[key]
        response = recommendation.response if item.responded is not None else None
        out.append({
            "id": key, "audit": item.audit, "number": recommendation.number, "agency": item.agency,
            "status": item.status, "label": REC_LABELS[item.status], "closed": item.closed,
            "since": _day(item.since),
            "response": response.position if response else None,
            "response_date": _day(item.responded),
            "target": _day(item.target),
            "last_assessed": _day(item.last_assessed),
            "obligations": list(recommendation.obligations), "priority": recommendation.priority,
            "text": recommendation.text,
            "history": [{"date": _day(step.date), "kind": step.kind, "status": step.status,
                         "what": step.what, "source": step.source.url if step.source else None}
                        for step in item.history],
            "page": _page(item.audit, key),
        })
    return out


def audits_json(result: CheckResult) -> list[dict[str, Any]]:
    """Every audit issued by the as-of date, with its recommendations counted (status.json)."""
    repo = result.repository
    found = recommendation_statuses(repo, result.as_of)
    out = []
    for audit in sorted(repo.audits.values(), key=lambda item: (item.date, item.id)):
        if audit.date > result.as_of:
            continue
        counts = audit_counts([item for item in found.values() if item.audit == audit.id])
        out.append({"id": audit.id, "title": audit.title, "auditor": audit.auditor, "date": _day(audit.date),
                    "source": audit.source.url, "follows_up": audit.follows_up, "counts": counts,
                    "page": f"audits/{folder(audit.id)}/"})
    return out


def recommendations_csv(result: CheckResult) -> str:
    """One row per recommendation visible on the as-of date, columns as in :data:`REC_CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in REC_CSV_COLUMNS])
    for row in recommendations_json(result):
        writer.writerow([spreadsheet_cell(str(cell)) for cell in (
            row["id"], row["audit"], row["number"] or "", row["agency"], row["status"], row["label"],
            "true" if row["closed"] else "false", row["since"] or "", row["response"] or "",
            row["response_date"] or "", row["target"] or "", row["last_assessed"] or "", " ".join(row["obligations"]),
            " ".join(row["text"].split()), row["page"],
        )])
    return out.getvalue()
