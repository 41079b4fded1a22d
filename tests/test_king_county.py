"""The embedded King County repository, checked today and replayed as of the 2019 audit.

The auditor found by hand, in July 2019: training owed under a clause with no deadline and never
given at the jail or the sheriff's office; the sheriff's office releasing case files with no
per-request review (25 requests); detainer notices not given (48% of 44 sampled hold requests); the
federal immigration agency's logins to the jail's look-up system, removed only in April 2019; and so
two breaches of the ban on giving immigration authorities personal information without a warrant. The
checker must report each of these unprompted, and must not call a prohibition "overdue" for want of a
document: a prohibition is broken by a breach, not by a missing file.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest

from builders import check, fired
from policytrack.checks.checker import CheckResult
from policytrack.law.inforce import section_in_force
from policytrack.model.load import load_repository
from policytrack.site.opendata import open_data_files
from policytrack.status.engine import AgencyStatus, compute_statuses
from policytrack.status.occurrences import Occurrence
from policytrack.status.readings import reading

ROOT = Path(__file__).resolve().parents[1]
DC = Path(__file__).resolve().parent / "repos" / "dc-near-act"
TODAY = "2026-11-27"  # pinned: the day these expectations were last reviewed
WARRANT = "kc-18665-no-personal-info-without-warrant"
LOGINS = "br-2018-03-dajd-ice-logins-jail-lookup"
CASE_FILES = "br-2018-03-kcso-unredacted-case-files"


@pytest.fixture(scope="module")
def audit() -> CheckResult:
    return check(ROOT, "2019-07-09", replay=True)


@pytest.fixture(scope="module")
def today() -> CheckResult:
    return check(ROOT, TODAY)


def _rules_for(result: CheckResult, obligation: str) -> set[tuple[str, str | None]]:
    return {(f.rule, f.agency) for f in result.findings if f.obligation == obligation}


def _row(result: CheckResult, obligation: str, agency: str) -> AgencyStatus:
    row = result.statuses[obligation].agency(agency)
    assert row is not None, f"{obligation} does not bind {agency}"
    return row


def _only_occurrence(row: AgencyStatus) -> Occurrence:
    [occurrence] = row.occurrences
    return occurrence


def test_every_file_loads() -> None:
    for root in (ROOT, DC):
        loaded = load_repository(root)
        assert loaded.findings == [], f"{root}: {loaded.findings}"


def test_audit_replay_training_has_no_deadline_and_no_evidence_at_the_jail_or_sheriff(audit: CheckResult) -> None:
    rules = _rules_for(audit, "kc-18665-training")
    assert ("no-deadline", None) in rules
    assert {("fanout-gap", "dajd"), ("fanout-gap", "kcso")} <= rules
    rows = {row.agency: row for row in audit.statuses["kc-18665-training"].agencies}
    # Public Health's training was on data privacy, another subject: progress, never done (S4.2).
    assert [item.id for item in rows["public-health"].progress] == ["ev-2019-07-09-public-health-data-privacy-training"]
    assert {agency: row.status for agency, row in rows.items()} == {
        "dajd": "no-deadline", "kcso": "no-deadline", "public-health": "in-progress"}
    assert not any(row.evidence for row in rows.values())


def test_audit_replay_sheriff_reviewed_none_of_the_25_requests(audit: CheckResult) -> None:
    assert ("overdue", "kcso") in _rules_for(audit, "kc-18665-kcso-request-review")
    row = _row(audit, "kc-18665-kcso-request-review", "kcso")
    assert row.status == "overdue"
    batch = _only_occurrence(row)
    # docs/status-semantics.md S1.9: the batch's period starts 2018-01-01, before the law (2018-03-08); the
    # source does not say how many of the 25 came before, so the share of its days in the span is owed:
    # 25 x 450 / 516 = 21.8, rounded up to 22 (before issue 15: all 25). record-ignored asks for the count.
    assert (batch.event, batch.count, batch.answered, batch.verdict) == (
        "ev-2018-2019-kcso-ice-records-requests", 22, 0, "missed")
    # S2.6: dated only to May 2019, the batch's last request counts from May's first day, the strict reading
    # for a trigger (before issue 15: May 31).
    assert batch.due == date(2019, 5, 1)
    [ignored] = [f for f in fired(audit, "record-ignored") if f.path.startswith("events/")]
    assert "22 of its 25 events" in ignored.message


def test_audit_replay_detainer_notices_answer_23_of_the_44_sampled_holds(audit: CheckResult) -> None:
    # The Auditor's finding that 21 of the 44 were not told is recorded as a breach, with its source.
    assert ("breached", "dajd") in _rules_for(audit, "kc-18665-detainer-notice")
    row = _row(audit, "kc-18665-detainer-notice", "dajd")
    assert (row.status, [item.id for item in row.open_breaches]) == (
        "breached", ["br-2019-07-09-dajd-hold-notices-not-given"])
    [breach] = row.open_breaches
    assert (breach.count, breach.found_by, breach.source.url) == (
        21, "King County Auditor's Office", audit.repository.events[
            "ev-2019-dajd-ice-hold-requests-audit-sample"].source.url)  # type: ignore[union-attr]
    sample = _only_occurrence(row)
    assert (sample.event, sample.count, sample.answered, sample.verdict) == (
        "ev-2019-dajd-ice-hold-requests-audit-sample", 44, 23, "missed")
    [message] = [f.message for f in fired(audit, "breached") if f.obligation == "kc-18665-detainer-notice"]
    assert "(21 times)" in message


def test_the_notice_breach_does_not_exist_before_the_auditor_found_it() -> None:
    before = check(ROOT, "2019-07-08", replay=True)
    row = _row(before, "kc-18665-detainer-notice", "dajd")
    # The sampled requests happened (June 2019 at the latest) and no notice was on the record: overdue, but the
    # breach exists only from the day the Auditor found it (S3.7).
    assert (row.status, row.breaches) == ("overdue", ())


def test_audit_replay_overdue_findings_are_errors_on_obligation_files(audit: CheckResult) -> None:
    found = fired(audit, "overdue")
    assert found
    for finding in found:
        assert finding.severity == "error" and finding.path.startswith("obligations/")


def test_audit_replay_jail_access_was_removed_late(audit: CheckResult) -> None:
    status = audit.statuses["kc-18665-remove-ice-jail-access"]
    assert status.status == "met-late"
    [late] = [f for f in fired(audit, "met-late") if f.obligation == "kc-18665-remove-ice-jail-access"]
    assert "2019-04-30" in late.message and "418 days" in late.message  # 2018-03-08 to 2019-04-30


def test_audit_replay_shows_both_breaches_and_the_open_one_is_an_error(audit: CheckResult) -> None:
    status = audit.statuses[WARRANT]
    assert status.status == "breached"
    assert {item.id for item in status.breaches} == {LOGINS, CASE_FILES}
    jail, sheriff = _row(audit, WARRANT, "dajd"), _row(audit, WARRANT, "kcso")
    # The jail's logins were cut off in April 2019, before the report: on the record, remedied.
    assert [item.id for item in jail.breaches] == [LOGINS] and jail.status == "no-deadline"
    # The sheriff's office changed its procedure only when the report came out (2019-07-10).
    assert [item.id for item in sheriff.breaches] == [CASE_FILES] and sheriff.status == "breached"
    [finding] = [f for f in fired(audit, "breached") if f.obligation == WARRANT]
    assert (finding.obligation, finding.agency, finding.severity) == (WARRANT, "kcso", "error")
    assert finding.path == "breaches/kc-18665/2018-03-kcso-unredacted-case-files.yml"


def test_breaches_do_not_exist_before_the_auditor_found_them() -> None:
    before = check(ROOT, "2019-07-08", replay=True)
    assert before.statuses[WARRANT].breaches == ()
    assert fired(before, "breached") == []


# Each prohibition has no schedule of attestations (type: none), so it reads no-deadline, unless evidence
# shows it kept (the Auditor's finding on civil detainers, from 2019-07-09: met), a breach is open (the
# sheriff's office's case files, found 2019-07-09, remedied the next day) or a remedy rests on the agency's
# word (from 2019-07-10: remedy-claimed). Never overdue: a prohibition is broken by a breach, not by a
# missing document (S1.15).
PROHIBITIONS = {
    "2019-03-31": {"kc-18665-no-civil-detainers": "no-deadline", "kc-18665-no-civil-enforcement": "no-deadline",
                   "kc-18665-no-conditioning-services": "no-deadline", WARRANT: "no-deadline"},
    "2019-07-09": {"kc-18665-no-civil-detainers": "met", "kc-18665-no-civil-enforcement": "no-deadline",
                   "kc-18665-no-conditioning-services": "no-deadline", WARRANT: "breached"},
    TODAY: {"kc-18665-no-civil-detainers": "met", "kc-18665-no-civil-enforcement": "no-deadline",
            "kc-18665-no-conditioning-services": "no-deadline", WARRANT: "remedy-claimed"},
}


@pytest.mark.parametrize("as_of", sorted(PROHIBITIONS))
def test_no_prohibition_is_overdue_for_want_of_a_document(as_of: str) -> None:
    result = check(ROOT, as_of, replay=True)
    prohibitions = {ob.id: result.statuses[ob.id].status for ob in result.repository.obligations.values()
                    if ob.kind == "prohibition"}
    assert prohibitions == PROHIBITIONS[as_of]
    for obligation_id in prohibitions:
        assert all(rule != "overdue" for rule, _ in _rules_for(result, obligation_id)), obligation_id
    assert not [f for f in result.findings if f.rule == "deadline-form"]


def test_the_audit_finding_shows_the_detainer_ban_kept(audit: CheckResult) -> None:
    status = audit.statuses["kc-18665-no-civil-detainers"]
    assert status.status == "met" and status.verified
    assert not _rules_for(audit, "kc-18665-no-civil-detainers")


def test_before_the_auditors_alerted_the_jail_its_access_is_an_open_error() -> None:
    result = check(ROOT, "2019-03-31", replay=True)
    assert result.statuses["kc-18665-remove-ice-jail-access"].status == "overdue"
    assert ("overdue", "dajd") in _rules_for(result, "kc-18665-remove-ice-jail-access")
    assert result.errors


def test_today_the_jail_access_stays_met_late_and_the_training_is_only_in_progress(today: CheckResult) -> None:
    assert fired(today, "evidence-future") == []
    assert today.statuses["kc-18665-remove-ice-jail-access"].status == "met-late"
    training = today.statuses["kc-18665-training"]
    # The 2021 announcements and the Auditor's note on data-privacy training show progress, never completion.
    assert {row.agency: (row.status, len(row.evidence), len(row.progress)) for row in training.agencies} == {
        "dajd": ("in-progress", 0, 1), "kcso": ("in-progress", 0, 1), "public-health": ("in-progress", 0, 1)}
    assert (training.status, training.verified) == ("in-progress", False)
    # only 23 of the 44 sampled hold requests have any record of notice, then and now: a breach, not remedied
    assert today.statuses["kc-18665-detainer-notice"].status == "breached"


def test_today_both_breaches_of_the_warrant_rule_stay_on_the_record(today: CheckResult) -> None:
    assert [f.obligation for f in fired(today, "breached")] == ["kc-18665-detainer-notice"]
    status = today.statuses[WARRANT]
    assert {item.id for item in status.breaches} == {LOGINS, CASE_FILES}
    # The jail's remedy is the Auditor's finding; the sheriff's office's rests on its own spokesman's word.
    assert {row.agency: row.status for row in status.agencies if row.breaches} == {
        "dajd": "no-deadline", "kcso": "remedy-claimed"}
    assert status.status == "remedy-claimed"
    [claimed] = fired(today, "remedy-claimed")
    assert (claimed.path, claimed.severity) == ("breaches/kc-18665/2018-03-kcso-unredacted-case-files.yml",
                                                "warning")


def test_the_training_is_not_done_as_of_any_date() -> None:
    """No status, page, JSON or CSV reads the training as done on any day from the law's enactment to today."""
    repo = load_repository(ROOT).repository
    day = date(2018, 3, 8)
    while day <= date.fromisoformat(TODAY):
        training = compute_statuses(repo, day)["kc-18665-training"]
        readings = {reading(row.status, row.verified) for row in training.agencies}
        assert training.status not in ("met", "met-late") and not readings & {"met", "met-late", "claimed"}, day
        day += timedelta(days=29)
    files = open_data_files(check(ROOT, TODAY), commit="test")
    rows = [row for row in csv.DictReader(io.StringIO(files["obligations.csv"].decode()))
            if row["obligation"] == "kc-18665-training"]
    assert {(row["agency"], row["status"], row["reading"]) for row in rows} == {
        (agency, "in-progress", "in-progress") for agency in ("dajd", "kcso", "public-health")}
    data = json.loads(files["status.json"])
    [entry] = [item for item in data["obligations"] if item["id"] == "kc-18665-training"]
    assert entry["status"] == "in-progress" and {row["status"] for row in entry["agencies"]} == {"in-progress"}
    assert all(row["evidence"] == [] and len(row["progress"]) == 1 for row in entry["agencies"])


def test_ordinance_19772_changed_the_forms_review_text_from_its_enactment() -> None:
    repo = load_repository(ROOT).repository
    before = section_in_force(repo, "kc-18665", "2.15.010.B", date(2024, 6, 23))
    after = section_in_force(repo, "kc-18665", "2.15.010.B", date(2024, 6, 24))
    assert before.amended_by == () and before.text and "in the agency's best judgment" in before.text
    assert after.amended_by == ("Ordinance 19772 (Legistar file 2024-0157)",)
    assert after.text and "best judgment" not in after.text and "shall be deleted" in after.text


def test_every_king_county_source_is_a_document_not_a_home_page() -> None:
    repo = load_repository(ROOT).repository
    addresses = [item.source.url for item in repo.evidence.values()]
    addresses += [item.source.url for item in repo.events.values() if item.source is not None]
    addresses += [item.source.url for item in repo.breaches.values()]
    addresses += [item.remedy.source.url for item in repo.breaches.values()
                  if item.remedy is not None and item.remedy.source is not None]
    addresses += [item.source for item in repo.amendments.values()]
    assert len(addresses) >= 15
    for address in addresses:
        assert address is not None and urlparse(address).path.strip("/"), address


def test_replaying_the_audit_from_the_command_line(run_cli: object) -> None:
    code, out, err = run_cli("check", ROOT, "--as-of", "2019-07-09", "--format", "json")  # type: ignore[operator]
    assert code == 1 and err == ""
    data = json.loads(out)
    assert data["as_of"] == "2019-07-09"
    by_id = {item["id"]: item for item in data["obligations"]}
    assert by_id["kc-18665-remove-ice-jail-access"]["status"] == "met-late"
    assert by_id["kc-18665-kcso-request-review"]["status"] == "overdue"
    assert by_id[WARRANT]["status"] == "breached"
    assert {(item["id"], item["remedied"]) for item in by_id[WARRANT]["breaches"]} == {
        (LOGINS, True), (CASE_FILES, False)}
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
