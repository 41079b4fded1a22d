"""Rules per repository: policytrack.yml's `rules:` and silencing comments, applied by the engine."""

from __future__ import annotations

import json
from pathlib import Path

from builders import check, evidence, fired, obligation, write_repo
from conftest import MakeRepo, RunCli
from policytrack.site.build import build_site
from policytrack.site.kit import SiteOptions

LATE = "2020-08-01"  # ob-1 is due 2020-06-30 with no evidence: overdue (error)


def repo(make_repo: MakeRepo, config: str = "", **records: object) -> Path:
    root = write_repo(make_repo(), obligations=[obligation()], **records)  # type: ignore[arg-type]
    (root / "policytrack.yml").write_text("name: Test\n" + config, encoding="utf-8")
    return root


def test_a_rule_turned_off_is_not_reported(make_repo: MakeRepo) -> None:
    root = repo(make_repo, "rules:\n  overdue: off\n  unreferenced: off\n")
    result = check(root, LATE)
    assert fired(result, "overdue") == [] and fired(result, "unreferenced") == []
    assert result.errors == []


def test_a_rule_made_a_warning_or_an_error(make_repo: MakeRepo) -> None:
    root = repo(make_repo, "rules:\n  overdue: warning\n  unreferenced: error\n")
    result = check(root, LATE)
    assert [item.severity for item in fired(result, "overdue")] == ["warning"]
    assert [item.severity for item in fired(result, "unreferenced")] == ["error"]  # police is unreferenced


def test_deadlines_warning_still_lowers_a_time_driven_rule_made_an_error(make_repo: MakeRepo) -> None:
    root = repo(make_repo, "rules:\n  overdue: error\n")
    assert [item.severity for item in fired(check(root, LATE, deadlines="warning"), "overdue")] == ["warning"]


def test_an_unknown_rule_in_the_configuration_is_an_error(make_repo: MakeRepo) -> None:
    root = repo(make_repo, "rules:\n  overdeu: off\n")
    [finding] = fired(check(root, LATE), "unknown-rule")
    assert (finding.path, finding.line, finding.severity) == ("policytrack.yml", 3, "error")
    assert "'overdeu' is not a rule" in finding.message


def test_a_silenced_finding_is_listed_counted_and_does_not_fail(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = repo(make_repo)
    path = root / "obligations/ob-1.yml"
    path.write_text(path.read_text().replace(
        "deadline:", "# policytrack: disable=overdue reason=\"the council extended it; record pending\"\ndeadline:"))
    code, out, _ = run_cli("check", root, "--as-of", LATE, "--format", "json")
    data = json.loads(out)
    assert code == 0
    [finding] = [item for item in data["findings"] if item["rule"] == "overdue"]
    assert finding["silenced"] == "the council extended it; record pending"
    assert data["summary"]["silenced"] == 1 and data["summary"]["errors"] == 0
    code, out, _ = run_cli("check", root, "--as-of", LATE)
    assert "silenced error [overdue]" in out and "1 silenced" in out.splitlines()[-1]
    # ... and on the site's findings page, with its reason
    html = build_site(check(root, LATE), SiteOptions()).page("findings.md").body
    assert "error (silenced: the council extended it; record pending)" in html


def test_a_silence_on_the_same_line(make_repo: MakeRepo) -> None:
    root = repo(make_repo)
    path = root / "obligations/ob-1.yml"
    lines = path.read_text().splitlines()
    number = next(index for index, line in enumerate(lines) if line.startswith("  type: date"))
    lines[number] += '  # policytrack: disable=overdue reason="extended"'
    path.write_text("\n".join(lines) + "\n")
    [finding] = fired(check(root, LATE), "overdue")
    assert finding.silenced == "extended"


def test_a_silence_without_a_reason_is_an_error_and_silences_nothing(make_repo: MakeRepo) -> None:
    root = repo(make_repo)
    path = root / "obligations/ob-1.yml"
    path.write_text(path.read_text().replace("deadline:", "# policytrack: disable=overdue\ndeadline:"))
    result = check(root, LATE)
    [overdue] = fired(result, "overdue")
    assert overdue.silenced is None and overdue.severity == "error"
    [missing] = fired(result, "silence-without-reason")
    assert (missing.path, missing.severity) == ("obligations/ob-1.yml", "error")


def test_a_silence_that_silences_nothing_is_a_warning(make_repo: MakeRepo) -> None:
    root = repo(make_repo, evidence=[evidence("ev-1")])
    path = root / "evidence/ev-1.yml"
    path.write_text('# policytrack: disable=overdeu reason="typo"\n' + path.read_text())
    [unused] = fired(check(root, LATE), "unused-silence")
    assert (unused.line, unused.severity) == (1, "warning")
    assert "'overdeu' is not a rule id" in unused.message


def test_the_site_documents_the_engine_and_gate_findings(make_repo: MakeRepo) -> None:
    site = build_site(check(repo(make_repo), LATE), SiteOptions())
    rules, findings = site.page("rules.md").body + site.page("rules-2.md").body, site.page("findings.md").body
    for rule_id in ("personal-data", "placeholder", "verification-invalid"):
        assert f'id="{rule_id}"' in rules, rule_id
    for rule_id in ("unknown-rule", "silence-without-reason", "unused-silence", "evidence-self-verified",
                    "council-review", "silence-added", "protected-file", "record-deleted", "verification-change",
                    "evidence-file-name"):
        assert f'<dt id="{rule_id}"><code>{rule_id}</code></dt>' in findings, rule_id
    assert "<code># policytrack: disable=RULE reason=\"...\"</code> silences a finding" in findings
    assert "<code># policytrack: disable-file=RULE reason=\"...\"</code> at the start of a line" in findings


PHONE_SUMMARY = "Posted; questions to the jail at (206) 555-0100."


def test_a_file_silence_silences_the_rule_in_the_whole_record(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = repo(make_repo, evidence=[evidence("ev-1", summary=PHONE_SUMMARY,
                                              source={"url": "https://example.org/r", "title": "Call (206) 555-0100"})])
    path = root / "evidence/ev-1.yml"
    unsilenced = check(root, "2020-06-01")
    assert [item.silenced for item in fired(unsilenced, "personal-data")] == [None, None]
    path.write_text('# policytrack: disable-file=personal-data reason="the jail\'s published main line"\n'
                    + path.read_text())
    code, out, _ = run_cli("check", root, "--as-of", "2020-06-01", "--format", "json")
    data = json.loads(out)
    assert code == 0, out
    silenced = [item for item in data["findings"] if item["rule"] == "personal-data"]
    assert [item["silenced"] for item in silenced] == ["the jail's published main line"] * 2
    assert [item for item in data["findings"] if item["rule"] in ("unused-silence", "silence-without-reason")] == []


def test_a_file_silence_with_matching_covers_only_the_lines_holding_that_text(make_repo: MakeRepo) -> None:
    root = repo(make_repo, evidence=[evidence("ev-1", summary=PHONE_SUMMARY,
                                              source={"url": "https://example.org/r", "title": "SSN 123-45-6789"})])
    path = root / "evidence/ev-1.yml"
    path.write_text(path.read_text()
                    + '# policytrack: disable-file=personal-data reason="main line" matching="555-0100"\n')
    findings = fired(check(root, "2020-06-01"), "personal-data")
    assert sorted((item.silenced or "") for item in findings) == ["", "main line"]
    [loud] = [item for item in findings if item.silenced is None]
    assert "(ssn)" in loud.message  # new data elsewhere in the record is still found


def test_a_file_silence_without_a_reason_unused_or_indented_silences_nothing(make_repo: MakeRepo) -> None:
    root = repo(make_repo, evidence=[evidence("ev-1", summary=PHONE_SUMMARY)])
    path = root / "evidence/ev-1.yml"
    text = path.read_text()
    path.write_text("# policytrack: disable-file=personal-data\n" + text)
    result = check(root, "2020-06-01")
    assert [item.silenced for item in fired(result, "personal-data")] == [None]
    [missing] = fired(result, "silence-without-reason")
    assert (missing.line, missing.severity) == (1, "error") and "'policytrack: disable-file=personal-data'" in \
        missing.message
    path.write_text('# policytrack: disable-file=personal-data reason="x" matching="555-0199"\n' + text)
    result = check(root, "2020-06-01")
    [unused] = fired(result, "unused-silence")
    assert unused.line == 1 and "no finding of that rule is in this file on a line holding the 'matching' text" in \
        unused.message
    # a comment inside a block of text is text, not a comment: it silences nothing
    path.write_text(text.replace(f"summary: {PHONE_SUMMARY}\n", "summary: |-\n  # policytrack: disable-file="
                                 f'personal-data reason="x"\n  {PHONE_SUMMARY}\n'))
    assert [item.silenced for item in fired(check(root, "2020-06-01"), "personal-data")] == [None]


def test_a_reason_that_reads_like_the_baseline_silences_nothing(make_repo: MakeRepo, run_cli: RunCli) -> None:
    """Issue 16, finding 26: a reason starting "baseline:" looked like, and was exported to SARIF as, an entry of
    the gate's baseline."""
    for reason in ("baseline: already on main where this branch started", "Baseline: x", "\uff42aseline\uff1a x",
                   "base\u200bline: x", " baseline : x"):
        root = repo(make_repo)
        path = root / "obligations/ob-1.yml"
        path.write_text(path.read_text().replace(
            "deadline:", f'# policytrack: disable=overdue reason="{reason}"\ndeadline:'))
        result = check(root, LATE)
        [overdue] = fired(result, "overdue")
        assert overdue.silenced is None and overdue.severity == "error", reason
        [refused] = fired(result, "silence-without-reason")
        assert refused.message == (
            "'policytrack: disable=overdue' gives no reason of its own: 'baseline:' marks the gate's baseline, never "
            "a file's comment; write what the reason is")
        sarif = json.loads(run_cli("check", root, "--as-of", LATE, "--format", "sarif")[1])["runs"][0]["results"]
        assert [item.get("suppressions") for item in sarif if item["ruleId"] == "overdue"] == [None]


def test_the_text_output_tells_the_baseline_from_a_files_reason(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = repo(make_repo)
    path = root / "obligations/ob-1.yml"
    lookalike = "b\u0430seline: the council extended it"  # a Cyrillic a
    path.write_text(path.read_text().replace(
        "deadline:", f'# policytrack: disable=overdue reason="{lookalike}"\ndeadline:'))
    out = run_cli("check", root, "--as-of", LATE)[1]
    assert "silenced error [overdue]" in out and f"(reason: {lookalike})" in out


def test_a_file_that_does_not_load_cannot_silence_its_own_load_error(make_repo: MakeRepo) -> None:
    """Issue 16, finding 27: a file that is not UTF-8 silenced its own `encoding` error."""
    root = repo(make_repo)
    (root / "evidence/ev-9.yml").write_bytes(b'id: ev-9\n# policytrack: disable=encoding reason="x"\n\xff\xfe\n')
    (root / "evidence/ev-8.yml").write_bytes(b'# policytrack: disable=yaml-syntax reason="x"\nid: [\n')
    result = check(root, LATE)
    [encoding] = fired(result, "encoding")
    [syntax] = fired(result, "yaml-syntax")
    assert encoding.silenced is None and syntax.silenced is None
    unused = {item.path: item.message for item in fired(result, "unused-silence")}
    assert unused["evidence/ev-9.yml"] == (
        "'policytrack: disable=encoding' silences nothing: 'encoding' says the file could not be loaded, so nothing "
        "in it was checked: fix the file instead")
