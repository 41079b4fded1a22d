"""A miniature county's site (tests/repos/county) built with the real MkDocs and the plugin, read as HTML files."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from policytrack.checks.checker import run_check
from policytrack.checks.rules import RULES
from policytrack.model.load import DATA_FOLDERS
from policytrack.plugin import PolicytrackPlugin
from policytrack.site.parts import obligation_reading
from policytrack.site.words import LABELS
from test_site_support import (
    AS_OF,
    COUNTY,
    HOSTILE_SUMMARY,
    PAGE_LIMIT,
    county_site,
    hostile_repo,
    hostile_site,
    kc_site,
)


def visible_text(page: str) -> str:
    body = page.split('<article', 1)[1].split("</article>", 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_every_record_has_a_page_and_obligations_stay_out_of_the_navigation() -> None:
    site = county_site()
    repo = run_check(COUNTY, AS_OF).repository
    for kind, folder in (("obligations", repo.obligations), ("ordinances", repo.ordinances),
                         ("agencies", repo.agencies), ("systems", repo.systems)):
        for key in folder:
            assert (site / kind / key / "index.html").is_file(), (kind, key)
    home = (site / "index.html").read_text()
    nav = home.split('<nav class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]
    assert "ordinances/ord-7/" in nav and "agencies/jail/" in nav
    assert not any(f"obligations/{key}/" in nav for key in repo.obligations)


def test_every_page_shows_the_as_of_date_and_commit_and_is_small() -> None:
    site = county_site()
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 5 + 5 + 2 + 1 + 4  # obligations, agencies, systems, ordinance, the top pages
    for page in pages:
        if page.name == "404.html":
            continue
        source = page.read_text()
        written_by_hand = (COUNTY / "docs" / f"{page.parent.name}.md").exists()  # docs/about.md and the like
        # Generated pages say the date they are as of; a page written by hand is the author's, as written.
        assert ('<time datetime="2025-06-30">30 June 2025</time>' in source) == (not written_by_hand), page
        # the rules page documents every rule, so its budget grows with the rule set (8 KB more for now)
        limit = PAGE_LIMIT + (8 * 1024 if page.parent.name == "rules" else 0)
        assert page.stat().st_size <= limit, (page, page.stat().st_size)


def test_home_shows_overdue_oldest_first() -> None:
    result = run_check(COUNTY, AS_OF)
    text = visible_text((county_site() / "index.html").read_text())
    overdue = text.split("Overdue, oldest first", 1)[1].split("Due in the next 60 days", 1)[0]
    rows = sorted(((row.due, key) for key, status in result.statuses.items() for row in status.agencies
                   if row.status == "overdue"), key=lambda item: item[0])
    oldest_title = result.repository.obligations[rows[0][1]].title
    newest_title = result.repository.obligations[rows[-1][1]].title
    assert oldest_title in overdue
    assert overdue.index(oldest_title) <= overdue.rindex(newest_title)


def test_obligation_page_shows_evidence_and_submit_links() -> None:
    page = (county_site() / "obligations" / "training" / "index.html").read_text()
    text = visible_text(page)
    for heading in ("The law's words", "Status per agency", "Evidence", "Dependencies", "Submit evidence"):
        assert heading in text
    assert "Verified" in text and "Claimed" in text
    links = re.findall(r'<a class="md-button pt-submit" href="([^"]+)"', page)
    assert len(links) == 3
    assert all(link.startswith("https://github.com/example/county/new/main?filename=evidence/"
                               "training/2025-06-30-") for link in links)


def test_rules_page_lists_every_rule() -> None:
    text = " ".join(visible_text((county_site() / page / "index.html").read_text()) for page in ("rules", "rules-2"))
    for rule in RULES.values():
        assert rule.id in text


def test_open_data_is_published_and_linked() -> None:
    site = county_site()
    for path in ("status.json", "obligations.csv", "feed.atom", "calendar/all.ics", "calendar/jail.ics",
                 "status.schema.json", "obligations.schema.json"):
        assert (site / path).is_file(), path
    home = (site / "index.html").read_text()
    for target in ("status.json", "obligations.csv", "calendar/all.ics", "feed.atom"):
        assert f'href="{target}"' in home, target
    assert 'href="../../calendar/jail.ics"' in (site / "agencies" / "jail" / "index.html").read_text()
    assert json.loads((site / "status.json").read_text())["as_of"] == AS_OF.isoformat()


def test_search_index_holds_obligation_pages() -> None:
    index = json.loads((county_site() / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert "obligations/training/" in locations


def test_hostile_text_never_becomes_markup_in_the_built_site() -> None:
    site = hostile_site()
    for page in site.rglob("*.html"):
        source = page.read_text()
        assert "__pwned" not in "".join(re.findall(r"<script\b[^>]*>(.*?)</script>", source, flags=re.S)), page
        assert 'href="javascript' not in source.lower() and "onerror=" not in source.replace("onerror&#61;", "")
        assert "<b>logs" not in source and "<u>office" not in source, page
    text = visible_text((site / "obligations" / "ob-1" / "index.html").read_text())
    assert " ".join(HOSTILE_SUMMARY.split()) in " ".join(text.split())


def test_plugin_watches_the_data_folders_when_serving() -> None:
    plugin = PolicytrackPlugin()
    plugin.root = hostile_repo()
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    plugin.on_serve(Server(), config=None, builder=None)  # type: ignore[arg-type]
    names = {Path(path).name for path in watched}
    assert {"ordinances", "obligations", "evidence", "agencies", "systems", "policytrack.yml"} <= names
    assert names <= {*DATA_FOLDERS, "policytrack.yml"}


def test_every_internal_link_reaches_a_file() -> None:
    """Generated links are final relative URLs (not rewritten by MkDocs), so check each one."""
    from urllib.parse import unquote, urlsplit

    site = county_site()
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # MkDocs writes it with root-absolute addresses
            continue
        for href in re.findall(r'href="([^"]+)"', page.read_text()):
            parts = urlsplit(html.unescape(href))
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((str(page.relative_to(site)), href))
    assert broken == []


def test_search_indexes_what_readers_search_for_not_lists_of_links() -> None:
    site = county_site()
    index = json.loads((site / "search" / "search_index.json").read_text())
    page = [doc for doc in index["docs"] if doc["location"].startswith("obligations/training/")]
    words = " ".join(doc["title"] + " " + doc["text"] for doc in page)
    assert "Train county employees" in words and "appropriate training" in words  # title, the law's words
    assert "Submit evidence for" not in words and "Status as of" not in words  # buttons, the as-of line
    for html_page in site.rglob("*.html"):
        assert "data-search-exclude" not in html_page.read_text(), html_page


def test_generated_pages_keep_the_table_of_contents() -> None:
    page = (county_site() / "obligations" / "training" / "index.html").read_text()
    toc = page.split("md-sidebar--secondary", 1)[1].split('class="md-content"', 1)[0]
    for anchor in ("#the-laws-words", "#status-per-agency", "#evidence", "#submit-evidence"):
        assert f'href="{anchor}"' in toc, anchor


def test_search_excerpts_start_with_the_status_and_keep_cells_apart() -> None:
    index = json.loads((county_site() / "search" / "search_index.json").read_text())
    docs = {doc["location"]: doc for doc in index["docs"]}
    page = docs["obligations/training/"]
    result = run_check(COUNTY, AS_OF)
    label = LABELS[obligation_reading(result.statuses["training"])]
    words = html.unescape(re.sub(r"<[^>]+>", " ", page["text"])).split()
    assert words[:len(label.split())] == label.split()
    duty = " ".join(docs["obligations/training/#the-duty"]["text"].split())
    owner = result.repository.agencies["exec"].name
    assert "Question Answer" in duty and "QuestionAnswer" not in duty
    assert f"Who {owner}" in duty  # a row's cells, not run together


def test_the_status_semantics_are_published_on_the_king_county_site() -> None:
    """docs/status-semantics.md is a page of the site, in its navigation, with every rule the tests cite."""
    site = kc_site()
    page = (site / "status-semantics" / "index.html").read_text()
    words = visible_text(page)
    for rule in ("S1.1", "S2.3", "S3.6", "S4.2"):
        assert rule in words, rule
    home = (site / "index.html").read_text()
    assert 'href="status-semantics/"' in home



def test_the_plugin_holds_no_page_once_the_site_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each generated page waits in a temporary spool, not in memory, and is dropped once written."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("POLICYTRACK_AS_OF", "2025-06-30")
    monkeypatch.setenv("POLICYTRACK_TODAY", "2025-06-30")
    monkeypatch.setenv("POLICYTRACK_NO_CACHE", "1")
    config = load_config(str(COUNTY / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["policytrack"]
    spools: list[object] = []
    keep = plugin.on_files

    def noting(*args: object, **kwargs: object) -> object:
        out = keep(*args, **kwargs)
        spools.append(plugin.spool)
        assert plugin.pages and all(isinstance(where[0], int) for where in plugin.pages.values())
        return out

    monkeypatch.setattr(plugin, "on_files", noting)
    events = config.plugins.events["files"]  # the collection calls the bound methods it registered
    events[:] = [noting if method == keep else method for method in events]
    build(config)
    assert plugin.pages == {} and plugin.spool is None and spools and spools[0].closed  # type: ignore[attr-defined]
    assert (tmp_path / "site" / "obligations" / "training" / "index.html").is_file()
