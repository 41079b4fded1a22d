"""Where each audit recommendation stands as of one date: open, answered, acted on, confirmed or not.

Decided here only, by the engine's rules of time: a record does not exist before its date (an audit
before it is issued, a response, a reported action or an assessment before its date), so that a run
"as of" a follow-up report's date shows what that report knew; dates known only to the month or the
year count as the last day of that span (:class:`~policytrack.model.fields.ApproxDate`). The as-of date
itself is the caller's: today in the repository's time zone unless one is given.

Statuses (:data:`REC_ORDER`, open ones first):

``open``                    issued; no response of the agency is on record
``answered``                the agency answered, but what it said of this recommendation is not on record
``disagreed``               the agency disagrees (and reports no action)
``partly-agreed``           the agency agrees in part
``agreed``                  the agency agrees; nothing reported done yet
``action-reported``         the agency reports action: a claim, until the auditor assesses it
``in-progress``             the auditor assessed it in progress or partly implemented; still followed
``not-implemented``         the auditor assessed it not implemented; still followed
``closed-implemented``      the auditor found it implemented: closed
``closed-not-implemented``  the auditor closed it without its being implemented
``no-longer-applicable``    the auditor found it no longer applies: closed

Only an assessment by someone other than the agency addressed (the auditor: a verifier) moves a
recommendation to an assessed status; one by the agency itself (or an agency above or below it) reads as
reported action, the way evidence is claimed until a verifier confirms it. Steps are taken in date
order; on one day a response comes before an action, and an action before an assessment. A later
assessment can reopen a closed recommendation; agency action never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from policytrack.model.audits import Assessment, Audit, Recommendation
from policytrack.model.load import Repository
from policytrack.model.sources import Source

RecStatus = Literal["open", "answered", "disagreed", "partly-agreed", "agreed", "action-reported", "in-progress",
                    "not-implemented", "closed-implemented", "closed-not-implemented", "no-longer-applicable"]
REC_ORDER: tuple[RecStatus, ...] = (
    "open", "answered", "disagreed", "partly-agreed", "agreed", "action-reported", "in-progress", "not-implemented",
    "closed-implemented", "closed-not-implemented", "no-longer-applicable",
)
"""Every status, open ones first (the order lists and filters use)."""
REC_LABELS: dict[str, str] = {
    "open": "Open, no response on record",
    "answered": "Answered, position not on record",
    "disagreed": "Disagreed",
    "partly-agreed": "Partly agreed",
    "agreed": "Agreed",
    "action-reported": "Action reported (claimed)",
    "in-progress": "In progress",
    "not-implemented": "Not implemented (open)",
    "closed-implemented": "Closed – implemented",
    "closed-not-implemented": "Closed – not implemented",
    "no-longer-applicable": "No longer applicable",
}
REC_CLOSED: frozenset[str] = frozenset({"closed-implemented", "closed-not-implemented", "no-longer-applicable"})
"""Statuses of a recommendation the auditor follows no more."""
_POSITIONS: dict[str, RecStatus] = {"agree": "agreed", "partly": "partly-agreed", "disagree": "disagreed",
                                    "unknown": "answered"}
_RESULTS: dict[str, RecStatus] = {"implemented": "closed-implemented", "partly-implemented": "in-progress",
                                  "in-progress": "in-progress", "not-implemented": "not-implemented",
                                  "no-longer-applicable": "no-longer-applicable"}
_ANSWERED = ("open", "answered", "disagreed", "partly-agreed", "agreed")

StepKind = Literal["issued", "response", "action", "assessment"]
_STEP_ORDER = {"issued": 0, "response": 1, "action": 2, "assessment": 3}


@dataclass(frozen=True, slots=True)
class Step:
    """One dated step of a recommendation's history, and the status it left it in."""

    date: date
    kind: StepKind
    status: RecStatus
    what: str
    """In words: "The agency agreed", "Assessed implemented by the auditor" ..."""
    source: Source | None = None
    by: str | None = None
    """Who took it: the responding office (a response), the reporting agency's id (an action) or the assessing
    office (an assessment)."""
    record: str | None = None
    """The assessment record's id, for an assessment step."""


@dataclass(frozen=True, slots=True)
class RecommendationStatus:
    """Where one recommendation stands as of the run's date."""

    recommendation: str
    audit: str
    agency: str
    status: RecStatus
    since: date | None
    """The day of the step that left it in this status (the audit's date when nothing followed)."""
    history: tuple[Step, ...]
    """Every step visible on the as-of date, oldest first."""
    last_assessed: date | None
    """The day of the latest assessment by the auditor (None: never assessed)."""
    target: date | None
    """The date the agency promised to act by, where its response gives one."""
    responded: date | None
    """The day of the agency's response (None: no response on record yet)."""

    @property
    def closed(self) -> bool:
        """Whether the auditor follows it no more."""
        return self.status in REC_CLOSED

    @property
    def label(self) -> str:
        """The status in words."""
        return REC_LABELS[self.status]


def audit_visible(audit: Audit | None, as_of: date) -> bool:
    """An audit exists from the day it was issued (a recommendation of an unknown audit always exists, so
    that the dangling reference is reported and the recommendation still shown)."""
    return audit is None or audit.date <= as_of


def same_house(repo: Repository, first: str, second: str) -> bool:
    """Whether two agencies are one, or one is above the other in the registry (an office and its
    department): an assessment by either of the agency addressed is the agency's own."""
    if first == second:
        return True
    return second in _ancestors(repo, first) or first in _ancestors(repo, second)


def _ancestors(repo: Repository, agency_id: str) -> set[str]:
    seen: set[str] = set()
    current = repo.agencies.get(agency_id)
    while current is not None and current.parent and current.parent not in seen:
        seen.add(current.parent)
        current = repo.agencies.get(current.parent)
    return seen


def by_auditor(repo: Repository, recommendation: Recommendation, assessment: Assessment) -> bool:
    """Whether the assessment can close the recommendation: it is not by the agency addressed itself."""
    return not same_house(repo, assessment.agency, recommendation.agency)


def assessments_of(repo: Repository) -> dict[str, list[Assessment]]:
    """Assessments by recommendation id, oldest first (every date; the caller cuts at the as-of date)."""
    found: dict[str, list[Assessment]] = {}
    for item in repo.assessments.values():
        found.setdefault(item.recommendation, []).append(item)
    for items in found.values():
        items.sort(key=lambda item: (item.date, item.id))
    return found


def recommendation_status(repo: Repository, recommendation: Recommendation, as_of: date,
                          assessments: list[Assessment] | None = None) -> RecommendationStatus:
    """The status of one recommendation as of ``as_of`` (its assessments: every record naming it)."""
    if assessments is None:
        assessments = assessments_of(repo).get(recommendation.id, [])
    audit = repo.audits.get(recommendation.audit)
    steps: list[tuple[date, int, int, Step]] = []
    issued = audit.date if audit is not None else None
    if audit is not None:
        steps.append((audit.date, 0, 0, Step(audit.date, "issued", "open", f"Issued in the report '{audit.title}'",
                                             audit.source, audit.auditor)))
    response = recommendation.response
    if response is not None and response.date <= as_of:
        words = {"agree": "agreed", "partly": "agreed in part", "disagree": "disagreed",
                 "unknown": "answered (what it said of this recommendation is not on record)"}[response.position]
        what = f"The agency {words}" + (f"; target date {response.target.isoformat()}" if response.target else "")
        steps.append((response.date, 1, 0, Step(response.date, "response", _POSITIONS[response.position], what,
                                                response.source, response.by)))
    for index, action in enumerate(recommendation.actions):
        if action.date <= as_of:
            steps.append((action.date, 2, index, Step(action.date, "action", "action-reported",
                                                      " ".join(action.summary.split()), action.source,
                                                      action.agency or recommendation.agency)))
    for index, item in enumerate(assessments):
        if item.date > as_of:
            continue
        if by_auditor(repo, recommendation, item):
            result = "closed-not-implemented" if item.closed and item.result in (
                "not-implemented", "partly-implemented") else _RESULTS[item.result]
            what = f"Assessed {item.result.replace('-', ' ')} by {item.by}" + (" (closed)" if item.closes else "")
            steps.append((item.date, 3, index, Step(item.date, "assessment", result, what, item.source, item.by,
                                                    item.id)))
        else:  # the agency's own word: a claim of action, never a closure
            steps.append((item.date, 2, 1000 + index, Step(
                item.date, "action", "action-reported",
                f"Assessed {item.result.replace('-', ' ')} by the agency itself (its own assessment: a claim)",
                item.source, item.agency, item.id)))
    steps.sort(key=lambda entry: entry[:3])
    status: RecStatus = "open"
    since = issued
    history: list[Step] = []
    for when, _, _, step in steps:
        if step.kind == "issued":
            history.append(step)
            continue  # the response letter may predate the report it is printed in
        if step.kind == "response" and status not in _ANSWERED:
            history.append(Step(step.date, step.kind, status, step.what, step.source, step.by))
            continue  # an answer after action was reported, or after an assessment, changes nothing
        if step.kind == "action" and status in REC_CLOSED:
            history.append(Step(step.date, step.kind, status, step.what, step.source, step.by, step.record))
            continue  # the auditor closed it: a claim does not reopen it
        if step.status != status:
            since = when
        status = step.status
        history.append(step)
    last = max((step.date for step in history if step.kind == "assessment"), default=None)
    visible_response = response if response is not None and response.date <= as_of else None
    return RecommendationStatus(
        recommendation.id, recommendation.audit, recommendation.agency, status, since, tuple(history), last,
        visible_response.target if visible_response else None,
        visible_response.date if visible_response else None)


def recommendation_statuses(repo: Repository, as_of: date) -> dict[str, RecommendationStatus]:
    """The status of every recommendation whose audit was issued on or before ``as_of``, by id (computed
    once per repository and date)."""
    cache = repo.derived.setdefault("recommendation-statuses", {})
    found = cache.get(as_of.isoformat())
    if found is not None:
        result: dict[str, RecommendationStatus] = found
        return result
    by_recommendation = assessments_of(repo)
    result = {}
    for key in sorted(repo.recommendations):
        recommendation = repo.recommendations[key]
        if audit_visible(repo.audits.get(recommendation.audit), as_of):
            result[key] = recommendation_status(repo, recommendation, as_of, by_recommendation.get(key, []))
    cache[as_of.isoformat()] = result
    return result


def response_due(repo: Repository, recommendation: Recommendation) -> date | None:
    """The last day for the agency's response: the audit's date plus the repository's
    ``recommendation_response_days`` (None when the audit is not in the repository)."""
    audit = repo.audits.get(recommendation.audit)
    if audit is None:
        return None
    return audit.date + timedelta(days=repo.config.recommendation_response_days)


def audit_counts(statuses: list[RecommendationStatus]) -> dict[str, int]:
    """An audit's recommendations counted as the home page says them: implemented, not implemented (closed
    without it), no longer applicable, and still open."""
    counts = {"recommendations": len(statuses), "implemented": 0, "not-implemented": 0, "no-longer-applicable": 0,
              "open": 0}
    for item in statuses:
        if item.status == "closed-implemented":
            counts["implemented"] += 1
        elif item.status == "closed-not-implemented":
            counts["not-implemented"] += 1
        elif item.status == "no-longer-applicable":
            counts["no-longer-applicable"] += 1
        else:
            counts["open"] += 1
    return counts
