"""The site, trusted (issue 18), without a browser: proof read from one place, one unit of count, the
clerk's path, who speaks, and the published views of the past. The browser checks the same on the built
King County and D.C. sites (tests/test_browser_trust.py)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from builders import AGENCIES, evidence, obligation, write_repo
from policytrack.checks.checker import run_check
from policytrack.site.build import build_site
from policytrack.site.kit import SiteOptions
from policytrack.site.opendata import atom_feed, status_json
from policytrack.site.paths import agency_page, obligation_page

AS_OF = date(2021, 6, 30)


def text_of(html: str) -> str:
    """The words of an HTML fragment, on one line."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- 1. one source of truth for proof ---------------------------------------------------------------


@pytest.fixture
def proof_repo(tmp_path: Path) -> Path:
    """One duty bound on the jail and the police: the jail's proof confirmed (in the evidence's own older
    ``verified:`` block), the police's disputed by the County Auditor (the verifier policytrack.yml names,
    pinned to the evidence's content), and a second duty whose proof was confirmed and later disputed."""
    import yaml

    from policytrack.model.load import load_repository
    from policytrack.status.verification import evidence_hash

    agencies = [*AGENCIES, {"id": "auditor", "name": "County Auditor", "head": "Auditor"}]
    root = write_repo(
        tmp_path, agencies=agencies, config={"name": "Test", "verifying_agencies": ["auditor"]},
        obligations=[obligation("ob-1", applies_to=["jail", "police"]), obligation("ob-2")],
        evidence=[
            evidence("ev-jail", "ob-1", "jail", verified={"by": "County Auditor", "on": "2020-06-01"}),
            evidence("ev-police", "ob-1", "police"),
            evidence("ev-later", "ob-2", "jail"),
        ],
    )
    pinned = {key: evidence_hash(item) for key, item in load_repository(root).repository.evidence.items()}
    checks = [("vf-police", "ev-police", "2020-07-01", "disputed", "The log shows no review."),
              ("vf-later-1", "ev-later", "2020-07-01", "confirmed", None),
              ("vf-later-2", "ev-later", "2021-01-15", "disputed", "Wrong year.")]
    (root / "verifications").mkdir()
    for key, evidence_id, on, result, note in checks:
        record = {"id": key, "evidence": evidence_id, "by": "County Auditor", "agency": "auditor", "on": on,
                  "result": result, "evidence_sha256": pinned[evidence_id], **({"note": note} if note else {})}
        (root / "verifications" / f"{key}.yml").write_text(yaml.safe_dump(record, sort_keys=False))
    return root


def proof_everywhere(root: Path, as_of: date) -> dict[str, dict[str, str]]:
    """For each evidence record: what its card, its agency's row, the Atom feed and status.json say."""
    result = run_check(root, as_of)
    site = build_site(result, SiteOptions(today=as_of))
    feed = atom_feed(result)
    data = status_json(result, "abc")
    out: dict[str, dict[str, str]] = {}
    for item in result.repository.evidence.values():
        page = site.page(obligation_page(item.obligation)).markdown
        card = page.split(f'id="{item.id}"', 1)[1].split("<h3", 1)[0]
        rows = page.split('id="status-per-agency"', 1)[1].split("</table>", 1)[0]
        name = result.repository.agencies[item.agency].name
        row = next(r for r in rows.split("<tr>") if f">{name}</a>" in r)
        proof = text_of(re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)[-1])
        entries = [text_of(entry) for entry in feed.split("<entry>")[1:] if item.id in entry]
        out[item.id] = {
            "card": text_of(card.split("<p>", 1)[1]).split(" Claimed by")[0],
            "row": proof,
            "feed": " / ".join(sorted(entry.split(" by ")[0].rsplit(" ", 1)[-1] for entry in entries
                                      if " by " in entry and "Evidence from" not in entry)),
            "json": next(entry["proof"] for entry in data["evidence"] if entry["id"] == item.id),
        }
    return out


def test_a_disputed_record_reads_disputed_on_its_card_its_row_the_feed_and_the_json(proof_repo: Path) -> None:
    seen = proof_everywhere(proof_repo, AS_OF)
    assert seen["ev-police"] == {"card": "Disputed", "row": "Disputed", "feed": "Disputed", "json": "disputed"}
    assert seen["ev-jail"] == {"card": "Verified", "row": "Verified", "feed": "Verified", "json": "confirmed"}
    # the latest check stands: confirmed in July 2020, disputed in January 2021
    assert seen["ev-later"] == {"card": "Disputed", "row": "Disputed", "feed": "Disputed", "json": "disputed"}
    assert proof_everywhere(proof_repo, date(2020, 12, 31))["ev-later"] == {
        "card": "Verified", "row": "Verified", "feed": "Verified", "json": "confirmed"}


def test_a_disputed_duty_is_counted_apart_and_the_note_is_shown(proof_repo: Path) -> None:
    result = run_check(proof_repo, AS_OF)
    site = build_site(result, SiteOptions(today=AS_OF))
    card = status_json(result, "abc")["scorecard"]
    # disputed proof proves nothing done (docs/status-semantics.md, S3.5): the duty is behind, not done
    assert card["police"]["behind"] == 1 and card["police"]["claimed"] == 0 and card["police"]["verified"] == 0
    assert card["jail"]["verified"] == 1 and card["jail"]["behind"] == 1  # ob-1 verified, ob-2 disputed
    page = text_of(site.page(obligation_page("ob-1")).markdown)
    assert "disputed by County Auditor on 1 July 2020: The log shows no review" in page
    assert "Disputed: proof challenged" in text_of(site.page(agency_page("police")).markdown)


def test_every_reader_asks_the_one_rule_of_which_verifications_count(proof_repo: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """status.verification.counts is the one rule of which verification records count (a verifier named in
    policytrack.yml, the evidence's content pinned): when it refuses every record, no reader shows one."""
    from policytrack.status import verification

    monkeypatch.setattr(verification, "counts", lambda repo, record: False)
    seen = proof_everywhere(proof_repo, AS_OF)
    assert seen["ev-police"] == {"card": "Claimed, not verified", "row": "Claimed, not verified", "feed": "",
                                 "json": "none"}
    assert seen["ev-jail"]["json"] == "confirmed"  # the evidence's own verified: block is not a record
    assert run_check(proof_repo, AS_OF).statuses["ob-2"].agencies[0].verified is False


# --- 3. the past, published as it was ------------------------------------------------------------------

VIEW = date(2019, 7, 9)
"""The day of the King County Auditor's report: King County's policytrack.yml publishes its view."""


def later_facts(root: Path) -> set[str]:
    """Every date recorded in the repository after :data:`VIEW` as the site writes dates ("12 October 2021"),
    those of the years after 2019 also as data writes them ("2021-10-12"), and the citations of laws enacted
    after it: none may appear in the view as of that day. (A source's title may carry its own date, as the AP's
    account of the Executive's response of 2019-07-01 does, "AP, 2019-07-10": a title, not a recorded fact.)"""
    from policytrack.model.load import load_repository
    from policytrack.site.words import long_date

    repo = load_repository(root).repository
    days = [item.date for item in repo.evidence.values()]
    days += [item.on for item in repo.verifications.values()]
    days += [item.recorded_on or item.date for item in repo.events.values()]
    for item in repo.breaches.values():
        days += [item.found_on or item.date] + ([item.remedy.date] if item.remedy else [])
    days += [note.date for item in repo.obligations.values() if isinstance(item.notes, list) for note in item.notes]
    laws = [item for item in repo.amendments.values() if item.enacted > VIEW]
    days += [item.enacted for item in laws]
    later = {day for day in days if day > VIEW}
    return ({day.isoformat() for day in later if day.year > VIEW.year} | {long_date(day) for day in later}
            | {word for item in laws for word in item.by.split() if any(char.isdigit() for char in word)})


def test_king_countys_view_of_the_audit_day_holds_nothing_recorded_later() -> None:
    from test_site_support import ROOT, kc_site

    view = kc_site() / "as-of" / VIEW.isoformat()
    facts = later_facts(ROOT)
    assert {"2021-10-12", "12 October 2021", "19772"} <= facts  # the training announcements, the 2024 amendment
    leaks = {}
    for file in view.rglob("*"):
        if not file.is_file() or file.suffix not in (".html", ".json", ".csv", ".atom", ".ics"):
            continue
        content = file.read_text(encoding="utf-8")
        if (file.suffix == ".html" and 'class="pt-asof"' not in content) or file.name == "search_index.json":
            continue  # a page written by hand (docs/) without a date belongs in every view, as do its words
        found = [fact for fact in facts if fact in content]
        if found:
            leaks[str(file.relative_to(view))] = found
    assert leaks == {}
    assert not (view / "king-county-sources").exists()  # a written page dated 2026-11-30
    assert "pt-submit" not in "".join(page.read_text() for page in view.rglob("*.html"))
    section = text_of((view / "ordinances" / "kc-18665" / "index.html").read_text().split(
        'id="section-2-15-010-b"', 1)[1].split("</blockquote>", 1)[0])
    assert "in the agency's best judgment, either deleted in its entirety or revised" in section
    assert "((" not in section


def test_the_auditors_training_finding_is_in_the_view_of_the_audit_day() -> None:
    from policytrack.model.load import load_repository
    from test_site_support import ROOT, kc_site

    training = load_repository(ROOT).repository.obligations["kc-18665-training"]
    assert isinstance(training.notes, list)
    finding = next(note for note in training.notes if note.date == VIEW and "Auditor found" in note.text)
    page = text_of((kc_site() / "as-of" / VIEW.isoformat() / "obligations" / "kc-18665-training" /
                    "index.html").read_text())
    assert " ".join(finding.text.split()) in page
    assert re.search(r"9 July 2019 ?: " + re.escape(" ".join(finding.text.split())[:40]), page)  # with its date
    later = [note for note in training.notes if note.date > VIEW]
    assert later and all(" ".join(note.text.split())[:40] not in page for note in later)


def test_every_page_links_to_the_same_page_in_the_other_views() -> None:
    from test_site_support import kc_site

    site = kc_site()
    pages = [page for page in site.rglob("*.html") if 'class="pt-asof"' in page.read_text()]
    assert len(pages) > 30
    for page in pages:
        source = page.read_text()
        in_view = "as-of" in page.relative_to(site).parts
        place = page.parent.relative_to(site / "as-of" / VIEW.isoformat() if in_view else site).as_posix()
        if "Page-" in place:
            place = "."
        wanted = "today" if in_view else long_date_of(VIEW)
        links = re.findall(r'View as of (.*?)</p>', source.split('class="pt-asof"', 1)[1])[0]
        href = re.search(rf'<a href="([^"]+)">{wanted}</a>', links)
        assert href is not None, (page, links)
        target = (page.parent / href.group(1)).resolve()
        expected = (site if in_view else site / "as-of" / VIEW.isoformat()) / place
        assert target == expected.resolve(), (page, href.group(1))


def long_date_of(day: date) -> str:
    from policytrack.site.words import long_date

    return long_date(day)


# --- 5. a clerk's path ------------------------------------------------------------------------------------


CONTACT = {"name": "Office of the Council Clerk", "email": "council-clerk@example.org"}


@pytest.fixture
def clerk_repo(tmp_path: Path) -> Path:
    """The jail owes a review of its accounts by the last day of each month from October 2020, and an
    answer to each records request; nothing is filed yet."""
    return write_repo(
        tmp_path,
        obligations=[obligation("review", kind="recurring", deadline={"type": "recurring", "every": "month"},
                                administrative_deadline=None),
                     obligation("answer", kind="per-event",
                                deadline={"type": "per-event", "event": "request", "days": 10})],
        events=[{"id": "req-14", "kind": "request", "date": "2020-11-20", "agency": "jail",
                 "summary": "A request."}],
        config={"name": "Test", "jurisdiction": "Test County", "repo_url": "https://github.com/example/repo",
                "contact": CONTACT},
        ordinances=[{"id": "ord-1", "title": "An ordinance", "citation": "Code 1.01", "enacted": "2020-09-01",
                     "effective": "2020-10-01", "source": "https://example.org/ord-1",
                     "sections": [{"id": "1.01.A", "heading": "Duties", "text": "The jail shall do things."}]}],
    )


def buttons(page: str) -> list[tuple[str, str, str]]:
    """Each Submit button's words, its GitHub address and the address of the file to download beside it."""
    return re.findall(r'<a class="md-button pt-submit" href="([^"]+)">([^<]+)</a> <a class="pt-download" '
                      r'href="([^"]+)"', page)


def test_each_open_due_date_has_its_button_and_its_file_names_the_period_or_event(clerk_repo: Path) -> None:
    from urllib.parse import parse_qs, unquote, urlsplit

    as_of = date(2020, 12, 15)  # October and November missed, December due; request req-14 due 30 November
    site = build_site(run_check(clerk_repo, as_of), SiteOptions(today=as_of))
    page = unescape(site.page(obligation_page("review")).markdown)
    found = {words: (url, data) for url, words, data in buttons(page)}
    assert list(found) == ["Submit for October 2020", "Submit for November 2020", "Submit for December 2020"]
    for words, period in (("October", "2020-10"), ("November", "2020-11"), ("December", "2020-12")):
        url, data = found[f"Submit for {words} 2020"]
        value = parse_qs(urlsplit(url).query)["value"][0]
        assert f"\nperiod: {period}  #" in value
        assert parse_qs(urlsplit(url).query)["filename"] == [f"evidence/review/2020-12-15-jail-{period}.yml"]
        assert unquote(data.split(",", 1)[1]) == value  # the same file to download
    answer = unescape(site.page(obligation_page("answer")).markdown)
    [(url, words, _)] = buttons(answer)
    assert words == "Submit for event req-14"
    assert "\nevent: req-14  #" in parse_qs(urlsplit(url).query)["value"][0]


def test_a_file_from_the_november_button_is_credited_to_november(clerk_repo: Path) -> None:
    from urllib.parse import parse_qs, urlsplit

    as_of = date(2020, 12, 15)
    site = build_site(run_check(clerk_repo, as_of), SiteOptions(today=as_of))
    url = next(url for url, words, _ in buttons(unescape(site.page(obligation_page("review")).markdown))
               if words == "Submit for November 2020")
    query = parse_qs(urlsplit(url).query)
    filled = (query["value"][0].replace("FILL IN: the public address of the document (https://...)",
                                        "https://example.org/review.pdf").replace("FILL IN", "Filled in"))
    (clerk_repo / query["filename"][0]).parent.mkdir(parents=True)
    (clerk_repo / query["filename"][0]).write_text(filled, encoding="utf-8")
    result = run_check(clerk_repo, as_of)
    assert [item.rule for item in result.findings if item.path.startswith("evidence/")] == []
    row = result.statuses["review"].agencies[0]
    verdicts = {item.key: item.verdict for item in row.occurrences}
    assert verdicts["due 2020-11-30"] == "met-late" and verdicts["due 2020-10-31"] == "missed"
    # due in 16 days, within the default 30 days of "due soon"
    assert verdicts["due 2020-12-31"] == "due-soon" and "met" not in verdicts.values()


def test_the_agency_page_says_where_to_send_the_file_without_a_github_account(clerk_repo: Path) -> None:
    as_of = date(2020, 12, 15)
    site = build_site(run_check(clerk_repo, as_of), SiteOptions(today=as_of))
    page = text_of(site.page(agency_page("jail")).markdown)
    assert "No GitHub account? Download the file beside a button, replace each FILL IN, and send it to " \
           "Office of the Council Clerk" in page
    assert 'href="mailto:council-clerk@example.org"' in site.page(agency_page("jail")).markdown
    # Under "What to submit next", a duty shows its latest open due date; its page has every one
    page = unescape(site.page(agency_page("jail")).markdown)
    assert [words for _, words, _ in buttons(page)] == ["Submit for event req-14", "Submit for December 2020"]
    assert ">2 more due dates to submit for, on its page</a>" in page


def test_due_soon_lists_the_next_month_of_a_review_behind_since_october(clerk_repo: Path) -> None:
    as_of = date(2020, 12, 15)
    home = site_home(clerk_repo, as_of)
    upcoming = home.split('id="due-in-the-next-60-days"', 1)[1].split("<h2", 1)[0]
    rows = [text_of(row) for row in upcoming.split("<tr>")[2:]]
    assert len(rows) == 1 and "Title of review" in rows[0] and "31 December 2020" in rows[0]
    assert "the one due 30 November 2020 has no proof" in rows[0]


def site_home(root: Path, as_of: date) -> str:
    return build_site(run_check(root, as_of), SiteOptions(today=as_of)).page("index.md").markdown


# --- 6. who speaks ---------------------------------------------------------------------------------------


def test_every_page_names_its_publisher_contact_and_where_to_report_an_error() -> None:
    import subprocess

    from policytrack.model.load import DATA_FOLDERS, load_repository
    from test_site_support import ROOT, kc_site

    config = load_repository(ROOT).repository.config
    assert config.publisher and config.contact and config.contact.url and config.repo_url
    changed = subprocess.run(["git", "log", "-1", "--format=%cs", "--", *DATA_FOLDERS], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
    site = kc_site()
    pages = [page for page in site.rglob("*.html") if page.name != "404.html"]
    generated = 0
    for page in pages:
        source = page.read_text()
        footer = unescape(source.split('class="md-copyright"', 1)[1].split("</div>", 1)[0])
        assert f"Published by {config.publisher}" in footer, page
        assert f'Contact: <a href="{config.contact.url}">{config.contact.name}</a>' in footer, page
        assert f'<a href="{config.repo_url}/issues/new?template=report-an-error.yml">Report an error</a>' in footer
        if 'class="pt-asof"' not in source:
            continue  # a page written by hand (docs/): the footer speaks for it
        generated += 1
        byline = unescape(source.split('class="pt-byline"', 1)[1].split("</p>", 1)[0])
        assert f"Published by {config.publisher}" in byline and "Report an error</a>" in byline, page
        where = page.parent.relative_to(site).as_posix()
        if "as-of" not in where:  # today's site says when the records last changed, beside the as-of date
            asof = source.split('class="pt-asof"', 1)[1].split("</p>", 1)[0]
            assert f'data last changed <time datetime="{changed}">' in asof, page
        if "Page-" not in where:  # the form names the page
            assert f"&page={where + '/' if where != '.' else '/'}\"" in byline, page
    assert generated > 30


def test_the_checkers_pages_are_in_about_the_data_not_the_public_navigation() -> None:
    from test_site_support import kc_site

    home = (kc_site() / "index.html").read_text()
    nav = home.split('<nav class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]
    start = nav.index('<span class="md-ellipsis">\n    \n  \n    About the data')
    public, about = nav[:start], nav[start:]  # the section is the navigation's last
    for target in ("rules/", "rules-loading/", "findings/", "open-data/", "tags/"):
        assert f'href="{target}"' in about and f'href="{target}"' not in public, target
    for target in ("ordinances/", "agencies/", "statuses/", "about/", "submit-evidence/"):
        assert f'href="{target}"' in public, target


# --- 4. an honest chart -----------------------------------------------------------------------------------


def test_the_chart_is_sampled_on_every_change_and_drawn_with_every_series() -> None:
    from policytrack.site import chart
    from policytrack.status.history import change_dates, start_date, status_series
    from test_site_support import ROOT

    as_of = date(2025, 6, 30)
    result = run_check(ROOT, as_of)
    repo = result.repository
    start = start_date(repo)
    assert start is not None
    days = change_dates(repo, start, as_of, result.statuses)
    # the Auditor's report, the logins cut off (April 2019, counted as its last day), the training news
    for day in (date(2019, 7, 9), date(2019, 4, 30), date(2021, 10, 12), date(2018, 3, 8), as_of):
        assert day in days, day
    series = status_series(repo, days)["all"]
    drawn = chart.svg(series, "Duties", "c")
    for column in ("breached", "behind", "no-deadline", "verified", "claimed"):
        assert any(counts[column] for counts in series.counts), column
        assert f'class="pt-line pt-s-{column}"' in drawn, column  # breaches and undated duties drawn too
    highest = max(counts[column] for counts in series.counts for column, *_ in chart.LINES)
    assert highest < max(counts["duties"] for counts in series.counts)
    axis = re.findall(r'<text class="pt-y" [^>]*>(\d+)</text>', drawn)  # the vertical axis's labels
    assert int(axis[-1]) == highest + highest % 2  # fitted to the values drawn (rounded up to even), not the duties
    header = chart.header(series)  # date, duties and every series not zero on every date, as the chart draws
    drawn_series = {column for column, *_ in chart.LINES if any(counts[column] for counts in series.counts)}
    assert {chart.NAMES[column] for column in drawn_series} <= set(header[2:])


def test_each_year_is_labelled_where_it_starts() -> None:
    from policytrack.site import chart
    from policytrack.status.history import Series

    first, last = date(2018, 3, 8), date(2026, 12, 4)
    days = [first, date(2019, 12, 31), last]
    counts = [dict.fromkeys(("duties", *chart.GROUP_ORDER), 0) for _ in days]
    counts[1]["behind"] = 3
    drawn = chart.svg(Series(days, counts), "Duties", "c")
    labels = {label: float(x) for x, label in re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(?:start|end)">'
                                                         r"(\d{4})</text>", drawn)}
    assert list(labels) == [str(year) for year in range(2019, 2027)]  # 2019 labelled, 2018's stub is not
    for year, x in labels.items():
        assert abs(x - chart._x(date(int(year), 1, 1), first, last)) < 0.1, year
    point = chart._x(date(2019, 12, 31), first, last)  # the last day of 2019 sits before 2020's mark
    assert labels["2019"] < point < labels["2020"]


# --- 7 and 9: owners owe, names are found, links say where they go, the law's own kind ---------------------


def test_an_owner_not_bound_owes_the_obligation_it_answers_for(tmp_path: Path) -> None:
    # The Executive owns a duty the jail and the police carry out: it owes one duty, read as the obligation
    # reads (its most urgent agency: the police, overdue), on the scorecard, its page and in status.json.
    root = write_repo(tmp_path, obligations=[obligation(owner={"agency": "exec", "role": "Executive"},
                                                        applies_to=["jail", "police"])],
                      evidence=[evidence("ev-1", agency="jail")])
    result = run_check(root, AS_OF)
    card = status_json(result, "abc")["scorecard"]
    assert card["exec"] == {"duties": 1, "breached": 0, "remedy-claimed": 0, "behind": 1, "no-deadline": 0, "open": 0,
                            "in-progress": 0, "claimed": 0, "verified": 0, "waived": 0, "as_owner": 1}
    assert card["jail"]["duties"] == card["police"]["duties"] == 1 and card["jail"]["as_owner"] == 0
    site = build_site(result, SiteOptions(today=AS_OF))
    page = text_of(site.page(agency_page("exec")).markdown)
    assert "Executive owes 1 duty (1 as the owner of obligations other agencies carry out): 1 behind" in page
    assert "as owner; carried out by Jail, Police" in page
    home = text_of(site.page("index.md").markdown)
    assert "Test County is behind on 2 of its 3 duties" not in home  # the config names no jurisdiction here
    assert re.search(r"is behind on 2 of its 3 duties under", home)


def test_the_law_is_named_by_its_own_kind_and_links_name_where_they_go(tmp_path: Path) -> None:
    law = {"id": "ord-1", "title": "An act", "number": "21-125", "kind": "law", "citation": "D.C. Law 21-125",
           "enacted": "2020-01-01", "source": "https://code.example.org/laws/21-125",
           "sections": [{"id": "101", "heading": "Duties", "text": "The jail shall do things."}]}
    root = write_repo(tmp_path, ordinances=[law], obligations=[obligation(section="101")],
                      evidence=[evidence("ev-1", source={"url": "https://www.example.org/landing",
                                                         "title": "The report of 2020, page 4"})],
                      agencies=[{"id": "jail", "name": "Jail", "head": "Director", "other_names": ["the lock-up"]},
                                {"id": "exec", "name": "Executive", "head": "Executive"}])
    site = build_site(run_check(root, AS_OF), SiteOptions(today=AS_OF))
    home = text_of(site.page("index.md").markdown)
    assert "duties under Law 21-125" in home and "Ordinance 21-125" not in home
    assert "Laws" in str(site.nav) and "Ordinances" not in str(site.nav)
    card = site.page(obligation_page("ob-1")).markdown
    assert ('<cite>The report of 2020, page 4</cite>, at <a href="https://www.example.org/landing">'
            "example.org/landing</a>") in card  # the title is not the link's words: the address is
    assert "Also known as <strong>the lock-up</strong>" in site.page(agency_page("jail")).markdown


def test_an_agency_that_filed_nothing_reads_no_records_received_not_a_finding(tmp_path: Path) -> None:
    monthly = obligation("review", kind="recurring", deadline={"type": "recurring", "every": "month"},
                         applies_to=["jail", "police"])
    root = write_repo(tmp_path, obligations=[monthly], evidence=[evidence("ev-1", "review", "jail", when="2020-08-31",
                                                                          period="2020-08")])
    site = build_site(run_check(root, date(2020, 12, 15)), SiteOptions(today=date(2020, 12, 15)))
    police = text_of(site.page(agency_page("police")).markdown)
    assert re.search(r"No records received from Police since 11 January 2020 ?: no evidence it filed is in these "
                     "records", police)
    assert "no record received for any of the 11 months due so far" in police
    jail = text_of(site.page(agency_page("jail")).markdown)
    assert "Newest record received from Jail: dated 31 August 2020" in jail
    assert "10 of 11 months missed, the last due 30 November 2020" in jail


def test_the_feed_links_with_absolute_addresses_where_the_site_has_one(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    root = write_repo(tmp_path, obligations=[obligation()], evidence=[evidence("ev-1")])
    site = build_site(run_check(root, AS_OF), SiteOptions(today=AS_OF, site_url="https://status.example.org/town"))
    feed = ET.fromstring(site.files["feed.atom"])
    links = [link.get("href") or "" for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert links and all(link.startswith("https://status.example.org/town/") for link in links), links
    assert "https://status.example.org/town/obligations/ob-1/" in links


def test_every_page_of_king_county_and_dc_keeps_to_the_page_budget() -> None:
    from test_site_support import PAGE_LIMIT, dc_site, kc_site

    for site in (kc_site(), dc_site()):
        large = {str(page.relative_to(site)): page.stat().st_size for page in site.rglob("*.html")
                 if page.stat().st_size > PAGE_LIMIT}
        assert large == {}, site


def test_policytrack_pages_writes_the_published_views_too(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from test_site_support import ROOT

    env = {**os.environ, "POLICYTRACK_TODAY": "2025-06-30"}
    done = subprocess.run([sys.executable, "-m", "policytrack", "pages", str(tmp_path / "out"), str(ROOT), "--as-of",
                           "2025-06-30"], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    view = tmp_path / "out" / "as-of" / VIEW.isoformat()
    home = (view / "index.md").read_text(encoding="utf-8")
    assert 'class="pt-historical"' in home and "(as of 9 July 2019)" in home
    assert "pt-submit" not in "".join(page.read_text(encoding="utf-8") for page in view.rglob("*.md"))
    today = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert 'href="as-of/2019-07-09/">9 July 2019</a>' in today
