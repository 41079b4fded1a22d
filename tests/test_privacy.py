"""The privacy guard: no miss on planted identifiers, no false alarm on ordinary policy text, and the
data itself never printed. The README's figures come from the planted corpus (test_privacy_corpus.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builders import check, evidence, fired, obligation, write_repo
from conftest import MakeRepo, RunCli
from policytrack.checks.privacy import scan
from policytrack.checks.rules.personal_data import ID

KC = Path(__file__).parent.parent
DC = Path(__file__).parent / "repos" / "dc-near-act"

PLANTED: list[tuple[str, str, str]] = [
    # (kind, identifier, text around it: {} is where the identifier goes)
    ("ssn", "123-45-6789", "The release form listed SSN {} for the person held on a detainer."),
    ("ssn", "078 05 1120", "Intake sheet: social security {} was copied into the notes field."),
    ("ssn", "219099999", "The clerk typed the Social Security Number: {} into the request log."),
    ("ssn", "536-22-8174", "Records show the requester's number ({}) on page two."),
    ("a-number", "A012345678", "ICE's request named the detainee by {} and asked for a release date."),
    ("a-number", "A-204-118-377", "Detainer for alien number {} was declined under 2.15.010."),
    ("a-number", "A# 87654321", "Form I-247A, {}, received by fax at booking."),
    ("a-number", "A 123 456 789", "Subject {} was transferred to the county jail on Friday."),
    ("a-number", "098765432", "The A-number {} appears on the detainer form."),
    ("a-number", "12345678", "Alien registration number: {} (from the I-213)."),
    ("date-of-birth", "DOB 04/12/1987", "Request concerned a man, {}, held since March."),
    ("date-of-birth", "date of birth: 1990-02-14", "The email gave the woman's {} and her address."),
    ("date-of-birth", "born on March 3, 1979", "The subject, {}, was booked into the jail."),
    ("date-of-birth", "Maria Lopez, 04/12/1987", "ICE asked about {} by phone."),
    ("date-of-birth", "Juan Carlos Perez (11/30/2001)", "The list included {} among those released."),
    ("date-of-birth", "D.O.B. 7/4/85", "Teletype entry: {}, no further details."),
    ("booking-number", "booking number 2019-004512", "ICE requested release information for {}."),
    ("booking-number", "Booking #B19-88213", "See {} for the person concerned."),
    ("booking-number", "booking no. 1900451", "The deputy emailed the agent {} on April 2."),
    ("case-number", "case number 19-1-01234-5 SEA", "The court file, {}, was sent to ICE."),
    ("case-number", "Case No. 2019-CR-004417", "Prosecutors shared {} with federal agents."),
    ("case-number", "19-1-04417-9", "The warrant in {} was a civil detainer, not a judicial warrant."),
    ("case-number", "file # 55120934", "The immigration {} was attached to the request."),
    ("personal-email", "maria.lopez1987@gmail.com", "The requester wrote from {} asking for records."),
    ("personal-email", "jsmith@yahoo.com", "Complaint received from {} about the release."),
    ("personal-email", "john.doe@kingcounty.gov", "The deputy, {}, forwarded the request to ICE."),
    ("personal-email", "ana_garcia@outlook.com", "Reply to {} sent on 2019-05-02."),
    ("phone-number", "(206) 555-0143", "Call the detainee's family at {} before release."),
    ("phone-number", "206-555-0199", "ICE officer's cell {} was on the request."),
    ("phone-number", "+1 425 555 0123", "Family contact: {}."),
    ("phone-number", "253.555.0177", "Left a message at {} for the person's lawyer."),
]
"""Identifiers planted in realistic sentences: every one must be found, as its own kind."""

ORDINARY = [
    "Ordinance 18665 was enacted on 2018-02-26 and took effect on 2018-03-08 (K.C.C. 2.15.010.B).",
    "The auditor's report of 2019-07-09 found 81 ICE accounts in the jail's look-up system.",
    "Section 2.15.020.A.3: no county resources for civil immigration enforcement.",
    "Write to records@kingcounty.gov or privacy@dc.gov for the policy.",
    "Law 21-125, the NEAR Act, D.C. Code § 5-113.31, effective 2016-06-30.",
    "Quarterly reports for 2021-Q3 and 2022-Q1 are due within 30 days after each quarter.",
    "https://aqua.kingcounty.gov/council/clerk/ordinances/18665.pdf and sha256 0123abcd.",
    "In Case of doubt, the Sheriff's Office reviews each request at two levels.",
    "The booking area posts the policy; booking staff were trained on 2021-10-12.",
    "Version 1.2.3 of the form, page 12 of 40, 3 of 28 quarters missed.",
    "Federal case 2:19-cv-01234 is public litigation about the ordinance.",
    "Dow Constantine signed it on 2018-02-26; Council Chair Rod Dembowski sponsored it.",
]


@pytest.mark.parametrize(("kind", "identifier", "sentence"), PLANTED, ids=[p[1] for p in PLANTED])
def test_every_planted_identifier_is_found(kind: str, identifier: str, sentence: str) -> None:
    text = "summary: >-\n  " + sentence.format(identifier) + "\n"
    hits = scan(text)
    assert kind in {hit.kind for hit in hits}, f"missed {kind}: {text!r}"
    assert [hit.line for hit in hits if hit.kind == kind] == [2]


def test_zero_misses_on_the_planted_corpus_as_one_document() -> None:
    lines = [sentence.format(identifier) for _, identifier, sentence in PLANTED]
    hits = scan("\n".join(lines))
    found = {(hit.line, hit.kind) for hit in hits}
    missed = [PLANTED[number] for number in range(len(PLANTED)) if (number + 1, PLANTED[number][0]) not in found]
    assert missed == []


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_policy_text_is_quiet(text: str) -> None:
    assert scan(text) == []


def _false_positives(root: Path, as_of: str) -> list[tuple[str, int]]:
    return [(item.path, item.line) for item in fired(check(root, as_of), ID)]


def test_false_positives_on_the_king_county_and_dc_repositories() -> None:
    # Measured: both repositories are public-record texts without personal data; none is flagged.
    assert _false_positives(KC, "2026-01-01") == []
    assert _false_positives(DC, "2026-01-01") == []


def test_a_hit_names_file_line_and_kind_but_never_the_data(make_repo: MakeRepo, run_cli: RunCli) -> None:
    summary = "Released the man with SSN 123-45-6789 and booking number 2019-004512."
    root = write_repo(make_repo(), obligations=[obligation()],
                      evidence=[evidence("ev-1", summary=summary)])
    for fmt in ("text", "json", "github", "sarif", "junit"):
        code, out, err = run_cli("check", root, "--as-of", "2020-06-01", "--format", fmt)
        assert code == 1
        assert "123-45-6789" not in out + err and "004512" not in out + err
    code, out, _ = run_cli("check", root, "--as-of", "2020-06-01")
    # placed where the match starts: the label "SSN" that names the number
    assert ("evidence/ev-1.yml:6:32: error [personal-data] this line contains what looks like a US social "
            "security number (ssn)") in out
    assert "looks like a booking number (booking-number)" in out


def test_an_attachment_name_is_scanned(make_repo: MakeRepo) -> None:
    root = write_repo(make_repo(), files={"attachments/detainer-A012345678.pdf": b"%PDF"})
    [finding] = fired(check(root, "2020-06-01"), ID)
    assert finding.path == "attachments/detainer-A012345678.pdf"
    assert "A012345678" not in finding.message and "(a-number)" in finding.message


def test_a_reviewed_false_positive_is_silenced_with_a_reason(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = write_repo(make_repo(), obligations=[obligation()], evidence=[evidence("ev-1")])
    text = (root / "evidence/ev-1.yml").read_text()
    (root / "evidence/ev-1.yml").write_text(text.replace(
        "summary: Done.",
        "# policytrack: disable=personal-data reason=\"the jail's published main line\"\n"
        "summary: Posted; questions to the jail at (206) 555-0100."))
    code, out, _ = run_cli("check", root, "--as-of", "2020-06-01", "--format", "json")
    assert code == 0
    [finding] = [item for item in json.loads(out)["findings"] if item["rule"] == ID]
    assert finding["silenced"] == "the jail's published main line"
    assert finding["line"] == 7  # the line after the comment


def test_a_label_and_its_number_on_two_lines_of_a_folded_text() -> None:
    # the hit is placed where the label starts
    text = "summary: >-\n  The form gave the man's social security\n  number 219099999 and his A-number\n  012345678.\n"
    assert [(hit.line, hit.kind) for hit in scan(text)] == [(2, "ssn"), (3, "a-number")]


def test_no_site_is_built_while_personal_data_is_in_the_repository(make_repo: MakeRepo, run_cli: RunCli,
                                                                   tmp_path: Path) -> None:
    summary = "Released the person with A-number A012345678."
    root = write_repo(make_repo(), obligations=[obligation()], evidence=[evidence("ev-1", summary=summary)],
                      files={"mkdocs.yml": "site_name: T\ntheme:\n  name: material\nplugins:\n  - policytrack\n",
                             "docs/about.md": "# About\n"})
    env = {**os.environ, "POLICYTRACK_AS_OF": "2020-06-01"}
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    done = subprocess.run([mkdocs, "build", "-q", "-d", str(tmp_path / "site")], cwd=root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert ("the site is not built: 1 place holds what looks like personal data (evidence/ev-1.yml:6)"
            in done.stdout + done.stderr)
    assert "A012345678" not in done.stdout + done.stderr and not (tmp_path / "site" / "index.html").exists()
    code, _, err = run_cli("pages", tmp_path / "pages", root, "--as-of", "2020-06-01")
    assert code == 2 and "the site is not built" in err and "A012345678" not in err
    # a reviewed false positive, silenced with its reason, no longer stops the site
    path = root / "evidence/ev-1.yml"
    path.write_text(path.read_text().replace(
        "summary:", '# policytrack: disable=personal-data reason="a made-up number in a training example"\nsummary:'))
    done = subprocess.run([mkdocs, "build", "-q", "-d", str(tmp_path / "site")], cwd=root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_link_is_never_followed_to_read_text(make_repo: MakeRepo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("summary: SSN 123-45-6789\n")
    root = write_repo(make_repo(), obligations=[obligation()])
    (root / "evidence" / "link.yml").symlink_to(outside)
    result = check(root, "2020-06-01")
    assert fired(result, ID) == []
    assert [item.path for item in fired(result, "symlink")] == ["evidence/link.yml"]


def test_law_text_and_legislative_file_numbers_are_public_record() -> None:
    from policytrack.checks.privacy_sources import law_text_lines

    note = "(Added by Ord. 107-19, File No. 190568, App. 5/31/2019, Eff. 7/1/2019)"
    assert scan(note) == []
    assert [hit.kind for hit in scan("Her immigration file no. 190568 is pending.")] == ["case-number"]
    record = ("id: sf\nsections:\n  - id: 19B.3\n    heading: Sec. 19B.3\n    text: |-\n"
              "      The Department shall report.\n      Call 415-555-0143.\n"
              "    sha256: abc\nsummary: Call 415-555-0143.\n")
    lines = law_text_lines("ordinances/sf.yml", record)
    assert {4, 5, 6, 7} <= lines and 9 not in lines and 8 not in lines


def test_a_reviewed_false_positive_in_an_imported_ordinance_is_silenced_for_the_record(make_repo: MakeRepo) -> None:
    import hashlib

    from policytrack.checks.privacy import publication_blockers

    text = "The Sheriff shall report the settlement to the Council."
    ordinance = {"id": "ord-1", "title": "Settlement reporting", "citation": "Code 1.01", "enacted": "2020-01-01",
                 "source": "https://example.org/ord-1",
                 "summary": "Follows the settlement in Case No. 19-2-12345-6 SEA, a public court record.",
                 "sections": [{"id": "1.01.A", "heading": "Duties", "text": text,
                               "sha256": hashlib.sha256(text.encode()).hexdigest()}]}
    root = write_repo(make_repo(), ordinances=[ordinance], obligations=[obligation()])
    [hit] = fired(check(root, "2020-06-01"), ID)
    assert hit.path == "ordinances/ord-1.yml" and hit.silenced is None
    path = root / "ordinances/ord-1.yml"
    path.write_text('# policytrack: disable-file=personal-data reason="a court\'s public case number" '
                    'matching="Case No. 19-2-12345-6"\n' + path.read_text())
    result = check(root, "2020-06-01")
    hits = fired(result, ID)  # the summary's line, and the comment's own quote of the number
    assert {item.silenced for item in hits} == {"a court's public case number"} and len(hits) == 2
    assert publication_blockers(result.findings) == []
    assert fired(result, "section-hash") == [] and fired(result, "unused-silence") == []
    # once the number is gone from the record, the silence is reported as unused (its own line does not count)
    path.write_text(path.read_text().replace("in Case No. 19-2-12345-6 SEA", "in the county's case"))
    result = check(root, "2020-06-01")
    assert publication_blockers(result.findings) == [] and len(fired(result, "unused-silence")) == 1
