"""Importing a law's text: D.C. law XML, Akoma Ntoso 3.0, plain text and Markdown; re-import as amendments."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from conftest import MakeRepo, RunCli
from policytrack.law.importer import LawFileError, read_law
from policytrack.model.load import load_repository

TESTS = Path(__file__).parent
DC_XML = TESTS / "data" / "laws" / "dc-law-21-125.xml"
AKN_XML = TESTS / "data" / "laws" / "za-constitution-1996-excerpt.akn.xml"

TEXT_LAW = """# Ordinance 900: Surveillance technology

Enacted: March 8, 2018
Effective date: 2018-06-01

Section 1. Definitions
"Surveillance technology" means any device that observes people.

Section 2. Annual report
(a) Each department shall submit a report to the council by January 31 of each year.
(b) The council may hold a hearing on the report.
"""


def test_dc_law_xml_sections_headings_text_and_dates() -> None:
    law = read_law(DC_XML)
    assert law.format == "dc-law-xml"
    assert (law.id, law.number, law.enacted, law.effective) == ("dc-law-21-125", "21-125", "2016-03-26", "2016-06-30")
    assert law.citation == "D.C. Law 21-125, 63 DCR 4659"
    assert law.source and law.source.startswith("https://lims.dccouncil.gov/")
    ids = [section.id for section in law.sections]
    assert ids[:6] == ["101", "102", "103", "104", "105", "201"] and ids[-1] == "903"
    by_id = {section.id: section for section in law.sections}
    assert by_id["102"].heading == "Duties of the Executive Director."
    assert by_id["102"].text.splitlines()[:2] == [
        "(a) The duties of the Executive Director shall include:",
        "(1) Identifying, on a quarterly basis, a target of 50 individuals who pose a high risk of participating "
        "in, or being a victim of, violent criminal activity;",
    ]
    # the text an amending section inserts is part of that section, numbers and headings as printed
    lines = by_id["203"].text.splitlines()
    assert lines[1:3] == ["501", "Comprehensive Homicide Elimination Strategy Task Force."]
    assert by_id["101"].sha256 == hashlib.sha256(by_id["101"].text.encode()).hexdigest()


def test_akoma_ntoso_keeps_eids_and_numbers_nested_paragraphs() -> None:
    law = read_law(AKN_XML)
    assert law.format == "akoma-ntoso"
    assert [section.id for section in law.sections] == [
        "chp_1__sec_1", "chp_1__sec_2", "chp_1__sec_3", "chp_1__sec_4", "chp_1__sec_5", "chp_1__sec_6",
        "chp_2__sec_7", "chp_2__sec_8", "chp_2__sec_9"]
    languages = next(section for section in law.sections if section.id == "chp_1__sec_6")
    assert languages.heading == "6. Languages"
    assert "(3) (a) The national government and provincial governments may use" in languages.text
    assert "(5) A Pan South African Language Board established by national legislation must -" in languages.text
    assert (law.id, law.citation, law.enacted) == ("za-act-1996-constitution", "/akn/za/act/1996/constitution", "1996")


def test_plain_text_and_markdown_sections_with_offsets_into_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ordinance-900.md"
    path.write_text(TEXT_LAW, encoding="utf-8")
    law = read_law(path)
    assert law.title == "Ordinance 900: Surveillance technology"
    assert (law.enacted, law.effective) == ("2018-03-08", "2018-06-01")
    assert [(s.id, s.heading) for s in law.sections] == [("1", "Definitions"), ("2", "Annual report")]
    report = law.sections[1]
    assert report.offset is not None and TEXT_LAW[report.offset:report.offset + len(report.text)] == report.text
    markdown = tmp_path / "m.md"
    markdown.write_text("# A law\n\n## 2.15.010 Services\nThe county shall serve all.\n", encoding="utf-8")
    assert [(s.id, s.heading, s.text) for s in read_law(markdown).sections] == [
        ("2.15.010", "Services", "The county shall serve all.")]


@pytest.mark.parametrize(("content", "message"), [
    ("<law><unclosed></law>", "not well-formed XML"),
    ('<x xmlns="urn:other"/>', "XML of an unknown kind"),
    (" \n\n", "holds no text"),
])
def test_bad_files_get_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "law.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LawFileError, match=message):
        read_law(path)


def test_import_writes_an_ordinance_that_loads(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo({"agencies/a.yml": "id: a\nname: A\nhead: Head\n"})
    code, out, err = run_cli("import", DC_XML, repo)
    assert (code, err) == (0, "")
    assert "ordinance 'dc-law-21-125' with 29 sections" in out
    written = repo / "ordinances" / "dc-law-21-125.yml"
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schemas/")
    loaded = load_repository(repo)
    assert loaded.findings == []
    ordinance = loaded.repository.ordinances["dc-law-21-125"]
    assert str(ordinance.enacted) == "2016-03-26" and len(ordinance.sections) == 29
    first = ordinance.sections[0]
    assert first.sha256 == hashlib.sha256((first.text or "").encode()).hexdigest()


def test_import_needs_an_address_when_the_file_has_none(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo({"agencies/a.yml": "id: a\nname: A\nhead: Head\n"})
    code, _, err = run_cli("import", AKN_XML, repo)
    assert code == 2 and "--source" in err
    code, out, _ = run_cli("import", AKN_XML, repo, "--source", "https://example.org/constitution")
    assert "za-act-1996-constitution" in out
    data = yaml.safe_load((repo / "ordinances" / "za-act-1996-constitution.yml").read_text(encoding="utf-8"))
    assert [section["id"] for section in data["sections"]][:2] == ["chp_1__sec_1", "chp_1__sec_2"]


def test_reimport_records_added_amended_and_repealed_sections_and_keeps_the_ordinance(
        make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path) -> None:
    repo = make_repo({"agencies/a.yml": "id: a\nname: A\nhead: Head\n"})
    first = tmp_path / "v1.md"
    first.write_text(TEXT_LAW, encoding="utf-8")
    assert run_cli("import", first, repo, "--id", "ord-900", "--source", "https://example.org/900")[0] == 0
    before = (repo / "ordinances" / "ord-900.yml").read_text(encoding="utf-8")
    second = tmp_path / "v2.md"
    second.write_text(TEXT_LAW.replace("by January 31 of each year", "by March 31 of each year")
                      .replace('Section 1. Definitions\n"Surveillance technology" means any device that observes '
                               'people.\n\n', "")
                      + "\nSection 3. Training\nThe executive shall train all staff.\n", encoding="utf-8")
    code, out, err = run_cli("import", second, repo, "--id", "ord-900", "--by", "Ordinance 950",
                             "--effective", "2020-01-01")
    assert (code, err) == (0, ""), err
    assert "1 sections added, 1 amended, 1 repealed" in out
    assert (repo / "ordinances" / "ord-900.yml").read_text(encoding="utf-8") == before
    record = yaml.safe_load((repo / "amendments" / "ord-900-2020-01-01.yml").read_text(encoding="utf-8"))
    assert {key: record[key] for key in ("id", "ordinance", "by", "effective", "source")} == {
        "id": "ord-900-2020-01-01", "ordinance": "ord-900", "by": "Ordinance 950", "effective": "2020-01-01",
        "source": "https://example.org/900"}
    assert [(c["action"], c["section"]) for c in record["changes"]] == [
        ("amended", "2"), ("added", "3"), ("repealed", "1")]
    assert "by March 31 of each year" in record["changes"][0]["text"]
    # the same version again: nothing new (the amendment record is part of the text in force)
    code, out, _ = run_cli("import", second, repo, "--id", "ord-900", "--effective", "2020-01-01")
    assert (code, out.strip()) == (0, f"{second}: no change from the text of 'ord-900' in force")
    loaded = load_repository(repo)
    assert loaded.findings == [] and list(loaded.repository.amendments) == ["ord-900-2020-01-01"]


def test_an_obligation_quoting_words_a_reimport_changed_drifts(make_repo: MakeRepo, run_cli: RunCli,
                                                               tmp_path: Path) -> None:
    first = tmp_path / "v1.md"
    first.write_text(TEXT_LAW, encoding="utf-8")
    quote = "Each department shall submit a report to the council by January 31 of each year."
    repo = make_repo({
        "agencies/a.yml": "id: a\nname: A\nhead: Head\n",
        "obligations/report.yml": yaml.safe_dump({
            "id": "report", "title": "Annual report", "ordinance": "ord-900", "section": "2", "quote": quote,
            "action": "Report.", "kind": "recurring", "owner": {"agency": "a", "role": "Head"},
            "deadline": {"type": "recurring", "every": "year", "month": 1, "day": 31},
            "evidence": {"kinds": ["report"]}}),
    })
    run_cli("import", first, repo, "--id", "ord-900", "--source", "https://example.org/900")
    _, out, _ = run_cli("check", repo, "--as-of", "2020-06-01", "--format", "json")
    assert not [f for f in json.loads(out)["findings"] if f["rule"] == "quote-drift"]
    second = tmp_path / "v2.md"
    second.write_text(TEXT_LAW.replace("by January 31 of each year", "by March 31 of each year"), encoding="utf-8")
    assert run_cli("import", second, repo, "--id", "ord-900", "--by", "Ordinance 950", "--effective",
                   "2020-01-01")[0] == 0
    code, out, _ = run_cli("check", repo, "--as-of", "2020-06-01", "--format", "json")
    assert code == 1
    [drift] = [f for f in json.loads(out)["findings"] if f["rule"] == "quote-drift"]
    assert drift["path"] == "obligations/report.yml" and drift["obligation"] == "report"
    assert "(as amended by Ordinance 950)" in drift["message"]
    assert "[-January-] {+March+}" in drift["message"]
    _, out, _ = run_cli("check", repo, "--as-of", "2019-12-31", "--format", "json")
    assert not [f for f in json.loads(out)["findings"] if f["rule"] == "quote-drift"]  # not yet in force


def test_import_of_a_missing_file_is_a_usage_error(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo({"agencies/a.yml": "id: a\nname: A\nhead: Head\n"})
    code, _, err = run_cli("import", repo / "nope.xml", repo)
    assert code == 2 and "cannot read the file" in err
