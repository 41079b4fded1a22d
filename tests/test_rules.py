"""Every core rule, shown firing and staying quiet, with the place it points at."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builders import check, evidence, fired, line_of, obligation, write_repo
from policytrack.checks.rules import RULES


def test_a_complete_repository_has_no_finding(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1")])
    result = check(root, "2021-01-01")
    assert [f for f in result.findings if f.severity == "error"] == []
    assert result.statuses["ob-1"].status == "met"


def test_every_rule_has_documentation_and_a_known_severity() -> None:
    for rule in RULES.values():
        assert rule.severity in ("error", "warning"), rule.id
        assert len(rule.doc) > 80, f"{rule.id} needs a docstring that tells the user what to do"


# --- ownership, deadline, evidence requirement ------------------------------------------------------


def test_no_owner_fires_on_the_obligation_and_names_it(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(owner=None, applies_to=["jail"])],
                      evidence=[evidence("ev-1")])
    [finding] = fired(check(root, "2020-03-01"), "no-owner")
    assert (finding.path, finding.line, finding.obligation) == ("obligations/ob-1.yml", 1, "ob-1")
    assert "owner" in finding.message and finding.severity == "error"


def test_no_owner_is_quiet_with_an_owner(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()])
    assert fired(check(root, "2020-03-01"), "no-owner") == []


def test_no_deadline_fires_when_the_key_is_missing(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(deadline=None)])
    [finding] = fired(check(root, "2020-03-01"), "no-deadline")
    assert "has no deadline" in finding.message


def test_no_deadline_fires_when_the_law_names_none_and_nobody_set_one(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "none"})])
    [finding] = fired(check(root, "2020-03-01"), "no-deadline")
    assert finding.line == line_of(root, "obligations/ob-1.yml", "deadline") + 1
    assert "administrative_deadline" in finding.message


def test_no_deadline_is_quiet_once_an_administrative_deadline_is_set(tmp_path: Path) -> None:
    admin = {"type": "date", "date": "2020-12-31", "set_by": "Executive", "set_on": "2020-02-01"}
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "none"}, administrative_deadline=admin)])
    assert fired(check(root, "2020-03-01"), "no-deadline") == []
    status = check(root, "2020-03-01").statuses["ob-1"]
    assert (status.deadline_source, str(status.due)) == ("administrative", "2020-12-31")


def test_an_administrative_deadline_set_later_did_not_exist_before(tmp_path: Path) -> None:
    admin = {"type": "date", "date": "2020-12-31", "set_by": "Executive", "set_on": "2020-06-01"}
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "none"}, administrative_deadline=admin)])
    [finding] = fired(check(root, "2020-03-01"), "no-deadline")
    assert "only set on 2020-06-01" in finding.message
    assert check(root, "2020-03-01").statuses["ob-1"].status == "no-deadline"


def test_no_deadline_is_quiet_when_the_undated_duty_was_done(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "none"})], evidence=[evidence("ev-1")])
    result = check(root, "2021-01-01")
    assert fired(result, "no-deadline") == []
    assert result.statuses["ob-1"].status == "met"


def test_no_evidence_requirement_fires_and_stays_quiet(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation("ob-1", evidence=None), obligation("ob-2")])
    findings = fired(check(root, "2020-03-01"), "no-evidence-requirement")
    assert [f.obligation for f in findings] == ["ob-1"]


# --- time-driven rules ------------------------------------------------------------------------------


def test_overdue_fires_after_the_due_date_without_evidence(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()])
    [finding] = fired(check(root, "2020-07-01"), "overdue")
    assert finding.agency == "jail" and "due 2020-06-30" in finding.message
    assert finding.line == line_of(root, "obligations/ob-1.yml", "deadline") + 1


def test_overdue_is_quiet_before_the_due_date_and_with_evidence(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation("ob-1"), obligation("ob-2")],
                      evidence=[evidence("ev-1", "ob-2")])
    assert fired(check(root, "2020-06-30"), "overdue") == []
    assert [f.obligation for f in fired(check(root, "2020-07-01"), "overdue")] == ["ob-1"]


def test_relative_deadline_counts_from_the_effective_date(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "relative", "days": 90})])
    assert str(check(root, "2020-03-01").statuses["ob-1"].due) == "2020-04-10"
    assert fired(check(root, "2020-04-10"), "overdue") == []
    assert len(fired(check(root, "2020-04-11"), "overdue")) == 1


def test_deadlines_warning_lets_a_pull_request_pass_while_structure_stays_an_error(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation("ob-1"), obligation("ob-2", owner=None,
                                                                             applies_to=["jail"])])
    result = check(root, "2020-07-01", deadlines="warning")
    assert {f.severity for f in fired(result, "overdue")} == {"warning"}
    assert {f.severity for f in fired(result, "no-owner")} == {"error"}


def test_a_monthly_duty_with_old_evidence_is_overdue_for_the_month_missed(tmp_path: Path) -> None:
    monthly = {"type": "recurring", "every": "month"}
    root = write_repo(tmp_path, obligations=[obligation(kind="recurring", deadline=monthly)],
                      evidence=[evidence("ev-1", when="2020-02-20")])
    result = check(root, "2020-05-15")
    [finding] = fired(result, "overdue")
    assert finding.agency == "jail" and "due 2020-04-30" in finding.message
    assert "3 of 4 months missed, last missed due 2020-04-30" in finding.message
    assert fired(result, "lapsed") == []
    assert result.statuses["ob-1"].status == "overdue"


def test_a_monthly_duty_covered_every_month_is_met_even_when_the_next_is_due_soon(tmp_path: Path) -> None:
    monthly = {"type": "recurring", "every": "month"}
    ob = obligation(kind="recurring", deadline=monthly)
    root = write_repo(tmp_path, obligations=[ob],
                      evidence=[evidence(f"ev-{m}", when=f"2020-0{m}-20") for m in range(1, 5)])
    result = check(root, "2020-05-15")
    status = result.statuses["ob-1"]
    assert (status.status, str(status.due), str(status.next_due)) == ("met", "2020-04-30", "2020-05-31")
    assert fired(result, "overdue") == fired(result, "lapsed") == []


def test_lapsed_uses_max_age_days_when_the_requirement_sets_it(tmp_path: Path) -> None:
    ob = obligation(evidence={"kinds": ["attestation"], "max_age_days": 365})
    root = write_repo(tmp_path, obligations=[ob], evidence=[evidence("ev-1", when="2020-05-01", kind="attestation")])
    assert fired(check(root, "2021-05-01"), "lapsed") == []
    [finding] = fired(check(root, "2021-05-02"), "lapsed")
    assert "366 days" in finding.message and "at most 365 days" in finding.message


def test_fanout_gap_names_each_bound_agency_without_evidence(tmp_path: Path) -> None:
    ob = obligation(applies_to=["jail", "police", "exec"])
    root = write_repo(tmp_path, obligations=[ob], evidence=[evidence("ev-1", agency="exec")])
    findings = fired(check(root, "2020-07-01"), "fanout-gap")
    assert sorted(f.agency or "" for f in findings) == ["jail", "police"]
    assert all("Executive (exec)" in f.message for f in findings)
    assert fired(check(root, "2020-07-01"), "overdue") == []


def test_fanout_gap_is_quiet_when_every_agency_shows_evidence_or_none_is_due(tmp_path: Path) -> None:
    ob = obligation(applies_to=["jail", "police"])
    root = write_repo(tmp_path, obligations=[ob],
                      evidence=[evidence("ev-1", agency="jail"), evidence("ev-2", agency="police")])
    assert fired(check(root, "2020-07-01"), "fanout-gap") == []
    only_one = write_repo(tmp_path / "b", obligations=[ob], evidence=[evidence("ev-1", agency="jail")])
    assert fired(check(only_one, "2020-06-01"), "fanout-gap") == []  # not due yet


def test_met_late_is_a_warning_that_says_how_late(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1", when="2020-07-10")])
    [finding] = fired(check(root, "2021-01-01"), "met-late")
    assert finding.severity == "warning" and "10 days late" in finding.message
    on_time = write_repo(tmp_path / "b", obligations=[obligation()], evidence=[evidence("ev-1")])
    assert fired(check(on_time, "2021-01-01"), "met-late") == []


# --- evidence rules ---------------------------------------------------------------------------------


def test_evidence_from_an_agency_the_obligation_does_not_bind(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()],
                      evidence=[evidence("ev-1", agency="police"), evidence("ev-2", agency="jail")])
    result = check(root, "2020-07-01")
    [finding] = fired(result, "evidence-unbound-agency")
    assert (finding.path, finding.line) == ("evidence/ev-1.yml", line_of(root, "evidence/ev-1.yml", "agency"))
    assert [e.id for e in result.statuses["ob-1"].agencies[0].evidence] == ["ev-2"]


def test_evidence_for_an_unknown_obligation_suggests_the_closest_id(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation("train-staff")],
                      evidence=[evidence("ev-1", "train-stafff"), evidence("ev-2", "train-staff")])
    [finding] = fired(check(root, "2020-07-01"), "evidence-unknown-obligation")
    assert finding.path == "evidence/ev-1.yml" and "did you mean 'train-staff'" in finding.message


def test_evidence_dated_after_the_as_of_date_is_an_error_unless_replaying(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1", when="2020-09-01")])
    [finding] = fired(check(root, "2020-08-01"), "evidence-future")
    assert finding.line == line_of(root, "evidence/ev-1.yml", "date")
    replay = check(root, "2020-08-01", replay=True)
    assert fired(replay, "evidence-future") == []
    assert replay.statuses["ob-1"].status == "overdue"  # the evidence did not exist yet


def test_evidence_verified_before_its_own_date_is_an_error(tmp_path: Path) -> None:
    ev = evidence("ev-1", verified={"by": "Auditor", "on": "2020-04-01"})
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[ev])
    [finding] = fired(check(root, "2020-08-01"), "evidence-future")
    assert "verified on 2020-04-01" in finding.message


def _file_evidence(sha: str) -> dict[str, object]:
    return evidence("ev-1", source={"file": "attachments/roster.pdf", "sha256": sha})


def test_evidence_file_missing_or_changed_fires_and_a_matching_file_is_quiet(tmp_path: Path) -> None:
    content = b"%PDF-1.4 roster"
    good = hashlib.sha256(content).hexdigest()
    missing = write_repo(tmp_path / "a", obligations=[obligation()], evidence=[_file_evidence(good)])
    [finding] = fired(check(missing, "2020-07-01"), "evidence-file")
    assert "does not exist" in finding.message
    changed = write_repo(tmp_path / "b", obligations=[obligation()], evidence=[_file_evidence("0" * 64)],
                         files={"attachments/roster.pdf": content})
    [finding] = fired(check(changed, "2020-07-01"), "evidence-file")
    assert good in finding.message and finding.line == line_of(changed, "evidence/ev-1.yml", "sha256")
    matching = write_repo(tmp_path / "c", obligations=[obligation()], evidence=[_file_evidence(good)],
                          files={"attachments/roster.pdf": content})
    assert fired(check(matching, "2020-07-01"), "evidence-file") == []


def test_evidence_file_outside_the_repository_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("x")
    ev = evidence("ev-1", source={"file": "../secret.txt", "sha256": hashlib.sha256(b"x").hexdigest()})
    root = write_repo(tmp_path / "repo", obligations=[obligation()], evidence=[ev])
    [finding] = fired(check(root, "2020-07-01"), "evidence-file")
    assert "outside the repository" in finding.message


# --- waivers and references -------------------------------------------------------------------------


def test_incomplete_waiver_fires_and_is_ignored(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(waiver={"reason": "Superseded"})])
    result = check(root, "2020-07-01")
    [finding] = fired(result, "incomplete-waiver")
    assert "approved_by, date" in finding.message
    assert result.statuses["ob-1"].status == "overdue"


def test_complete_waiver_is_quiet_and_waives_only_once_approved(tmp_path: Path) -> None:
    waiver = {"reason": "Superseded", "approved_by": "Council", "date": "2020-08-01"}
    root = write_repo(tmp_path, obligations=[obligation(waiver=waiver)])
    assert fired(check(root, "2020-09-01"), "incomplete-waiver") == []
    assert check(root, "2020-09-01").statuses["ob-1"].status == "waived"
    assert check(root, "2020-07-15", replay=True).statuses["ob-1"].status == "overdue"


@pytest.mark.parametrize(
    ("fields", "key", "says"),
    [
        ({"owner": {"agency": "jial", "role": "Director"}}, "agency", "did you mean 'jail'"),
        ({"section": "9.99"}, "section", "not among the sections of ordinance 'ord-1'"),
        ({"ordinance": "ord-2"}, "ordinance", "ordinance 'ord-2' does not exist"),
        ({"applies_to": ["jail", "fire"]}, "applies_to", "agency 'fire' does not exist"),
        ({"depends_on": ["ob-9"]}, "depends_on", "obligation 'ob-9' does not exist"),
        ({"systems": ["crm"]}, "systems", "system 'crm' does not exist"),
    ],
)
def test_dangling_reference_fires_at_the_reference(tmp_path: Path, fields: dict[str, object], key: str,
                                                   says: str) -> None:
    root = write_repo(tmp_path, obligations=[obligation(**fields)])
    findings = fired(check(root, "2020-03-01"), "dangling-reference")
    assert len(findings) == 1, findings
    assert says in findings[0].message
    assert findings[0].line >= line_of(root, "obligations/ob-1.yml", key)


def test_dangling_reference_in_systems_and_agencies(tmp_path: Path) -> None:
    system = {"id": "crm", "name": "CRM", "operator": "nobody",
              "access": [{"party": "ghost", "description": "accounts"}]}
    agencies = [{"id": "exec", "name": "Executive", "head": "Executive", "parent": "state"},
                {"id": "jail", "name": "Jail", "head": "Director"}]
    root = write_repo(tmp_path, obligations=[obligation(systems=["crm"])], systems=[system], agencies=agencies)
    messages = sorted(f.message for f in fired(check(root, "2020-03-01"), "dangling-reference"))
    assert len(messages) == 3
    assert any("agency 'nobody'" in m for m in messages)
    assert any("party 'ghost'" in m for m in messages)
    assert any("agency 'state'" in m for m in messages)


def test_dangling_reference_is_quiet_when_everything_exists(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(applies_to=["jail", "police"], depends_on=["ob-2"]),
                                             obligation("ob-2")])
    assert fired(check(root, "2020-03-01"), "dangling-reference") == []


def test_a_verifying_agency_must_exist(tmp_path: Path) -> None:
    ev = evidence("ev-1", verified={"by": "Auditor's Office", "on": "2020-06-01", "agency": "audit"})
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[ev])
    [finding] = fired(check(root, "2020-07-01"), "dangling-reference")
    assert "verified.agency: agency 'audit' does not exist" in finding.message


# --- evidence that names no period or event ------------------------------------------------------------


MONTHLY = {"kind": "recurring", "deadline": {"type": "recurring", "every": "month", "day": 10}}


def test_evidence_occurrence_fires_on_a_monthly_report_naming_no_period(tmp_path: Path) -> None:
    # A November review filed on 3 December names no period: the window holding its date is the one due
    # 10 December (11 November to 10 December), so it is credited there and not to November.
    root = write_repo(tmp_path, obligations=[obligation(**MONTHLY)],
                      evidence=[evidence("ev-nov", when="2020-12-03")])
    [finding] = fired(check(root, "2020-12-20"), "evidence-occurrence")
    assert (finding.path, finding.line) == ("evidence/ev-nov.yml", line_of(root, "evidence/ev-nov.yml", "date"))
    assert finding.severity == "warning" and finding.agency == "jail" and finding.obligation == "ob-1"
    assert "names no period" in finding.message and "due 2020-12-10" in finding.message
    assert "add period:" in finding.message


def test_evidence_occurrence_is_quiet_when_the_period_is_named(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(**MONTHLY)],
                      evidence=[evidence("ev-nov", when="2020-12-03", period="2020-11")])
    assert fired(check(root, "2020-12-20"), "evidence-occurrence") == []


def test_evidence_occurrence_fires_on_per_event_evidence_naming_no_event(tmp_path: Path) -> None:
    from builders import event

    per_event = obligation(kind="per-event", deadline={"type": "per-event", "event": "request", "days": 10})
    root = write_repo(tmp_path, obligations=[per_event], events=[event("req-1", when="2020-05-01")],
                      evidence=[evidence("ev-1", when="2020-05-05"), evidence("ev-2", when="2020-05-06",
                                                                              event="req-1")])
    [finding] = fired(check(root, "2020-06-30"), "evidence-occurrence")
    assert finding.path == "evidence/ev-1.yml" and "names no event" in finding.message
    assert "add event:" in finding.message


def test_evidence_occurrence_is_quiet_for_one_time_duties(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1")])
    assert fired(check(root, "2020-12-20"), "evidence-occurrence") == []
