"""Each of the privacy guard's patterns, firing and staying quiet; and the normalisation that reads a text
as the site's reader sees it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytrack.checks import privacy_patterns
from policytrack.checks.privacy import kinds_shown, kinds_shown_each, name_kinds, normalise, scan

PATTERNS: list[tuple[str, str, list[str], list[str]]] = [
    # (pattern, kind, texts where it fires, texts where nothing fires)
    ("ssn by its shape", "ssn",
     ["listed 123-45-6789 for him", "listed 123 45 6789", "listed 123.45.6789", "listed 123 - 45 - 6789",
      "listed 123-45- 6789 (a folded line)"],
     ["listed 923-45-6789 (no area 9xx)", "000-12-3456, 666-12-3456, 123-00-4567, 123-45-0000",
      "ZIP 98104-2312, K.C.C. 2.15.010.B, version 1.2.3", "ord-123-45-6789x, /123-45-6789"]),
    ("ssn after a label", "ssn",
     ["SSN 219099999", "S.S.N. 219099999", "SS# 219099999", "Soc. Sec. No. 219099999",
      "social security number: 219 09 9999", "SSN is 219-09-9999"],
     ["The SSN field was removed on 2021-10-12", "social security benefits 2021", "SSN 2190999"]),
    ("A-number by its shape", "a-number",
     ["by A012345678.", "for A-204-118-377", "Form I-247A, A# 87654321,"],
     ["Appendix A 2019-07-09", "Exhibit A-12", "lower case a012345678", "XA012345678"]),
    ("A-number after a label", "a-number",
     ["A-No. 204118377", "USCIS # 204-118-377", "USCIS number 204118377", "alien registration number 12345678",
      "A-number 098765432"],
     ["USCIS Form I-130", "a number of 12345678 records", "USCIS # of requests: 12"]),
    ("date of birth after a label", "date-of-birth",
     ["DOB: March 14th, 1985", "born 14th March 1985", "date of birth as the 3rd of May, 1979", "D.O.B. 7/4/85",
      "birth date 1990-02-14", "born on March 3,\n  1979"],
     ["born on or after January 1, 2020", "The DOB field was removed on 2021-10-12", "costs borne 2019-01-01"]),
    ("a name and a date", "date-of-birth",
     ["ICE asked about Maria Lopez, 04/12/1987 by phone", "Juan Carlos Perez (11/30/2001)"],
     ["effective 03/08/2018", "Maria Lopez, 04/12/2035", "maria lopez, 04/12/1987"]),
    ("booking number", "booking-number",
     ["Booking 19-004512", "booking no. 1900451", "Bkg # B19-88213", "booking\nnumber 2019-004512"],
     ["booking staff were trained on 2021-10-12", "Booking 2019", "Bookings: 40123", "booking 1234",
      "Booking 2021-10-12", "booking 2019-2020"]),
    ("case or file number after a label", "case-number",
     ["Case No. 2019-CR-004417", "the immigration file # 55120934", "case number: 19-004512"],
     ["Case No. 2:19-cv-01234", "case 2 of 14", "the file number (2025-xxxx)", "Board File No. 190110",
      "(Added by Ord. 107-19, File No. 190568, App. 5/31/2019)", "File #: 2024-0157, type Ordinance"]),
    ("a Washington court case number", "case-number",
     ["in 19-1-04417-9 the", "case 19-1-01234-5 SEA"],
     ["2019-1-04417-9", "19-1-04417-90", "x19-1-04417-9"]),
    ("phone number with separators", "phone-number",
     ["(206) 555-0143", "+1 425 555 0123", "253.555.0177", "206 - 555 - 0143"],
     ["98104-2312", "2019-07-09T10:15:00-07:00", "https://x.gov/206-555-0143", "206-555-01434"]),
    ("ten-digit phone number", "phone-number",
     ["call 2065550143 now", "+12065550143"],
     ["epoch 1589000000", "parcel 7666202350", "invoice no. 4255550123", "123456789012", "2061550143",
      "20655501434"]),
    ("e-mail address", "personal-email",
     ["maria.lopez1987@gmail.com", "JSMITH@YAHOO.COM", "john.doe@kingcounty.gov", "ana_garcia@outlook.com"],
     ["records@kingcounty.gov", "privacy@dc.gov", "clerk@mail.kingcounty.gov"]),
    ("e-mail address with [at] and [dot]", "personal-email",
     ["maria.lopez [at] gmail [dot] com", "jsmith (at) yahoo (dot) com", "john.doe{at}kingcounty{dot}gov"],
     ["records [at] kingcounty [dot] gov", "meet [at] noon"]),
    ("e-mail address in words", "personal-email",
     ["maria dot lopez at gmail dot com", "jsmith at yahoo dot com"],
     ["The form is at records dot kingcounty dot gov", "staff meet at noon at the jail"]),
]


@pytest.mark.parametrize(("name", "kind", "fires", "quiet"), PATTERNS, ids=[item[0] for item in PATTERNS])
def test_each_pattern_fires_and_stays_quiet(name: str, kind: str, fires: list[str], quiet: list[str]) -> None:
    for text in fires:
        assert kind in kinds_shown(text), f"{name}: missed {text!r}"
        if "\n" not in text:
            assert kind in {hit.kind for hit in scan(f"summary: {text}\n")}, f"{name}: missed on its line {text!r}"
    for text in quiet:
        assert kinds_shown(text) == set(), f"{name}: flagged {text!r}"


def test_normalise_reads_a_text_as_a_reader_sees_it() -> None:
    assert normalise("１２３－４５－６７８９") == "123-45-6789"  # full-width digits and hyphen
    assert normalise("123\u200b-45-\u00ad6789\u2060") == "123-45-6789"  # zero-width, soft hyphen, joiner
    assert normalise("123\u201345\u2212 6789") == "123-45- 6789"  # en dash, minus sign
    assert normalise("a\u00a0 \u3000\tb\n  c") == "a b c"  # every run of spaces, line breaks too
    assert normalise("a\u00a0 \n  c", lines=True) == "a \n c"  # line by line: the line break stays
    assert normalise("maria＠gmail．com") == "maria@gmail.com"
    assert normalise("1\u03322\u0332 Jos\u00e9 \u0410\u041e") == "12 Jose AO"  # marks, accents, Cyrillic look-alikes
    assert normalise("\u0661\u0662\u0663") == "123"  # every decimal digit is an ASCII digit


def test_a_hit_is_placed_on_the_original_text() -> None:
    text = "id: x\nsummary: \u200b\u200bwith\u00a0\u00a0SSN\u00a0123\u201345\u20136789\n"
    [hit] = scan(text)
    assert (hit.line, hit.column, hit.kind) == (2, 18, "ssn")
    assert text.split("\n")[1][hit.column - 1:].startswith("SSN")


def test_a_file_name_is_read_with_its_separators_as_spaces() -> None:
    assert name_kinds("attachments/detainer-A012345678.pdf") == {"a-number"}
    assert name_kinds("attachments/booking 19-004512.pdf") == {"booking-number"}
    assert name_kinds("attachments/release_123\u201345\u20136789.pdf") == {"ssn"}
    assert name_kinds("attachments/2019/from maria.lopez1987@gmail.com.eml") == {"personal-email"}
    assert name_kinds("attachments/2019-07-09-audit-report.pdf") == set()
    assert name_kinds("attachments/kcso-2021-10-12/ordinance-18665.pdf") == set()


# --- the shortcuts that make scanning fast find what a full search finds ---------------------------------

_PIECES = st.sampled_from([
    "SSN", "S.S.N.", "ss#", "soc. sec. no.", "social security number", "A-number", "A#", "alien registration number",
    "USCIS #", "DOB", "date of birth", "born on", "booking number", "bkg", "case no.", "File No.", "ordinance",
    "council", " ", " ", " is ", ": ", "-", ".", "\n", "/", "(", ")", "@", " at ", " dot ", "gmail", "maria.lopez",
    "123", "45", "6789", "2019", "04/12/1987", "March", "3,", "A012345678", "206", "555", "0143", "x" * 40,
    "access", "class", "business", "filed", "dates",
])


_LABELS = st.sampled_from([
    "SSN", "S.S.N.", "ss#", "soc. sec. no.", "social security number", "A-number", "A#", "alien registration number",
    "USCIS #", "DOB", "date of birth", "born on", "booking number", "bkg", "case no.", "File No."])
_SEPARATORS = st.lists(st.sampled_from([" ", ":", "#", ".", ",", "(", ")", "-", "\n", "is", "listed", "number",
                                        "reads", " the ", " no "]), max_size=10)
_VALUES = st.sampled_from(["123456789", "219-09-9999", "A012345678", "12345678", "04/12/1987", "1990-02-14",
                           "September   3, 1979", "3rd of May, 1979", "2019-004512", "CR-19-004417", "A 123 456 789"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=20), _LABELS, _SEPARATORS, _VALUES, st.lists(_PIECES, max_size=20))
def test_labels_looked_for_near_digits_only_find_what_a_search_of_the_whole_text_finds(
        before: list[str], label: str, separators: list[str], value: str, after: list[str]) -> None:
    text = normalise("".join([*before, label, *separators, value, *after]), lines=True)
    lower = text.lower()
    digits = [match.start() for match in re.finditer(r"\d+", text)]
    everywhere = sorted(set(privacy_patterns._labelled(text, lower, [(0, len(text))])))
    assert sorted(set(privacy_patterns._labelled(text, lower, privacy_patterns.label_windows(digits)))) == everywhere


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_a_file_name_read_three_ways_at_once_finds_what_each_reading_finds(pieces: list[str]) -> None:
    name = "attachments/" + "".join(pieces).replace("\n", "_")
    shown = normalise(name)
    words = re.sub(r"[_./]+", " ", shown)
    assert name_kinds(name) == (kinds_shown(shown.replace("/", " ")) | kinds_shown(words)
                                | kinds_shown(words.replace("-", " ")))


def test_values_scanned_together_read_the_words_around_a_file_number_in_their_own_value() -> None:
    # "File No. 190568" is a legislative file where "Ordinance" stands before it in the same value only.
    assert kinds_shown_each(["Ordinance 19035", "File No. 190568"]) == [set(), {"case-number"}]
    assert kinds_shown_each(["Ordinance 19035, File No. 190568"]) == [set()]
