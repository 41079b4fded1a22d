"""The golden table: hand-computed statuses, one case per defect of issue 15 (D01-D27) and per construct
(C01-...), each written from ``docs/status-semantics.md`` (the rule it cites, S1.1 ...) and the law's
words before the engine was run, never from the engine's output.

Each case is a small repository (``builders.write_repo``), an as-of date and the expected rows: (agency,
instance, status, due date), with, where the case is about them, the verdicts of the occurrences that
had come due, and the findings that must fire (with how many) or stay quiet. On the engine before issue
15 (commit de34618) every case failed; the note after each case says how.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from builders import ORDINANCE, breach, check, event, evidence, fired, obligation, write_repo
from policytrack.checks.checker import CheckResult
from policytrack.law.inforce import ordinance_in_force

D = date.fromisoformat
URL = "https://example.org/decision"
ROW = tuple[str, str | None, str, date | None]


@dataclass
class Case:
    """One hand-computed case."""

    id: str
    rule: str
    records: dict[str, Any]
    as_of: str
    rows: list[ROW]
    obligation: str = "ob-1"
    verdicts: list[tuple[str, str]] | None = None
    """(key or due date, verdict) of the occurrences due on or before the as-of date, oldest first."""
    counts: dict[str, int] | None = None
    fires: dict[str, int] = field(default_factory=dict)
    quiet: tuple[str, ...] = ()
    extra: Callable[[CheckResult], None] | None = None
    note: str = ""
    """How the engine before issue 15 answered."""


def recurring(**rule: Any) -> dict[str, Any]:
    return {"type": "recurring", **rule}


def quarterly(**more: Any) -> dict[str, Any]:
    return recurring(every="quarter", days_after_period_end=30, **more)


def per_event(kind: str = "request", **more: Any) -> dict[str, Any]:
    return {"type": "per-event", "event": kind, **more}


def amendment(am_id: str, effective: str, *changes: dict[str, Any], enacted: str | None = None) -> dict[str, Any]:
    record = {"id": am_id, "ordinance": "ord-1", "by": f"Ordinance {am_id}", "enacted": enacted or effective,
              "source": "https://example.org/law", "changes": list(changes)}
    if enacted:
        record["effective"] = effective
    return record


SECTION_A = {"id": "1.01.A", "heading": "Duties", "text": "The jail shall do things."}
PARTIES = [{"id": "ice", "name": "Immigration agency", "kind": "federal-agency"}]
LOOKUP = [{"id": "lookup", "name": "Inmate look-up", "operator": "jail", "data": ["inmate-records"],
           "access": [{"party": "ice", "description": "Accounts in the look-up system"}]}]
PROTECTING = {**ORDINANCE, "protects": ["inmate-records"], "restricts": ["ice"]}
WAIVER = {"reason": "Budget", "approved_by": "Council", "date": "2021-06-01", "until": "2021-12-31"}
ADMIN = {"set_by": "Director", "set_on": "2022-05-10"}


def _pinned(**fields: Any) -> dict[str, Any]:
    """A verification by the auditor (a verifying agency), pinned to the evidence record's content."""
    from policytrack.model.records import Evidence
    from policytrack.status.verification import evidence_hash

    pinned = evidence_hash(Evidence.model_validate(evidence("ev-1")))
    return {"evidence": "ev-1", "by": "Auditor", "agency": "exec", "evidence_sha256": pinned, **fields}


VERIFIERS = {"verifying_agencies": ["exec"]}


def _in_force_again(result: CheckResult) -> None:
    assert ordinance_in_force(result.repository, "ord-1", result.as_of)


def _no_error_for_ob1(result: CheckResult) -> None:
    assert [f.rule for f in result.findings if f.obligation == "ob-1" and f.severity == "error"] == []


def _message_says(rule: str, words: str, obligation_id: str = "ob-2") -> Callable[[CheckResult], None]:
    def check_message(result: CheckResult) -> None:
        [finding] = [f for f in fired(result, rule) if f.obligation == obligation_id]
        assert words in finding.message, finding.message
    return check_message


def _batch(result: CheckResult) -> None:
    [occurrence] = result.statuses["ob-1"].agencies[0].occurrences
    assert (occurrence.count, occurrence.answered) == (15, 15)


def _late(low: int, high: int) -> Callable[[CheckResult], None]:
    def check_lateness(result: CheckResult) -> None:
        [occurrence] = result.statuses["ob-1"].agencies[0].occurrences
        assert occurrence.late_range == (low, high)
    return check_lateness


def _met_on(day: str) -> Callable[[CheckResult], None]:
    def check_day(result: CheckResult) -> None:
        [occurrence] = result.statuses["ob-1"].agencies[0].occurrences
        assert occurrence.met_on == D(day)
    return check_day


CASES: list[Case] = [
    # --- the 27 defects --------------------------------------------------------------------------------------
    Case("D01-late-report-without-period-is-not-credited-ahead", "S2.3",
         {"obligations": [obligation(kind="recurring", deadline=recurring(every="year", month=1, day=31))],
          "evidence": [evidence("ev-1", when="2021-02-15")]},
         "2022-03-01", [("jail", None, "overdue", D("2022-01-31"))],
         verdicts=[("due 2021-01-31", "met-late"), ("due 2022-01-31", "missed")],
         fires={"overdue": 1, "period-guessed": 1},
         note="met: the late report was credited to the year due 2022-01-31"),
    Case("D02-a-named-month-covers-one-occurrence", "S2.2",
         {"obligations": [obligation(kind="recurring", deadline=recurring(every="month", day=15))],
          "evidence": [evidence("ev-1", when="2020-02-10", period="2020-01"),
                       evidence("ev-2", when="2020-03-10", period="2020-02"),
                       evidence("ev-3", when="2020-04-10", period="2020-03"),
                       evidence("ev-5", when="2020-06-01", period="2020-05")]},
         "2020-06-01", [("jail", None, "overdue", D("2020-05-15"))],
         verdicts=[("due 2020-02-15", "met"), ("due 2020-03-15", "met"), ("due 2020-04-15", "met"),
                   ("due 2020-05-15", "missed")],
         fires={"overdue": 1}, quiet=("period-guessed", "record-ignored"),
         note="met-late: May's report covered the occurrence due May 15 too"),
    Case("D03a-an-administrative-schedule-owes-nothing-before-it-was-set", "S1.1",
         {"obligations": [obligation(kind="recurring", deadline={"type": "none"},
                                     administrative_deadline={**quarterly(), **ADMIN})]},
         "2022-05-11", [("jail", None, "not-yet-due", D("2022-07-30"))], quiet=("overdue",),
         note="overdue: every quarter since 2020 missed"),
    Case("D03b-an-administrative-per-event-deadline-owes-no-earlier-event", "S1.1",
         {"obligations": [obligation(kind="per-event", deadline={"type": "none"},
                                     administrative_deadline={**per_event(days=10), **ADMIN})],
          "events": [event("e-1", when="2021-03-01"), event("e-2", when="2022-06-01")]},
         "2022-07-01", [("jail", None, "overdue", D("2022-06-11"))], verdicts=[("e-2", "missed")],
         note="the 2021 event was owed too"),
    Case("D04-a-listed-section-added-later-starts-with-the-law-that-added-it", "S1.2",
         {"ordinances": [{**ORDINANCE, "sections": [SECTION_A, {"id": "1.02", "heading": "Reports",
                                                                 "text": "The jail shall report."}]}],
          "amendments": [amendment("am-1", "2021-01-01", {"action": "added", "section": "1.02",
                                                          "heading": "Reports", "text": "The jail shall report."},
                                   enacted="2020-12-01")],
          "obligations": [obligation(section="1.02", quote="The jail shall report.",
                                     deadline={"type": "relative", "days": 90})]},
         "2020-12-31", [("jail", None, "not-in-force", D("2021-01-01"))],
         note="overdue since 2020-04-10: in force from the ordinance's start"),
    Case("D04b-and-is-due-counted-from-that-law", "S1.2",
         {"ordinances": [{**ORDINANCE, "sections": [SECTION_A, {"id": "1.02", "heading": "Reports",
                                                                 "text": "The jail shall report."}]}],
          "amendments": [amendment("am-1", "2021-01-01", {"action": "added", "section": "1.02",
                                                          "heading": "Reports", "text": "The jail shall report."},
                                   enacted="2020-12-01")],
          "obligations": [obligation(section="1.02", quote="The jail shall report.",
                                     deadline={"type": "relative", "days": 90})]},
         "2021-04-02", [("jail", None, "overdue", D("2021-04-01"))], note="(agreed: once the change is in force)"),
    Case("D05-an-item-added-later-owes-only-from-its-start", "S1.6",
         {"obligations": [obligation(kind="recurring", deadline=quarterly(),
                                     for_each={"items": [{"id": "drone", "since": "2023-03-01"}]})]},
         "2023-03-15", [("jail", "drone", "not-yet-due", D("2023-04-30"))],
         note="refused: an item with a start date did not load (and items owed every quarter since 2020)"),
    Case("D06a-by-january-31-in-a-law-starting-january-31", "S1.7",
         {"ordinances": [{**ORDINANCE, "effective": "2020-01-31"}],
          "obligations": [obligation(kind="recurring", deadline=recurring(every="year", month=1, day=31))]},
         "2020-02-01", [("jail", None, "not-yet-due", D("2021-01-31"))], quiet=("contradictory-schedule",),
         note="overdue: due on the law's first day, for 2019"),
    Case("D06b-the-same-duty-spelled-from-the-years-end", "S1.7",
         {"ordinances": [{**ORDINANCE, "effective": "2020-01-31"}],
          "obligations": [obligation(kind="recurring", deadline=recurring(every="year", days_after_period_end=31))]},
         "2020-02-01", [("jail", None, "not-yet-due", D("2021-01-31"))], quiet=("contradictory-schedule",),
         note="(agreed already: the two spellings disagreed, D06a was the wrong one)"),
    Case("D07-a-first-date-contradicting-the-lag-is-never-moved-earlier", "S2.4",
         {"obligations": [obligation(kind="recurring", deadline=quarterly(first="2020-05-15"))]},
         "2020-05-20", [("jail", None, "not-yet-due", D("2020-07-30"))], fires={"contradictory-schedule": 1},
         note="overdue: first silently replaced by 2020-04-30"),
    Case("D08a-a-first-date-contradicting-the-month", "S2.4",
         {"obligations": [obligation(kind="recurring", deadline=recurring(every="year", month=6, first="2020-03-01"))]},
         "2020-04-01", [("jail", None, "not-yet-due", D("2020-06-30"))], fires={"contradictory-schedule": 1},
         note="overdue since 2020-03-01, no finding"),
    Case("D08b-later-due-dates-keep-the-rules-day", "S2.4",
         {"obligations": [obligation(kind="recurring", deadline=recurring(every="year", month=6, first="2020-03-01"))]},
         "2021-07-01", [("jail", None, "overdue", D("2021-06-30"))],
         verdicts=[("due 2020-06-30", "missed"), ("due 2021-06-30", "missed")],
         note="due 2020-03-01 and 2021-06-01 (first's day)"),
    Case("D09-a-first-date-before-the-law-owes-nothing-before-it", "S1.10",
         {"obligations": [obligation(kind="recurring", deadline=quarterly(first="2019-04-30"))]},
         "2020-05-01", [("jail", None, "overdue", D("2020-04-30"))], verdicts=[("2020-Q1", "missed")],
         fires={"contradictory-schedule": 1}, note="five quarters missed, four before the law"),
    Case("D10-a-waiver-applies-from-its-date-forward", "S3.2",
         {"obligations": [obligation(kind="recurring", deadline=quarterly(), waiver=WAIVER)]},
         "2022-02-15", [("jail", None, "overdue", D("2022-01-30"))],
         counts={"missed": 6, "waived": 2, "not-yet-due": 1}, note="7 waived, 1 missed"),
    Case("D11a-counted-from-a-waived-prerequisite-has-no-date", "S4.3",
         {"obligations": [obligation("ob-1", waiver={"reason": "Moot", "approved_by": "Council", "date": "2020-03-01"}),
                          obligation("ob-2", deadline={"type": "relative", "days": 30, "after": "obligation",
                                                       "obligation": "ob-1"})]},
         "2020-07-01", [("jail", None, "no-deadline", None)], obligation="ob-2",
         extra=_message_says("no-deadline", "waived"), note="not-yet-due forever, no finding"),
    Case("D11b-counted-from-a-repealed-prerequisite-has-no-date", "S4.3",
         {"ordinances": [{**ORDINANCE, "sections": [SECTION_A, {"id": "1.01.B", "heading": "Filing",
                                                                 "text": "The jail shall file."}]}],
          "amendments": [amendment("am-1", "2020-06-01", {"action": "repealed", "section": "1.01.B"})],
          "obligations": [obligation("ob-1", section="1.01.B", quote="The jail shall file."),
                          obligation("ob-2", deadline={"type": "relative", "days": 30, "after": "obligation",
                                                       "obligation": "ob-1"})]},
         "2020-07-01", [("jail", None, "no-deadline", None)], obligation="ob-2",
         extra=_message_says("no-deadline", "repealed"), note="not-yet-due forever, no finding"),
    Case("D12-an-ordinance-repealed-and-enacted-again-is-in-force", "S1.4",
         {"ordinances": [PROTECTING], "parties": PARTIES, "systems": LOOKUP,
          "amendments": [amendment("am-1", "2021-01-01", {"action": "repealed"}),
                         amendment("am-2", "2022-01-01", {"action": "added", "section": "1.01.A", "heading": "Duties",
                                                          "text": "The jail shall do things."})],
          "obligations": [obligation(deadline={"type": "date", "date": "2022-03-01"}, systems=["lookup"])]},
         "2022-06-01", [("jail", None, "overdue", D("2022-03-01"))], fires={"uncovered-access": 1},
         extra=_in_force_again, note="the ordinance read repealed, uncovered-access quiet"),
    Case("D13-re-enacting-a-section-revives-its-subsections", "S1.3",
         {"ordinances": [{**ORDINANCE, "sections": [{"id": "1.01", "heading": "Part", "text": "Part one."},
                                                     SECTION_A]}],
          "amendments": [amendment("am-1", "2021-01-01", {"action": "repealed", "section": "1.01"}),
                         amendment("am-2", "2022-01-01", {"action": "added", "section": "1.01", "heading": "Part",
                                                          "text": "Part one."})],
          "obligations": [obligation(deadline={"type": "date", "date": "2022-03-01"})]},
         "2022-06-01", [("jail", None, "overdue", D("2022-03-01"))], note="repealed"),
    Case("D14-after-enacted-counts-from-the-law-that-added-the-section", "S1.5",
         {"amendments": [amendment("am-1", "2021-04-01", {"action": "added", "section": "1.02", "heading": "New",
                                                          "text": "The jail shall publish."}, enacted="2021-03-01")],
          "obligations": [obligation(section="1.02", quote="The jail shall publish.",
                                     deadline={"type": "relative", "days": 60, "after": "enacted"})]},
         "2021-04-15", [("jail", None, "due-soon", D("2021-04-30"))], note="overdue since 2020-03-01"),
    Case("D15-an-amended-deadline-keeps-its-history", "S3.1",
         {"obligations": [obligation(kind="recurring", deadline=recurring(every="year", month=3, day=31),
                                     earlier_deadlines=[{"deadline": recurring(every="year", month=6, day=30),
                                                         "until": "2021-12-31"}])],
          "evidence": [evidence("ev-2020", when="2021-06-15", period="2020"),
                       evidence("ev-2021", when="2022-03-20", period="2021")]},
         "2022-04-15", [("jail", None, "met", D("2022-03-31"))],
         verdicts=[("due 2021-06-30", "met"), ("due 2022-03-31", "met")],
         note="refused (no deadline history); every past occurrence rewritten to March 31"),
    Case("D16a-a-confirmed-report", "S3.5",
         {"obligations": [obligation()], "evidence": [evidence("ev-1")],
          "config": VERIFIERS,
          "verifications": [_pinned(id="v-1", on="2020-06-01"),
                            _pinned(id="v-2", on="2020-09-01", result="disputed")]},
         "2020-08-31", [("jail", None, "met", D("2020-06-30"))], note="(agreed)"),
    Case("D16b-a-disputed-report-covers-nothing", "S3.5",
         {"obligations": [obligation()], "evidence": [evidence("ev-1")],
          "config": VERIFIERS,
          "verifications": [_pinned(id="v-1", on="2020-06-01"),
                            _pinned(id="v-2", on="2020-09-01", result="disputed")]},
         "2020-09-01", [("jail", None, "disputed", D("2020-06-30"))], note="met"),
    Case("D17-evidence-answering-an-instances-event-needs-no-item", "S2.5",
         {"systems": [{"id": "alpr", "name": "Plate readers", "operator": "jail"}],
          "obligations": [obligation(kind="per-event", deadline=per_event(days=10), for_each={"systems": ["alpr"]})],
          "events": [event("req-1", when="2020-05-01", system="alpr")],
          "evidence": [evidence("ev-1", when="2020-05-05", event="req-1")]},
         "2020-06-01", [("jail", "alpr", "met", D("2020-05-11"))], quiet=("record-ignored", "overdue"),
         note="overdue, no finding"),
    Case("D18-a-notice-due-before-the-law-is-not-owed", "S1.8",
         {"obligations": [obligation(kind="per-event", deadline=per_event("vote", days=30, direction="before"))],
          "events": [event("vote-1", kind="vote", when="2020-01-20")]},
         "2020-02-01", [("jail", None, "not-yet-due", None)], fires={"record-ignored": 1}, quiet=("overdue",),
         note="overdue since 2019-12-21"),
    Case("D19-evidence-from-before-the-law-proves-nothing", "S1.11",
         {"obligations": [obligation()], "evidence": [evidence("ev-1", when="2015-05-01")]},
         "2020-07-01", [("jail", None, "overdue", D("2020-06-30"))], fires={"record-ignored": 1}, note="met"),
    Case("D20-a-breach-that-ended-before-the-law-is-not-a-breach-of-it", "S1.12",
         {"obligations": [obligation(kind="prohibition", deadline={"type": "none"})],
          "breaches": [breach("br-1", when="2019-03-01", until="2019-06-30", found_on="2019-07-01")]},
         "2020-02-01", [("jail", None, "no-deadline", None)], fires={"record-ignored": 1}, quiet=("breached",),
         note="breached"),
    Case("D21-a-repealed-duty-reads-repealed-and-nothing-else", "S1.13",
         {"obligations": [obligation()], "breaches": [breach("br-1", when="2020-05-01")],
          "amendments": [amendment("am-1", "2021-01-01", {"action": "repealed", "section": "1.01.A"})]},
         "2021-06-01", [("jail", None, "repealed", D("2021-01-01"))], quiet=("breached", "quote-drift"),
         extra=_no_error_for_ob1, note="breached and quote-drift errors beside 'repealed'"),
    Case("D22-a-prohibition-with-a-date-is-never-overdue", "S1.15",
         {"obligations": [obligation(kind="prohibition")]},
         "2020-07-01", [("jail", None, "no-deadline", None)], fires={"deadline-form": 1}, quiet=("overdue",),
         note="overdue for want of a document"),
    Case("D23-joint-owners-share-one-duty", "S1.14",
         {"obligations": [obligation(co_owners=[{"agency": "police", "role": "Chief"}])],
          "evidence": [evidence("ev-1", agency="police")]},
         "2020-07-01", [("jail", None, "met", D("2020-06-30"))],
         quiet=("fanout-gap", "overdue", "evidence-unbound-agency"),
         note="the jail overdue and fanout-gap"),
    Case("D24-roll-forward-never-shortens-a-notice-before-an-event", "S2.7",
         {"config": {"roll": "forward"},
          "obligations": [obligation(kind="per-event", deadline=per_event("vote", days=30, direction="before"))],
          "events": [event("vote-1", kind="vote", when="2021-03-22", recorded_on="2021-01-15")],
          "evidence": [evidence("ev-1", when="2021-02-22", event="vote-1")]},
         "2021-03-01", [("jail", None, "met-late", D("2021-02-19"))], note="met, due Monday 2021-02-22"),
    Case("D25-a-month-only-trigger-counts-from-the-months-first-day", "S2.6",
         {"obligations": [obligation(kind="per-event", deadline=per_event(days=10))],
          "events": [event("req-1", when="2021-06")],
          "evidence": [evidence("ev-1", when="2021-06-20", event="req-1")]},
         "2021-07-01", [("jail", None, "met-late", D("2021-06-11"))], extra=_late(0, 9),
         note="met, due 2021-07-10"),
    Case("D26-a-batch-straddling-the-start-is-owed-for-its-share", "S1.9",
         {"obligations": [obligation(kind="per-event", deadline=per_event(days=30))],
          "events": [event("b-1", when="2020-03-09", count=25, period={"start": "2019-12-01", "end": "2020-03-09"})],
          "evidence": [evidence("ev-1", when="2020-03-20", event="b-1", count=15)]},
         "2020-04-15", [("jail", None, "met", D("2020-04-08"))], fires={"record-ignored": 1}, extra=_batch,
         note="overdue: 15 of 25"),
    Case("D27-one-agencys-instances-are-not-a-fan-out", "S1.14",
         {"obligations": [obligation(for_each={"items": ["a", "b"]})],
          "evidence": [evidence("ev-1", item="a")]},
         "2020-07-01", [("jail", "a", "met", D("2020-06-30")), ("jail", "b", "overdue", D("2020-06-30"))],
         fires={"overdue": 1}, quiet=("fanout-gap",), note="fanout-gap 'Jail ... while Jail has' beside overdue"),
    # --- constructs ------------------------------------------------------------------------------------------
    Case("C01-an-announcement-is-progress-not-completion", "S4.2",
         {"obligations": [obligation(deadline={"type": "none"},
                                     evidence={"kinds": ["training-record"], "progress_kinds": ["announcement"]})],
          "evidence": [evidence("ev-1", when="2021-10-12", kind="announcement")]},
         "2025-01-01", [("jail", None, "in-progress", None)], fires={"no-deadline": 1},
         note="refused: progress_kinds unknown (an accepted announcement read met)"),
    Case("C02-progress-past-the-due-date-stays-overdue", "S4.2",
         {"obligations": [obligation(evidence={"kinds": ["report"], "progress_kinds": ["plan"]})],
          "evidence": [evidence("ev-1", kind="plan")]},
         "2020-07-01", [("jail", None, "overdue", D("2020-06-30"))], fires={"overdue": 1}, note="refused"),
    Case("C03a-a-remedy-resting-on-the-agencys-word-is-claimed", "S3.6",
         {"obligations": [obligation(kind="prohibition", deadline={"type": "none"})],
          "breaches": [breach("br-1", remedy={"date": "2020-07-01", "summary": "Fixed, the agency says.",
                                              "basis": "agency-statement"})]},
         "2020-08-01", [("jail", None, "remedy-claimed", D("2020-07-01"))], fires={"remedy-claimed": 1},
         quiet=("breached",), note="refused: basis unknown (a stated remedy closed the breach)"),
    Case("C03b-a-verified-remedy-closes-the-breach", "S3.6",
         {"obligations": [obligation(kind="prohibition", deadline={"type": "none"})],
          "breaches": [breach("br-1", remedy={"date": "2020-07-01", "summary": "Fixed, the agency says.",
                                              "basis": "agency-statement",
                                              "verified": {"by": "Auditor", "on": "2020-09-01"}})]},
         "2020-09-02", [("jail", None, "no-deadline", None)], quiet=("remedy-claimed", "breached"), note="refused"),
    Case("C03c-a-remedy-the-agency-verifies-itself-stays-claimed", "S3.6",
         {"obligations": [obligation(kind="prohibition", deadline={"type": "none"})],
          "breaches": [breach("br-1", remedy={"date": "2020-07-01", "summary": "Fixed, the agency says.",
                                              "basis": "agency-statement",
                                              "verified": {"by": "Jail director", "agency": "jail",
                                                           "on": "2020-09-01"}})]},
         "2020-09-02", [("jail", None, "remedy-claimed", D("2020-07-01"))], fires={"remedy-claimed": 1},
         note="refused"),
    Case("C04a-an-extension-granted-in-time-moves-the-due-date", "S3.4",
         {"obligations": [obligation(deadline={"type": "date", "date": "2021-03-31"})],
          "extensions": [{"id": "x-1", "obligation": "ob-1", "agency": "jail", "granted_by": "COIT",
                          "granted_on": "2021-03-20", "due": "2021-06-29", "source": {"url": URL}}]},
         "2021-04-15", [("jail", None, "not-yet-due", D("2021-06-29"))], quiet=("overdue",),
         note="no extensions folder: overdue"),
    Case("C04b-an-extension-granted-after-the-due-date-changes-nothing", "S3.4",
         {"obligations": [obligation(deadline={"type": "date", "date": "2021-03-31"})],
          "extensions": [{"id": "x-1", "obligation": "ob-1", "agency": "jail", "granted_by": "COIT",
                          "granted_on": "2021-04-05", "due": "2021-06-29", "source": {"url": URL}}]},
         "2021-04-15", [("jail", None, "overdue", D("2021-03-31"))], fires={"record-ignored": 1},
         note="no extensions folder (unknown-folder error)"),
    Case("C05-a-waiver-of-one-event-outranks-late-evidence", "S3.3",
         {"obligations": [obligation(kind="per-event", deadline=per_event(days=10))],
          "events": [event("req-7", when="2020-05-01"), event("req-8", when="2020-05-02")],
          "evidence": [evidence("ev-7", when="2020-06-10", event="req-7"),
                       evidence("ev-8", when="2020-05-05", event="req-8")],
          "waivers": [{"id": "w-1", "obligation": "ob-1", "agency": "jail", "event": "req-7", "reason": "30 day waiver",
                       "approved_by": "COIT", "date": "2020-05-08"}]},
         "2020-07-01", [("jail", None, "met", D("2020-05-12"))],
         verdicts=[("req-7", "waived"), ("req-8", "met")], quiet=("met-late",), note="no waivers folder; met-late"),
    Case("C06-events-of-another-agency-start-the-duty", "S4.6",
         {"obligations": [obligation(owner={"agency": "exec", "role": "Chief information officer"}, kind="per-event",
                                     deadline=per_event("report", days=10, any_agency=True))],
          "events": [event("r-1", kind="report", agency="police", when="2020-05-01")]},
         "2020-06-01", [("exec", None, "overdue", D("2020-05-11"))], note="refused (any_agency)"),
    Case("C07-upon-an-event-with-no-time-limit-is-pending-never-overdue", "S4.4",
         {"obligations": [obligation(kind="per-event", deadline=per_event("approval", upon=True))],
          "events": [event("a-1", kind="approval", when="2020-05-01")]},
         "2025-01-01", [("jail", None, "pending", None)], quiet=("overdue",), note="refused (upon)"),
    Case("C08a-several-acts-all-required-one-is-not-enough", "S4.5",
         {"obligations": [obligation(evidence={"kinds": ["approval", "transmittal-city-attorney", "transmittal-mayor"],
                                               "all_required": True})],
          "evidence": [evidence("ev-1", kind="approval")]},
         "2020-07-01", [("jail", None, "overdue", D("2020-06-30"))], note="refused (all_required)"),
    Case("C08b-several-acts-all-required-done-on-the-last", "S4.5",
         {"obligations": [obligation(evidence={"kinds": ["approval", "transmittal-city-attorney", "transmittal-mayor"],
                                               "all_required": True})],
          "evidence": [evidence("ev-1", kind="approval"),
                       evidence("ev-2", when="2020-05-10", kind="transmittal-city-attorney"),
                       evidence("ev-3", when="2020-06-05", kind="transmittal-mayor")]},
         "2020-07-01", [("jail", None, "met", D("2020-06-30"))], extra=_met_on("2020-06-05"), note="refused"),
    Case("C09-a-system-in-use-since-a-date-by-several-departments", "S1.6",
         {"systems": [{"id": "alpr", "name": "Plate readers", "operator": "police", "since": "2021-01-01",
                       "tags": ["surveillance"], "used_by": [{"agency": "jail", "since": "2021-06-01"}]}],
          "obligations": [obligation(kind="recurring", deadline=quarterly(),
                                     applies_to={"operators_of_systems_tagged": "surveillance"},
                                     for_each={"systems_tagged": "surveillance"})]},
         "2021-07-01", [("jail", "alpr", "due-soon", D("2021-07-30")), ("police", "alpr", "overdue", D("2021-04-30"))],
         note="refused (since, used_by)"),
    Case("C09b-a-selector-binds-from-its-own-date", "S1.6",
         {"agencies": [{"id": "jail", "name": "Jail", "head": "Director", "tags": ["department"]}],
          "obligations": [obligation(kind="recurring", deadline=quarterly(),
                                     applies_to={"agencies_tagged": "department", "since": "2021-06-01"})]},
         "2021-07-01", [("jail", None, "due-soon", D("2021-07-30"))], note="refused (selector since)"),
    Case("C10-an-unknown-enactment-date", "S1.1",
         {"ordinances": [{**ORDINANCE, "enacted": "unknown"}], "obligations": [obligation()]},
         "2020-07-01", [("jail", None, "overdue", D("2020-06-30"))], note="refused: enacted: unknown"),
    Case("C11-lateness-from-a-month-only-date-is-a-range", "S4.7",
         {"obligations": [obligation(kind="per-event", deadline=per_event(days=10))],
          "events": [event("req-1", when="2021-06-01")],
          "evidence": [evidence("ev-1", when="2021-07", event="req-1")]},
         "2021-08-01", [("jail", None, "met-late", D("2021-06-11"))], extra=_late(20, 50),
         fires={"met-late": 1}, note="stated exactly: 50 days"),
    Case("C12-months-on-a-per-event-deadline", "S4.6",
         {"obligations": [obligation(kind="per-event", deadline=per_event("approval", months=12))],
          "events": [event("a-1", kind="approval", when="2020-05-01")]},
         "2021-05-02", [("jail", None, "overdue", D("2021-05-01"))], note="refused: months on per-event"),
    Case("C13-evidence-without-item-on-a-for-each-duty-is-ignored-by-name", "S2.5",
         {"obligations": [obligation(for_each={"items": ["a"]})], "evidence": [evidence("ev-1")]},
         "2020-07-01", [("jail", "a", "overdue", D("2020-06-30"))], fires={"record-ignored": 1, "overdue": 1},
         note="overdue, no finding about the evidence"),
    Case("C14-a-period-tie-covers-nothing-and-says-so", "S2.2",
         {"obligations": [obligation(kind="recurring", deadline=recurring(every="month"))],
          "evidence": [evidence("ev-1", when="2020-04-20", period={"start": "2020-03-17", "end": "2020-04-15"})]},
         "2020-05-01", [("jail", None, "overdue", D("2020-04-30"))], fires={"record-ignored": 1},
         note="met: '>= half' credited April (15 of its 30 days)"),
    Case("C15a-a-recurring-duty-from-each-agencys-own-approval", "S4.8",
         {"obligations": [obligation(kind="recurring", applies_to=["jail", "police"],
                                     deadline=recurring(every="year", month=11, day=1, after_event="approval",
                                                        first_within_months=12))],
          "events": [event("a-jail", kind="approval", when="2020-03-15"),
                     event("a-police", kind="approval", agency="police", when="2022-05-01")],
          "evidence": [evidence("ev-1", when="2021-03-01")]},
         "2021-12-01", [("jail", None, "overdue", D("2021-11-01")), ("police", None, "not-yet-due", None)],
         verdicts=[("due 2021-03-15", "met"), ("due 2021-11-01", "missed")],
         note="refused (after_event)"),
    Case("C15b-and-the-other-agency-from-its-own", "S4.8",
         {"obligations": [obligation(kind="recurring", applies_to=["jail", "police"],
                                     deadline=recurring(every="year", month=11, day=1, after_event="approval",
                                                        first_within_months=12))],
          "events": [event("a-jail", kind="approval", when="2020-03-15"),
                     event("a-police", kind="approval", agency="police", when="2022-05-01")]},
         "2023-05-02", [("jail", None, "overdue", D("2022-11-01")), ("police", None, "overdue", D("2023-05-01"))],
         note="refused (after_event)"),
    Case("C16-a-duty-of-each-department-needs-no-single-owner", "S4.9",
         {"agencies": [{"id": "jail", "name": "Jail", "head": "Director", "tags": ["department"]},
                       {"id": "police", "name": "Police", "head": "Chief", "tags": ["department"]}],
          "obligations": [obligation(owner=None, applies_to={"agencies_tagged": "department"})]},
         "2020-07-01", [("jail", None, "overdue", D("2020-06-30")), ("police", None, "overdue", D("2020-06-30"))],
         quiet=("no-owner",), note="no-owner fired"),
]


def _rows(result: CheckResult, obligation_id: str) -> list[ROW]:
    return [(row.agency, row.instance, row.status, row.due) for row in result.statuses[obligation_id].agencies]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_golden(case: Case, tmp_path: Path) -> None:
    root = write_repo(tmp_path, **case.records)
    result = check(root, case.as_of, replay=True)
    assert [f for f in result.findings if f.rule in ("schema", "unknown-folder")] == []
    assert _rows(result, case.obligation) == case.rows
    status = result.statuses[case.obligation]
    if case.verdicts is not None:
        came_due = [(item.key, item.verdict) for row in status.agencies for item in row.occurrences
                    if item.due is not None and item.due <= result.as_of]
        assert came_due == case.verdicts
    if case.counts is not None:
        assert status.agencies[0].counts == case.counts
    for rule, times in case.fires.items():
        assert len(fired(result, rule)) == times, (rule, [f.message for f in fired(result, rule)])
    for rule in case.quiet:
        assert fired(result, rule) == [], rule
    if case.extra is not None:
        case.extra(result)


def test_every_defect_has_a_case() -> None:
    numbers = {int(case.id[1:3]) for case in CASES if case.id.startswith("D")}
    assert numbers == set(range(1, 28))


def test_lateness_from_a_month_only_date_reads_as_a_range(tmp_path: Path) -> None:
    """S4.7, in the words of the met-late finding."""
    root = write_repo(tmp_path, obligations=[obligation(kind="per-event", deadline=per_event(days=10))],
                      events=[event("req-1", when="2021-06-01")],
                      evidence=[evidence("ev-1", when="2021-07", event="req-1")])
    [finding] = fired(check(root, "2021-08-01"), "met-late")
    assert "20 to 50 days late" in finding.message


def test_progress_is_counted_apart_in_the_json_the_csv_the_text_and_the_scorecard(tmp_path: Path) -> None:
    """S4.2: one duty in progress (an announcement) and one met: every output counts them apart."""
    import csv
    import io
    import json

    from policytrack.report.formats import format_json, format_text
    from policytrack.site.opendata import open_data_files

    requirement = {"kinds": ["training-record"], "progress_kinds": ["announcement"]}
    root = write_repo(tmp_path, obligations=[obligation("ob-1", deadline={"type": "none"}, evidence=requirement),
                                             obligation("ob-2", deadline={"type": "none"}, evidence=requirement)],
                      evidence=[evidence("ev-1", "ob-1", when="2021-10-12", kind="announcement"),
                                evidence("ev-2", "ob-2", when="2021-10-12", kind="training-record")])
    result = check(root, "2022-01-01")
    assert json.loads(format_json(result))["summary"]["by_status"]["in-progress"] == 1
    assert "1 in progress, 1 met" in format_text(result).splitlines()[-1]
    files = open_data_files(result, commit="c")
    rows = {row["obligation"]: row["reading"] for row in csv.DictReader(io.StringIO(files["obligations.csv"].decode()))}
    assert rows == {"ob-1": "in-progress", "ob-2": "claimed"}
    card = json.loads(files["status.json"])["scorecard"]["jail"]
    assert (card["in-progress"], card["claimed"], card["verified"]) == (1, 1, 0)

