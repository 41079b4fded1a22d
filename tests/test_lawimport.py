"""Importing a law's text: D.C. law XML, Akoma Ntoso 3.0, plain text and Markdown; re-import as amendments."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from conftest import MakeRepo, RunCli
from policytrack.law.document import LawFileError
from policytrack.law.importer import read_law
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


# --- issue 17: code-library text as pasted -----------------------------------------------------------------

SF_19B = """ADMINISTRATIVE CODE CHAPTER 19B: ACQUISITION OF SURVEILLANCE TECHNOLOGY

Ordinance amending the Administrative Code to require that City departments
acquiring Surveillance Technology submit a policy to the Board, and requiring the
Controller, as City Services Auditor, to audit annually the use of surveillance
technology. The Controller shall provide an audit report to the Board.

=== Findings ===
(a) It is essential to have an informed public debate.

=== Sec. 19B.3 Submission of Surveillance Technology Policy to Board ===
(a) Each Department shall submit a proposed Surveillance Technology Policy
ordinance to the Board within 180 days of the effective date of this Chapter,
pursuant to
Section 19B.2 of this Chapter.
(Added by Ord. 107-19, File No. 190568, App. 5/31/2019, Eff. 7/1/2019)

=== Appendix ===
There shall be an Appendix to this Chapter.
"""


def test_code_library_headings_with_and_without_numbers_and_history_notes(tmp_path: Path) -> None:
    path = tmp_path / "sf-19b.txt"
    path.write_text(SF_19B, encoding="utf-8")
    law = read_law(path)
    assert law.title == "ADMINISTRATIVE CODE CHAPTER 19B: ACQUISITION OF SURVEILLANCE TECHNOLOGY"
    assert [(s.id, s.heading) for s in law.sections] == [
        ("title", "Long title and preamble"), ("findings", "Findings"),
        ("19B.3", "Submission of Surveillance Technology Policy to Board"), ("appendix", "Appendix")]
    assert "Section 19B.2 of this Chapter." in law.sections[2].text  # a wrapped cross reference stays text
    assert (law.enacted, law.effective) == ("2019-05-31", "2019-07-01")
    assert [(n.section, n.ordinance, n.approved, n.effective) for n in law.notes] == [
        ("19B.3", "107-19", "2019-05-31", "2019-07-01")]
    assert any("carry no number" in words for words in law.assumed)
    for section in law.sections:
        assert section.offset is not None and SF_19B[section.offset:section.offset + len(section.text)] == section.text


@pytest.mark.parametrize(("text", "ids"), [
    ("SEC. 2. Reports.\nThe Mayor shall report.\n\nSEC. 3.\nThe Clerk shall file it.\n", ["2", "3"]),
    ("§ 14-188 Surveillance reporting.\na. The Department shall report.\n", ["14-188"]),
    ("14.18.020 Council approval.\nThe Council shall approve.\n\n14.18.030 Review.\nIt shall review.\n",
     ["14.18.020", "14.18.030"]),
    ("2.15.010.B\nThe county shall serve all.\n", ["2.15.010.B"]),
    ("Surveillance rules\n\nReports\n=======\nThe Chief shall report.\n", ["reports"]),
    ("Chicago code\n\n2-152-270 Annual reports by department heads.\n   Every head shall report.\n\n"
     "2-152-280 Copies.\nThe mayor shall keep them.\n", ["2-152-270", "2-152-280"]),
    ("Council rules\n\n7-1-2019 Minutes.\nThe Clerk shall file them.\n", ["1"]),  # a date, not a number
])
def test_sections_however_they_are_numbered(tmp_path: Path, text: str, ids: list[str]) -> None:
    path = tmp_path / "law.txt"
    path.write_text(text, encoding="utf-8")
    assert [section.id for section in read_law(path).sections] == ids


def test_text_with_no_heading_is_one_section_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("A city rule\nThe Clerk shall keep the minutes.\n(Ord. 1145, 2022)\n", encoding="utf-8")
    law = read_law(path)
    assert [(s.id, s.text) for s in law.sections] == [("1", "The Clerk shall keep the minutes.\n(Ord. 1145, 2022)")]
    assert law.enacted == "2022" and law.effective is None  # a year is all the note gives
    assert any("one section" in words for words in law.assumed)


def test_first_import_stops_with_one_line_per_missing_field_and_flags_win(make_repo: MakeRepo,
                                                                          run_cli: RunCli) -> None:
    repo = make_repo({"agencies/a.yml": "id: a\nname: A\nhead: Head\n"})
    law = repo.parent / "rules.txt"
    law.write_text("City rules\n\nSection 1. Minutes\nThe Clerk shall keep the minutes.\n", encoding="utf-8")
    code, out, err = run_cli("import", law, repo)
    assert code == 2 and not (repo / "ordinances" / "rules.yml").exists()
    assert "no enacted found in the text; give it with --enacted YYYY-MM-DD" in err
    assert "no source found in the text; give it with --source URL" in err
    assert "assumed" not in err and "1 sections (1)" in out
    sf = repo.parent / "sf.txt"
    sf.write_text(SF_19B, encoding="utf-8")
    code, out, err = run_cli("import", sf, repo, "--source", "https://example.org/19b", "--enacted", "2019-06-01")
    assert (code, err) == (0, ""), err
    assert "enacted: 2019-06-01 (from --enacted)" in out and "effective: 2019-07-01 (from the earliest" in out
    assert "history note in section 19B.3: Ord. 107-19, approved 2019-05-31, effective 2019-07-01" in out
    loaded = load_repository(repo)
    assert str(loaded.repository.ordinances["sf"].enacted) == "2019-06-01"
    code, out, _ = run_cli("clauses", sf)
    assert code == 0 and "(read across line breaks)" in out and "ran over hard line breaks" in out


def test_an_ordinance_that_does_not_load_is_reported_with_the_reason(make_repo: MakeRepo, run_cli: RunCli) -> None:
    repo = make_repo({"agencies/a.yml": "id: a\nname: A\nhead: Head\n",
                      "ordinances/broken.yml": "id: broken\ntitle: Broken\ncitation: B\nsource: https://x.org\n"})
    code, _, err = run_cli("clauses", "broken", "--repo", repo)
    assert code == 2 and "ordinances/broken.yml does not load" in err and "enacted" in err
    assert "neither a file nor an ordinance" not in err
    code, _, err = run_cli("clauses", "absent", "--repo", repo)
    assert code == 2 and "neither a file nor an ordinance" in err


def test_a_wrapped_history_note_is_read_and_no_law_is_enacted_after_it_took_effect(tmp_path: Path) -> None:
    path = tmp_path / "codes.txt"
    path.write_text(
        "Two code pages\n\n§ 6. Administrative Reports.\nThe city manager shall report.\n\n"
        "(Amended by Ord. No. 299-1979, eff. Aug. 4, 1979; repealed and reordained by Ord. No. 183-1981, eff.\n"
        "June 12, 1981)\n\n§ 7. Plans.\nThe Director shall plan.\n(Ord. 82-61. Passed 2-7-83.)\n\n"
        "§ 8. Inventory.\nEach office shall file.\n(Ord. 1200, passed - -1964)\n", encoding="utf-8")
    law = read_law(path)
    first = law.notes[0]
    assert (first.section, first.ordinance, first.effective) == ("6", "299-1979", "1979-08-04")
    assert len(law.notes) == 3 and law.notes[2].year == "1964"
    # the earliest approval (1983) is later than the earliest effective date (1979): enacted is not after it
    assert (law.enacted, law.effective) == ("1979-08-04", "1979-08-04")
    assert any("no approval date of the history notes precedes" in words for words in law.assumed)
    assert not any(words.startswith("enacted 1983") for words in law.assumed)
    # quiet: one law's own note, approved before it took effect, is read as before
    path.write_text("A law\n\nSec. 1. Reports.\nThe Clerk shall report.\n"
                    "(Added by Ord. 107-19, App. 5/31/2019, Eff. 7/1/2019)\n", encoding="utf-8")
    assert (read_law(path).enacted, read_law(path).effective) == ("2019-05-31", "2019-07-01")
