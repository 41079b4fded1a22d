"""Audits, recommendations and assessments (issue 20): the records load, each recommendation's status as
of any date follows the engine's rules of time, the rules fire and stay quiet, and the replay of a
follow-up report gives back what the report says.

The expected statuses were written from the issue's meaning before the code ran: a recommendation does
not exist before its audit; without an answer it is open; the agency's answer makes it agreed, partly
agreed or disagreed; reported action is a claim ("action reported"); only the auditor's assessment
closes it (implemented, not implemented, no longer applicable), and the agency's own assessment is only a
claim.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit_builders import ASSESSMENTS, AUDIT, FOLLOW_UP, RECOMMENDATIONS, assessment, audit_repo, rec, response
from builders import check, fired, line_of
from policytrack.checks.rules import RULES
from policytrack.model.load import load_repository
from policytrack.status.recommendations import (
    REC_CLOSED,
    REC_LABELS,
    REC_ORDER,
    audit_counts,
    recommendation_statuses,
)


def statuses(root: Path, as_of: str) -> dict[str, str]:
    result = check(root, as_of, replay=True)
    return {key: item.status for key, item in recommendation_statuses(result.repository, result.as_of).items()}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return audit_repo(tmp_path_factory.mktemp("audit") / "repo")


def test_the_records_load_without_findings(repo: Path) -> None:
    loaded = load_repository(repo)
    assert loaded.findings == []
    repository = loaded.repository
    assert set(repository.audits) == {"au-1", "au-1-follow-up"}
    assert len(repository.recommendations) == len(RECOMMENDATIONS)
    assert len(repository.assessments) == len(ASSESSMENTS)
    result = check(repo, "2023-06-01")
    assert fired(result, "dangling-reference") == [] and fired(result, "schema") == []


@pytest.mark.parametrize(("as_of", "expected"), [
    # before the audit is issued, none of its recommendations exists
    ("2021-02-28", {}),
    # issued: r-2's answer (20 February) was in the report; nobody else has answered yet
    ("2021-03-01", {"r-1": "open", "r-2": "agreed", "r-3": "open", "r-4": "open", "r-5": "open", "r-6": "open",
                    "r-7": "open"}),
    # the answers of 1 April
    ("2021-04-01", {"r-1": "open", "r-2": "agreed", "r-3": "disagreed", "r-4": "agreed", "r-5": "partly-agreed",
                    "r-6": "agreed", "r-7": "agreed"}),
    # police report action on r-3 (a claim); the jail's parent "assesses" r-4 itself: also a claim
    ("2021-10-01", {"r-1": "open", "r-2": "agreed", "r-3": "action-reported", "r-4": "action-reported",
                    "r-5": "partly-agreed", "r-6": "agreed", "r-7": "agreed"}),
    # the follow-up report: only the auditor closes
    ("2022-03-01", {"r-1": "open", "r-2": "in-progress", "r-3": "closed-implemented", "r-4": "action-reported",
                    "r-5": "no-longer-applicable", "r-6": "closed-not-implemented", "r-7": "not-implemented"}),
    # a later assessment reopens r-3
    ("2023-01-01", {"r-1": "open", "r-2": "in-progress", "r-3": "in-progress", "r-4": "action-reported",
                    "r-5": "no-longer-applicable", "r-6": "closed-not-implemented", "r-7": "not-implemented"}),
])
def test_status_as_of_a_date(repo: Path, as_of: str, expected: dict[str, str]) -> None:
    assert statuses(repo, as_of) == expected


FOLLOW_UP_SAYS = {
    "r-1": "no response", "r-2": "in progress", "r-3": "implemented", "r-5": "no longer applicable",
    "r-6": "not implemented; closed", "r-7": "not implemented; still followed",
}
"""What the follow-up report of 1 March 2022 says of each recommendation it assessed (r-4: not assessed)."""
MEANS = {"no response": "open", "in progress": "in-progress", "implemented": "closed-implemented",
         "no longer applicable": "no-longer-applicable", "not implemented; closed": "closed-not-implemented",
         "not implemented; still followed": "not-implemented"}


def test_replayed_as_of_the_follow_up_report_the_statuses_are_what_it_says(repo: Path) -> None:
    as_of = FOLLOW_UP["date"]
    found = statuses(repo, as_of)
    assert {key: found[key] for key in FOLLOW_UP_SAYS} == {key: MEANS[said] for key, said in FOLLOW_UP_SAYS.items()}
    result = check(repo, as_of, replay=True)
    for key, item in recommendation_statuses(result.repository, result.as_of).items():
        if key in FOLLOW_UP_SAYS and key != "r-1":
            assert item.last_assessed is not None and item.last_assessed.isoformat() == as_of, key


def test_history_and_dates_of_one_recommendation(repo: Path) -> None:
    result = check(repo, "2023-06-01")
    item = recommendation_statuses(result.repository, result.as_of)["r-3"]
    assert [(step.date.isoformat(), step.kind, step.status) for step in item.history] == [
        ("2021-03-01", "issued", "open"), ("2021-04-01", "response", "disagreed"),
        ("2021-09-01", "action", "action-reported"), ("2022-03-01", "assessment", "closed-implemented"),
        ("2023-01-01", "assessment", "in-progress")]
    assert item.since is not None and item.since.isoformat() == "2023-01-01"
    assert item.last_assessed is not None and item.last_assessed.isoformat() == "2023-01-01"
    assert item.responded is not None and not item.closed
    r2 = recommendation_statuses(result.repository, result.as_of)["r-2"]
    assert r2.target is not None and r2.target.isoformat() == "2021-12-31"


def test_an_agency_action_after_closure_does_not_reopen_and_a_late_answer_changes_nothing(tmp_path: Path) -> None:
    root = audit_repo(tmp_path / "r", recommendations=[
        rec("r-1", response=response("agree", "2022-05-01"),
            actions=[{"date": "2022-04-01", "summary": "Said done."}, {"date": "2022-06-01", "summary": "Again."}])],
        assessments=[assessment("as-1", "r-1", "implemented", "2022-05-15")])
    assert statuses(root, "2022-04-15") == {"r-1": "action-reported"}
    assert statuses(root, "2022-05-01") == {"r-1": "action-reported"}  # the answer came after the action
    assert statuses(root, "2022-07-01") == {"r-1": "closed-implemented"}


def test_partial_dates_count_as_the_last_day_of_their_span(tmp_path: Path) -> None:
    root = audit_repo(tmp_path / "r", recommendations=[rec("r-1", response=response("agree", "2021-06"))],
                      assessments=[])
    assert statuses(root, "2021-06-29") == {"r-1": "open"}
    assert statuses(root, "2021-06-30") == {"r-1": "agreed"}


def test_the_vocabulary_is_complete_and_counts_add_up(repo: Path) -> None:
    assert set(REC_LABELS) == set(REC_ORDER) and set(REC_ORDER) > REC_CLOSED
    result = check(repo, "2022-03-01")
    found = list(recommendation_statuses(result.repository, result.as_of).values())
    assert audit_counts(found) == {"recommendations": 7, "implemented": 1, "not-implemented": 1,
                                   "no-longer-applicable": 1, "open": 4}


# --- rules ------------------------------------------------------------------------------------------


def test_the_new_rules_are_registered_and_documented() -> None:
    for rule_id, severity, deadline in (("recommendation-target-passed", "warning", True),
                                        ("recommendation-no-response", "warning", True),
                                        ("self-assessment", "error", False)):
        rule = RULES[rule_id]
        assert (rule.severity, rule.deadline) == (severity, deadline) and len(rule.doc) > 200


def test_no_response_fires_after_the_configured_days_and_not_before(repo: Path) -> None:
    assert fired(check(repo, "2021-04-30"), "recommendation-no-response") == []  # 60 days: 30 April
    [finding] = fired(check(repo, "2021-05-01"), "recommendation-no-response")
    assert finding.path == "recommendations/au-1/r-1.yml" and finding.agency == "police"
    assert "61 days later" in finding.message and finding.severity == "warning"


def test_no_response_follows_the_configuration(tmp_path: Path) -> None:
    root = audit_repo(tmp_path / "r", config={"name": "T", "recommendation_response_days": 10})
    assert fired(check(root, "2021-03-11"), "recommendation-no-response") == []
    assert len(fired(check(root, "2021-03-12"), "recommendation-no-response")) == 6  # r-2 had answered


def test_no_response_is_quiet_once_answered_or_assessed(tmp_path: Path) -> None:
    root = audit_repo(tmp_path / "r", recommendations=[rec("r-1", response=response("disagree", "2021-09-01")),
                                                      rec("r-2")],
                      assessments=[assessment("as-2", "r-2", "no-longer-applicable", "2021-04-01")])
    assert [item.path for item in fired(check(root, "2021-08-31"), "recommendation-no-response")] == [
        "recommendations/au-1/r-1.yml"]
    assert fired(check(root, "2021-09-01"), "recommendation-no-response") == []


def test_target_passed_fires_without_an_assessment_since_and_stays_quiet_after_one(repo: Path) -> None:
    assert fired(check(repo, "2021-12-31"), "recommendation-target-passed") == []
    [finding] = fired(check(repo, "2022-01-01"), "recommendation-target-passed")
    assert (finding.path, finding.line) == ("recommendations/au-1/r-2.yml",
                                            line_of(repo, "recommendations/au-1/r-2.yml", "target"))
    assert "target date 2021-12-31 passed" in finding.message and "never assessed" in finding.message
    assert fired(check(repo, "2022-03-01"), "recommendation-target-passed") == []  # assessed on 1 March 2022


def test_target_passed_is_quiet_when_closed_and_under_deadlines_warning_stays_a_warning(tmp_path: Path) -> None:
    root = audit_repo(tmp_path / "r", recommendations=[
        rec("r-1", response=response("agree", target="2021-06-30")),
        rec("r-2", response=response("agree", target="2021-06-30"))],
        assessments=[assessment("as-1", "r-1", "implemented", "2021-05-01"),
                     assessment("as-2", "r-2", "in-progress", "2021-05-01")])
    [finding] = fired(check(root, "2021-07-01"), "recommendation-target-passed")
    assert "r-2" in finding.message and "last assessed 2021-05-01" in finding.message


def test_self_assessment_fires_for_the_agency_addressed_or_its_parent_only(repo: Path) -> None:
    assert fired(check(repo, "2021-09-30", replay=True), "self-assessment") == []  # not written yet
    [finding] = fired(check(repo, "2021-10-01"), "self-assessment")
    assert finding.path == "assessments/r-4/as-4.yml" and finding.severity == "error"
    assert "Executive (exec)" in finding.message and "Jail (jail)" in finding.message


def test_dangling_references_of_audit_records_are_reported(tmp_path: Path) -> None:
    audit = {**AUDIT, "scope": {"ordinances": ["ord-9"], "agencies": ["jail"]},
             "findings": [{"summary": "x", "breaches": ["br-9"]}]}
    root = audit_repo(tmp_path / "r", audits=[audit, FOLLOW_UP], recommendations=[
        rec("r-1", agency="nobody", obligations=["ob-9"], sections=[{"ordinance": "ord-1", "section": "9.9"}]),
        rec("r-2", audit="au-9")],
        assessments=[assessment("as-1", "r-9", "implemented")])
    messages = sorted(item.message for item in fired(check(root, "2022-06-01"), "dangling-reference"))
    for expected in ("scope.ordinances[0]: ordinance 'ord-9' does not exist",
                     "findings[0].breaches[0]: breach 'br-9' does not exist",
                     "agency: agency 'nobody' does not exist", "obligations[0]: obligation 'ob-9' does not exist",
                     "sections[0].section: section '9.9' is not among the sections of ordinance 'ord-1'",
                     "audit: audit 'au-9' does not exist", "recommendation: recommendation 'r-9' does not exist"):
        assert any(message.startswith(expected) for message in messages), (expected, messages)


def test_an_assessment_in_progress_cannot_close(tmp_path: Path) -> None:
    root = audit_repo(tmp_path / "r", recommendations=[rec("r-1")],
                      assessments=[assessment("as-1", "r-1", "in-progress", closed=True)])
    [finding] = [item for item in check(root, "2022-06-01").findings if item.rule == "schema"]
    assert "cannot close" in finding.message


def test_an_answer_whose_position_is_not_on_record_reads_answered_and_counts_as_a_response(tmp_path: Path) -> None:
    root = audit_repo(tmp_path / "r", recommendations=[rec("r-1", response=response("unknown", "2021-02-20"))],
                      assessments=[])
    assert statuses(root, "2021-03-01") == {"r-1": "answered"}
    assert fired(check(root, "2022-01-01"), "recommendation-no-response") == []
