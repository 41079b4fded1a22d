"""``policytrack migrate``: older forms rewritten into the new ones, comments and key order kept, run as a
user runs it (a subprocess, exit codes), on miniature repositories written here."""

from __future__ import annotations

from pathlib import Path

from builders import AGENCIES, check, fired, write_files, write_repo
from conftest import RunCli
from policytrack.model.load import load_repository
from policytrack.status.verification import evidence_hash

ORDINANCE = """\
# yaml-language-server: $schema=../schemas/ordinance.schema.json
id: ord-1
title: An ordinance
citation: Code 1.01  # the code chapter
enacted: 2020-01-01
effective: 2020-01-11
source: https://example.org/ord-1
sections:
  - id: 1.01.A
    heading: Duties
  - id: 1.01.B
    heading: Reports
amendments:
  - by: Ordinance 2
    date: 2021-03
    action: amended
    sections: ['1.01.A']
  - by: Ordinance 3
    date: 2022-01-01
    action: repealed
    sections: [1.01.B]
    source: https://example.org/ord-3
applies_to: [jail]  # kept after the moved list
"""

PER_EVENT = """\
id: ob-event
title: Answer each request
ordinance: ord-1
section: 1.01.A
quote: The jail shall answer each request within three days.
action: Answer.
kind: per-event
owner: {agency: jail, role: Director}
deadline:
  type: per-event
  event: request
  within_days: 3   # three calendar days, as the law says
evidence:
  kinds: [report]
"""

PROHIBITION = """\
id: ob-never
title: Never share the list
ordinance: ord-1
section: 1.01.A
quote: The jail shall not share the list.
action: Do not share the list.
kind: prohibition
owner: {agency: jail, role: Director}
# The law binds from its effective date.
deadline:
  type: KIND
RESTevidence:
  kinds: [attestation]
"""

EVIDENCE = """\
id: ev-1
obligation: ob-event
agency: jail
date: 2020-05-01
kind: report
summary: Answered.
source: {url: https://example.org/answer}
verified:  # checked by the auditor
  by: County Auditor
  on: 2020-06-01
  agency: exec
  note: "Checked: the request log"
submitted_by:
  role: Clerk  # the records clerk
"""

YEARLY = """\
id: ob-yearly
title: Report yearly
ordinance: ord-1
section: 1.01.A
quote: The jail shall report annually.
action: Report.
kind: recurring
owner: {agency: jail, role: Director}
deadline: {type: recurring, every: year}
evidence:
  kinds: [report]
"""


def _prohibition(kind: str, rest: str) -> str:
    return PROHIBITION.replace("KIND", kind).replace("REST", rest)


def _repo(root: Path, files: dict[str, str]) -> Path:
    write_repo(root, ordinances=(), agencies=AGENCIES, files=files)
    return root


def _texts(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): path.read_text(encoding="utf-8")
            for path in sorted(root.rglob("*.yml"))}


def _old_forms(root: Path) -> Path:
    return _repo(root, {
        "ordinances/ord-1.yml": ORDINANCE,
        "obligations/ob-event.yml": PER_EVENT,
        "obligations/ob-never.yml": _prohibition("relative", "  days: 0\n  after: effective\n"),
        "evidence/ev-1.yml": EVIDENCE,
    })


def test_check_lists_the_changes_and_writes_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    root = _old_forms(tmp_path / "repo")
    before = _texts(root)
    code, out, err = run_cli("migrate", root, "--check")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "evidence/ev-1.yml:8: verified: moved to verifications/ev-1-verified.yml",
        "obligations/ob-event.yml:12: deadline: within_days: 3 → days: 3",
        "obligations/ob-never.yml:10: prohibition deadline {type: relative, days: 0, after: effective} (from the "
        "start) → {type: none}; record a schedule of attestations",
        "ordinances/ord-1.yml:14: amendment by Ordinance 2 moved to amendments/ord-1-ordinance-2.yml",
        "ordinances/ord-1.yml:18: amendment by Ordinance 3 moved to amendments/ord-1-ordinance-3.yml",
        "4 files would change and 3 records would be created: run policytrack migrate",
    ]
    assert _texts(root) == before


def test_migrate_rewrites_the_old_forms_keeping_comments_and_key_order(tmp_path: Path, run_cli: RunCli) -> None:
    root = _old_forms(tmp_path / "repo")
    code, out, _ = run_cli("migrate", root)
    assert code == 0
    assert out.splitlines()[-1] == "4 files changed, 3 records created"
    texts = _texts(root)
    assert texts["ordinances/ord-1.yml"] == ORDINANCE.replace(ORDINANCE[ORDINANCE.index("amendments:"):
                                                                        ORDINANCE.index("applies_to")], "")
    assert texts["obligations/ob-event.yml"] == PER_EVENT.replace(
        "  within_days: 3   # three calendar days", "  days: 3   # three calendar days")
    assert texts["obligations/ob-never.yml"] == """\
id: ob-never
title: Never share the list
ordinance: ord-1
section: 1.01.A
quote: The jail shall not share the list.
action: Do not share the list.
kind: prohibition
owner: {agency: jail, role: Director}
# The law binds from its effective date.
# A prohibition binds from its section's date: record a schedule of attestations
# (deadline type: recurring) to show it is kept. Was: {type: relative, days: 0, after: effective}
deadline: {type: none}
evidence:
  kinds: [attestation]
"""
    assert texts["evidence/ev-1.yml"] == """\
id: ev-1
obligation: ob-event
agency: jail
date: 2020-05-01
kind: report
summary: Answered.
source: {url: https://example.org/answer}
submitted_by:
  role: Clerk  # the records clerk
"""
    assert texts["amendments/ord-1-ordinance-2.yml"] == """\
# yaml-language-server: $schema=../schemas/amendment.schema.json
id: ord-1-ordinance-2
ordinance: ord-1
by: Ordinance 2
enacted: 2021-03
changes:
  - action: amended
    section: '1.01.A'
source: https://example.org/ord-1
"""
    assert texts["amendments/ord-1-ordinance-3.yml"] == """\
# yaml-language-server: $schema=../schemas/amendment.schema.json
id: ord-1-ordinance-3
ordinance: ord-1
by: Ordinance 3
enacted: 2022-01-01
changes:
  - action: repealed
    section: 1.01.B
source: https://example.org/ord-3
"""
    pin = evidence_hash(load_repository(root).repository.evidence["ev-1"])  # the record as it now reads
    assert texts["verifications/ev-1-verified.yml"] == f"""\
id: ev-1-verified
evidence: ev-1
by: County Auditor
agency: exec
on: 2020-06-01
note: "Checked: the request log"
result: confirmed
evidence_sha256: {pin}
"""
    code, out, _ = run_cli("migrate", root, "--check")
    assert (code, out) == (0, "nothing to migrate\n")


def test_the_migrated_repository_means_what_the_old_one_meant(tmp_path: Path, run_cli: RunCli) -> None:
    answer = EVIDENCE.replace("agency: jail\n", "agency: jail\nevent: request-1\n")
    files = {"ordinances/ord-1.yml": ORDINANCE, "obligations/ob-event.yml": PER_EVENT, "evidence/ev-1.yml": answer,
             "events/request-1.yml": "id: request-1\nkind: request\ndate: 2020-04-29\nagency: jail\n"
                                     "summary: A request.\n",
             "policytrack.yml": "name: T\nverifying_agencies: [exec]\n"}  # a verification needs its verifier named
    old = _repo(tmp_path / "old", files)
    new = _repo(tmp_path / "new", files)
    assert run_cli("migrate", new)[0] == 0
    for day in ("2020-05-01", "2021-06-01", "2022-06-01"):
        before, after = check(old, day), check(new, day)
        assert fired(before, "schema") == [] and fired(after, "schema") == []
        assert {key: (status.status, status.verified) for key, status in after.statuses.items()} == {
            key: (status.status, status.verified) for key, status in before.statuses.items()}
    assert check(new, "2022-06-01").statuses["ob-event"].status == "met"
    assert check(new, "2020-05-15").statuses["ob-event"].verified is False
    assert check(new, "2020-06-15").statuses["ob-event"].verified is True


def test_a_prohibition_dated_from_the_start_gets_no_deadline_as_the_rule_asks(tmp_path: Path,
                                                                             run_cli: RunCli) -> None:
    root = _repo(tmp_path / "repo", {
        "ordinances/ord-1.yml": ORDINANCE,
        "obligations/ob-never.yml": _prohibition("date", "  date: 2020-01-11\n"),
    })
    assert [item.path for item in fired(check(root, "2021-01-01"), "deadline-form")] == ["obligations/ob-never.yml"]
    code, out, _ = run_cli("migrate", root)
    assert code == 0
    assert out.splitlines()[0] == ("obligations/ob-never.yml:10: prohibition deadline {type: date, date: 2020-01-11} "
                                   "(from the start) → {type: none}; record a schedule of attestations")
    assert fired(check(root, "2021-01-01"), "deadline-form") == []
    assert "# (deadline type: recurring) to show it is kept. Was: {type: date, date: 2020-01-11}\n" \
           "deadline: {type: none}\n" in (root / "obligations/ob-never.yml").read_text(encoding="utf-8")


def test_a_prohibition_with_a_real_delay_is_left_alone(tmp_path: Path, run_cli: RunCli) -> None:
    root = _repo(tmp_path / "repo", {
        "ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0],
        "obligations/ob-never.yml": _prohibition("relative", "  days: 30\n"),
    })
    assert run_cli("migrate", root, "--check") == (0, "nothing to migrate\n", "")


def test_a_yearly_deadline_without_a_month_is_reported_and_left_as_is(tmp_path: Path, run_cli: RunCli) -> None:
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0],
                                     "obligations/ob-yearly.yml": YEARLY})
    code, out, _ = run_cli("migrate", root, "--check")
    assert code == 0
    assert out.splitlines() == [
        "obligations/ob-yearly.yml:9: left as is: deadline recurs every year but names no month; a person must "
        "state the date (month and day, first, or days_after_period_end)",
        "nothing to migrate",
    ]
    assert run_cli("migrate", root)[0] == 0
    assert (root / "obligations/ob-yearly.yml").read_text(encoding="utf-8") == YEARLY


def test_new_records_never_overwrite_an_existing_file_or_reuse_an_id(tmp_path: Path, run_cli: RunCli) -> None:
    taken = "id: ord-1-ordinance-2-2\nordinance: ord-1\nby: Ordinance 2\nenacted: 2021-03\n" \
            "changes: [{action: amended, section: '1.01.A'}]\nsource: https://example.org/o2\n"
    root = _old_forms(tmp_path / "repo")
    write_files(root, {"amendments/ord-1-ordinance-2.yml": taken.replace("-2-2", "-x"),
                       "amendments/other.yml": taken})
    code, out, _ = run_cli("migrate", root)
    assert code == 0
    assert "ordinances/ord-1.yml:14: amendment by Ordinance 2 moved to amendments/ord-1-ordinance-2-3.yml" in out
    assert (root / "amendments/ord-1-ordinance-2.yml").read_text(encoding="utf-8") == taken.replace("-2-2", "-x")
    assert (root / "amendments/other.yml").read_text(encoding="utf-8") == taken
    assert "id: ord-1-ordinance-2-3\n" in (root / "amendments/ord-1-ordinance-2-3.yml").read_text(encoding="utf-8")
    assert fired(check(root, "2022-06-01"), "duplicate-id") == []


def test_an_amendment_of_no_named_section_is_left_for_a_person(tmp_path: Path, run_cli: RunCli) -> None:
    text = ORDINANCE.replace("    sections: ['1.01.A']\n", "")
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": text})
    code, out, _ = run_cli("migrate", root)
    assert code == 0
    assert out.splitlines()[:2] == [
        "ordinances/ord-1.yml:14: left as is: the amendment by Ordinance 2 amends no named section; a person must "
        "name the sections it changes",
        "ordinances/ord-1.yml:17: amendment by Ordinance 3 moved to amendments/ord-1-ordinance-3.yml",
    ]
    kept = (root / "ordinances/ord-1.yml").read_text(encoding="utf-8")
    assert kept == text.replace("  - by: Ordinance 3\n    date: 2022-01-01\n    action: repealed\n"
                                "    sections: [1.01.B]\n    source: https://example.org/ord-3\n", "")


def test_a_file_that_does_not_load_is_not_touched(tmp_path: Path, run_cli: RunCli) -> None:
    broken = PER_EVENT.replace("title: Answer each request\n", "")
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0],
                                     "obligations/ob-event.yml": broken})
    code, out, _ = run_cli("migrate", root)
    assert code == 0
    assert out.splitlines()[0] == ("obligations/ob-event.yml:1: not migrated: the file does not load "
                                   "(policytrack check says why)")
    assert (root / "obligations/ob-event.yml").read_text(encoding="utf-8") == broken


def test_migrate_outside_a_repository_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    code, out, err = run_cli("migrate", tmp_path)
    assert (code, out) == (2, "")
    assert "is not a policy repository" in err


def test_within_days_is_renamed_in_flow_style_and_in_an_administrative_deadline(tmp_path: Path,
                                                                               run_cli: RunCli) -> None:
    text = PER_EVENT.replace(
        "deadline:\n  type: per-event\n  event: request\n  within_days: 3   # three calendar days, as the law says\n",
        "deadline: {type: none}\nadministrative_deadline: {type: per-event, event: request, within_days: 5, "
        "set_by: Jail director, set_on: 2020-02-01}  # by memo\n")
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0],
                                     "obligations/ob-event.yml": text})
    code, out, _ = run_cli("migrate", root)
    assert code == 0
    assert out.splitlines()[0] == "obligations/ob-event.yml:10: administrative_deadline: within_days: 5 → days: 5"
    assert (root / "obligations/ob-event.yml").read_text(encoding="utf-8") == text.replace(
        "within_days: 5,", "days: 5,")


def test_a_file_with_windows_line_endings_keeps_them(tmp_path: Path, run_cli: RunCli) -> None:
    text = _prohibition("date", "  date: 2020-01-11\n")
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0]})
    (root / "obligations/ob-never.yml").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert run_cli("migrate", root)[0] == 0
    written = (root / "obligations/ob-never.yml").read_bytes().decode("utf-8")
    assert "\n" not in written.replace("\r\n", "")
    assert written.endswith("deadline: {type: none}\r\nevidence:\r\n  kinds: [attestation]\r\n")


def test_dated_note_paragraphs_become_notes_with_a_date(tmp_path: Path, run_cli: RunCli) -> None:
    dated = ("id: ob-1\ntitle: A duty\nordinance: ord-1\nsection: 1.01.A\nquote: The jail shall do things.\n"
             "action: Do things.\nkind: one-time\nowner: {agency: jail, role: Director}\n"
             "deadline: {type: date, date: 2020-06-30}\nevidence: {kinds: [report]}\n"
             "notes: >-  # what the records show\n  2019-07-09: The Auditor found the jail\n  untrained.\n\n"
             "  2021-10-12: Training was announced.\ntags: [training]\n")
    undated = dated.replace("id: ob-1", "id: ob-2").replace("2021-10-12: Training", "Training")
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0],
                                     "obligations/ob-1.yml": dated, "obligations/ob-2.yml": undated})
    code, out, _ = run_cli("migrate", root)
    assert code == 0
    assert "obligations/ob-1.yml:11: notes: 2 dated paragraphs → a list of {date, text}" in out.splitlines()
    assert ("obligations/ob-2.yml:11: left as is: 1 of 2 note paragraphs carry no date; a person must date them "
            "(notes: a list of {date, text})") in out.splitlines()
    assert (root / "obligations/ob-1.yml").read_text(encoding="utf-8") == dated.replace(
        "notes: >-  # what the records show\n  2019-07-09: The Auditor found the jail\n  untrained.\n\n"
        "  2021-10-12: Training was announced.\n",
        'notes:\n  - date: 2019-07-09\n    text: "The Auditor found the jail untrained."\n'
        '  - date: 2021-10-12\n    text: "Training was announced."\n')
    assert (root / "obligations/ob-2.yml").read_text(encoding="utf-8") == undated
    notes = load_repository(root).repository.obligations["ob-1"].notes
    assert isinstance(notes, list) and [(str(note.date), note.text) for note in notes] == [
        ("2019-07-09", "The Auditor found the jail untrained."), ("2021-10-12", "Training was announced.")]


ANNOUNCED = """\
id: ob-train
title: Train the staff
ordinance: ord-1
section: 1.01.A
quote: The jail shall train its staff.
action: Train.
kind: one-time
owner: {agency: jail, role: Director}
deadline: {type: none}
evidence:
  kinds:
    - training-record  # attendance sheets
    - announcement
  description: Records.
"""


def test_kinds_that_only_show_progress_move_to_progress_kinds(tmp_path: Path, run_cli: RunCli) -> None:
    """docs/status-semantics.md S4.2: an announcement never proves the training done."""
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0],
                                     "obligations/ob-train.yml": ANNOUNCED,
                                     "evidence/ev-1.yml": EVIDENCE_ANNOUNCED})
    before = check(root, "2022-01-01").statuses["ob-train"]
    assert before.status == "met"  # the announcement, accepted as proof, read as done
    code, out, _ = run_cli("migrate", root)
    assert (code, out.splitlines()) == (0, [
        "obligations/ob-train.yml:11: evidence kinds announcement show progress, not completion: moved to "
        "progress_kinds", "1 file changed, 0 records created"])
    assert (root / "obligations/ob-train.yml").read_text(encoding="utf-8") == ANNOUNCED.replace(
        "  kinds:\n    - training-record  # attendance sheets\n    - announcement\n",
        "  kinds:\n    - training-record\n  progress_kinds:\n    - announcement\n")
    after = check(root, "2022-01-01").statuses["ob-train"]
    assert after.status == "in-progress"
    assert run_cli("migrate", root, "--check") == (0, "nothing to migrate\n", "")


def test_kinds_that_are_all_progress_are_left_for_a_person(tmp_path: Path, run_cli: RunCli) -> None:
    only = ANNOUNCED.replace("    - training-record  # attendance sheets\n", "")
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0],
                                     "obligations/ob-train.yml": only})
    code, out, _ = run_cli("migrate", root, "--check")
    assert (code, out.splitlines()) == (0, [
        "obligations/ob-train.yml:11: left as is: every evidence kind (announcement) only shows progress; a person "
        "must name what proves the duty done, and move these to progress_kinds", "nothing to migrate"])


def test_joint_owners_are_reported_for_a_person_to_decide(tmp_path: Path, run_cli: RunCli) -> None:
    joint = ANNOUNCED.replace("owner: {agency: jail, role: Director}\n",
                              "owner: {agency: jail, role: Director}\nco_owners: [{agency: jail, role: Deputy}]\n")
    joint = joint.replace("    - announcement\n", "")
    root = _repo(tmp_path / "repo", {"ordinances/ord-1.yml": ORDINANCE.split("amendments:")[0],
                                     "obligations/ob-train.yml": joint})
    code, out, _ = run_cli("migrate", root, "--check")
    assert (code, out.splitlines()) == (0, [
        "obligations/ob-train.yml:9: left as is: co_owners now answer together, as one duty (evidence from any of "
        "them covers it); list in applies_to any agency that must comply on its own", "nothing to migrate"])


EVIDENCE_ANNOUNCED = """\
id: ev-1
obligation: ob-train
agency: jail
date: 2021-10-12
kind: announcement
summary: The training was announced.
source: {url: "https://example.org/news"}
submitted_by: {role: Clerk}
"""
