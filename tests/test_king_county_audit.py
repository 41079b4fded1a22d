"""King County's 2019 audit and its recommendations (issue 20), replayed as of the report's date and
checked today, in the style of tests/test_king_county.py.

What the public record says (docs/king-county-sources.md, section e): the report of 2019-07-09 recommends,
in its executive summary, a privacy program, a catalog of personal information, disposal of sensitive
personal information, training, and regular monitoring; the County Executive's letter of 2019-07-01
agreed with the recommendations for training and "a concrete plan to protect residents' privacy" (AP), and
the official responses said the county would "step up its training and monitoring" (Seattle Globalist);
what the letter said of the catalog and of disposal was not found. County employee news announced the
K.C.C. 2.15 training on 2021-10-12; the Sheriff's Office reviewed its data-sharing after the audit and
left the LInX database in August 2019. No follow-up by the Auditor's Office was found, so nothing is
closed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builders import check, fired
from policytrack.checks.checker import CheckResult
from policytrack.site.build import build_site
from policytrack.status.recommendations import recommendation_statuses

ROOT = Path(__file__).resolve().parents[1]
AUDIT = "kc-auditor-2019-ice-access"
TODAY = "2026-11-27"  # pinned, as in test_king_county.py


def statuses(result: CheckResult) -> dict[str, str]:
    found = recommendation_statuses(result.repository, result.as_of)
    return {key.removeprefix(AUDIT + "-"): item.status for key, item in found.items()}


@pytest.fixture(scope="module")
def report_day() -> CheckResult:
    return check(ROOT, "2019-07-09", replay=True)


@pytest.fixture(scope="module")
def today() -> CheckResult:
    return check(ROOT, TODAY)


def test_the_audit_and_its_five_recommendations_are_recorded_from_their_sources(today: CheckResult) -> None:
    repo = today.repository
    audit = repo.audits[AUDIT]
    assert (audit.title, audit.auditor, audit.date) == (
        "ICE Access to County Data Shows Privacy Program Gaps", "King County Auditor's Office", date(2019, 7, 9))
    assert "We recommend that the County develop a privacy program" in (audit.summary or "")
    # The hold-request finding (21 of 44 not told) is a breach of the notice duty since issue 15.
    assert {key for finding in audit.findings for key in finding.breaches} == {
        "br-2018-03-dajd-ice-logins-jail-lookup", "br-2018-03-kcso-unredacted-case-files",
        "br-2019-07-09-dajd-hold-notices-not-given"}
    assert all(finding.source is not None and finding.source.url for finding in audit.findings)
    recommendations = [item for item in repo.recommendations.values() if item.audit == AUDIT]
    assert len(recommendations) == 5
    summary = " ".join((audit.summary or "").split())
    for item in recommendations:
        assert item.number is None  # the report's numbering was not found: none is invented
        for part in item.text.replace("…", "|").split("|"):  # each quoted piece is the summary's own words
            assert " ".join(part.split()) in summary, item.id
        assert item.response is not None and item.response.source.url and item.response.target is None
    assert repo.assessments == {}  # no follow-up by the auditor was found


def test_before_the_report_there_is_nothing_to_recommend() -> None:
    assert statuses(check(ROOT, "2019-07-08", replay=True)) == {}


def test_replayed_as_of_the_report_the_statuses_are_what_the_report_and_its_response_say(
        report_day: CheckResult) -> None:
    assert statuses(report_day) == {
        "privacy-program": "agreed", "training": "agreed", "monitoring": "agreed",
        "catalog": "answered", "dispose": "answered",  # the letter exists; what it said of these was not found
    }
    assert [item for item in report_day.findings if item.path.startswith(("audits/", "recommendations/"))] == []


def test_today_two_actions_are_reported_and_nothing_is_closed(today: CheckResult) -> None:
    assert statuses(today) == {
        "privacy-program": "agreed", "training": "action-reported", "monitoring": "action-reported",
        "catalog": "answered", "dispose": "answered",
    }
    found = recommendation_statuses(today.repository, today.as_of)
    assert all(item.last_assessed is None and not item.closed for item in found.values())
    training = found[AUDIT + "-training"]
    assert training.since == date(2021, 10, 12)
    for rule in ("recommendation-no-response", "recommendation-target-passed", "self-assessment",
                 "dangling-reference", "unused-silence"):
        assert [item for item in fired(today, rule) if "recommendations/" in item.path] == [], rule


def test_the_site_shows_the_audit_on_its_page_and_on_the_home_page(today: CheckResult) -> None:
    site = build_site(today)
    page = site.page(f"audits/{AUDIT}/index.md").body
    assert "ICE Access to County Data Shows Privacy Program Gaps" in page
    assert page.count('id="rec-') == 5 and "Breaches on record" in page
    assert "5 recommendations: 0 implemented, 0 not implemented, 5 still open" in site.page("index.md").body
    assert "Open recommendations" in site.page("agencies/executive/index.md").body
    assert "Open recommendations" in site.page("obligations/kc-18665-training/index.md").body
