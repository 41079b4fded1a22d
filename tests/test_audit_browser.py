"""The audits pages in a real browser (issue 20): the recommendations can be filtered by agency and by
status, and the pages pass the accessibility checks every page kind passes."""

from __future__ import annotations

from playwright.sync_api import Page

from test_browser import A11Y_CHECKS, browser, county_url, serious, tab  # noqa: F401  (fixtures)


def visible_rows(page: Page, selector: str) -> list[str]:
    return page.evaluate(f"[...document.querySelectorAll('{selector} tbody tr')].filter(r => !r.hidden)"
                         ".map(r => r.innerText)")


def test_recommendations_filter_by_agency_and_status(tab: Page, county_url: str) -> None:  # noqa: F811
    tab.goto(county_url + "audits/")
    table = "table[data-pt-filters]"
    assert len(visible_rows(tab, table)) == 3
    agency = tab.get_by_label("Agency:")
    status = tab.get_by_label("Status:")
    assert sorted(agency.evaluate("s => [...s.options].map(o => o.value)")) == [
        "", "Executive Office", "Sheriff's Office"]
    agency.select_option("Executive Office")
    rows = visible_rows(tab, table)
    assert len(rows) == 2 and all("Executive Office" in row for row in rows)
    status.select_option("Disagreed")
    [row] = visible_rows(tab, table)
    assert "Recommendation 3" in row
    agency.select_option("")
    status.select_option("Closed – implemented")
    [row] = visible_rows(tab, table)
    assert "Sheriff" in row and "Recommendation 2" in row
    assert serious(tab) == []
    assert tab.evaluate(A11Y_CHECKS) == []


def test_an_audit_page_reads_well(tab: Page, county_url: str) -> None:  # noqa: F811
    tab.goto(county_url + "audits/county-audit-2019/")
    assert tab.evaluate("document.querySelector('article h1').innerText").startswith("Federal access to county data")
    lead = tab.evaluate("document.querySelector('.pt-lead').innerText")
    assert lead.startswith("3 recommendations: 1 implemented, 0 not implemented, 2 still open")
    assert serious(tab) == []
    assert tab.evaluate(A11Y_CHECKS) == []
