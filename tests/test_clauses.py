"""Clause extraction on real sentences: spans, modalities, actors and parsed deadlines; and the measured figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policytrack.law.clauses import Clause, extract
from policytrack.law.deadlines import parse_deadline

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def only(text: str) -> Clause:
    clauses = extract(text)
    assert len(clauses) == 1, [clause.text for clause in clauses]
    return clauses[0]


def test_span_is_exact_and_skips_the_enumerator() -> None:
    text = ("(a-1) If the MPD receives a citizen complaint under subsection (a) of this section, the MPD shall "
            "transmit the citizen complaint to the Office within 3 business days after receipt.")
    clause = only(text)
    assert text[clause.start:clause.end] == clause.text
    assert clause.start == len("(a-1) ") and clause.end == len(text)
    assert clause.modality == "obligation" and clause.actor == "the MPD"
    assert clause.deadline == {"type": "per-event", "event": "receipt", "days": 3, "direction": "after",
                               "business_days": True}


def test_offsets_count_from_the_start_of_the_input_across_lines() -> None:
    text = ("Section 1. Training\n"
            "The executive shall ensure that all King County employees and agents receive appropriate training "
            "on the implementation of the provisions of this section.\n")
    clause = only(text)
    assert clause.start == text.index("The executive") and text[clause.start:clause.end] == clause.text
    assert clause.actor == "The executive" and clause.deadline is None


@pytest.mark.parametrize(("text", "modality", "actor"), [
    ("An agent of King County or county employee shall not expend any time, moneys, or other resources on "
     "facilitating the civil enforcement of federal immigration law, except where state or federal law shall "
     "so require.", "prohibition", "An agent of King County or county employee"),
    ("No person shall drive a vehicle with any object in any position that obstructs the view of the driver.",
     "prohibition", "person"),
    ("The state may not unfairly discriminate directly or indirectly against anyone.", "prohibition", "The state"),
    ("A Freedom of Information Act request for public records collected under paragraph (1) of this subsection "
     "may only be submitted to the MPD.", "prohibition", None),
    ("The ONSE may apply for and receive grants and accept private donations to fund its program activities.",
     "permission", "The ONSE"),
    ("The Office shall have the sole authority to dismiss, conciliate, mediate, or adjudicate a citizen "
     "complaint.", "permission", "The Office"),
    ("The state must respect, protect, promote and fulfil the rights in the Bill of Rights.", "obligation",
     "The state"),
    ("Each agency is required to publish its plan.", "obligation", "Each agency"),
    ("No fewer than 10 representatives shall be appointed by the Chief of Police.", "obligation",
     "the Chief of Police"),
    ("Neither the county nor its agents may share the list.", "prohibition", "the county nor its agents"),
    ("All applications and interview forms shall be reviewed by each agency.", "obligation", "each agency"),
])
def test_modality_and_actor(text: str, modality: str, actor: str | None) -> None:
    clause = only(text)
    assert (clause.modality, clause.actor) == (modality, actor)
    assert clause.text == text  # the subordinate "shall so require" does not split the sentence


@pytest.mark.parametrize("text", [
    'For the purposes of this section, the term "law enforcement officer" shall have the same meaning as '
    "provided in section 432(a).",
    "Nothing in this chapter shall be construed to require any agency to violate federal law.",
    "This act shall take effect following approval by the Mayor.",
    "The information contained in this report shall not be subject to disclosure pursuant to the Act.",
    "Immediately following the presentation of its report, the Task Force shall be dissolved.",
    "Agencies should consult the community before adopting a plan.",
    'Subsection (a) is amended by striking the phrase "The Office shall have the authority" and inserting '
    'the phrase "The MPD shall".',
    "This act may be cited as the Example Act of 2016.",
    "Section 260 of the Act, effective May 2, 2015 (D.C. Law 20-271), is repealed.",
])
def test_definitions_construction_effect_advice_and_quotations_are_not_clauses(text: str) -> None:
    assert extract(text) == []


def test_two_modals_for_two_actors_are_two_clauses_and_the_deadline_stays_with_its_words() -> None:
    text = ("Of the 20 representatives, 10 shall be appointed by the Mayor and 10 shall be appointed by the "
            "Council no later than 60 days after the effective date of this act.")
    first, second = extract(text)
    assert first.text == "Of the 20 representatives, 10 shall be appointed by the Mayor"
    assert second.text.startswith("10 shall be appointed by the Council")
    assert (first.actor, second.actor) == ("the Mayor", "the Council")
    assert first.deadline is None
    assert second.deadline == {"type": "relative", "days": 60, "after": "effective"}


def test_coordinated_verbs_under_one_modal_stay_one_clause_and_a_repeated_modal_splits() -> None:
    one = only("The MPD shall collect data on referrals and issue a report to the Mayor and the Council.")
    assert one.text.endswith("the Council.")
    first, second = extract("The Executive Director shall supervise all employees of the ONSE, and shall ensure "
                            "that all records of the ONSE are maintained properly.")
    assert second.text.startswith("shall ensure") and second.actor == "The Executive Director"
    assert first.text == "The Executive Director shall supervise all employees of the ONSE"


def test_a_proviso_with_its_own_modal_is_its_own_clause() -> None:
    text = ("No later than October 1, 2016, the MPD shall establish no fewer than 5 teams; provided, that at "
            "least one team shall be on duty at any time.")
    first, second = extract(text)
    assert first.deadline == {"type": "date", "date": "2016-10-01"}
    assert second.text == "at least one team shall be on duty at any time." and second.deadline is None


def test_a_list_under_shall_include_is_one_clause_with_its_items() -> None:
    text = ("(b) The continuing education required by subsection (a) shall include, at a minimum, instruction on:\n"
            "(1) Community policing;\n(2) The use of force; and\n(3) Linguistic and cultural competency.\n"
            "(c) The Chief shall report.\n")
    listed, after = extract(text)
    assert listed.text.endswith("Linguistic and cultural competency.")
    assert listed.items == ("(1) Community policing;", "(2) The use of force; and",
                            "(3) Linguistic and cultural competency.")
    assert after.text == "The Chief shall report."


def test_a_list_under_shall_not_is_one_prohibition() -> None:
    text = ("The department shall not:\n(a) Share booking records with federal agents; or\n"
            "(b) Grant access to its databases.\n")
    clause = only(text)
    assert clause.modality == "prohibition" and len(clause.items) == 2


def test_list_items_with_their_own_modals_are_their_own_clauses() -> None:
    text = ("(1) Upon approval of a voucher application, the Program shall provide vouchers as follows:\n"
            "(A) Vouchers shall not exceed the amount for a rebate claim.\n"
            "(B) No vouchers shall be issued until the Mayor promulgates rules.\n")
    stem, cap, wait = extract(text)
    assert stem.items == () and stem.text.endswith("as follows:")
    assert (cap.modality, wait.modality) == ("prohibition", "prohibition")


@pytest.mark.parametrize(("words", "deadline"), [
    ("Beginning on January 31, 2017, and by January 31 of each year thereafter, the ONSE shall provide a report",
     {"type": "recurring", "every": "year", "month": 1, "day": 31, "first": "2017-01-31"}),
    ("Beginning January 31, 2017, and every January 31 thereafter, the MPD shall collect data",
     {"type": "recurring", "every": "year", "month": 1, "day": 31, "first": "2017-01-31"}),
    ("The Board shall deliver a report by December 31 of each year.",
     {"type": "recurring", "every": "year", "month": 12, "day": 31}),
    ("The working group shall issue a report no later than July 1, 2017, and biennially thereafter.",
     {"type": "recurring", "every": "year", "interval": 2, "first": "2017-07-01", "month": 7, "day": 1}),
    ("The Director shall identify, on a quarterly basis, a target of 50 individuals.",
     {"type": "recurring", "every": "quarter"}),
    ("The Mayor shall provide a monthly report to the Council.", {"type": "recurring", "every": "month"}),
    ("The department shall report within 30 days after the end of each quarter.",
     {"type": "recurring", "every": "quarter", "days_after_period_end": 30}),
    ("The CJCC shall submit an analysis to the Mayor and the Council by January 31, 2017.",
     {"type": "date", "date": "2017-01-31"}),
    ("The executive shall transmit a plan within 90 days after the effective date of this ordinance.",
     {"type": "relative", "days": 90, "after": "effective"}),
    ("The Task Force shall present a report no later than one year after the effective date of this act.",
     {"type": "relative", "years": 1, "after": "effective"}),
    ("The department shall publish notice at least 45 days prior to the public hearing.",
     {"type": "per-event", "event": "public hearing", "days": 45, "direction": "before"}),
    ("The agency shall respond within 3 business days of receipt.",
     {"type": "per-event", "event": "receipt", "days": 3, "direction": "after", "business_days": True}),
    ("City staff shall include the recommendations at least fifteen (15) days prior to a public hearing.",
     {"type": "per-event", "event": "public hearing", "days": 15, "direction": "before"}),
    ("The department must submit a report within 12 months of approval, and annually thereafter on or before "
     "November 1st.", {"type": "recurring", "every": "year", "month": 11, "day": 1}),
    ("On March 15 th of each year, city staff must present a written annual surveillance report.",
     {"type": "recurring", "every": "year", "month": 3, "day": 15}),
    ("City staff must obtain City Council approval prior to acquiring new surveillance technology.",
     {"type": "per-event", "event": "acquiring new surveillance technology", "days": 0, "direction": "before"}),
    ("The officers shall make annual reports to the governing body on the first day of September of each year.",
     {"type": "recurring", "every": "year", "month": 9, "day": 1}),
    ("On or before August fifteenth of each year, the commission shall make a written report.",
     {"type": "recurring", "every": "year", "month": 8, "day": 15}),
    ("Every officer shall, not later than August 1st after the close of the preceding fiscal year, prepare a report.",
     {"type": "recurring", "every": "year", "month": 8, "day": 1}),
    ("The City Manager shall report to Council in writing at each meeting.",
     {"type": "per-event", "event": "each meeting", "days": 0, "direction": "after"}),
    ("The monthly reports shall be rendered in condensed format.", None),
    ("The Executive Director shall have at least 3 years of relevant experience.", None),
    ("The executive shall ensure that all employees receive appropriate training.", None),
])
def test_deadlines_from_the_clause_words_alone(words: str, deadline: dict[str, Any] | None) -> None:
    assert parse_deadline(words) == deadline


def test_the_king_county_training_clause_has_no_deadline_in_the_law() -> None:
    clause = only("The executive shall ensure that all King County employees and agents receive appropriate "
                  "training on the implementation of the provisions of this section.")
    assert clause.modality == "obligation" and clause.deadline is None


def _figures() -> list[dict[str, Any]]:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "clauses_eval.py"), "--json"],
                          capture_output=True, text=True, check=True, timeout=120)
    return list(json.loads(done.stdout))


def test_measured_figures_on_the_labelled_laws_meet_the_targets() -> None:
    """The figures the note reports (benchmarks/clauses_eval.py); they fall if extraction regresses."""
    results = {Path(item["law"]).name: item for item in _figures()}
    near = results["dc-law-21-125.xml"]
    assert near["labelled"] == 75
    for measure in ("clauses", "modality"):
        assert near[measure]["precision"] >= 0.95 and near[measure]["recall"] >= 0.95, near
    assert near["deadline"]["labelled"] == 12
    assert near["deadline"]["precision"] >= 0.85 and near["deadline"]["recall"] >= 0.85
    surveillance = results["surveillance-ordinances-excerpts.md"]
    assert (surveillance["labelled"], surveillance["deadline"]["labelled"]) == (19, 6)
    for measure in ("clauses", "modality", "deadline"):
        assert surveillance[measure]["precision"] >= 0.95 and surveillance[measure]["recall"] >= 0.95, surveillance
    municipal = results["municipal-reporting-duties.md"]
    assert (municipal["labelled"], municipal["deadline"]["labelled"]) == (31, 12)
    for measure in ("clauses", "modality", "deadline"):
        assert municipal[measure]["precision"] >= 0.95 and municipal[measure]["recall"] >= 0.95, municipal
    pasted = results["code-library-pasted.txt"]  # issue 17's aim on text as pasted
    assert (pasted["labelled"], pasted["deadline"]["labelled"]) == (19, 8)
    for measure in ("clauses", "modality", "deadline"):
        assert pasted[measure]["precision"] >= 0.90 and pasted[measure]["recall"] >= 0.95, pasted
    five = results["five-code-pages-pasted.txt"]  # the second unseen set, after fixing what its first run showed
    assert (five["labelled"], five["deadline"]["labelled"]) == (15, 6)
    for measure in ("clauses", "modality", "deadline"):
        assert five[measure]["precision"] >= 0.90 and five[measure]["recall"] >= 0.95, five
    south_africa = results["za-constitution-1996-excerpt.akn.xml"]
    assert south_africa["labelled"] == 17
    assert south_africa["clauses"]["recall"] >= 0.95 and south_africa["modality"]["precision"] >= 0.95


# --- issue 17: law text as pasted (San Francisco Administrative Code ch. 19B wordings) ---------------------

SF_WRAPPED = (
    "(a) Each Department seeking approval under Section 19B.2 shall submit to the\n"
    "Board a Surveillance Impact Report and a proposed Surveillance Technology\n"
    "Policy ordinance at least 30 days prior to the public hearing on it.\n"
    "(b) Each Department that obtains approval for the use of Surveillance\n"
    "Technology must submit an Annual Surveillance Report to the Board within 12\n"
    "months of Board approval, and annually thereafter on or before November 1.\n")


def test_hard_wrapped_clauses_quote_the_exact_span_and_keep_their_deadlines() -> None:
    first, second = extract(SF_WRAPPED)
    for clause in (first, second):
        assert SF_WRAPPED[clause.start:clause.end] == clause.text and "\n" in clause.text and clause.reflowed
    assert first.text.endswith("the public hearing on it.")
    assert first.actor == "Each Department seeking approval under Section 19B.2"
    assert first.deadline == {"type": "per-event", "event": "public hearing on it", "days": 30, "direction": "before"}
    assert second.text.endswith("on or before November 1.")
    assert second.deadline == {"type": "recurring", "every": "year", "month": 11, "day": 1}
    one_line = only("The Controller shall audit the use of Surveillance Technology.")
    assert not one_line.reflowed and one_line.as_dict()["reflowed"] is False


def test_a_short_heading_is_not_joined_to_the_paragraph_under_it() -> None:
    text = ("Annual Surveillance Report\n"
            "Each Department shall submit an Annual Surveillance Report to the Board by\n"
            "no later than February 15 of each year.\n")
    clause = only(text)
    assert clause.actor == "Each Department" and clause.text.startswith("Each Department")
    assert clause.deadline == {"type": "recurring", "every": "year", "month": 2, "day": 15}


def test_actor_after_an_opening_phrase_and_never_a_dummy_subject() -> None:
    upon = only("Upon approval by ordinance of a Surveillance Technology Policy, the City Attorney shall\n"
                "post the ordinance on the City's website.")
    assert upon.actor == "the City Attorney" and upon.deadline is None  # an event with no time limit
    there = only("There shall be an Appendix to this Chapter listing each Surveillance Technology Policy.")
    assert there.actor is None and there.modality == "obligation"


@pytest.mark.parametrize(("words", "deadline"), [
    ("shall respond within a reasonable time.", None),
    ("shall give notice not less than 10 days before the hearing.",
     {"type": "per-event", "event": "hearing", "days": 10, "direction": "before"}),
    ("shall report no later than 180 days after the effective date of this Chapter.",
     {"type": "relative", "days": 180, "after": "effective"}),
    ("shall submit a report on March 31, 2013 and every three years thereafter.",
     {"type": "recurring", "every": "year", "interval": 3, "first": "2013-03-31", "month": 3, "day": 31}),
    ("Starting in 2026, the Director shall report no later than March 31 of each year.",
     {"type": "recurring", "every": "year", "month": 3, "day": 31, "first": "2026-03-31"}),
    ("One copy shall be furnished to the Mayor in advance of submission of the report.",
     {"type": "per-event", "event": "submission of the report", "days": 0, "direction": "before"}),
])
def test_deadlines_in_code_library_wordings(words: str, deadline: dict[str, Any] | None) -> None:
    assert parse_deadline(words) == deadline


def test_names_findings_and_definition_stems_are_not_clauses() -> None:
    assert extract('This article shall be known as the "Surveillance Technology Ordinance."') == []
    assert extract("The city council finds that any decision to use surveillance technology must be balanced.") == []
    assert extract("For purposes of this article, the following words shall have these definitions:") == []
    assert extract("This reporting obligation shall end on December 31, 2036.") == []
    assert len(extract("The council shall hold a hearing and the city council finds it useful.")) == 1


def test_a_bare_and_shall_after_a_relative_clause_led_by_a_preposition_is_a_second_duty() -> None:
    first, second = extract(
        "The Department shall keep an account of the cost of all work done\n"
        "or caused to be done by the Department or by contract to which\n"
        "shall have been added the 15 percent administrative and\n"
        "supervisory cost and any costs incurred by any other City\n"
        "department and shall render an itemized report in writing to the\n"
        "Board of Supervisors showing such cost.\n")
    assert first.text.endswith("by any other City\ndepartment")
    assert second.text.startswith("shall render an itemized report") and second.text.endswith("such cost.")
    assert (second.actor, second.modality, second.reflowed) == ("The Department", "obligation", True)
    # quiet: a relative clause whose pronoun is its subject shares it with a bare "and shall"
    [one] = extract("The Department shall keep records which shall be retained for five years and shall be open "
                    "to inspection.")
    assert one.text.endswith("open to inspection.")
    # quiet: another subordinate clause after the relative one keeps the modal in it
    [one] = extract("The Clerk shall file the plan to which shall be attached the map if the Board finds that it "
                    "shall be needed and shall be kept.")
    assert one.text.startswith("The Clerk shall file")


SURFACE_MOUNTED = (
    "(b) For each application, the Department Report shall contain the following information:\n"
    "(1) the number of applications submitted by applicant; (2) the proposed location of the\n"
    "Surface-Mounted Facility set forth in each application; (3) whether those applications\n"
    "were protested; (4) the results of all such protests; (5) whether the Department granted\n"
    "or denied those applications; (6) whether any Department determinations were appealed; and\n"
    "(7) the outcome of any such appeals. For each existing Surface-Mounted Facility, the\n"
    "Department Report shall also describe maintenance and graffiti abatement activities by the\n"
    "Permittee during the two-year period.\n")


def test_a_list_whose_wrapped_items_end_inside_a_line_ends_there_and_the_rest_is_read_after_it() -> None:
    listed, after = extract(SURFACE_MOUNTED)
    assert listed.text.startswith("For each application") and listed.text.endswith("any such appeals.")
    assert len(listed.items) == 2 and listed.items[-1] == "(7) the outcome of any such appeals."
    assert after.text.startswith("For each existing Surface-Mounted Facility, the\nDepartment Report shall")
    assert after.text.endswith("two-year period.") and after.actor == "the Department Report"
    # quiet: when an item of such a list has a duty of its own, the items are read as lines, as before
    text = ("The Office shall:\n(1) publish the plan; and\n(2) the Office shall report it. The Mayor shall "
            "approve it.\n")
    stem, report, approve = extract(text)
    assert stem.items == () and stem.text == "The Office shall:"
    assert report.text == "the Office shall report it." and approve.text == "The Mayor shall approve it."


# --- issue 17, second unseen set (five code pages): what its first run showed ------------------------------

@pytest.mark.parametrize(("words", "deadline"), [
    ("Not later than sixty days after the close of the fiscal year, each office shall make an annual report.",
     {"type": "recurring", "every": "year", "days_after_period_end": 60}),
    ("Not later than one hundred twenty days after the close of the fiscal year, the Officer shall report.",
     {"type": "recurring", "every": "year", "days_after_period_end": 120}),
    ("The Director shall report by the third Monday after the end of each fiscal month for each fiscal year.",
     {"type": "recurring", "every": "month"}),
    ("shall respond within one hundred and five days after receipt.",
     {"type": "per-event", "event": "receipt", "days": 105, "direction": "after"}),
    ("shall respond within forty-five days after receipt.",
     {"type": "per-event", "event": "receipt", "days": 45, "direction": "after"}),
    # quiet: the end of one named fiscal year is an event, not a period that recurs
    ("shall report within 60 days after the end of the fiscal year 2019.",
     {"type": "per-event", "event": "end of the fiscal year 2019", "days": 60, "direction": "after"}),
])
def test_deadlines_in_the_second_unseen_sets_wordings(words: str, deadline: dict[str, Any] | None) -> None:
    assert parse_deadline(words) == deadline


def test_as_clauses_of_discretion_it_shall_be_the_duty_bullets_and_advisory_plans() -> None:
    [head] = extract("Every head of a department shall, from time to time as required by the mayor, but in any "
                     "case not less than once in each year, report in writing to the mayor, together with such "
                     "information as he may deem necessary or proper.")
    assert (head.modality, head.deadline) == ("obligation", {"type": "recurring", "every": "year"})
    [duty] = extract("  • It shall be the duty of the director of each department to report to the city manager "
                     "such information as the city manager may require or the mayor may deem pertinent.")
    assert duty.text.startswith("It shall be the duty") and duty.modality == "obligation"
    assert duty.actor == "the director of each department"
    plan, = extract("The plan shall be prepared after consultation with the Mayor, and such plan shall be advisory "
                    "only and need not be followed.")
    assert plan.text == "The plan shall be prepared after consultation with the Mayor"
    # quiet: "as soon as possible and X shall review" is a second duty, not an "as" clause
    _, second = extract("The Clerk shall file the report as soon as possible and the Mayor shall review it.")
    assert second.text == "the Mayor shall review it." and second.actor == "the Mayor"
    # quiet: "as well as" is no "as" clause
    [council] = extract("The Council as well as the Mayor shall approve the plan.")
    assert council.actor == "The Council as well as the Mayor"
