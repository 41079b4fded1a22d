"""Issue 16: a pull request cannot switch off its own gate. The gate's trust comes from REF (the branch the
pull request goes into): its policytrack.yml configures the check and names council staff and verifiers;
silences, verifications, deletions and files outside the data folders need them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import yaml

from builders import AGENCIES, breach, event, evidence, obligation, write_files, write_repo
from conftest import MakeRepo, RunCli
from gitrepo import commit_all, git, init_repo

AS_OF = "2020-08-01"
CONFIG = {
    "name": "Town",
    "council_team": "@town/council",
    "verifiers": ["@town/auditors"],
    "members": {"@town/council": ["@clerk"], "@town/auditors": ["@aud"]},
    "verifying_agencies": ["auditor"],
}
AUDITOR = {"id": "auditor", "name": "Auditor", "head": "County Auditor"}


def dump(record: dict[str, Any]) -> str:
    return yaml.safe_dump(record, sort_keys=False)


def town(make_repo: MakeRepo, **config: Any) -> Path:
    """Main: two obligations of the jail (ob-late overdue), the jail's evidence for ob-1 under its own name,
    a breach and an event; then a branch `pr`."""
    root = write_repo(make_repo(), obligations=[obligation(), obligation("ob-late")],
                      agencies=[*AGENCIES, AUDITOR], breaches=[breach("br-1")],
                      events=[event("ev-req-1")], config={**CONFIG, **config},
                      files={"evidence/ob-1/2020-05-01-jail.yml": dump(evidence("ev-1"))})
    init_repo(root)
    git(root, "checkout", "-q", "-b", "pr")
    return root


def gate(root: Path, run_cli: RunCli, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    code, out, err = run_cli("check", root, "--changed-since", "main", "--as-of", AS_OF, *extra, env=env)
    assert code in (0, 1), err
    return code, out


def lines(out: str, rule: str) -> list[str]:
    return [line for line in out.splitlines() if f"[{rule}]" in line and " silenced " not in line]


# --- 1. the configuration comes from REF -------------------------------------------------------------------

def test_a_pull_request_cannot_configure_its_own_gate(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    config = root / "policytrack.yml"
    config.write_text(config.read_text() + "rules:\n  evidence-self-verified: 'off'\n  council-review: 'off'\n"
                      "  placeholder: 'off'\n  protected-file: 'off'\n")
    write_files(root, {"evidence/ob-late/2020-07-01-jail.yml": dump(evidence(
        "ev-2", "ob-late", when="2020-07-01", summary="FILL IN", verified={"by": "Us", "on": "2020-07-02"}))})
    path = root / "obligations/ob-1.yml"
    path.write_text(path.read_text().replace("Do things.", "Do more things."))
    code, out = gate(root, run_cli)
    assert code == 1
    assert len(lines(out, "evidence-self-verified")) == len(lines(out, "placeholder")) == 1
    assert lines(out, "council-review") == [
        "obligations/ob-1.yml: warning [council-review] this pull request changes a record under obligations/: "
        "council staff must review it before it is merged"]
    assert lines(out, "protected-file") == [
        "policytrack.yml: error [protected-file] this pull request changes policytrack.yml (the repository's "
        "settings: rules, time zone, holidays, repo_url, verifiers and council staff): only council staff may; "
        "the gate was not told who opened the pull request (--author)"]
    # council staff may change the settings, but they take effect once merged: this pull request is judged by main's
    code, out = gate(root, run_cli, "--author", "clerk")
    assert code == 1 and lines(out, "protected-file") == [] and len(lines(out, "evidence-self-verified")) == 1


def test_the_time_rules_come_from_ref_too(make_repo: MakeRepo, run_cli: RunCli) -> None:
    """`roll`, like the time zone and the holidays, moves deadlines: the pull request's own does not count."""
    root = town(make_repo)
    git(root, "checkout", "-q", "main")
    write_repo(root, obligations=[obligation("ob-sat", deadline={"type": "date", "date": "2020-06-27"})],
               ordinances=[], agencies=[])  # a Saturday
    commit_all(root, "A duty due on a Saturday")
    git(root, "checkout", "-q", "-b", "pr2")
    config = root / "policytrack.yml"
    config.write_text(config.read_text() + "roll: forward\n")
    write_files(root, {"evidence/ob-sat/2020-06-29-jail.yml": dump(evidence("ev-sat", "ob-sat", when="2020-06-29"))})
    code, out = gate(root, run_cli, "--author", "clerk")
    assert code == 0, out
    assert "warning [met-late] 'Title of ob-sat' was met late" in out  # the Monday is late without main's roll
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "roll")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "pr2")
    assert "[met-late]" not in run_cli("check", root, "--as-of", AS_OF)[1]  # merged, it is main's setting


def test_who_may_comes_from_refs_tip_not_from_where_the_branch_started(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    write_files(root, {"docs/index.md": "# Town\n"})
    commit_all(root, "A home page")
    assert gate(root, run_cli, "--author", "clerk")[0] == 0
    git(root, "checkout", "-q", "main")
    config = root / "policytrack.yml"
    config.write_text(config.read_text().replace("- '@clerk'", "- '@new-clerk'"))
    commit_all(root, "The clerk left the council's staff")
    git(root, "checkout", "-q", "pr")
    code, out = gate(root, run_cli, "--author", "clerk")
    assert code == 1 and "'clerk' is not @town/council, nor listed for it under members:" in out
    assert gate(root, run_cli, "--author", "@New-Clerk")[0] == 0


# --- 9. files outside the data folders ---------------------------------------------------------------------

OUTSIDE = {
    "mkdocs.yml": "site_name: Town\nhooks:\n  - evil.py\n",
    "evil.py": "import os\n",
    "docs/index.md": "<script>alert(1)</script>\n",
    ".github/workflows/pull-request.yml": "on: pull_request\n",
    "action.yml": "name: x\n",
    "src/policytrack/__init__.py": "",
    ".pre-commit-config.yaml": "repos: []\n",
}


def test_files_outside_the_data_folders_need_council_staff(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    write_files(root, OUTSIDE)
    code, out = gate(root, run_cli)
    assert code == 1
    found = {line.split(":")[0]: line for line in lines(out, "protected-file")}
    assert sorted(found) == sorted(OUTSIDE)
    assert "(the workflows, templates and CODEOWNERS)" in found[".github/workflows/pull-request.yml"]
    assert "(the tool that checks pull requests and builds the site)" in found["action.yml"]
    assert "(read by the site build and published)" in found["mkdocs.yml"]
    assert "(the commit hooks)" in found[".pre-commit-config.yaml"]
    assert "(not a record in a data folder: CI and the site build may read it)" in found["evil.py"]
    assert gate(root, run_cli, "--author", "clerk") == gate(root, run_cli, env={"POLICYTRACK_AUTHOR": "clerk"})
    code, out = gate(root, run_cli, "--author", "clerk")
    assert code == 0 and "protected-file" not in out
    assert "'aud' is not @town/council" in gate(root, run_cli, "--author", "aud")[1]


def test_a_pull_request_cannot_make_its_author_council_staff(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    config = root / "policytrack.yml"
    config.write_text(config.read_text().replace("- '@clerk'", "- '@clerk'\n  - '@mallory'"))
    write_files(root, {"docs/index.md": "# Ours\n"})
    code, out = gate(root, run_cli, "--author", "mallory")
    assert code == 1 and [line.split(":")[0] for line in lines(out, "protected-file")] == [
        "docs/index.md", "policytrack.yml"]


def test_a_file_name_cannot_forge_a_line_of_the_output(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    write_files(root, {"docs/x\n::error file=a::forged.md": "x\n"})
    code, out = gate(root, run_cli, "--format", "github", "--author", "x\n::notice::y")
    assert code == 1 and not any(line.startswith(("::error file=a", "::notice")) for line in out.splitlines())
    [line] = [line for line in out.splitlines() if "protected-file" in line]
    assert "docs/x\\n::error file=a::forged.md" in line and "'x\\n::notice::y' is not @town/council" in line


def test_deleting_a_file_outside_the_data_folders(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    git(root, "rm", "-q", "policytrack.yml")
    code, out = gate(root, run_cli)
    assert code == 1 and "policytrack.yml: error [protected-file] this pull request deletes policytrack.yml" in out


# --- 5. silences added by the pull request -----------------------------------------------------------------

SILENCED = ('# policytrack: disable=placeholder reason="we will fill it in later"\n'
            "summary: FILL IN\n")


def test_a_silence_the_pull_request_adds_silences_nothing(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    text = dump(evidence("ev-2", "ob-late", when="2020-07-01")).replace("summary: Done.\n", SILENCED)
    write_files(root, {"evidence/ob-late/2020-07-01-jail.yml": text})
    assert run_cli("check", root, "--as-of", AS_OF)[1].count("silenced error [placeholder]") == 1  # outside the gate
    code, out = gate(root, run_cli)
    assert code == 1
    assert lines(out, "placeholder") == [
        "evidence/ob-late/2020-07-01-jail.yml:7:10: error [placeholder] 'FILL IN' is still here: replace it with "
        "the real text before the file is merged"]
    assert lines(out, "silence-added") == [
        "evidence/ob-late/2020-07-01-jail.yml:6:1: warning [silence-added] this pull request adds "
        "'policytrack: disable=placeholder' (reason: we will fill it in later): it silences nothing until council "
        "staff have reviewed it and it is merged"]
    # ... in every format
    data = json.loads(gate(root, run_cli, "--format", "json")[1])
    assert {(item["rule"], item["silenced"]) for item in data["findings"] if item["path"].startswith("evidence/ob-late")
            } == {("placeholder", None), ("silence-added", None)}
    github = gate(root, run_cli, "--format", "github")[1]
    where = "file=evidence/ob-late/2020-07-01-jail.yml"
    assert f"::warning {where},line=6,col=1,title=policytrack silence-added::" in github
    assert f"::error {where},line=7,col=10,title=policytrack placeholder::" in github
    sarif = json.loads(gate(root, run_cli, "--format", "sarif")[1])["runs"][0]["results"]
    assert [(item["level"], "suppressions" in item) for item in sarif if item["ruleId"] == "silence-added"] == [
        ("warning", False)]
    junit = ET.fromstring(gate(root, run_cli, "--format", "junit")[1])
    [suite] = [item for item in junit if item.get("name") == "silence-added"]
    assert suite.get("tests") == "1" and suite.get("skipped") == "0"


def test_a_silence_already_on_main_still_silences_in_a_changed_file(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    git(root, "checkout", "-q", "main")
    text = dump(evidence("ev-2", "ob-late", when="2020-07-01")).replace("summary: Done.\n", SILENCED)
    write_files(root, {"evidence/ob-late/2020-07-01-jail.yml": text})
    commit_all(root, "Silenced on main (reviewed)")
    git(root, "checkout", "-q", "-b", "pr2")
    path = root / "evidence/ob-late/2020-07-01-jail.yml"
    path.write_text(path.read_text().replace("kind: report", "kind: report  # the annual report"))
    code, out = gate(root, run_cli)
    assert code == 0, out
    assert "silenced error [placeholder]" in out and "(reason: we will fill it in later)" in out
    assert "silence-added" not in out
    assert "(baseline: already on main where this branch started" in out and "(reason: baseline" not in out
    # a silence over a line whose value the pull request changes is a new one: what it silences changed
    path.write_text(path.read_text().replace("summary: FILL IN", "summary: FILL IN (123-45-6789)"))
    assert len(lines(gate(root, run_cli)[1], "silence-added")) == 1
    git(root, "checkout", "-q", "--", ".")
    # one more copy of the same comment is added by the pull request
    path.write_text(path.read_text().replace("kind: report", SILENCED.splitlines()[0] + "\nkind: report"))
    code, out = gate(root, run_cli)
    assert len(lines(out, "silence-added")) == 1


def test_a_file_wide_silence_the_pull_request_adds_or_keeps_over_changed_text_silences_nothing(
        make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    silence = '# policytrack: disable-file=placeholder reason="we will fill it in later"\n'
    text = silence + dump(evidence("ev-2", "ob-late", when="2020-07-01")).replace("summary: Done.\n",
                                                                                "summary: FILL IN\n")
    write_files(root, {"evidence/ob-late/2020-07-01-jail.yml": text})
    code, out = gate(root, run_cli)
    assert code == 1 and len(lines(out, "placeholder")) == 1 and len(lines(out, "silence-added")) == 1
    # reviewed and merged on main, it silences; a later change anywhere in the file makes it new again
    commit_all(root, "Reviewed by council staff")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "pr")
    git(root, "checkout", "-q", "-b", "pr2")
    code, out = gate(root, run_cli)
    assert code == 0 and "silence-added" not in out
    path = root / "evidence/ob-late/2020-07-01-jail.yml"
    path.write_text(path.read_text().replace("kind: report", "kind: report  # the annual report"))
    code, out = gate(root, run_cli)
    assert code == 1 and len(lines(out, "silence-added")) == 1


# --- 6 and 13. verifications -------------------------------------------------------------------------------

def verification(record_id: str = "vf-1", evidence_id: str = "ev-1", **fields: Any) -> dict[str, Any]:
    record = {"id": record_id, "evidence": evidence_id, "by": "County Auditor", "agency": "auditor",
              "on": "2020-07-01"}
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


def ev1_hash(root: Path, run_cli: RunCli) -> str:
    """The hash the check asks for, read from its message (as a verifier does)."""
    write_files(root, {"verifications/probe.yml": dump(verification("vf-probe"))})
    out = run_cli("check", root, "--as-of", AS_OF)[1]
    (root / "verifications/probe.yml").unlink()
    return out.split("add evidence_sha256: ")[1][:64]


def verified(run_cli: RunCli, root: Path) -> tuple[bool, list[str]]:
    data = json.loads(run_cli("check", root, "--as-of", AS_OF, "--format", "json")[1])
    [ob1] = [item for item in data["obligations"] if item["id"] == "ob-1"]
    return ob1["verified"], [item["message"] for item in data["findings"] if item["rule"] == "verification-invalid"]


def test_a_verification_counts_from_a_named_verifier_pinned_to_the_content(make_repo: MakeRepo,
                                                                            run_cli: RunCli) -> None:
    root = town(make_repo)
    pin = ev1_hash(root, run_cli)
    write_files(root, {"verifications/vf-1.yml": dump(verification(evidence_sha256=pin))})
    assert verified(run_cli, root) == (True, [])
    # a comment or the layout does not change what the record says
    path = root / "evidence/ob-1/2020-05-01-jail.yml"
    path.write_text("# the jail's report\n" + path.read_text().replace("kind: report", "kind:   'report'"))
    assert verified(run_cli, root) == (True, [])
    # 13: rewrite its address and summary, and it is no longer verified
    path.write_text(path.read_text().replace("https://example.org/proof", "https://example.org/other")
                    .replace("Done.", "Done, all of it."))
    ok, [message] = verified(run_cli, root)
    assert not ok and message.startswith(
        "verification 'vf-1' does not count: evidence 'ev-1' was edited after it was verified (its content hash is "
        "now ")


def test_a_verification_that_does_not_count(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    pin = ev1_hash(root, run_cli)
    cases = {
        "jail": "'jail' verifies its own evidence: another verifier must",
        "police": "it names agency 'police', which is not among verifying_agencies in policytrack.yml (auditor)",
        None: "it names no agency, which is not among verifying_agencies",
    }
    for agency, expected in cases.items():
        write_files(root, {"verifications/vf-1.yml": dump(verification(agency=agency, evidence_sha256=pin))})
        ok, [message] = verified(run_cli, root)
        assert not ok and expected in message, message
    write_files(root, {"verifications/vf-1.yml": dump(verification())})
    ok, [message] = verified(run_cli, root)
    assert not ok and message.endswith(f"after checking the record as it is, add evidence_sha256: {pin}")
    # the auditor verifying its own evidence is no better
    config = root / "policytrack.yml"
    config.write_text(config.read_text().replace("- auditor", "- auditor\n- jail"))
    write_files(root, {"verifications/vf-1.yml": dump(verification(agency="jail", evidence_sha256=pin))})
    assert not verified(run_cli, root)[0]


def test_the_gate_asks_who_adds_a_verification(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    pin = ev1_hash(root, run_cli)
    write_files(root, {"verifications/vf-1.yml": dump(verification(evidence_sha256=pin))})
    code, out = gate(root, run_cli, "--author", "jail-clerk")
    assert code == 1 and lines(out, "verification-change") == [
        "verifications/vf-1.yml: error [verification-change] this pull request adds or changes a verification "
        "record: only a verifier may; 'jail-clerk' is not @town/auditors, nor listed for it under members: in "
        "policytrack.yml"]
    assert gate(root, run_cli, "--author", "aud")[0] == 0
    # naming oneself a verifier, or one's agency a verifying agency, in the pull request changes nothing
    config = root / "policytrack.yml"
    config.write_text(config.read_text().replace("- '@aud'", "- '@aud'\n  - '@jail-clerk'")
                      .replace("- auditor", "- auditor\n- police"))
    write_files(root, {"verifications/vf-1.yml": dump(verification(agency="police", evidence_sha256=pin))})
    code, out = gate(root, run_cli, "--author", "jail-clerk")
    assert code == 1 and len(lines(out, "verification-change")) == 1
    assert "verification 'vf-1' does not count: it names agency 'police', which is not among verifying_agencies" in out


def test_editing_verified_evidence_in_a_pull_request_loses_the_verification(make_repo: MakeRepo,
                                                                              run_cli: RunCli) -> None:
    root = town(make_repo)
    pin = ev1_hash(root, run_cli)
    git(root, "checkout", "-q", "main")
    write_files(root, {"verifications/vf-1.yml": dump(verification(evidence_sha256=pin))})
    commit_all(root, "The auditor verified ev-1")
    git(root, "checkout", "-q", "-b", "pr2")
    path = root / "evidence/ob-1/2020-05-01-jail.yml"
    path.write_text(path.read_text().replace("Done.", "Done twice."))
    code, out = gate(root, run_cli)
    assert code == 0
    assert lines(out, "verification-invalid")[0].startswith(
        "verifications/vf-1.yml:6:18: warning [verification-invalid] verification 'vf-1' does not count: evidence "
        "'ev-1' was edited after it was verified")


# --- 11. deleting what happened ----------------------------------------------------------------------------

def test_deleting_breaches_events_verifications_and_registry_records_needs_council(make_repo: MakeRepo,
                                                                                   run_cli: RunCli) -> None:
    root = town(make_repo)
    pin = ev1_hash(root, run_cli)
    git(root, "checkout", "-q", "main")
    write_files(root, {"verifications/vf-1.yml": dump(verification(evidence_sha256=pin)),
                       "systems/jms.yml": dump({"id": "jms", "name": "Jail system", "operator": "jail"})})
    commit_all(root, "More records")
    git(root, "checkout", "-q", "-b", "pr2")
    for rel in ("breaches/br-1.yml", "events/ev-req-1.yml", "verifications/vf-1.yml", "systems/jms.yml"):
        git(root, "rm", "-q", rel)
    code, out = gate(root, run_cli, "--author", "aud")
    assert code == 1
    assert [line.split(" (or")[0] for line in lines(out, "record-deleted")] == [
        "breaches/br-1.yml: error [record-deleted] this pull request deletes breach 'br-1'",
        "events/ev-req-1.yml: error [record-deleted] this pull request deletes event 'ev-req-1'",
        "systems/jms.yml: error [record-deleted] this pull request deletes system 'jms'",
        "verifications/vf-1.yml: error [record-deleted] this pull request deletes verification 'vf-1'"]
    assert "'aud' is not @town/council" in lines(out, "record-deleted")[0]
    code, out = gate(root, run_cli, "--author", "clerk")
    assert code == 0 and "record-deleted" not in out


def test_changing_an_events_id_deletes_it_and_a_broken_file_is_its_own_error(make_repo: MakeRepo,
                                                                            run_cli: RunCli) -> None:
    root = town(make_repo)
    path = root / "events/ev-req-1.yml"
    path.write_text(path.read_text().replace("id: ev-req-1", "id: ev-req-2"))
    code, out = gate(root, run_cli)
    assert code == 1 and len(lines(out, "record-deleted")) == 1
    path.write_text("id: [\n")
    code, out = gate(root, run_cli)
    assert code == 1 and lines(out, "record-deleted") == [] and len(lines(out, "yaml-syntax")) == 1


# --- 12. evidence file names name its agency ---------------------------------------------------------------

def test_an_evidence_file_named_for_one_agency_cannot_claim_another(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    record = dump(evidence("ev-2", "ob-late", when="2020-07-01"))
    write_files(root, {"evidence/ob-late/2020-07-01-police.yml": record})
    code, out = gate(root, run_cli)
    assert code == 1 and lines(out, "evidence-file-name") == [
        "evidence/ob-late/2020-07-01-police.yml:3:9: error [evidence-file-name] the file name names agency 'police', "
        "but the record is for 'jail': CODEOWNERS asks the team of the agency in the name to review it; name the "
        "file <date>-jail.yml (policytrack new evidence does)"]
    (root / "evidence/ob-late/2020-07-01-police.yml").rename(root / "evidence/ob-late/proof.yml")
    assert "the file name names no agency, but the record is for 'jail'" in gate(root, run_cli)[1]
    (root / "evidence/ob-late/proof.yml").rename(root / "evidence/ob-late/2020-07-01-jail-annual-report.yml")
    code, out = gate(root, run_cli)
    assert code == 0 and "evidence-file-name" not in out


def test_the_longest_agency_in_the_name_is_the_one_codeowners_asks(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = town(make_repo)
    git(root, "checkout", "-q", "main")
    write_files(root, {"agencies/jail-medical.yml": dump({"id": "jail-medical", "name": "Jail medical",
                                                          "head": "Director"})})
    commit_all(root, "Jail medical")
    git(root, "checkout", "-q", "-b", "pr2")
    write_files(root, {"evidence/ob-late/2020-07-01-jail-medical.yml": dump(evidence("ev-2", "ob-late"))})
    assert "names agency 'jail-medical', but the record is for 'jail'" in gate(root, run_cli)[1]
