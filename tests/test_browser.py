"""The built King County site in headless Chromium: what a reader sees, with no network.

Debian's chromium is driven over the DevTools pipe (``test_browser_cdp.Browser``); the site is served
by ``http.server`` on 127.0.0.1. Screenshots of the home page and of an obligation page are kept in
``test-artifacts/``. If chromium is missing these tests fail (``make test`` installs it).
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from policytrack.check import run_check
from test_browser_cdp import Browser, Tab
from test_site_support import ARTIFACTS, AS_OF, HOSTILE_SUMMARY, ROOT, hostile_site, kc_site

A11Y_CHECKS = r"""
// Basic accessibility checks run in the page: one h1, no skipped heading level, labelled inputs and
// progress bars, named links, images with alt text, a page language, and status badges whose text
// contrast is at least 4.5:1 (WCAG AA). Returns a list of problems (empty when all pass).
(() => {
  const problems = [];
  const article = document.querySelector("article") || document.body;
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  if (article.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  let previous = 1;
  for (const heading of article.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) problems.push(`heading level skipped before "${heading.textContent.trim()}"`);
    previous = level;
  }
  for (const image of document.querySelectorAll("img")) {
    if (!image.hasAttribute("alt")) problems.push(`image without alt: ${image.src}`);
  }
  for (const link of document.querySelectorAll("a[href]")) {
    const named = link.textContent.trim() || link.getAttribute("aria-label") || link.title
      || link.querySelector("img[alt]");
    if (!named) problems.push(`link without a name: ${link.outerHTML.slice(0, 100)}`);
  }
  for (const input of document.querySelectorAll("input, select, textarea")) {
    if (input.type === "hidden") continue;
    const labelled = (input.labels && input.labels.length) || input.getAttribute("aria-label")
      || input.getAttribute("aria-labelledby") || input.title || input.placeholder;
    if (!labelled) problems.push(`unlabelled input: ${input.outerHTML.slice(0, 100)}`);
  }
  for (const bar of document.querySelectorAll("progress")) {
    if (!bar.getAttribute("aria-label")) problems.push("progress bar without a label");
  }
  for (const svg of article.querySelectorAll("svg[role=img]")) {
    if (!svg.getAttribute("aria-labelledby") && !svg.getAttribute("aria-label")) problems.push("unlabelled diagram");
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
  }
  return problems;
})()
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    instance = Browser()
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def kc_url() -> Iterator[str]:
    server, url = serve(kc_site())
    yield url
    server.shutdown()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    page = browser.new_tab()
    page.send("Network.enable")
    yield page
    requests = [event["params"]["request"]["url"] for event in browser.events
                if event.get("sessionId") == page.session and event.get("method") == "Network.requestWillBeSent"]
    outside = [url for url in requests if urlsplit(url).hostname not in ("127.0.0.1", None)]
    errors = page.errors()
    browser.send("Target.closeTarget", {"targetId": page.send("Target.getTargetInfo")["targetInfo"]["targetId"]})
    assert outside == [], f"the page fetched from the network: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


def test_home_page_lists_overdue_obligations_oldest_first(tab: Tab, kc_url: str) -> None:
    tab.goto(kc_url)
    rows = tab.evaluate("""(() => {
        let node = document.getElementById('overdue-oldest-first');
        while (node && !(node.matches('table') || node.querySelector('table'))) node = node.nextElementSibling;
        const table = node.matches('table') ? node : node.querySelector('table');
        return [...table.querySelectorAll('tbody tr')].map(row => row.innerText);
    })()""")
    result = run_check(ROOT, AS_OF)
    overdue = sorted((row.due, key) for key, status in result.statuses.items() for row in status.agencies
                     if row.status in ("overdue", "lapsed"))
    assert len(rows) == len(overdue)
    assert result.repository.obligations[overdue[0][1]].title in rows[0]
    assert "Overdue" in rows[0] and overdue[0][0].isoformat() in rows[0]
    assert "30 June 2025" in tab.evaluate("document.querySelector('.pt-asof').innerText")
    tab.screenshot(ARTIFACTS / "home.png")


def test_obligation_page_shows_evidence_and_submit_button(tab: Tab, kc_url: str) -> None:
    tab.goto(kc_url + "obligations/kc-18665-training/")
    result = run_check(ROOT, AS_OF)
    evidence = [item for item in result.repository.evidence_for("kc-18665-training") if item.date <= AS_OF]
    timeline = tab.evaluate("document.querySelector('.pt-timeline').innerText")
    for item in evidence:
        assert " ".join(item.summary.split())[:60] in " ".join(timeline.split())
    assert "Verified" in timeline and "Claimed" in timeline
    buttons = tab.evaluate("""[...document.querySelectorAll('a.md-button')]
        .filter(a => a.innerText.startsWith('Submit evidence')).map(a => [a.innerText, a.href])""")
    assert len(buttons) == len(result.repository.obligations["kc-18665-training"].applies_to)
    label, href = buttons[0]
    assert label.startswith("Submit evidence for ")
    assert href.startswith("https://github.com/policytrack/king-county/new/main?filename=evidence/"
                           "kc-18665-training/2025-06-30-")
    assert "value=%23%20yaml-language-server" in href
    tab.screenshot(ARTIFACTS / "obligation.png")


def test_search_finds_an_obligation_by_a_word_of_its_title(tab: Tab, kc_url: str) -> None:
    tab.goto(kc_url)
    tab.evaluate("document.querySelector('label[for=__search]') && document.querySelector('.md-search__input')"
                 ".focus()")
    tab.send("Input.insertText", {"text": "detainers"})
    found = tab.wait_for("""(() => { const items = [...document.querySelectorAll('.md-search-result__item')];
        return items.length ? items.map(i => i.innerText).join('\\n') : null })()""", timeout=20)
    assert "Do not honor civil immigration detainers" in found


def test_pages_pass_basic_accessibility_checks(tab: Tab, kc_url: str) -> None:
    script = A11Y_CHECKS
    for page in ("", "obligations/kc-18665-training/", "ordinances/kc-18665/", "agencies/dajd/",
                 "systems/jail-inmate-lookup/", "rules/", "open-data/"):
        tab.goto(kc_url + page)
        problems = tab.evaluate(script)
        assert problems == [], (page, problems)


def test_dark_mode_keeps_badges_readable(tab: Tab, kc_url: str) -> None:
    tab.goto(kc_url)
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    script = A11Y_CHECKS
    assert tab.evaluate(script) == []


def test_hostile_text_is_shown_never_run(tab: Tab) -> None:
    server, url = serve(hostile_site())
    try:
        for page in ("", "obligations/ob-1/", "ordinances/ord-1/", "systems/logs/", "agencies/clerk/"):
            tab.goto(url + page)
            assert tab.evaluate("window.__pwned === undefined"), page
        tab.goto(url + "obligations/ob-1/")
        shown = tab.evaluate("document.querySelector('.pt-timeline').innerText")
        assert " ".join(HOSTILE_SUMMARY.split()) in " ".join(shown.split())
        assert tab.evaluate("document.title").startswith("Keep <b>logs</b> & *records*")
    finally:
        server.shutdown()


def test_status_json_is_served_as_json(tab: Tab, kc_url: str) -> None:
    tab.goto(kc_url + "status.json")
    data = json.loads(tab.evaluate("document.body.innerText"))
    assert data["as_of"] == AS_OF.isoformat()
