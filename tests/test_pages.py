"""The page generator as library code: what a reader would see, checked without MkDocs."""

from __future__ import annotations

import html as html_module
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import markdown
import pytest
import yaml
from pydantic import ValidationError

from policytrack.checks.checker import run_check
from policytrack.checks.rules.context import Options
from policytrack.model.records import Config, Evidence
from policytrack.plugin import EXTENSIONS
from policytrack.site.build import build_site
from policytrack.site.kit import SiteOptions
from policytrack.site.markup import text
from policytrack.site.paths import agency_page, obligation_page
from policytrack.site.publish import git_commit, git_data_changed, resolve_as_of
from policytrack.site.submit import FILL_IN, evidence_template, submit_url
from policytrack.status.engine import ORDER
from test_site_support import AS_OF, COUNTY, HOSTILE_SUMMARY, ROOT, hostile_repo


def render(source: str) -> str:
    """Markdown → HTML with the extensions the plugin adds, front matter removed."""
    if source.startswith("---\n"):
        source = source.split("\n---\n", 1)[1]
    return markdown.markdown(source, extensions=list(EXTENSIONS), extension_configs={
        name: options for name, options in EXTENSIONS.items() if options})


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "**bold**", "[link](javascript:alert(1))", "_x_ `y` |z|", "# heading",
    "- item", "1. item", "{: .class }", "&lt;already&gt;", "<img src=x onerror=alert(1)>", "---",
])
def test_untrusted_text_renders_as_exactly_the_characters_typed(hostile: str) -> None:
    html_out = render(f"Before {text(hostile)} after\n\n{text(hostile)}\n")
    assert "<script" not in html_out and "<img" not in html_out and "<strong>" not in html_out
    assert "<a " not in html_out and "<h1" not in html_out and "<li>" not in html_out and "<hr" not in html_out
    visible = re.sub(r"<[^>]+>", "", html_out)
    assert html_module.unescape(visible).split("\n")[0] == f"Before {hostile} after"


def test_every_record_has_its_page_with_the_as_of_line_and_commit() -> None:
    result = run_check(COUNTY, AS_OF)
    site = build_site(result, SiteOptions(commit="abc1234"))
    paths = {page.path for page in site.pages}
    repo = result.repository
    assert {obligation_page(key) for key in repo.obligations} <= paths
    assert {f"ordinances/{key}/index.md" for key in repo.ordinances} <= paths
    assert {agency_page(key) for key in repo.agencies} <= paths
    assert {"index.md", "rules.md", "findings.md", "open-data.md"} <= paths
    for page in site.pages:
        assert '<time datetime="2025-06-30">30 June 2025</time>' in page.markdown, page.path
        assert "<code>abc1234</code>" in page.markdown, page.path


def test_navigation_lists_sections_but_never_obligation_pages() -> None:
    result = run_check(COUNTY, AS_OF)
    flat = repr(build_site(result).nav)
    assert "ordinances/index.md" in flat and "agencies/index.md" in flat and "systems/index.md" in flat
    assert "obligations/index.md" in flat and "agencies/jail/index.md" in flat
    assert not any(obligation_page(key) in flat for key in result.repository.obligations)


def test_home_lists_overdue_oldest_first() -> None:
    result = run_check(COUNTY, AS_OF)
    home = build_site(result).page("index.md").markdown
    overdue = home.split('<h2 id="overdue-oldest-first">', 1)[1].split('<h2 id="due-in-the-next-60-days">', 1)[0]
    dues = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', overdue)
    assert dues and dues == sorted(dues)
    # A duty is one obligation for one agency: each bound agency's row, and each owner the obligation does not
    # bind, who owes it as the obligation stands (README, "Reading the site").
    behind = ("overdue", "lapsed")
    owners = [(key, owner.agency) for key, s in result.statuses.items()
              for owner in result.repository.obligations[key].owners
              if owner.agency not in {row.agency for row in s.agencies} and s.status in behind]
    expected = sum(1 for s in result.statuses.values() for row in s.agencies if row.status in behind) + len(owners)
    obligations = len({key for key, s in result.statuses.items() for row in s.agencies if row.status in behind}
                      | {key for key, _ in owners})
    assert f"{expected} duties of agencies, under {obligations} obligations, are overdue or lapsed" in overdue


def test_rules_page_documents_every_rule_from_its_docstring() -> None:
    from policytrack.checks.rules import RULES
    from policytrack.checks.rules.loading import LOAD_RULES

    site = build_site(run_check(COUNTY, AS_OF))
    page = site.page("rules.md").markdown + site.page("rules-2.md").markdown  # the rules on two pages
    for rule in RULES.values():
        assert f'<h2 id="{rule.id}">{rule.id}<' in page
        first_words = " ".join(rule.summary.split()[:3]).replace("``", "")
        assert first_words.split("`")[0] in page
    loading = site.page("rules-loading.md").markdown
    for rule_id in LOAD_RULES:
        assert f'<h2 id="{rule_id}">{rule_id}<' in loading


def test_hostile_repository_is_escaped_in_every_page() -> None:
    site = build_site(run_check(hostile_repo(), AS_OF))
    for page in site.pages:
        html_out = render(page.markdown)
        assert "<script" not in html_out, page.path
        assert "javascript:" not in re.sub(r"&#58;", ":", "".join(re.findall(r'href="([^"]*)"', html_out))), page.path
        assert "<b>" not in html_out and "<u>" not in html_out and "<img" not in html_out, page.path
    obligation = render(site.page("obligations/ob-1/index.md").markdown)
    assert html_module.unescape(re.sub(r"<[^>]+>", "", obligation)).count(HOSTILE_SUMMARY) == 1


def test_titles_are_escaped_in_front_matter_for_the_theme() -> None:
    page = build_site(run_check(hostile_repo(), AS_OF)).page("ordinances/ord-1/index.md").markdown
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["title"] == "Ordinance &lt;script&gt;window.__pwned = 4&lt;/script&gt;"


def test_submit_evidence_template_is_valid_once_filled_in() -> None:
    result = run_check(COUNTY, AS_OF)
    obligation = result.repository.obligations["training"]
    template = evidence_template(obligation, "jail", AS_OF)
    assert template.startswith("# yaml-language-server: $schema=../../schemas/evidence.schema.json\n")
    data = yaml.safe_load(template)
    with pytest.raises(ValidationError):  # a forgotten FILL IN is caught by the checker, not published
        Evidence.model_validate({**data, "date": str(data["date"])})
    filled = yaml.safe_load(template.replace(f'"{FILL_IN}: the public address of the document (https://...)"',
                                             "https://example.org/report.pdf"))
    assert FILL_IN in filled["summary"]
    record = Evidence.model_validate({**filled, "date": str(filled["date"])})
    assert (record.obligation, record.agency, record.date) == ("training", "jail", AS_OF)
    assert record.kind in obligation.evidence.kinds  # type: ignore[union-attr]


def test_submit_url_opens_github_new_file_with_the_template() -> None:
    from urllib.parse import parse_qs, urlsplit

    result = run_check(COUNTY, AS_OF)
    obligation = result.repository.obligations["training"]
    config = Config(repo_url="https://github.com/org/repo", branch="main")
    address = submit_url(config, obligation, "sheriff", date(2025, 1, 2))
    assert address is not None
    parts = urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/org/repo/new/main"
    query = parse_qs(parts.query)
    assert query["filename"] == ["evidence/training/2025-01-02-sheriff.yml"]
    assert query["value"] == [evidence_template(obligation, "sheriff", date(2025, 1, 2))]
    assert submit_url(Config(), obligation, "sheriff", AS_OF) is None


def test_without_repo_url_the_page_explains_instead_of_a_button(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(COUNTY, repo, ignore=shutil.ignore_patterns("policytrack.yml"))
    site = build_site(run_check(repo, AS_OF))
    page = site.page(obligation_page("training")).markdown
    assert "Submit evidence for" not in page
    assert ("appears here once the repository's <code>policytrack.yml</code> sets <code>repo_url</code>.</p>"
            in page)


def test_long_lists_continue_on_further_pages(tmp_path: Path) -> None:
    repo = tmp_path / "big"
    (repo / "agencies").mkdir(parents=True)
    (repo / "agencies" / "a.yml").write_text("id: a\nname: Agency A\nhead: Director\n")
    (repo / "ordinances").mkdir()
    (repo / "ordinances" / "o.yml").write_text(
        "id: o\ntitle: O\ncitation: C\nenacted: 2020-01-01\nsource: https://example.org\n"
        "sections:\n  - id: '1'\n    heading: H\n")
    (repo / "obligations").mkdir()
    for index in range(230):
        (repo / "obligations" / f"ob-{index:03d}.yml").write_text(
            f"id: ob-{index:03d}\ntitle: Duty {index}\nordinance: o\nsection: '1'\nquote: q\naction: a\n"
            "kind: one-time\nowner:\n  agency: a\n  role: R\ndeadline:\n  type: date\n  date: 2021-01-01\n"
            "evidence:\n  kinds: [log]\n")
    site = build_site(run_check(repo, AS_OF), SiteOptions(list_limit=100))  # agencies/a lists 230
    paths = {page.path for page in site.pages}
    more = sorted(int(path.split("Page-")[1][:-3]) for path in paths if path.startswith("agencies/a/Page-"))
    assert more == list(range(2, len(more) + 2)) and len(more) >= 2  # 100 rows, or fewer where the bytes say so
    first = site.page("agencies/a/index.md").markdown
    shown = re.search(r"Showing (\d+) of 230", first)
    assert shown is not None and int(shown.group(1)) <= 100 and 'href="Page-2/"' in first
    rest = sum(site.page(f"agencies/a/Page-{number}.md").markdown.count('href="../../../obligations/ob-')
               for number in more)
    assert int(shown.group(1)) + rest == 230  # every duty listed once
    assert max(len(page.markdown) for page in site.pages) < 60_000


def test_as_of_comes_from_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYTRACK_AS_OF", "2020-02-03")
    assert resolve_as_of("2021-01-01") == (date(2021, 1, 1), True)
    assert resolve_as_of(None) == (date(2020, 2, 3), True)
    monkeypatch.delenv("POLICYTRACK_AS_OF")
    assert resolve_as_of(None) == (None, False)  # today in the repository's time zone, found by the check
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        resolve_as_of("July 9")


def test_commit_is_unknown_outside_git(tmp_path: Path) -> None:
    assert git_commit(tmp_path) == "unknown"
    assert git_commit(ROOT).isalnum() and git_commit(ROOT) != "unknown"  # the tool's own checkout


def test_pages_command_writes_the_same_pages_as_the_library(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "POLICYTRACK_TODAY": AS_OF.isoformat()}
    done = subprocess.run([sys.executable, "-m", "policytrack", "pages", str(out), str(COUNTY), "--as-of",
                           AS_OF.isoformat()], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "pages and" in done.stdout
    site = build_site(run_check(COUNTY, AS_OF, Options(replay=True)),
                      SiteOptions(commit=git_commit(COUNTY), today=AS_OF, markdown_headings=True,
                                  data_changed=git_data_changed(COUNTY)))
    def same(markdown_text: str) -> str:  # HEAD may move between the two runs while others commit
        return re.sub(r"commit <code>[^<]*</code>", "commit", markdown_text)

    for page in site.pages:
        assert same((out / page.path).read_text(encoding="utf-8")) == same(page.markdown)
    for path in ("status.json", "obligations.csv", "feed.atom", "calendar/all.ics",
                 "assets/policytrack/policytrack.css", "status.schema.json"):
        assert (out / path).is_file(), path


def test_status_order_has_a_badge_style_for_every_status() -> None:
    css = (ROOT / "src/policytrack/assets/policytrack.css").read_text()
    for status in ORDER:
        assert f".pt-{status} " in css


def test_every_table_has_a_caption_and_as_many_cells_as_headers() -> None:
    site = build_site(run_check(ROOT, AS_OF), SiteOptions(today=AS_OF))
    for page in site.pages:
        for found in re.findall(r"<table\b.*?</table>", page.body, flags=re.S):
            assert "<caption>" in found, page.path
            headers = len(re.findall(r'<th scope="col"', found))
            for row in re.findall(r"<tbody>.*?</tbody>", found, flags=re.S)[0].split("<tr>")[1:]:
                assert row.count("<td") == headers, (page.path, row[:120])


def test_an_obligation_page_lists_every_due_date_with_its_verdict(tmp_path: Path) -> None:
    from builders import evidence, obligation, write_repo

    quarterly = obligation(kind="recurring", deadline={"type": "recurring", "every": "quarter",
                                                       "days_after_period_end": 30})
    proof = [evidence("ev-q1", when="2020-04-20", period="2020-Q1"),
             evidence("ev-q2", when="2020-08-15", period="2020-Q2")]
    root = write_repo(tmp_path, obligations=[quarterly], evidence=proof)
    page = build_site(run_check(root, date(2021, 2, 15))).page(obligation_page("ob-1")).markdown
    section = page.split('id="due-dates"', 1)[1].split("<h2", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, flags=re.S)
    text_rows = [" | ".join(re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row))
                 for row in rows if "<td" in row]
    assert text_rows == [
        "2020-Q1 | 30 April 2020 | Met on time | ev-q1",  # dates written one way on every page
        "2020-Q2 | 30 July 2020 | Met late, 16 days late | ev-q2",
        "2020-Q3 | 30 October 2020 | Missed | none",
        "2020-Q4 | 30 January 2021 | Missed | none",
        "2021-Q1 | 30 April 2021 | Not yet due | none",
    ]
    assert "overdue; 2 of 4 quarters missed, last missed 2020-Q4; 1 met late" in html_module.unescape(
        re.sub(r"<[^>]+>", "", section))
    # a one-time duty has one due date: the status line says it all, no table
    once = write_repo(tmp_path / "b", obligations=[obligation()])
    assert 'id="due-dates"' not in build_site(run_check(once, date(2021, 2, 15))).page(
        obligation_page("ob-1")).markdown


def test_each_rule_is_documented_on_one_of_two_pages_and_findings_link_there() -> None:
    from policytrack.checks.rules import RULES
    from policytrack.site.pages.reference import RULES_PAGES, rule_pages

    site = build_site(run_check(COUNTY, AS_OF))
    pages = rule_pages()
    for rule_id in RULES:
        [holder] = [path for path in RULES_PAGES if f'<h2 id="{rule_id}">' in site.page(path).markdown]
        assert holder == pages[rule_id]
    assert {pages[rule_id] for rule_id in RULES} == set(RULES_PAGES)
    findings = site.page("findings.md").markdown
    for finding in run_check(COUNTY, AS_OF).findings:
        assert f'href="../{pages[finding.rule][:-3]}/#{finding.rule}"' in findings, finding.rule


def test_progress_and_a_claimed_remedy_read_as_such_on_the_pages() -> None:
    """King County today: the training's announcements read "In progress: not done", each marked as progress on
    the evidence timeline; the sheriff's office's remedy reads "Remedy claimed, not verified"."""
    result = run_check(ROOT, date(2026, 11, 27))
    site = build_site(result)
    training = site.page(obligation_page("kc-18665-training")).markdown
    assert "In progress: not done" in training and "Done, not verified" not in training
    assert training.count("Shows progress, not completion:") == 3
    assert "Showing progress only, never done: announcement, audit-finding." in training
    warrant = site.page(obligation_page("kc-18665-no-personal-info-without-warrant")).markdown
    assert "Remedy claimed, not verified" in warrant
