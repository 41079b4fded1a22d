"""Coverage of the law's clauses, drift of quotes, and drafts: the rules firing and staying quiet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import AGENCIES, ORDINANCE, check, evidence, fired, obligation, write_repo
from conftest import RunCli
from policytrack.law import coverage
from policytrack.law.coverage import coverage_share, ordinance_coverage, word_diff
from policytrack.model.load import load_repository

TESTS = Path(__file__).parent
COUNTY = TESTS / "repos" / "county"
NEAR = TESTS / "repos" / "dc-near-act"

TWO_DUTIES = "The jail shall keep a log of each request.\nThe police shall not share booking records."


def ordinance(**fields: Any) -> dict[str, Any]:
    record = {**ORDINANCE, "sections": [{"id": "1.01.A", "heading": "Duties", "text": TWO_DUTIES}]}
    record.update(fields)
    return record


def log_duty(**fields: Any) -> dict[str, Any]:
    return obligation("ob-log", **({"quote": "The jail shall keep a log of each request."} | fields))


def test_uncovered_clause_fires_at_the_clause_line_of_the_ordinance(tmp_path: Path) -> None:
    root = write_repo(tmp_path, ordinances=[ordinance()], obligations=[log_duty()])
    [finding] = fired(check(root, "2020-03-01"), "uncovered-clause")
    lines = (root / "ordinances" / "ord-1.yml").read_text(encoding="utf-8").splitlines()
    assert finding.path == "ordinances/ord-1.yml"
    assert "The police shall not share booking records." in lines[finding.line - 1]
    assert finding.severity == "error" and "prohibition" in finding.message
    assert "policytrack draft ord-1" in finding.message


def test_uncovered_clause_quiet_when_an_obligation_or_a_decision_carries_each_clause(tmp_path: Path) -> None:
    share = obligation("ob-share", quote="shall not share booking records", kind="prohibition",
                       deadline={"type": "none"})
    root = write_repo(tmp_path / "a", ordinances=[ordinance()], obligations=[log_duty(), share])
    assert fired(check(root, "2020-03-01"), "uncovered-clause") == []
    decided = ordinance(clauses_needing_no_obligation=[
        {"quote": "The police shall not share booking records.", "reason": "Already carried by state law."}])
    root = write_repo(tmp_path / "b", ordinances=[decided], obligations=[log_duty()])
    assert fired(check(root, "2020-03-01"), "uncovered-clause") == []
    repo = load_repository(root).repository
    states = [(item.state, item.reason) for item in ordinance_coverage(repo, repo.ordinances["ord-1"])]
    assert states == [("covered", None), ("excused", "Already carried by state law.")]


def test_unmatched_decision_fires_for_a_quote_in_no_clause_and_is_quiet_otherwise(tmp_path: Path) -> None:
    decided = ordinance(clauses_needing_no_obligation=[
        {"quote": "The police shall not share booking records.", "reason": "Carried by state law."},
        {"quote": "The police shall not sell booking records.", "reason": "A typo."}])
    root = write_repo(tmp_path, ordinances=[decided], obligations=[log_duty()])
    [finding] = fired(check(root, "2020-03-01"), "unmatched-decision")
    lines = (root / "ordinances" / "ord-1.yml").read_text(encoding="utf-8").splitlines()
    assert "shall not sell" in lines[finding.line - 1] and finding.severity == "warning"
    assert fired(check(NEAR, "2020-06-01", replay=True), "unmatched-decision") == []


def test_a_draft_or_a_paraphrase_carries_nothing(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "a", ordinances=[ordinance()],
                      obligations=[log_duty(draft=True), obligation("ob-2", quote="The police shall not share "
                                                                    "booking records.", paraphrase=True)])
    assert len(fired(check(root, "2020-03-01"), "uncovered-clause")) == 2


def test_paraphrased_sections_and_permissions_need_nothing(tmp_path: Path) -> None:
    sections = [{"id": "1.01.A", "heading": "Duties", "text": "The jail shall keep a log.", "paraphrase": True},
                {"id": "1.01.B", "heading": "Leave", "text": "The jail may close on holidays."}]
    root = write_repo(tmp_path, ordinances=[ordinance(sections=sections)], obligations=[])
    result = check(root, "2020-03-01")
    assert fired(result, "uncovered-clause") == []
    repo = load_repository(root).repository
    items = ordinance_coverage(repo, repo.ordinances["ord-1"])
    assert [item.state for item in items] == ["permission"] and coverage_share(items) is None


def test_clause_no_deadline_fires_until_an_administrative_deadline_is_set(tmp_path: Path) -> None:
    duty = log_duty(deadline={"type": "none"})
    root = write_repo(tmp_path / "a", ordinances=[ordinance(sections=[ORDINANCE["sections"][0] | {
        "text": "The jail shall keep a log of each request."}])], obligations=[duty])
    [finding] = fired(check(root, "2020-03-01"), "clause-no-deadline")
    assert finding.severity == "warning" and "'ob-log'" in finding.message and finding.obligation == "ob-log"
    set_later = log_duty(deadline={"type": "none"}, administrative_deadline={
        "type": "date", "date": "2020-09-30", "set_by": "Jail director", "set_on": "2020-04-01"})
    root = write_repo(tmp_path / "b", ordinances=[ordinance(sections=[ORDINANCE["sections"][0] | {
        "text": "The jail shall keep a log of each request."}])], obligations=[set_later])
    assert len(fired(check(root, "2020-03-01"), "clause-no-deadline")) == 1  # not set yet on that day
    assert fired(check(root, "2020-04-02"), "clause-no-deadline") == []


def test_clause_no_deadline_quiet_once_the_duty_is_met(tmp_path: Path) -> None:
    root = write_repo(tmp_path, ordinances=[ordinance(sections=[ORDINANCE["sections"][0] | {
        "text": "The jail shall keep a log of each request."}])], obligations=[log_duty(deadline={"type": "none"})],
        evidence=[evidence("ev-1", "ob-log", when="2020-05-01")])
    assert len(fired(check(root, "2020-04-30"), "clause-no-deadline")) == 1
    assert fired(check(root, "2020-05-02"), "clause-no-deadline") == []


def test_clause_no_deadline_quiet_when_the_law_gives_a_date(tmp_path: Path) -> None:
    text = "The jail shall keep a log of each request by June 30, 2020."
    root = write_repo(tmp_path, ordinances=[ordinance(sections=[ORDINANCE["sections"][0] | {"text": text}])],
                      obligations=[obligation("ob-log", quote=text)])
    assert fired(check(root, "2020-03-01"), "clause-no-deadline") == []


def test_a_training_clause_without_a_date_is_flagged_as_having_no_deadline_in_the_law() -> None:
    result = check(COUNTY, "2019-07-09", replay=True)
    flagged = [f for f in fired(result, "clause-no-deadline") if f.obligation == "training"]
    assert len(flagged) == 1 and flagged[0].path == "ordinances/ord-7.yml"
    repo = load_repository(COUNTY).repository
    items = ordinance_coverage(repo, repo.ordinances["ord-7"])
    training = [item for item in items if item.clause.section == "7.20"]
    assert len(training) == 1 and training[0].state == "covered" and training[0].no_deadline_in_law
    assert training[0].obligations == ("training",)
    assert not [f for f in fired(result, "uncovered-clause") if "training" in f.message]


def test_the_near_act_imported_from_its_xml_reaches_full_coverage() -> None:
    repo = load_repository(NEAR).repository
    ordinance = repo.ordinances["dc-law-21-125"]
    assert len(ordinance.sections) == 29 and all(section.sha256 for section in ordinance.sections)
    items = ordinance_coverage(repo, ordinance)
    counted = [item for item in items if item.state != "permission"]
    assert len(items) == 75 and len(counted) == 63
    assert {item.state for item in counted} == {"covered", "excused"}
    assert sum(item.state == "excused" for item in counted) == len(ordinance.clauses_needing_no_obligation) == 30
    assert coverage_share(items) == 1.0
    result = check(NEAR, "2020-06-01", replay=True)
    assert fired(result, "uncovered-clause") == [] and fired(result, "quote-drift") == []


def test_every_recorded_decision_matches_a_clause(tmp_path: Path) -> None:
    repo = load_repository(NEAR).repository
    ordinance = repo.ordinances["dc-law-21-125"]
    excused = [item for item in ordinance_coverage(repo, ordinance) if item.state == "excused"]
    assert len(excused) == len(ordinance.clauses_needing_no_obligation)


# --- drift ---------------------------------------------------------------------------------------------

def test_word_diff_shows_what_changed() -> None:
    assert word_diff("The jail shall keep a log of each request.",
                     "Intro. The jail shall keep a register of each request. More.") == (
        "The jail shall keep a [-log-] {+register+} of each request.")


def test_quote_drift_fires_when_the_quote_is_no_longer_in_the_section_and_is_quiet_when_it_is(
        tmp_path: Path) -> None:
    root = write_repo(tmp_path / "a", ordinances=[ordinance()],
                      obligations=[obligation("ob-log", quote="The jail shall keep a record of each request.")])
    [finding] = fired(check(root, "2020-03-01"), "quote-drift")
    assert finding.obligation == "ob-log" and "[-record-] {+log+}" in finding.message
    assert finding.path == "obligations/ob-log.yml"
    root = write_repo(tmp_path / "b", ordinances=[ordinance()],
                      obligations=[log_duty(quote="The jail shall keep  a log\nof each request.")])
    assert fired(check(root, "2020-03-01"), "quote-drift") == []


def test_a_repealed_sections_quote_is_history_not_drift(tmp_path: Path) -> None:
    """docs/status-semantics.md S1.13: a repealed duty reads repealed and nothing else, so a repository that
    keeps a repealed law's history can pass (before issue 15, quote-drift was an error here forever)."""
    repealed = ordinance(amendments=[{"by": "Ordinance 2", "date": "2020-02-01", "action": "repealed",
                                      "sections": ["1.01.A"]}])
    root = write_repo(tmp_path, ordinances=[repealed], obligations=[log_duty()])
    assert fired(check(root, "2020-01-31"), "quote-drift") == []
    after = check(root, "2020-03-01")
    assert fired(after, "quote-drift") == []
    assert after.statuses[log_duty()["id"]].status == "repealed"


def test_section_hash_fires_when_imported_text_is_edited_and_is_quiet_when_it_is_not(tmp_path: Path) -> None:
    import hashlib

    recorded = hashlib.sha256(TWO_DUTIES.encode()).hexdigest()
    section = {"id": "1.01.A", "heading": "Duties", "text": TWO_DUTIES, "sha256": recorded}
    root = write_repo(tmp_path / "a", ordinances=[ordinance(sections=[section])], obligations=[log_duty()])
    assert fired(check(root, "2020-03-01"), "section-hash") == []
    edited = section | {"text": TWO_DUTIES.replace("keep a log", "keep a record")}
    root = write_repo(tmp_path / "b", ordinances=[ordinance(sections=[edited])], obligations=[log_duty()])
    [finding] = fired(check(root, "2020-03-01"), "section-hash")
    assert finding.path == "ordinances/ord-1.yml" and "section '1.01.A' was edited" in finding.message
    assert fired(check(NEAR, "2020-06-01", replay=True), "section-hash") == []


# --- drafts --------------------------------------------------------------------------------------------

def test_draft_writes_obligations_for_uncovered_clauses_that_the_checker_refuses(
        tmp_path: Path, run_cli: RunCli) -> None:
    text = ("The police shall publish a report on stops by January 31 of each year.\n"
            "The jail shall keep a log of each request.")
    root = write_repo(tmp_path, ordinances=[ordinance(sections=[ORDINANCE["sections"][0] | {"text": text}])],
                      obligations=[log_duty()], agencies=AGENCIES)
    code, out, err = run_cli("draft", "ord-1", "--repo", root)
    assert (code, err) == (0, "")
    path = root / "obligations" / "ord-1" / "ord-1-1-01-a-draft-1.yml"
    assert str(path) in out and "1 draft obligations" in out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["quote"] == "The police shall publish a report on stops by January 31 of each year."
    assert data["section"] == "1.01.A" and data["kind"] == "recurring" and data["draft"] is True
    assert data["owner"] == {"agency": "police", "role": "Chief"}  # the agency's head, to confirm
    assert data["deadline"] == {"type": "recurring", "every": "year", "month": 1, "day": 31}
    result = check(root, "2020-03-01")
    [refused] = fired(result, "draft-obligation")
    assert refused.obligation == data["id"] and refused.severity == "error"
    assert fired(result, "uncovered-clause") != []  # a draft carries nothing until completed
    assert [f for f in result.findings if f.rule == "schema"] == []
    # completed: the draft line removed, evidence named
    data.pop("draft")
    data["evidence"] = {"kinds": ["report"]}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = check(root, "2020-03-01")
    assert fired(result, "draft-obligation") == [] and fired(result, "uncovered-clause") == []


def test_draft_owner_and_fan_out_from_the_agencies_the_actor_names() -> None:
    from policytrack.law.draft import match_agencies
    from policytrack.model.records import Agency

    registry = {item["id"]: Agency.model_validate(item) for item in [
        {"id": "mpd", "name": "Metropolitan Police Department", "head": "Chief of Police"},
        {"id": "hapd", "name": "Housing Authority Police Department", "head": "Chief of Police"},
        {"id": "eom", "name": "Executive Office of the Mayor", "head": "Mayor"}]}
    assert [a.id for a in match_agencies("The MPD and the HAPD", registry)] == ["mpd", "hapd"]
    assert [a.id for a in match_agencies("The Mayor", registry)] == ["eom"]
    assert [a.id for a in match_agencies("the Metropolitan Police Department", registry)] == ["mpd"]
    assert match_agencies("The Chief of Police", registry) == []  # two agencies have that head: ask a person
    assert match_agencies("a property owner", registry) == [] and match_agencies(None, registry) == []


def test_draft_dry_run_writes_nothing_and_unknown_ordinance_is_a_usage_error(
        tmp_path: Path, run_cli: RunCli) -> None:
    root = write_repo(tmp_path, ordinances=[ordinance()], obligations=[log_duty()])
    code, out, _ = run_cli("draft", "ord-1", "--repo", root, "--dry-run")
    assert code == 0 and "draft: true" in out and "(not written)" in out
    assert not (root / "obligations" / "ord-1").exists()
    code, _, err = run_cli("draft", "nope", "--repo", root)
    assert code == 2 and "no ordinance 'nope'" in err


def test_clauses_command_lists_coverage_and_exits_1_on_uncovered(tmp_path: Path, run_cli: RunCli) -> None:
    root = write_repo(tmp_path, ordinances=[ordinance()], obligations=[log_duty()])
    code, out, _ = run_cli("clauses", "ord-1", "--repo", root)
    assert code == 1
    assert "[covered by ob-log]" in out and "[UNCOVERED]" in out and "no deadline in the law" in out
    code, out, _ = run_cli("clauses", "ord-1", "--repo", root, "--format", "json")
    data = yaml.safe_load(out)
    assert [(c["coverage"], c["modality"]) for c in data["clauses"]] == [
        ("covered", "obligation"), ("uncovered", "prohibition")]
    assert data["clauses"][1]["start"] == TWO_DUTIES.index("The police")


def test_clauses_command_on_a_text_file_gives_offsets_in_the_file(tmp_path: Path, run_cli: RunCli) -> None:
    law = tmp_path / "law.txt"
    content = "Section 1. Duty\nThe clerk shall file the notice within 10 days after receipt.\n"
    law.write_text(content, encoding="utf-8")
    code, out, _ = run_cli("clauses", law, "--format", "json")
    assert code == 0
    [clause] = yaml.safe_load(out)["clauses"]
    assert content[clause["start"]:clause["end"]] == clause["text"]
    assert clause["deadline"] == {"type": "per-event", "event": "receipt", "days": 10, "direction": "after"}
    code, _, err = run_cli("clauses", "nothing-here", "--repo", tmp_path)
    assert code == 2 and "is not a policy repository" in err


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["shall", "report", "the", "sheriff", " ", "  ", "\n", "\n      ", "\u00a0", "x",
                                 "(a)", "."]), max_size=30),
       st.lists(st.sampled_from(["shall", "report", "the", "sheriff", "(a)", "."]), min_size=1, max_size=6),
       st.integers(min_value=0, max_value=40))
def test_a_clause_is_placed_where_its_words_stand_with_any_whitespace_between(
        pieces: list[str], words: list[str], start: int) -> None:
    raw = "".join(pieces)
    match = re.compile(r"\s+".join(re.escape(word) for word in words)).search(raw, start)
    assert coverage._words_at(raw, words, start) == (match.start() if match else -1)
