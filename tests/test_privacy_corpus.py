"""The privacy guard measured on its planted corpus (tests/data/privacy/): every way of slipping personal
data past it that issue 16 found (YAML escapes, invisible characters, Unicode dashes, folded lines, other
formats, mkdocs.yml, docs/) must be found, and look-alikes must stay quiet. The README's figures come from
here (and from ``benchmarks/privacy_eval.py``, which prints them)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from policytrack.checks.privacy import scan
from policytrack.checks.privacy_sources import scan_file
from policytrack.model.safetext import printable
from privacy_corpus import CORPUS, Case, load, run

PLANTED = load("planted.yml")
LOOKALIKES = load("lookalikes.yml")
KNOWN_FALSE_POSITIVES = {
    "figurative-born": "date-of-birth",  # "was born on March 3, 2019": a date after "born"
    "signature-and-date": "date-of-birth",  # "Dow Constantine, 02/26/2018": a name and a date
}
"""Look-alikes the guard flags, as it did before issue 16: a reviewer silences them with a reason."""
LAWS = Path(__file__).parent / "data" / "laws"


@pytest.mark.parametrize("case", PLANTED, ids=[case.id for case in PLANTED])
def test_each_planted_identifier_is_found_as_its_kind_in_its_file(case: Case, tmp_path: Path) -> None:
    outcome = run(case, tmp_path)
    assert not outcome.missed, f"{case.id}: found {sorted(outcome.kinds)}, not {case.kind}"
    assert outcome.paths <= {printable(path) for path in case.files}  # paths are printed escaped


@pytest.mark.parametrize("case", LOOKALIKES, ids=[case.id for case in LOOKALIKES])
def test_each_look_alike_is_quiet(case: Case, tmp_path: Path) -> None:
    outcome = run(case, tmp_path)
    expected = {KNOWN_FALSE_POSITIVES[case.id]} if case.id in KNOWN_FALSE_POSITIVES else set()
    assert outcome.kinds == expected


def test_the_corpus_covers_every_evasion_class_of_the_issue() -> None:
    classes = Counter(case.group for case in PLANTED)
    assert set(classes) == {"yaml-escape", "zero-width", "no-break-space", "soft-hyphen", "unicode-dash",
                            "escaped-line-break", "folded-line-break", "full-width", "format", "record",
                            "mkdocs", "docs", "attachment-name"}
    assert len(PLANTED) == 89 and len(LOOKALIKES) == 31  # the README's figures
    assert {case.kind for case in PLANTED} == {"ssn", "a-number", "date-of-birth", "booking-number",
                                               "case-number", "personal-email", "phone-number"}
    written = (CORPUS / "planted.yml").read_text(encoding="utf-8")
    for form in ("\\x31\\x32\\x33-45-6789", "123.45.6789", "S.S.N.", "Soc. Sec. No.", "A-No.", "USCIS #",
                 "DOB: March 14th, 1985", "2065550143", "[at]", "[dot]", "Booking 19-004512", "＠", "<U+00AD>",
                 "<U+200B>", "<U+00A0>", "−", "site_description", "docs/"):
        assert form in written, form


def test_no_false_positive_on_the_law_texts() -> None:
    # law texts as imported (XML, Markdown, code-library text with "File No." history notes), read line by
    # line and paragraph by paragraph as a docs page would be, and the labelled clauses' words
    for path in sorted(LAWS.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert scan(text) == [], path.name
        assert scan_file(f"docs/{path.stem}.md", text) == [], path.name
    for path in sorted((LAWS.parent / "clauses").glob("*.labels.json")):
        for clause in json.loads(path.read_text(encoding="utf-8"))["clauses"]:
            assert scan(f"{clause['text']} {clause.get('until', '')}") == [], (path.name, clause["text"])
