"""A miniature repository with an audit, its recommendations, the agencies' answers and the auditor's
follow-up, for the tests of issue 20 (statuses, rules, pages, the gate)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from builders import AGENCIES, obligation, write_repo

AUDITOR = {"id": "auditor", "name": "Office of the Auditor", "head": "Auditor"}
AUDIT: dict[str, Any] = {
    "id": "au-1", "title": "Jail data audit", "auditor": "Office of the Auditor", "agency": "auditor",
    "date": "2021-03-01", "source": {"url": "https://example.org/audit-1", "title": "Jail data audit"},
    "scope": {"ordinances": ["ord-1"], "agencies": ["jail", "police"]},
    "findings": [{"summary": "The jail shared records without a warrant.", "breaches": ["br-1"],
                  "obligations": ["ob-1"]}],
}
FOLLOW_UP: dict[str, Any] = {
    "id": "au-1-follow-up", "title": "Follow-up on the jail data audit", "auditor": "Office of the Auditor",
    "agency": "auditor", "date": "2022-03-01", "follows_up": "au-1",
    "source": {"url": "https://example.org/audit-1-follow-up"},
}
LETTER = {"url": "https://example.org/response-letter", "title": "The Executive's response"}
FOLLOW_UP_SOURCE = {"url": "https://example.org/audit-1-follow-up"}


def rec(rec_id: str, agency: str = "jail", **fields: Any) -> dict[str, Any]:
    """A recommendation of au-1 (``fields`` override or add keys; None removes)."""
    record: dict[str, Any] = {"id": rec_id, "audit": "au-1", "number": rec_id.rsplit("-", 1)[-1],
                              "text": f"The agency should do {rec_id}.", "agency": agency}
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


def response(position: str = "agree", when: str = "2021-04-01", **fields: Any) -> dict[str, Any]:
    return {"position": position, "date": when, "source": LETTER, **fields}


def assessment(as_id: str, rec_id: str, result: str, when: str = "2022-03-01", agency: str = "auditor",
               **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": as_id, "recommendation": rec_id, "date": when, "by": "Office of the Auditor",
                              "agency": agency, "result": result, "summary": f"Found {result}.",
                              "source": FOLLOW_UP_SOURCE, "report": "au-1-follow-up"}
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


RECOMMENDATIONS = [
    rec("r-1", "police"),                                                       # never answered
    rec("r-2", response=response("agree", "2021-02-20", target="2021-12-31"),  # answered before issue
        obligations=["ob-1"], sections=[{"ordinance": "ord-1", "section": "1.01.A"}]),
    rec("r-3", "police", response=response("disagree"),
        actions=[{"date": "2021-09-01", "summary": "Police changed its request form.",
                  "source": {"url": "https://example.org/form"}}]),
    rec("r-4", response=response("agree")),                                     # the jail's own "assessment"
    rec("r-5", "exec", response=response("partly")),
    rec("r-6", "police", response=response("agree")),
    rec("r-7", "police", response=response("agree")),
]
ASSESSMENTS = [
    assessment("as-2", "r-2", "in-progress"),
    assessment("as-3", "r-3", "implemented"),
    assessment("as-4", "r-4", "implemented", "2021-10-01", agency="exec"),  # exec is the jail's parent
    assessment("as-5", "r-5", "no-longer-applicable"),
    assessment("as-6", "r-6", "not-implemented", closed=True),
    assessment("as-7", "r-7", "not-implemented"),
    assessment("as-3-later", "r-3", "in-progress", "2023-01-01", report=None),  # reopened
]


def dump(record: dict[str, Any]) -> str:
    return yaml.safe_dump(record, sort_keys=False, allow_unicode=True)


def audit_files(recommendations: list[dict[str, Any]] | None = None,
                assessments: list[dict[str, Any]] | None = None,
                audits: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """The files of the audit records, by path."""
    files = {f"audits/{item['id']}.yml": dump(item) for item in (audits if audits is not None
                                                                   else [AUDIT, FOLLOW_UP])}
    for item in RECOMMENDATIONS if recommendations is None else recommendations:
        files[f"recommendations/au-1/{item['id']}.yml"] = dump(item)
    for item in ASSESSMENTS if assessments is None else assessments:
        files[f"assessments/{item['recommendation']}/{item['id']}.yml"] = dump(item)
    return files


def audit_repo(root: Path, *, config: dict[str, Any] | None = None, **parts: Any) -> Path:
    """The miniature repository of builders.write_repo, with the auditor, a breach and the audit records."""
    breach = {"id": "br-1", "obligation": "ob-1", "agency": "jail", "date": "2020-11-01",
              "summary": "Records shared without a warrant.", "source": {"url": "https://example.org/audit-1"},
              "found_by": "Office of the Auditor", "found_on": "2021-03-01"}
    return write_repo(root, obligations=[obligation()], agencies=[*AGENCIES, AUDITOR], breaches=[breach],
                      config=config, files=audit_files(**parts))
