"""Who an obligation binds and over what: selectors, for_each instances, joint owners; partial dates."""

from __future__ import annotations

from pathlib import Path

from builders import AGENCIES, check, event, evidence, fired, obligation, write_repo

TAGGED = [
    {**AGENCIES[0], "tags": ["surveillance"]},
    {**AGENCIES[1]},
    {**AGENCIES[2], "tags": ["surveillance"]},
]
SYSTEMS = [
    {"id": "alpr", "name": "Licence plate readers", "operator": "police", "tags": ["surveillance-technology"]},
    {"id": "cctv", "name": "Cameras", "operator": "jail", "tags": ["surveillance-technology"]},
    {"id": "payroll", "name": "Payroll", "operator": "exec"},
]


def test_a_tag_selector_binds_every_agency_carrying_the_tag(tmp_path: Path) -> None:
    ob = obligation(applies_to={"agencies_tagged": "surveillance"})
    root = write_repo(tmp_path, obligations=[ob], agencies=TAGGED, evidence=[evidence("ev-1", agency="police")])
    status = check(root, "2020-07-01").statuses["ob-1"]
    assert {row.agency: row.status for row in status.agencies} == {"exec": "overdue", "police": "met"}
    result = check(root, "2020-07-01")
    assert [f.agency for f in fired(result, "fanout-gap")] == ["exec"]


def test_an_operator_selector_binds_each_department_that_uses_a_tagged_system(tmp_path: Path) -> None:
    ob = obligation(applies_to={"operators_of_systems_tagged": "surveillance-technology"})
    root = write_repo(tmp_path, obligations=[ob], systems=SYSTEMS)
    status = check(root, "2020-07-01").statuses["ob-1"]
    assert [row.agency for row in status.agencies] == ["jail", "police"]


def test_evidence_from_an_agency_the_selector_does_not_bind_is_reported(tmp_path: Path) -> None:
    ob = obligation(applies_to={"agencies_tagged": "surveillance"})
    root = write_repo(tmp_path, obligations=[ob], agencies=TAGGED, evidence=[evidence("ev-1", agency="jail")])
    [finding] = fired(check(root, "2020-07-01"), "evidence-unbound-agency")
    assert "binds exec, police" in finding.message


def test_for_each_system_makes_one_instance_each_with_its_own_events_and_evidence(tmp_path: Path) -> None:
    impact = obligation(
        kind="per-event",
        applies_to={"operators_of_systems_tagged": "surveillance-technology"},
        for_each={"systems_tagged": "surveillance-technology"},
        deadline={"type": "per-event", "event": "acquisition", "days": 0, "direction": "before"},
    )
    events = [event("acq-alpr", "acquisition", "police", "2020-03-01", system="alpr"),
              event("acq-cctv", "acquisition", "jail", "2020-04-01", system="cctv")]
    proof = [evidence("ev-alpr", agency="police", when="2020-02-01", event="acq-alpr", item="alpr")]
    root = write_repo(tmp_path, obligations=[impact], systems=SYSTEMS, events=events, evidence=proof)
    status = check(root, "2020-05-01").statuses["ob-1"]
    rows = {(row.agency, row.instance): row.status for row in status.agencies}
    assert rows == {("jail", "cctv"): "overdue", ("police", "alpr"): "met"}
    assert status.status == "overdue"
    # before the cameras' acquisition was recorded, nothing was due for them
    assert check(root, "2020-03-15").statuses["ob-1"].agency("jail").status == "not-yet-due"  # type: ignore[union-attr]


def test_joint_owners_are_bound_and_referenced(tmp_path: Path) -> None:
    ob = obligation(co_owners=[{"agency": "police", "role": "Chief"}, {"agency": "nobody", "role": "Head"}])
    root = write_repo(tmp_path, obligations=[ob])
    result = check(root, "2020-07-01")
    # docs/status-semantics.md S1.14: joint owners answer together, in one row (before issue 15: one row each)
    assert [row.agency for row in result.statuses["ob-1"].agencies] == ["jail"]
    [dangling] = fired(result, "dangling-reference")
    assert "co_owners[1].agency" in dangling.message


def test_a_partial_date_counts_as_the_last_day_of_its_span(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1", when="2020-06")])
    status = check(root, "2020-12-01").statuses["ob-1"]
    assert status.status == "met" and status.agencies[0].latest.date.isoformat() == "2020-06"  # type: ignore[union-attr]
    late = write_repo(tmp_path / "b", obligations=[obligation()], evidence=[evidence("ev-1", when="2020")])
    assert check(late, "2021-01-01").statuses["ob-1"].status == "met-late"  # 2020 may mean December 31
    assert check(late, "2020-12-30", replay=True).statuses["ob-1"].status == "overdue"  # not provable yet


def test_an_unknown_effective_date_is_stated_not_invented(tmp_path: Path) -> None:
    from builders import ORDINANCE

    ordinance = {**ORDINANCE, "effective": "unknown"}
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "relative", "days": 10})],
                      ordinances=[ordinance])
    status = check(root, "2020-02-01").statuses["ob-1"]
    assert str(status.due) == "2020-01-11"  # counted from enactment, 2020-01-01, where the effective date is unknown


def test_a_breach_is_an_error_until_its_remedy_then_a_warning_on_the_record(tmp_path: Path) -> None:
    from builders import breach

    ob = obligation(kind="prohibition", deadline={"type": "none"})
    found = breach("br-1", when="2020-02", found_on="2020-05-01",
                   remedy={"date": "2020-08-01", "summary": "Accounts closed."})
    root = write_repo(tmp_path, obligations=[ob], breaches=[found])
    assert fired(check(root, "2020-04-30"), "breached") == []  # not found yet
    [open_one] = fired(check(root, "2020-05-01"), "breached")
    assert open_one.severity == "error" and open_one.path == "breaches/br-1.yml"
    assert fired(check(root, "2020-05-01"), "breach-remedied") == []
    later = check(root, "2020-08-01")
    assert fired(later, "breached") == []
    [kept] = fired(later, "breach-remedied")
    assert kept.severity == "warning" and "remedied 2020-08-01: Accounts closed." in kept.message
    assert later.statuses["ob-1"].status == "no-deadline"


def test_a_selector_that_matches_nobody_binds_nobody(tmp_path: Path) -> None:
    ob = obligation(applies_to={"operators_of_systems_tagged": "surveillance-technology"})
    root = write_repo(tmp_path, obligations=[ob])  # no system carries the tag yet
    result = check(root, "2021-01-01")
    status = result.statuses["ob-1"]
    assert (status.status, status.agencies) == ("not-yet-due", ())
    assert fired(result, "overdue") == []


def test_a_breach_by_an_agency_the_obligation_does_not_name_still_makes_it_breached(tmp_path: Path) -> None:
    from builders import breach

    ob = obligation(kind="prohibition", deadline={"type": "none"})
    root = write_repo(tmp_path, obligations=[ob], breaches=[breach("br-1", agency="police")])
    status = check(root, "2020-06-01").statuses["ob-1"]
    assert status.status == "breached"
    assert {row.agency: row.status for row in status.agencies} == {"jail": "no-deadline", "police": "breached"}


def test_a_partial_date_is_shown_as_approximate() -> None:
    from datetime import date

    from policytrack.model.fields import ApproxDate
    from policytrack.site.words import long_date

    assert long_date(ApproxDate(2021, 6, 30, "month")) == "June 2021 (approx.)"
    assert long_date(ApproxDate(2021, 12, 31, "year")) == "2021 (approx.)"
    assert long_date(date(2021, 6, 30)) == "30 June 2021"
