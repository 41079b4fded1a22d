"""The site, trusted (issue 18), in a real browser: the King County site (with its published view of the
Auditor's day) and the D.C. NEAR Act site, at 1280 and 390 pixels, light and dark.

One build per repository (``kc_site``, ``dc_site``); each test reads its expected answers from the
documented meaning of the published data (``status.json``, ``policytrack.yml``), never from the page code.
Screenshots of every kind of page, at both widths and in both schemes, are saved in ``test-artifacts/``
as ``trust-{repository}-{kind}-{width}-{scheme}.png``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page

from test_browser import A11Y_CHECKS, DESKTOP, PHONE, browser, serious, serve, table_after  # noqa: F401
from test_site_support import ARTIFACTS, DC, ROOT, dc_site, kc_site

SITES = {"king-county": (kc_site, ROOT), "dc": (dc_site, DC)}

PAGE_KINDS: dict[str, dict[str, str]] = {
    "king-county": {
        "home": "", "ordinance": "ordinances/kc-18665/", "obligation": "obligations/kc-18665-detainer-notice/",
        "agency": "agencies/dajd/", "system": "systems/jail-inmate-lookup/", "ordinances": "ordinances/",
        "obligations": "obligations/", "agencies": "agencies/", "systems": "systems/", "statuses": "statuses/",
        "rules": "rules/", "findings": "findings/", "open-data": "open-data/", "tags": "tags/", "about": "about/",
        "past-home": "as-of/2019-07-09/", "past-obligation": "as-of/2019-07-09/obligations/kc-18665-training/",
    },
    "dc": {
        "home": "", "ordinance": "ordinances/dc-law-21-125/",
        "obligation": "obligations/dc-mayor-camera-program-monthly-report/", "agency": "agencies/onse/",
        "ordinances": "ordinances/", "obligations": "obligations/", "agencies": "agencies/", "systems": "systems/",
        "statuses": "statuses/", "rules": "rules/", "findings": "findings/", "open-data": "open-data/",
    },
}
"""One page of every kind each site has (the D.C. repository records no systems), by name."""

LONG_DATE = r"^(\d{1,2} )?(January|February|March|April|May|June|July|August|September|October|November|" \
            r"December) \d{4}( \(approx\.\))?$|^\d{4} \(approx\.\)$"
"""How the site writes every date it shows: '30 November 2026', 'April 2019 (approx.)'."""

PAGE_CHECKS = r"""
// What issue 18 asks of every page, in the browser. Returns a list of problems.
(() => {
  const problems = [];
  const article = document.querySelector("article");
  if (document.querySelector("a.pt-badge")) problems.push("a badge is a link (a Tab stop in every row)");
  for (const table of article.querySelectorAll("table")) {
    const badges = table.querySelector("tbody .pt-badge");
    const glossary = table.querySelectorAll("caption a[href*='statuses']").length;
    if (badges && glossary !== 1) problems.push(`a table of statuses links to their meaning ${glossary} times`);
  }
  for (const time of article.querySelectorAll("time")) {
    if (!new RegExp(LONG_DATE).test(time.innerText.trim())) problems.push(`a date written "${time.innerText}"`);
  }
  if (window.innerWidth > 800) {
    for (const cell of article.querySelectorAll("td.pt-num, th.pt-num")) {
      if (getComputedStyle(cell).textAlign !== "right") { problems.push("a number not right-aligned"); break; }
    }
  }
  const footer = document.querySelector(".md-copyright");
  if (!footer || !footer.innerText.includes(PUBLISHER)) problems.push("no publisher in the footer");
  if (article.querySelector(".pt-asof") && !(article.querySelector(".pt-byline") || {innerText: ""}).innerText
      .includes(PUBLISHER)) problems.push("no publisher under the title");
  return problems;
})()
"""

PHONE_CHECKS = r"""
// On a 390-pixel phone: nothing wider than the screen, chart words at least 12 px, the diagram stacked.
(() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push("the page scrolls sideways");
  for (const table of document.querySelectorAll("article table")) {
    if (table.getBoundingClientRect().right > window.innerWidth) problems.push("a table wider than the screen");
  }
  for (const svg of document.querySelectorAll("svg.pt-chart")) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const word of svg.querySelectorAll("text")) {
      const size = parseFloat(getComputedStyle(word).fontSize) * scale;
      if (size < 12) { problems.push(`chart text at ${size.toFixed(1)} px`); break; }
    }
  }
  for (const svg of document.querySelectorAll("svg.pt-diagram")) {
    const shown = getComputedStyle(svg).display !== "none";
    if (shown && svg.classList.contains("pt-diagram-wide")) problems.push("the wide diagram on a phone");
    if (shown && svg.getBoundingClientRect().right > window.innerWidth) problems.push("the diagram overflows");
    if (shown && [...svg.querySelectorAll("text")].some(t => t.textContent.includes("…")))
      problems.push("a name cut in the diagram");
  }
  return problems;
})()
"""


def publisher(root: Path) -> str:
    return str(yaml.safe_load((root / "policytrack.yml").read_text())["publisher"])


@pytest.fixture(scope="module", params=list(SITES))
def site(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, Path, Path]]:
    """(name, address, built site, repository) of each site, served on 127.0.0.1 for the module."""
    build, root = SITES[request.param]
    folder = build()
    server, url = serve(folder)
    yield request.param, url, folder, root
    server.shutdown()


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def status_json(folder: Path) -> dict[str, Any]:
    return dict(json.loads((folder / "status.json").read_text()))


# --- 8 (and 6): every kind of page, both widths, both schemes ------------------------------------------


def test_every_kind_of_page_at_both_widths_light_and_dark(browser: Browser,  # noqa: F811
                                                           site: tuple[str, str, Path, Path]) -> None:
    name, url, _, root = site
    ARTIFACTS.mkdir(exist_ok=True)
    checks = PAGE_CHECKS.replace("LONG_DATE", json.dumps(LONG_DATE)).replace("PUBLISHER", json.dumps(publisher(root)))
    problems: dict[str, list[str]] = {}
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
            page = context.new_page()
            try:
                for kind, address in PAGE_KINDS[name].items():
                    page.goto(url + address)
                    wanted = "slate" if scheme == "dark" else "default"
                    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == wanted
                    page.screenshot(path=str(ARTIFACTS / f"trust-{name}-{kind}-{width}-{scheme}.png"), full_page=True)
                    found = serious(page) + page.evaluate(A11Y_CHECKS) + page.evaluate(checks)
                    if width == "phone":
                        found += page.evaluate(PHONE_CHECKS)
                    if found:
                        problems[f"{kind} {width} {scheme}"] = found
            finally:
                context.close()
    assert problems == {}, json.dumps(problems, indent=1)


def test_on_a_phone_the_keyboard_skips_the_closed_drawer(browser: Browser,  # noqa: F811
                                                         site: tuple[str, str, Path, Path]) -> None:
    name, url, _, _ = site
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(url + PAGE_KINDS[name]["agency"])
        stops = []
        for _ in range(12):
            page.keyboard.press("Tab")
            stops.append(page.evaluate("""(() => { const e = document.activeElement;
                return [e.closest('.md-sidebar--primary') ? 'drawer' : e.closest('article') ? 'article' : 'header',
                        e.innerText || e.getAttribute('aria-label') || e.tagName]; })()"""))
        places = [place for place, _ in stops]
        assert "drawer" not in places, stops
        assert "article" in places[:8], stops  # the page's own links come right after the header's few
        page.click("label.md-header__button[for='__drawer']")  # opened, the drawer's links can be reached
        page.wait_for_timeout(400)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") \
            == "visible"
    finally:
        context.close()


# --- 2: one unit ----------------------------------------------------------------------------------------


def test_the_headline_and_the_scorecard_count_the_duties_status_json_counts(desk: Page,
                                                                            site: tuple[str, str, Path, Path]) -> None:
    _, url, folder, _ = site
    card = status_json(folder)["scorecard"]
    totals = {column: sum(row[column] for row in card.values()) for column in next(iter(card.values()))}
    desk.goto(url)
    answer = desk.inner_text(".pt-answers li")
    found = re.search(r"is behind on (\d+) of its (\d+) duties under", answer)
    assert found is not None, answer
    assert (int(found.group(1)), int(found.group(2))) == (totals["behind"], totals["duties"])
    assert f"{totals['verified']} done and verified, {totals['claimed']} done but not verified" in answer
    if totals["no-deadline"]:
        assert f"{totals['no-deadline']} with no deadline and no proof" in answer
    shown = desk.evaluate("""(() => { const table = TABLE;
        const names = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
        const sums = {};
        for (const row of table.querySelectorAll('tbody tr'))
            [...row.cells].slice(1).forEach((cell, i) => { sums[names[i + 1]] = (sums[names[i + 1]] || 0)
                + Number(cell.innerText); });
        return sums; })()""".replace("TABLE", table_after("agency-scorecard")))
    assert shown["Duties"] == totals["duties"] and shown["Behind"] == totals["behind"]
    assert shown["Done, verified"] == totals["verified"] and shown["Done, not verified"] == totals["claimed"]
    assert shown["In progress"] == totals["in-progress"] and shown["Remedy claimed"] == totals["remedy-claimed"]


# --- 1: proof from one place ---------------------------------------------------------------------------


WORDS = {"confirmed": "Verified", "disputed": "Disputed", "none": "Claimed, not verified"}


def test_evidence_cards_agency_rows_and_the_feed_say_what_status_json_says(desk: Page,
                                                                           site: tuple[str, str, Path, Path]) -> None:
    _, url, folder, root = site
    data = status_json(folder)
    proof = {item["id"]: item["proof"] for item in data["evidence"]}
    assert proof
    feed = (folder / "feed.atom").read_text()
    checked = 0
    for obligation in data["obligations"]:
        filed = [item for item in data["evidence"] if item["obligation"] == obligation["id"]]
        if not filed:
            continue
        desk.goto(url + f"obligations/{obligation['id']}/")
        cards = desk.evaluate("""[...document.querySelectorAll('.pt-timeline h3')].map(h => [h.id,
            h.nextElementSibling.querySelector('.pt-proof').innerText.trim()])""")
        for card, word in cards:
            evidence = next(key for key in proof if re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") == card)
            assert word == WORDS[proof[evidence]], (obligation["id"], evidence)
            checked += 1
            entries = [entry for entry in feed.split("<entry>")[1:] if f":{evidence}</id>" in entry
                       and "urn:policytrack:evidence:" not in entry]  # the check's own entry, if any
            assert [re.search(r"<title>(\w+) by ", entry).group(1) for entry in entries] == (  # type: ignore[union-attr]
                [] if proof[evidence] == "none" else [WORDS[proof[evidence]]])
        agency_rows = desk.evaluate("""[...TABLE.querySelectorAll('tbody tr')].map(r => [r.cells[1].innerText,
            r.cells[r.cells.length - 1].innerText.trim()])""".replace("TABLE", table_after("status-per-agency")))
        for row in obligation["agencies"]:
            theirs = [item for item in filed if item["agency"] == row["agency"]]
            if not theirs:
                continue
            # README: proof of completion verified or claimed; else a verifier's dispute; else progress only
            words = ("Verified" if row["verified"] else "Claimed, not verified" if row["evidence"] else "Disputed"
                     if any(item["proof"] == "disputed" for item in theirs) else "Progress, not proof"
                     if row["progress"] else "No evidence")
            agency = yaml.safe_load((root / "agencies" / f"{row['agency']}.yml").read_text())["name"]
            assert [cell for shown, cell in agency_rows if shown.startswith(agency)] == [words], obligation["id"]
    assert checked == len(data["evidence"])


# --- 3: the past, published and linked -------------------------------------------------------------------


def test_the_audit_days_view_is_linked_from_every_page_and_shows_only_its_day(
        desk: Page, site: tuple[str, str, Path, Path]) -> None:
    name, url, _folder, root = site
    views = yaml.safe_load((root / "policytrack.yml").read_text()).get("snapshots", [])
    desk.goto(url + PAGE_KINDS[name]["obligation"])
    links = desk.evaluate("[...document.querySelectorAll('.pt-asof a')].map(a => [a.innerText, a.href])")
    if not views:  # nothing published: no page offers another view
        assert not any(label[:1].isdigit() for label, _ in links)
        return
    [(_label, href)] = [(label, href) for label, href in links if label == "9 July 2019"]
    assert href == url + "as-of/2019-07-09/" + PAGE_KINDS[name]["obligation"]
    desk.click(".pt-asof a >> text='9 July 2019'")
    assert desk.url == href
    assert desk.title().split(" - ")[0].endswith("(as of 9 July 2019)")
    assert "9 July 2019" in desk.inner_text(".pt-historical")
    assert desk.evaluate("document.querySelectorAll('a.pt-submit, a.pt-download').length") == 0
    desk.goto(url + PAGE_KINDS[name]["past-obligation"])
    text = " ".join(desk.inner_text("article").split())
    assert "Public Health had been trained on data privacy; the jail (DAJD) and the Sheriff's Office (KCSO) had " \
           "not" in text  # the Auditor's finding
    assert "2021" not in text and "announced the K.C.C. 2.15 training" not in text
    desk.click(".pt-historical a >> text='See this page today'")
    assert desk.url == url + "obligations/kc-18665-training/"


# --- 5: a clerk's path -----------------------------------------------------------------------------------


def test_a_clerk_submits_for_each_missed_month_or_downloads_the_same_file(desk: Page,
                                                                          site: tuple[str, str, Path, Path]) -> None:
    _name, url, folder, root = site
    config = yaml.safe_load((root / "policytrack.yml").read_text())
    data = status_json(folder)
    behind = [(obligation, row) for obligation in data["obligations"] if obligation["kind"] == "recurring"
              for row in obligation["agencies"] if row["status"] == "overdue" and row["next_due"]]
    obligation, row = min(behind, key=lambda pair: pair[1]["next_due"])
    desk.goto(url + f"agencies/{row['agency']}/")
    contact = config["contact"]
    words = " ".join(desk.inner_text(".pt-steps").split()) + " " + " ".join(desk.inner_text("article").split())
    assert f"No GitHub account? Download the file beside a button, replace each FILL IN, and send it to " \
           f"{contact['name']}" in words
    target = f"mailto:{contact['email']}" if contact.get("email") else contact["url"]
    assert desk.evaluate(f"[...document.querySelectorAll('article a')].some(a => a.href === {json.dumps(target)})")
    step = desk.locator(".pt-steps li", has=desk.locator(f"a[href$='obligations/{obligation['id']}/']"))
    buttons = step.locator("a.pt-submit")
    labels = buttons.all_inner_texts()
    assert labels and all(re.fullmatch(r"Submit for [A-Z][a-z]+ \d{4}", label) for label in labels), labels
    href = buttons.first.get_attribute("href") or ""
    value = parse_qs(urlsplit(href).query)["value"][0]
    period = re.search(r"^period: (\d{4}-\d{2})  #", value, re.M)
    assert period is not None and labels[0].endswith(period.group(1)[:4])
    with desk.expect_download() as download:
        step.locator("a.pt-download").first.click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved == value  # the very file the button opens on GitHub
    assert unquote(href).split("filename=", 1)[1].split("&", 1)[0].endswith(download.value.suggested_filename)
    desk.goto(url)
    upcoming = desk.evaluate(f"{table_after('due-in-the-next-60-days')}.innerText")
    assert obligation["title"] in upcoming  # behind on an earlier month, due again soon


# --- 7: other names are searched ----------------------------------------------------------------------------


def test_search_finds_an_agency_by_its_abbreviation(desk: Page, site: tuple[str, str, Path, Path]) -> None:
    name, url, _, root = site
    agency = {"king-county": "dajd", "dc": "onse"}[name]
    record = yaml.safe_load((root / "agencies" / f"{agency}.yml").read_text())
    for word in record["other_names"][:2]:  # "DAJD", "the jail"; "ONSE"
        desk.goto(url)
        desk.click(".md-search__input")
        desk.keyboard.type(word.removeprefix("the "))
        desk.wait_for_function(f"[...document.querySelectorAll('.md-search-result__link')].some(a => "
                               f"new URL(a.href).pathname.endsWith('agencies/{agency}/'))", timeout=20_000)
