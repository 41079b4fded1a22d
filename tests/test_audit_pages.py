"""Audits on the status site (issue 20): a page per audit, the audits index with its filters, open
recommendations on agency and obligation pages, the home page's line, and the open data
(recommendations.csv, the audits and recommendations in status.json), from the same statuses."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from audit_builders import AUDIT, audit_repo, rec, response
from policytrack.checks.checker import CheckResult, run_check
from policytrack.site.auditdata import REC_CSV_COLUMNS, recommendations_csv
from policytrack.site.build import build_site
from policytrack.site.kit import Site
from policytrack.site.opendata import open_data_files, schema_text, status_json
from policytrack.status.recommendations import recommendation_statuses

AS_OF = date(2022, 3, 1)  # the day of the follow-up report


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    return run_check(audit_repo(tmp_path_factory.mktemp("site") / "repo"), AS_OF)


@pytest.fixture(scope="module")
def site(result: CheckResult) -> Site:
    return build_site(result)


def words(site: Site, path: str) -> str:
    """The page's text without tags, entities decoded, spaces collapsed."""
    import html

    body = re.sub(r"</?(a|time|span|strong|em|code|svg|use|cite)\b[^>]*>", "", site.page(path).body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("¶", "").split())


def test_every_audit_has_its_page_and_the_index_is_in_the_navigation(site: Site) -> None:
    for path in ("audits/index.md", "audits/au-1/index.md", "audits/au-1-follow-up/index.md"):
        assert site.page(path).body.count("<h1") == 1
    assert "audits/index.md" in site.nav


def test_the_audit_page_shows_findings_breaches_and_each_recommendation_with_its_history(site: Site) -> None:
    page = words(site, "audits/au-1/index.md")
    assert "Issued by Office of the Auditor · on 1 March 2021 · Source: Jail data audit" in page
    assert "It examined: An ordinance, Jail, Police." in page
    assert ("7 recommendations: 1 implemented, 1 not implemented, 1 no longer applicable, 4 still open "
            "(1 of them found not implemented so far)") in page
    assert "The jail shared records without a warrant. About: Title of ob-1" in page
    assert "Breaches on record" in page and "Records shared without a warrant." in page
    assert "Followed up in Follow-up on the jail data audit (1 March 2022)" in page
    body = site.page("audits/au-1/index.md").body
    for key in ("r-1", "r-2", "r-3", "r-4", "r-5", "r-6", "r-7"):
        assert f'id="rec-{key}"' in body
    r3 = page.split("Recommendation 3 Closed", 1)[1].split("Recommendation 4 ", 1)[0]
    assert r3.startswith(" – implemented Addressed to Police The agency should do r-3.")
    # a source's title, then where its link goes (issue 18: link text names what the link reaches)
    assert ("1 March 2021: Issued in the report 'Jail data audit'. Source: Jail data audit, at example.org/audit-1 "
            "1 April 2021: The agency disagreed. Source: The Executive's response, at example.org/response-letter "
            "1 September 2021: reported by Police: Police changed its request form. Source: example.org/form "
            "1 March 2022: Assessed implemented by Office of the Auditor (closed).") in r3
    r4 = page.split("Recommendation 4 Action", 1)[1].split("Recommendation 5 ", 1)[0]
    assert "reported (claimed)" in r4 and "reported by Executive: Assessed implemented by the agency itself" in r4


def test_the_follow_up_page_lists_its_assessments(site: Site) -> None:
    page = words(site, "audits/au-1-follow-up/index.md")
    assert "A follow-up of Jail data audit" in page
    assert "Recommendation 3: implemented. Found implemented." in page


def test_the_index_lists_every_recommendation_filterable_by_agency_and_status(site: Site, result: CheckResult) -> None:
    body = site.page("audits/index.md").body
    table = body.split("<h2 id=\"recommendations\"", 1)[1].split("</table>", 1)[0]
    assert 'data-pt-filters="Status,Agency"' in table
    assert table.count("<tr><td") == len(recommendation_statuses(result.repository, AS_OF)) == 7
    page = words(site, "audits/index.md")
    for label in ("Open, no response", "Closed – implemented", "Closed – not implemented", "No longer applicable",
                  "Action reported (claimed)"):
        assert label in page
    assert 'id="status-closed-not-implemented"' in body
    assert "recommendations.csv" in page


def test_agency_and_obligation_pages_list_their_open_recommendations(site: Site) -> None:
    jail = words(site, "agencies/jail/index.md")
    assert "Open recommendations 2 audit recommendations addressed to it: 2 open, 0 closed by the auditor." in jail
    assert "In progress since 1 March 2022: Recommendation 2 of Jail data audit" in jail
    police = words(site, "agencies/police/index.md")
    assert "4 audit recommendations addressed to it: 2 open, 2 closed by the auditor." in police
    assert "Not implemented (open)" in police and "Closed – implemented" not in police
    obligation = words(site, "obligations/ob-1/index.md")
    assert "1 audit recommendation concerning it: 1 open, 0 closed" in obligation
    assert "no open recommendations" not in words(site, "agencies/auditor/index.md").lower()
    assert "Open recommendations" not in words(site, "agencies/auditor/index.md")


def test_the_home_page_says_how_each_audit_stands(site: Site) -> None:
    home = words(site, "index.md")
    assert ("Audits and their recommendations Jail data audit (Office of the Auditor, 1 March 2021): 7 "
            "recommendations: 1 implemented, 1 not implemented, 1 no longer applicable, 4 still open") in home


def test_before_the_audit_the_site_has_no_audit(tmp_path: Path) -> None:
    site = build_site(run_check(audit_repo(tmp_path / "r"), date(2021, 2, 28)))
    assert "audits/index.md" not in site.nav
    assert not [page for page in site.pages if page.path.startswith("audits/")]
    assert "Open recommendations" not in words(site, "agencies/jail/index.md")


def test_status_json_carries_audits_and_recommendations_and_validates(result: CheckResult) -> None:
    data = status_json(result, "abc")
    schema = json.loads(schema_text("status.schema.json"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    found = recommendation_statuses(result.repository, AS_OF)
    assert {item["id"]: item["status"] for item in data["recommendations"]} == {
        key: item.status for key, item in found.items()}
    [audit] = [item for item in data["audits"] if item["id"] == AUDIT["id"]]
    assert audit["counts"] == {"recommendations": 7, "implemented": 1, "not-implemented": 1,
                               "no-longer-applicable": 1, "open": 4}
    r3 = next(item for item in data["recommendations"] if item["id"] == "r-3")
    assert [step["kind"] for step in r3["history"]] == ["issued", "response", "action", "assessment"]
    assert r3["page"] == "audits/au-1/#rec-r-3"


def test_recommendations_csv_validates_against_its_table_schema(result: CheckResult) -> None:
    schema = json.loads(schema_text("recommendations.schema.json"))
    fields = schema["fields"]
    assert [field["name"] for field in fields] == [name for name, _, _ in REC_CSV_COLUMNS]
    rows = list(csv.reader(io.StringIO(recommendations_csv(result), newline="")))
    assert rows[0] == [field["name"] for field in fields] and len(rows) == 8
    for row in rows[1:]:
        for value, field in zip(row, fields, strict=True):
            constraints = field.get("constraints", {})
            if value == "":
                assert not constraints.get("required"), field["name"]
                continue
            if field["type"] == "date":
                date.fromisoformat(value)
            if "enum" in constraints:
                assert value in constraints["enum"]
    files = open_data_files(result, commit="x")
    assert "recommendations.csv" in files and "recommendations.schema.json" in files


def test_text_from_the_records_is_escaped(tmp_path: Path) -> None:
    hostile = "<script>window.__pwned = 1</script>"
    root = audit_repo(tmp_path / "r", recommendations=[
        rec("r-1", text=hostile, response=response("agree", text=hostile, target="2021-06")),
        rec("r-2", text='=HYPERLINK("https://example.org")')], assessments=[])
    result = run_check(root, AS_OF)
    site = build_site(result)
    for page in site.pages:
        assert "<script>" not in page.body, page.path
    rows = {row["recommendation"]: row for row in csv.DictReader(io.StringIO(recommendations_csv(result),
                                                                             newline=""))}
    assert rows["r-2"]["text"].startswith("'=HYPERLINK")  # a spreadsheet shows it as text
    assert rows["r-1"]["target"] == "2021-06-30"  # a month: its last day, as counted
