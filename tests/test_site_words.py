"""The words the site reads to people: durations, readings, scorecards, reasons, and views of the past."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from builders import check, evidence, obligation, write_repo
from policytrack.site.build import build_site
from policytrack.site.kit import SiteOptions
from policytrack.site.opendata import open_data_files
from policytrack.site.paths import agency_page, obligation_page
from policytrack.site.words import dated, duration, reading, relative, tally


@pytest.mark.parametrize(("start", "end", "words"), [
    (date(2018, 3, 8), date(2026, 11, 30), "8 years 8 months"),
    (date(2018, 3, 8), date(2019, 4, 30), "1 year 1 month"),
    (date(2020, 1, 31), date(2020, 2, 29), "1 month"),  # a short month ends on its last day
    (date(2020, 1, 31), date(2020, 2, 28), "28 days"),
    (date(2020, 6, 30), date(2020, 7, 12), "12 days"),
    (date(2020, 6, 30), date(2020, 7, 1), "1 day"),
    (date(2020, 6, 30), date(2020, 6, 30), "the same day"),
    (date(2021, 1, 1), date(2020, 1, 1), "1 year"),  # order does not matter
])
def test_durations_are_years_months_or_days(start: date, end: date, words: str) -> None:
    assert duration(start, end) == words


def test_dates_read_with_the_time_since_or_until_them() -> None:
    assert dated("due", date(2018, 3, 8), date(2026, 11, 30)) == "due 8 March 2018, 8 years 8 months ago"
    assert relative(date(2025, 9, 30), date(2025, 6, 30)) == "in 3 months"
    assert relative(date(2025, 6, 30), date(2025, 6, 30)) == "today"


def test_completion_nobody_verified_is_its_own_reading_and_counted_apart() -> None:
    assert reading("met", verified=False) == "claimed"
    assert reading("met-late", verified=False) == "claimed"
    assert reading("met", verified=True) == "met"
    assert reading("overdue", verified=False) == "overdue"
    counts = tally(["claimed", "met", "met-late", "overdue", "lapsed", "repealed", "no-deadline"])
    assert (counts["claimed"], counts["verified"], counts["behind"], counts["no-deadline"]) == (1, 2, 2, 1)
    assert counts.owed == 6  # a repealed duty is not owed


VERIFIED = {"by": "County Auditor", "on": "2020-07-01"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Four duties of the jail: done and verified, done but only claimed, done late, and overdue."""
    return write_repo(tmp_path / "repo", obligations=[
        obligation("ob-verified", title="Verified duty"),
        obligation("ob-claimed", title="Claimed duty"),
        obligation("ob-late", title="Late duty"),
        obligation("ob-overdue", title="Overdue duty", notes="Written in 2025: the jail never answered.\n\n"
                   "2020-07-01: The clerk asked the jail for its report.\n\n2021-03-01: The jail said it would reply."),
        obligation("ob-fresh", title="Fresh duty", evidence={"kinds": ["report"], "max_age_days": 365},
                   deadline={"type": "date", "date": "2020-02-01"}),
    ], evidence=[
        evidence("ev-1", "ob-verified", verified=VERIFIED),
        evidence("ev-2", "ob-claimed"),
        evidence("ev-3", "ob-late", when="2020-08-15", verified={"by": "County Auditor", "on": "2020-09-01"}),
        evidence("ev-4", "ob-fresh", when="2020-01-15", verified=VERIFIED),
    ], files={"policytrack.yml": "name: Test\njurisdiction: Test County, Somewhere\n"
                                 "repo_url: https://github.com/example/repo\nbranch: main\n"})


def page_text(markdown: str) -> str:
    body = re.sub(r"<svg.*?</svg>", "", markdown, flags=re.S)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return re.sub(r" ([.,;:)])", r"\1", words)


def test_home_answers_in_one_sentence_and_scores_each_agency(repo: Path) -> None:
    site = build_site(check(repo, "2022-06-30"))
    home = page_text(site.page("index.md").markdown)
    # ob-overdue is overdue and ob-fresh lapsed (its 2020 proof counts for a year): 2 of 5 behind.
    assert ("Test County is behind on 2 of its 5 duties under An ordinance. 2 done and verified, "
            "1 done but not verified.") in home
    assert home.index("Is the law being followed?") < home.index("Agency scorecard") < home.index("Overdue")
    row = re.search(r"Agency scorecard: one row per agency.*?Jail ((?:\d+ ){9}\d+)", home)
    assert row is not None
    # duties, breached, remedy claimed, behind, no deadline, open, in progress, claimed, verified, waived
    assert row.group(1).split() == ["5", "0", "0", "2", "0", "0", "0", "1", "2", "0"]


def test_reasons_say_how_late_and_how_old(repo: Path) -> None:
    site = build_site(check(repo, "2022-06-30"))
    late = page_text(site.page(obligation_page("ob-late")).markdown)
    assert "done 15 August 2020, 1 month after the due date (30 June 2020)" in late
    fresh = page_text(site.page(obligation_page("ob-fresh")).markdown)
    assert "the latest proof (15 January 2020) is 2 years 5 months old; proof counts for 365 days" in fresh
    claimed = page_text(site.page(obligation_page("ob-claimed")).markdown)
    assert claimed.count("Done, not verified") >= 2 and "nobody has verified it" in claimed
    overdue = page_text(site.page(obligation_page("ob-overdue")).markdown)
    assert "No proof filed; due 30 June 2020, 2 years ago." in overdue


def test_agency_page_says_what_to_submit_next_with_the_evidence_each_needs(repo: Path) -> None:
    page = build_site(check(repo, "2022-06-30")).page(agency_page("jail")).markdown
    steps = page.split('<ol class="pt-steps">', 1)[1].split("</ol>", 1)[0]
    items = steps.split("<li>")[1:]
    assert [re.search(r'obligations/(ob-[a-z]+)/', item).group(1) for item in items] == [  # type: ignore[union-attr]
        "ob-overdue", "ob-fresh", "ob-claimed"]  # most urgent first; verified duties need nothing
    assert all("Evidence needed:" in item and "Kinds: report." in item for item in items)
    assert all('class="md-button pt-submit" href="https://github.com/example/repo/new/main?filename=evidence/'
               in item for item in items)


def test_a_view_of_the_past_says_so_and_leaves_out_buttons_and_notes(repo: Path) -> None:
    result = check(repo, "2020-07-09")
    past = build_site(result, SiteOptions(today=date(2025, 6, 30)))
    for page in past.pages:
        assert "(as of 9 July 2020)" in page.front, page.path
        assert 'class="pt-historical"' in page.body and "not today" in page.body, page.path
        assert "pt-submit" not in page.body, page.path
    overdue = past.page(obligation_page("ob-overdue")).markdown
    assert "never answered" not in overdue
    assert "2 notes on this duty are dated after 9 July 2020 or carry no date" in overdue
    assert "The clerk asked the jail" in overdue and "would reply" not in overdue  # dated notes, up to the day
    today = build_site(result, SiteOptions(today=date(2020, 7, 9)))
    overdue = today.page(obligation_page("ob-overdue")).markdown
    assert "never answered" in overdue and "pt-historical" not in overdue and "pt-submit" in overdue
    assert "(as of" not in today.page("index.md").front


def test_open_data_counts_claimed_completion_apart(repo: Path) -> None:
    result = check(repo, "2022-06-30")
    files = open_data_files(result, commit="abc")
    rows = {row["obligation"]: row for row in csv.DictReader(io.StringIO(files["obligations.csv"].decode()))}
    assert rows["ob-claimed"]["reading"] == "claimed" and rows["ob-claimed"]["status"] == "met"
    assert rows["ob-verified"]["reading"] == "met"
    card = json.loads(files["status.json"])["scorecard"]["jail"]
    assert card == {"duties": 5, "breached": 0, "remedy-claimed": 0, "behind": 2, "no-deadline": 0, "open": 0,
                    "in-progress": 0, "claimed": 1, "verified": 2, "waived": 0,
                    "as_owner": 0}


def test_badges_are_words_and_each_table_links_to_what_they_mean_once(repo: Path) -> None:
    site = build_site(check(repo, "2022-06-30"))
    words = site.page("statuses.md").markdown
    tables = 0
    for page in site.pages:
        assert '<a class="pt-badge' not in page.markdown, page.path  # a badge is not a Tab stop
        for found in re.findall(r"<table\b.*?</table>", page.markdown, flags=re.S):
            if 'class="pt-badge' in found.split("</thead>", 1)[1]:
                tables += 1
                caption = found.split("<caption>", 1)[1].split("</caption>", 1)[0]
                assert len(re.findall(r'href="[^"]*statuses/"', caption)) == 1, (page.path, caption)
        for status in re.findall(r'class="pt-badge pt-([a-z-]+)"', page.markdown):
            assert f'id="{status}"' in words
    assert tables > 5
    assert "&#x" not in words and "⏰" not in "".join(page.markdown for page in site.pages)
