"""The embedded King County repository, checked today and replayed as of the 2019 audit.

The auditor found by hand, in July 2019: training owed under a clause with no deadline and never
given at the jail or the sheriff's office; the sheriff's office releasing case files with no
per-request review; detainer notices not given; and the federal immigration agency's logins to the
jail's look-up system removed only in April 2019. The checker must report each of these unprompted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import check, fired
from policytrack.check import CheckResult
from policytrack.load import load_repository

ROOT = Path(__file__).resolve().parents[1]
DC = Path(__file__).resolve().parent / "repos" / "dc-near-act"
TODAY = "2026-11-27"  # pinned: the day these expectations were last reviewed


@pytest.fixture(scope="module")
def audit() -> CheckResult:
    return check(ROOT, "2019-07-09", replay=True)


def _rules_for(result: CheckResult, obligation: str) -> set[tuple[str, str | None]]:
    return {(f.rule, f.agency) for f in result.findings if f.obligation == obligation}


def test_every_file_loads() -> None:
    for root in (ROOT, DC):
        loaded = load_repository(root)
        assert loaded.findings == [], f"{root}: {loaded.findings}"


def test_audit_replay_training_has_no_deadline_and_no_evidence_at_the_jail_or_sheriff(audit: CheckResult) -> None:
    rules = _rules_for(audit, "kc-18665-training")
    assert ("no-deadline", None) in rules
    assert {("fanout-gap", "dajd"), ("fanout-gap", "kcso")} <= rules
    rows = {row.agency: row for row in audit.statuses["kc-18665-training"].agencies}
    assert rows["public-health"].evidence and not rows["dajd"].evidence and not rows["kcso"].evidence


def test_audit_replay_sheriff_request_review_and_detainer_notices_are_overdue(audit: CheckResult) -> None:
    assert ("overdue", "kcso") in _rules_for(audit, "kc-18665-kcso-request-review")
    assert ("overdue", "dajd") in _rules_for(audit, "kc-18665-detainer-notice")
    for finding in fired(audit, "overdue"):
        assert finding.severity == "error" and finding.path.startswith("obligations/")


def test_audit_replay_jail_access_was_removed_late(audit: CheckResult) -> None:
    status = audit.statuses["kc-18665-remove-ice-jail-access"]
    assert status.status == "met-late"
    [late] = [f for f in fired(audit, "met-late") if f.obligation == "kc-18665-remove-ice-jail-access"]
    assert "2019-04-30" in late.message and "days late" in late.message


def test_before_the_auditors_alerted_the_jail_its_access_is_an_open_error() -> None:
    result = check(ROOT, "2019-03-31", replay=True)
    assert result.statuses["kc-18665-remove-ice-jail-access"].status == "overdue"
    assert ("overdue", "dajd") in _rules_for(result, "kc-18665-remove-ice-jail-access")
    assert result.errors


def test_today_the_jail_access_stays_met_late_and_training_is_claimed_not_verified() -> None:
    result = check(ROOT, TODAY)
    assert fired(result, "evidence-future") == []
    assert result.statuses["kc-18665-remove-ice-jail-access"].status == "met-late"
    training = result.statuses["kc-18665-training"]
    assert {row.agency for row in training.agencies if row.evidence} == {"dajd", "kcso", "public-health"}
    assert not training.verified
    # the detainer notices still have no evidence at all
    assert result.statuses["kc-18665-detainer-notice"].status == "overdue"


def test_replaying_the_audit_from_the_command_line(run_cli: object) -> None:
    code, out, err = run_cli("check", ROOT, "--as-of", "2019-07-09", "--format", "json")  # type: ignore[operator]
    assert code == 1 and err == ""
    data = json.loads(out)
    assert data["as_of"] == "2019-07-09"
    by_id = {item["id"]: item for item in data["obligations"]}
    assert by_id["kc-18665-remove-ice-jail-access"]["status"] == "met-late"
    assert by_id["kc-18665-kcso-request-review"]["status"] == "overdue"
    assert not any(f["rule"] == "evidence-future" for f in data["findings"])


def test_the_dc_repository_has_every_kind_of_deadline() -> None:
    loaded = load_repository(DC)
    types = {ob.deadline.type for ob in loaded.repository.obligations.values() if ob.deadline}
    assert {"date", "relative", "recurring", "per-event", "none"} <= types


def test_the_dc_stop_data_duty_had_no_deadline_until_collection_began() -> None:
    before = check(DC, "2018-06-01", replay=True)
    assert ("no-deadline", None) in _rules_for(before, "dc-mpd-stop-data-collection")
    after = check(DC, "2020-06-01", replay=True)
    assert after.statuses["dc-mpd-stop-data-collection"].status == "met"
    assert ("no-deadline", None) not in _rules_for(after, "dc-mpd-stop-data-collection")
