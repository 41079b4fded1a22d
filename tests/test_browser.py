"""The built King County site in a real browser, as its readers see it: residents, agency clerks, auditors.

Playwright drives Debian's chromium (``executable_path``; no browser is downloaded) and axe-core (the
script ``axe-playwright-python`` ships) measures accessibility. The site is served by ``http.server`` on
127.0.0.1; a page that asks any other host, logs a JavaScript error or shows a serious accessibility
violation fails. Screenshots of every kind of page at desktop and phone width are saved in
``test-artifacts/``. If chromium is missing these tests fail (``make test`` installs it).
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from policytrack.checks.checker import run_check
from policytrack.site.parts import obligation_reading
from policytrack.site.words import LABELS, duration, long_date
from test_site_support import (
    ARTIFACTS,
    AS_OF,
    COUNTY,
    HOSTILE_SUMMARY,
    PAST,
    county_past_site,
    county_site,
    county_zensical_site,
    hostile_site,
    kc_site,
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

PAGE_KINDS = {
    "home": "",
    "ordinance": "ordinances/ord-7/",
    "obligation": "obligations/training/",
    "agency": "agencies/jail/",
    "system": "systems/jail-lookup/",
    "ordinances": "ordinances/",
    "obligations": "obligations/",
    "agencies": "agencies/",
    "systems": "systems/",
    "statuses": "statuses/",
    "rules": "rules/",
    "findings": "findings/",
    "open-data": "open-data/",
    "tags": "tags/",
    "about": "about/",
}
"""One page of every kind the site has, by name, in the miniature county (tests/repos/county)."""

A11Y_CHECKS = r"""
// Checks axe-core does not make: one h1, no skipped heading level, progress bars and diagrams named,
// badges with words and a text contrast of at least 4.5:1. Returns a list of problems.
(() => {
  const problems = [];
  const article = document.querySelector("article") || document.body;
  if (article.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  let previous = 1;
  for (const heading of article.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) problems.push(`heading level skipped before "${heading.textContent.trim()}"`);
    previous = level;
  }
  for (const bar of article.querySelectorAll(".pt-bar")) {
    if (!bar.getAttribute("aria-label")) problems.push("done bar without a label");
  }
  for (const svg of article.querySelectorAll("svg[role=img]")) {
    if (!svg.getAttribute("aria-labelledby") && !svg.getAttribute("aria-label")) problems.push("unlabelled diagram");
  }
  for (const table of article.querySelectorAll("table")) {
    if (!table.querySelector("caption")) problems.push(`table without a caption: ${table.innerText.slice(0, 60)}`);
    for (const th of table.querySelectorAll("thead th")) {
      if (th.getAttribute("scope") !== "col") problems.push("column header without scope");
    }
  }
  const rgb = (value) => value.match(/[\d.]+/g).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  for (const badge of document.querySelectorAll(".pt-badge, .pt-proof")) {
    const style = getComputedStyle(badge);
    const [fg, bg] = [luminance(rgb(style.color)), luminance(rgb(style.backgroundColor))];
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) problems.push(`badge "${badge.textContent.trim()}" contrast ${ratio.toFixed(2)}`);
    if (!badge.textContent.trim()) problems.push("badge without words");
    if (!badge.querySelector("svg.pt-icon")) problems.push(`badge without its symbol: ${badge.textContent.trim()}`);
    const size = parseFloat(style.fontSize);
    const tall = badge.getBoundingClientRect().height > 2.5 * size;
    if (tall) problems.push(`badge taller than a line: ${badge.textContent}`);
    const symbol = badge.querySelector("svg.pt-icon");
    if (symbol && symbol.getBoundingClientRect().width > 1.5 * size) problems.push("badge symbol too large");
  }
  return problems;
})()
"""


def table_after(heading: str) -> str:
    """A JavaScript expression: the first table after the heading with this id (the theme wraps tables)."""
    return (f"(() => {{ let node = document.getElementById('{heading}');"
            " while (node && !(node.matches('table') || node.querySelector('table'))) node = node.nextElementSibling;"
            " return node.matches('table') ? node : node.querySelector('table'); })()")


def mark_table(page: Page, heading: str) -> str:
    """Mark the first table after the heading so selectors can reach it; return its selector."""
    page.evaluate(f"{table_after(heading)}.setAttribute('data-test', '{heading}')")
    return f"table[data-test='{heading}']"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def chromium_path() -> str:
    """Debian's chromium, or a failure that says how to get it (the browser tests never skip)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Debian's chromium is not installed: run `make browser` (or `apt-get install chromium`); "
                "the browser tests need it and do not skip", pytrace=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def county_url() -> Iterator[str]:
    server, url = serve(county_site())
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def kc_url() -> Iterator[str]:
    """This repository's King County site: long lists (its data moves, so tests read their facts from it)."""
    server, url = serve(kc_site())
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def past_url() -> Iterator[str]:
    server, url = serve(county_past_site())
    yield url
    server.shutdown()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    """A desktop-sized page that fails the test on a JavaScript error or a request to another host."""
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A bare JSON file has no icon, so the browser's own request for /favicon.ico fails: not the site's error.
    page.on("console", lambda message: errors.append(message.text) if message.type == "error"
            and not message.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).hostname not in ("127.0.0.1", None) else None)
    yield page
    context.close()
    assert outside == [], f"the page fetched from the network: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


def serious(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, as 'rule: targets'."""
    found = Axe().run(page).response["violations"]
    return [f"{item['id']}: {[node['target'] for node in item['nodes']][:3]}" for item in found
            if item["impact"] in ("serious", "critical")]


def test_playwright_drives_debians_chromium(tab: Page) -> None:
    tab.goto("data:text/html,<title>x</title><p id=p>hello</p>")
    assert tab.evaluate("document.getElementById('p').textContent") == "hello"
    assert tab.context.browser is not None and tab.context.browser.version


def test_home_answers_first_then_lists_overdue_oldest_first(tab: Page, county_url: str) -> None:
    tab.goto(county_url)
    first = tab.evaluate("document.querySelector('article h2').nextElementSibling.innerText")
    result = run_check(COUNTY, AS_OF)
    # A duty is one obligation for one agency: each agency it binds, and an owner it does not bind (who owes it
    # as the obligation stands); repealed duties and duties not in force are not owed.
    duties = [(row.agency, row.status) for status in result.statuses.values() for row in status.agencies if row.agency]
    duties += [(owner.agency, status.status) for status in result.statuses.values()
               for owner in result.repository.obligations[status.obligation].owners
               if owner.agency not in {row.agency for row in status.agencies}]
    owed = [duty for duty in duties if duty[1] not in ("repealed", "not-in-force")]
    behind = [duty for duty in owed if duty[1] in ("overdue", "lapsed")]
    assert f"Example County is behind on {len(behind)} of its {len(owed)} duties under Ordinance 7" in first
    breaches = {item.id for status in result.statuses.values() for item in status.breaches}
    assert f"{len(breaches)} breach{'es' if len(breaches) > 1 else ''} of the law on record" in first
    assert tab.evaluate("document.querySelector('article h2 + ul + h2').id") == "breaches"  # right after the answer
    table = mark_table(tab, "overdue-oldest-first")
    rows = tab.evaluate(f"[...document.querySelectorAll(\"{table} tbody tr\")].map(row => row.innerText)")
    overdue = sorted([(row.due, key) for key, status in result.statuses.items() for row in status.agencies
                      if row.status in ("overdue", "lapsed")]
                     + [(status.due, key) for key, status in result.statuses.items()  # owners not bound owe it too
                        for owner in result.repository.obligations[key].owners
                        if owner.agency not in {row.agency for row in status.agencies}
                        and status.status in ("overdue", "lapsed")])
    assert len(rows) == len(overdue)
    assert result.repository.obligations[overdue[0][1]].title in rows[0]
    oldest = overdue[0][0]
    assert "Overdue: no proof" in rows[0] and long_date(oldest) in rows[0]
    assert f"{duration(oldest, AS_OF)} overdue" in rows[0]
    assert "30 June 2025" in tab.evaluate("document.querySelector('.pt-asof').innerText")


@pytest.mark.parametrize("which", ["county", "king-county"])
def test_scorecard_counts_match_the_published_json(tab: Page, county_url: str, kc_url: str, which: str) -> None:
    tab.goto(county_url if which == "county" else kc_url)
    shown = tab.evaluate("""(() => {
        const table = TABLE;
        const names = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
        return [...table.querySelectorAll('tbody tr')].map(row => {
            const cells = [...row.cells];
            const href = cells[0].querySelector('a').getAttribute('href');
            return [href, Object.fromEntries(cells.slice(1).map((cell, i) => [names[i + 1], Number(cell.innerText)]))];
        });
    })()""".replace("TABLE", table_after("agency-scorecard")))
    data = json.loads(((county_site() if which == "county" else kc_site()) / "status.json").read_text())
    columns = {"overdue": "Behind", "disputed": "Behind", "lapsed": "Behind", "no-deadline": "No deadline",
               "waived": "Waived", "breached": "Breached", "remedy-claimed": "Remedy claimed",
               "blocked": "Not yet due", "due-soon": "Not yet due", "pending": "Not yet due",
               "not-yet-due": "Not yet due", "in-progress": "In progress", "claimed": "Done, not verified",
               "met": "Done, verified", "met-late": "Done, verified"}
    urgency = ["breached", "remedy-claimed", "overdue", "disputed", "lapsed", "blocked", "no-deadline", "due-soon",
               "in-progress", "pending", "not-yet-due", "claimed", "met-late", "met", "waived", "not-in-force",
               "repealed"]  # README: most urgent first

    def reading(row: dict[str, Any]) -> str:
        if row["status"] in ("met", "met-late") and not row["verified"]:
            return "claimed"
        return str(row["status"])

    expected: dict[str, Counter[str]] = {}

    def count(agency: str, word: str) -> None:
        if word in columns:  # repealed or not in force: not owed
            counts = expected.setdefault(agency, Counter())
            counts[columns[word]] += 1
            counts["Duties"] += 1

    for obligation in data["obligations"]:
        for row in obligation["agencies"]:
            count(row["agency"], reading(row))
        owner = obligation["owner"]  # an owner the obligation does not bind owes it as the obligation stands
        if owner and owner["agency"] not in {row["agency"] for row in obligation["agencies"]}:
            whole = ("blocked" if obligation["status"] == "blocked" or not obligation["agencies"] else
                     min((reading(row) for row in obligation["agencies"]), key=urgency.index))
            count(owner["agency"], whole)
    assert len(shown) == len(expected)
    for href, cells in shown:
        agency = href.strip("/").split("/")[-1]
        for column, value in cells.items():
            assert value == expected[agency][column], (agency, column)
    assert any(cells["Done, not verified"] for _, cells in shown)  # claimed completion, counted apart


def test_obligation_page_puts_submit_near_the_top_and_reads_an_announcement_as_progress(tab: Page,
                                                                                        county_url: str) -> None:
    tab.goto(county_url + "obligations/training/")
    result = run_check(COUNTY, AS_OF)
    evidence = [item for item in result.repository.evidence_for("training") if item.date <= AS_OF]
    timeline = tab.inner_text(".pt-timeline")
    for item in evidence:
        assert " ".join(item.summary.split())[:60] in " ".join(timeline.split())
    lead = tab.inner_text(".pt-lead").strip()
    assert lead.startswith(LABELS[obligation_reading(result.statuses["training"])])
    buttons = tab.evaluate("""[...document.querySelectorAll('a.md-button')]
        .filter(a => a.innerText.startsWith('Submit evidence')).map(a => [a.innerText, a.href,
            a.getBoundingClientRect().top + window.scrollY])""")
    assert len(buttons) == len(result.repository.obligations["training"].applies_to)
    label, href, top = buttons[0]
    assert label.startswith("Submit evidence for ")
    assert href.startswith("https://github.com/example/county/new/main?filename=evidence/training/2025-06-30-")
    assert top < DESKTOP["height"], "the Submit button is not on the first screen"
    table = mark_table(tab, "status-per-agency")
    rows = tab.evaluate(f"[...document.querySelectorAll(\"{table} tbody tr\")].map(r => r.innerText)")
    jail = next(row for row in rows if "Detention" in row)
    # The jail's only record is an announcement: progress, never done (S4.2).
    assert "In progress: not done" in jail and "in progress since 12 October 2021" in jail


def test_agency_page_lists_what_to_submit_next_with_buttons(tab: Page, county_url: str) -> None:
    tab.goto(county_url + "agencies/jail/")
    steps = tab.evaluate("""[...document.querySelectorAll('.pt-steps li')].map(li => [li.innerText,
        li.querySelector('a.pt-submit') && li.querySelector('a.pt-submit').href])""")
    assert steps, "no 'What to submit next' list"
    text, href = steps[0]
    assert "Evidence needed:" in text and href.startswith("https://github.com/example/county/new/main?")
    assert "filename=evidence/" in href and "/2025-06-30-jail" in href and "%0Aagency%3A%20jail%0A" in href
    top = tab.evaluate("document.querySelector('.pt-steps a.pt-submit').getBoundingClientRect().top")
    assert top < 2 * DESKTOP["height"]


def test_tables_sort_and_filter(tab: Page, kc_url: str) -> None:
    tab.goto(kc_url + "obligations/")
    table = mark_table(tab, "obligations")
    before = tab.evaluate(f"document.querySelectorAll(\"{table} tbody tr\").length")
    word = max(tab.evaluate(f"document.querySelector(\"{table} tbody tr\").cells[1].innerText").split(), key=len)
    tab.fill("input[type=search][id^=pt-filter]", word)
    visible = tab.evaluate(f"[...document.querySelectorAll(\"{table} tbody tr\")].filter(r => !r.hidden)"
                           ".map(r => r.innerText)")
    assert 0 < len(visible) < before and all(word.lower() in row.lower() for row in visible)
    tab.fill("input[type=search][id^=pt-filter]", "")
    tab.click(f"{table} thead th:nth-child(5) button")
    dates = tab.evaluate(f"[...document.querySelectorAll(\"{table} tbody tr\")].map(r => "
                         "(r.cells[4].querySelector('time') || {}).dateTime || '')")
    assert [item for item in dates if item] == sorted(item for item in dates if item)
    assert tab.get_attribute(f"{table} thead th:nth-child(5)", "aria-sort") == "ascending"


def test_search_finds_an_obligation_with_its_status(tab: Page, county_url: str) -> None:
    result = run_check(COUNTY, AS_OF)
    title = next(result.repository.obligations[key].title for key, status in sorted(result.statuses.items())
                 if status.status == "overdue")
    tab.goto(county_url)
    tab.click(".md-search__input")
    tab.keyboard.type(max(title.split(), key=len))
    tab.wait_for_selector(".md-search-result__item", timeout=20_000)
    found = tab.inner_text(".md-search-result__list")
    assert title in found
    assert "Overdue: no proof" in found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_kind_of_page_has_no_serious_accessibility_violation(browser: Browser, county_url: str,
                                                                    width: str) -> None:
    context = browser.new_context(viewport=WIDTHS[width])  # type: ignore[arg-type]
    page = context.new_page()
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        problems = {}
        for kind, address in PAGE_KINDS.items():
            page.goto(county_url + address)
            page.screenshot(path=str(ARTIFACTS / f"{kind}-{width}.png"), full_page=True)
            found = serious(page) + page.evaluate(A11Y_CHECKS)
            if found:
                problems[kind] = found
        assert problems == {}
    finally:
        context.close()


def test_dark_mode_keeps_badges_readable_and_accessible(tab: Page, county_url: str) -> None:
    tab.goto(county_url + "agencies/jail/")
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert tab.evaluate(A11Y_CHECKS) == []
    assert serious(tab) == []


def test_on_a_phone_no_table_is_wider_than_the_screen(browser: Browser, county_url: str, kc_url: str) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        for kind, address in [*PAGE_KINDS.items(), ("king county home", ""), ("king county ordinance",
                                                                               "ordinances/kc-18665/")]:
            page.goto((kc_url if kind.startswith("king county") else county_url) + address)
            widest = page.evaluate("Math.max(0, ...[...document.querySelectorAll('article table')]"
                                   ".map(t => t.getBoundingClientRect().right))")
            assert widest <= PHONE["width"], (kind, widest)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], kind
        page.goto(kc_url)
        first = page.evaluate("""(() => { const row = TABLE.querySelector('tbody tr');
            const top = (cell) => cell.getBoundingClientRect().top;
            const cell = [...row.cells].sort((a, b) => top(a) - top(b))[0];
            return [cell.dataset.label, cell.innerText.trim()] })()""".replace(
            "TABLE", table_after("overdue-oldest-first")))
        assert first == ["Status", "Overdue: no proof"]  # each row is a card, its status first
    finally:
        context.close()


def test_a_view_of_the_past_says_so_and_has_no_submit_buttons(tab: Page, past_url: str) -> None:
    for address in ("", "obligations/training/", "agencies/jail/"):
        tab.goto(past_url + address)
        assert tab.title().split(" - ")[0].endswith("(as of 9 July 2019)"), tab.title()
        banner = tab.inner_text(".pt-historical")
        assert "9 July 2019" in banner and "not today" in banner
        assert tab.evaluate("document.querySelectorAll('a.pt-submit').length") == 0
    tab.goto(past_url + "obligations/training/")
    page = tab.inner_text("article")
    later = [item for item in run_check(COUNTY, AS_OF).repository.evidence_for("training") if item.date > PAST]
    assert later and all(" ".join(item.summary.split())[:40] not in " ".join(page.split()) for item in later)
    tab.screenshot(path=str(ARTIFACTS / "historical-desktop.png"), full_page=True)
    assert serious(tab) == []


def test_the_zensical_build_passes_axe_and_sorts_tables(tab: Page) -> None:
    server, url = serve(county_zensical_site())
    try:
        problems = {}
        for kind in ("home", "obligation", "agency", "ordinance", "statuses"):
            tab.goto(url + PAGE_KINDS[kind])
            found = serious(tab) + tab.evaluate(A11Y_CHECKS)
            if found:
                problems[kind] = found
            tab.screenshot(path=str(ARTIFACTS / f"zensical-{kind}-desktop.png"), full_page=True)
        assert problems == {}
        tab.goto(url + "agencies/jail/")
        assert tab.evaluate("document.querySelectorAll('table.pt-sortable th button').length") > 0
    finally:
        server.shutdown()


def test_hostile_text_is_shown_never_run(tab: Page) -> None:
    server, url = serve(hostile_site())
    try:
        for address in ("", "obligations/ob-1/", "ordinances/ord-1/", "systems/logs/", "agencies/clerk/"):
            tab.goto(url + address)
            assert tab.evaluate("window.__pwned === undefined"), address
        tab.goto(url + "obligations/ob-1/")
        shown = tab.inner_text(".pt-timeline")
        assert " ".join(HOSTILE_SUMMARY.split()) in " ".join(shown.split())
        assert tab.title().startswith("Keep <b>logs</b> & *records*")
    finally:
        server.shutdown()


def test_status_json_is_served_as_json(tab: Page, county_url: str) -> None:
    tab.goto(county_url + "status.json")
    data = json.loads(tab.inner_text("body"))
    assert data["as_of"] == AS_OF.isoformat()
