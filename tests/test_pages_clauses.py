"""The ordinance page marks the law's clauses (carried, needing none, not carried); the home page shows the share."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from builders import ORDINANCE, obligation, write_repo
from policytrack.checks.checker import run_check
from policytrack.checks.rules.context import Options
from policytrack.law.clauses import extract
from policytrack.law.coverage import ClauseCoverage
from policytrack.site.build import build_site
from policytrack.site.clauses import mark_section

COUNTY = Path(__file__).resolve().parent / "repos" / "county"


def test_the_ordinance_page_marks_the_training_clause_as_carried_with_no_deadline_in_the_law() -> None:
    site = build_site(run_check(COUNTY, date(2019, 7, 9), Options(replay=True)))
    page = site.page("ordinances/ord-7/index.md").markdown
    training = page.split("The executive shall ensure", 1)
    assert len(training) == 2
    opening = training[0].rsplit("<mark", 1)[1]
    assert 'class="pt-clause pt-clause-covered"' in opening
    after = training[1].split("</mark>", 1)[1].split("</span>", 1)[0]
    assert "carried by" in after and "no deadline in the law" in after and "obligations/training/" in after
    assert "Clauses of the law: " in page and "obligation and prohibition clauses carried" in page
    # the home page answers in sentences; the ordinances index has the column
    assert '<th scope="col">Clauses carried</th>' in site.page("ordinances/index.md").markdown


def test_uncovered_and_excused_clauses_are_marked_and_counted(tmp_path: Path) -> None:
    text = ("The jail shall keep a log of each request. The police shall not share booking records. "
            "The jail may close on holidays. The clerk shall file the notice.")
    ordinance = {**ORDINANCE, "sections": [{"id": "1.01.A", "heading": "Duties", "text": text}],
                 "clauses_needing_no_obligation": [{"quote": "The clerk shall file the notice.",
                                                    "reason": "A duty of the state court clerk."}]}
    root = write_repo(tmp_path, ordinances=[ordinance],
                      obligations=[obligation("ob-log", quote="The jail shall keep a log of each request.")])
    site = build_site(run_check(root, date(2020, 3, 1)))
    page = site.page("ordinances/ord-1/index.md").markdown
    assert '<mark class="pt-clause pt-clause-uncovered"' in page and "not carried by any obligation" in page
    assert '<mark class="pt-clause pt-clause-excused"' in page and "A duty of the state court clerk." in page
    assert '<mark class="pt-clause pt-clause-permission"' in page
    assert "2 of 3 obligation and prohibition clauses carried (67%)" in page
    assert "<strong>1 not carried</strong>" in page
    assert '<td data-label="Clauses carried">67%</td>' in site.page("ordinances/index.md").markdown


def test_marked_text_escapes_the_law_and_keeps_every_word() -> None:
    law = 'Intro <b>bold</b> & "quotes". The jail shall keep a <script>log</script>. End *here*.'
    items = [ClauseCoverage(clause, "uncovered") for clause in extract(law)]
    assert len(items) == 1
    out = mark_section(law, items, lambda key: key)
    assert "<script>" not in out and "<b>" not in out
    visible = html.unescape(re.sub(r"<[^>]+>", "", out)).replace(" [not carried by any obligation; "
                                                                    "no deadline in the law]", "")
    assert visible == law
