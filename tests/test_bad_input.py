"""A corpus of bad files, each placed beside the good files of a clean repository.

Each bad file must give exactly one finding, on that file, with the rule id, the line (and column where
it means something) and a message that says what to fix; the command exits 1 without a traceback; and
every good file beside it is still loaded and checked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import BASIC, MakeRepo, RunCli, write_files
from policytrack import cli
from policytrack.checks.checker import run_check
from policytrack.model.findings import Finding

AS_OF = date(2020, 6, 1)
GOOD_STATUSES = {"ord-1-publish-list": "met", "ord-1-notify-council": "not-yet-due"}
"""What the clean repository's obligations are as of AS_OF; a bad file beside them must not change it."""

Content = str | bytes | Callable[[Path], str | bytes]


@dataclass(frozen=True)
class BadFile:
    """One bad file, where it goes, and the single finding it must give."""

    id: str
    path: str
    content: Content
    rule: str
    line: int | None
    column: int | None
    says: tuple[str, ...]
    """Words the message must contain: what is wrong and what to do."""
    beside: dict[str, str] = field(default_factory=dict)
    make: Callable[[Path, Path], None] | None = None
    """Makes what is at the path instead of writing ``content`` (a link, a folder): (repository, path)."""

    def text(self, root: Path) -> str | bytes:
        return self.content(root) if callable(self.content) else self.content


SECRET = "root:x:0:0:canary-3f9a1c:/root:/bin/bash"
"""What a file outside the repository holds; no output may ever show it."""


def secret_outside(root: Path) -> Path:
    secret = root.parent / f"{root.name}-passwd"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


def link_to_secret(root: Path, path: Path) -> None:
    path.symlink_to(secret_outside(root))


def link_to_dev_zero(_: Path, path: Path) -> None:
    path.symlink_to("/dev/zero")


def folder_with(name: str, text: str) -> Callable[[Path, Path], None]:
    def make(_: Path, path: Path) -> None:
        path.mkdir()
        (path / name).write_text(text, encoding="utf-8")
    return make


def not_utf8_name(_: Path, path: Path) -> None:
    (path.parent / os.fsdecode(b"caf\xe9.yml")).write_text("id: cafe\nname: Cafe\nhead: Chef\n", encoding="utf-8")


def deep_nesting(_: Path) -> str:
    """995 levels of brackets in 2 KB: deeper than Python's recursion limit allows a recursive loader."""
    return "id: deep\nname: " + "[" * 995 + "]" * 995 + "\nhead: Director\n"


def relative_days(days: str) -> Callable[[Path], str]:
    def make(_: Path) -> str:
        return OBLIGATION.format(id="ord-1-days").replace("type: date\n  date: 2020-12-31",
                                                            f"type: relative\n  days: {days}")
    return make


def alias_bomb(_: Path) -> str:
    """A "billion laughs": nine levels of nine aliases, 9**9 strings if anything expanded it."""
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "id: bomb\nname: Bomb\nhead: Director\n" + "\n".join(levels) + "\n"


def five_megabytes(_: Path) -> str:
    """A record that is valid in every way except its size (5 MB of notes)."""
    body = ("  " + "x" * 97 + "\n") * 52_000
    return OBLIGATION.format(id="ord-1-huge") + "notes: |\n" + body


def canary(root: Path) -> Path:
    return root.parent / f"{root.name}-python-tag-ran"


def python_object(root: Path) -> str:
    """A tag that would create the canary file if a loader ever constructed it."""
    return f"id: py\nname: !!python/object/apply:builtins.open ['{canary(root)}', 'w']\nhead: Director\n"


OBLIGATION = """\
id: {id}
title: Publish the budget
ordinance: ord-1
section: '1.1'
quote: The department shall publish the budget.
action: Publish it.
kind: one-time
owner:
  agency: parks
  role: Director
deadline:
  type: date
  date: 2020-12-31
evidence:
  kinds:
    - publication
"""

EVIDENCE = """\
id: {id}
obligation: ord-1-publish-list
agency: parks
date: 2020-02-25
kind: publication
summary: The list was announced.
source:
  url: https://example.org/news
submitted_by:
  role: Clerk
  agency: {submitter}
"""

ARABIC_INDIC_DATE = "2020-02-25".translate({ord(digit): 0x0660 + int(digit) for digit in "0123456789"})
FULL_WIDTH_DATE = "2020-02-25".translate({ord(digit): 0xFF10 + int(digit) for digit in "0123456789"})

CORPUS: list[BadFile] = [
    BadFile("malformed-yaml", "agencies/indented.yml", "id: indented\nname: Indented\n  head: Director\n",
            "yaml-syntax", 3, 7, ("not valid YAML", "indentation")),
    BadFile("unclosed-quote", "obligations/unclosed.yml", "id: unclosed\ntitle: 'Publish the budget\nkind: one-time\n",
            "yaml-syntax", 2, 8, ("never closed",)),
    BadFile("tab-indented", "agencies/tabbed.yml", "id: tabbed\nname: Tabbed\nhead:\n\tDirector\n",
            "yaml-syntax", 4, 1, ("tabs", "spaces")),
    BadFile("empty-file", "agencies/empty.yml", "", "empty-file", 1, 1, ("empty", "delete the file")),
    BadFile("comments-only", "agencies/comments.yml", "# to do\n---\n", "empty-file", 1, 1, ("empty",)),
    BadFile("list-not-mapping", "agencies/list.yml", "- id: one\n- id: two\n",
            "schema", 1, 1, ("must be a mapping", "a list")),
    BadFile("not-utf8", "agencies/latin1.yml", "id: latin1\nname: Caf\xe9 office\nhead: Chef\n".encode("latin-1"),
            "encoding", 2, 10, ("0xe9", "UTF-8")),
    BadFile("mixed-encodings", "agencies/mixed.yml", "id: mixed\nname: Caf\u00e9 ".encode() + b"\xe9\nhead: Chef\n",
            "encoding", 2, 12, ("0xe9", "UTF-8")),  # the column counts characters, not bytes
    BadFile("nul-byte", "agencies/nul.yml", b"id: nul\nname: A\x00B\nhead: Director\n",
            "yaml-syntax", 2, 8, ("U+0000", "remove it")),
    BadFile("duplicate-key", "agencies/twice.yml", "id: twice\nname: One\nhead: Director\nname: Two\n",
            "duplicate-key", 4, 1, ("duplicate key 'name'", "line 2", "keep one")),
    BadFile("unknown-key", "agencies/extra.yml", "id: extra\nname: Extra\nhead: Director\nwebsite: https://x.org\n",
            "schema", 4, 1, ("unknown key 'website'", "remove it")),
    BadFile("misspelled-required-key", "agencies/typo.yml", "id: typo\nname: Typo\nhaed: Director\n",
            "schema", 3, 1, ("unknown key 'haed'", "did you mean 'head'", "required")),
    BadFile("alias-bomb", "agencies/bomb.yml", alias_bomb,
            "yaml-alias", 4, 5, ("aliases", "write each value out")),
    BadFile("python-object-tag", "agencies/py.yml", python_object,
            "yaml-tag", 2, 7, ("!!python/object/apply:builtins.open", "not allowed")),
    BadFile("date-wrong-format", "ordinances/ord-2.yml",
            "id: ord-2\ntitle: Two\ncitation: E.C. 2\nenacted: 07/09/2019\nsource: https://example.org/2\n",
            "schema", 4, 10, ("'enacted'", "YYYY-MM-DD")),
    BadFile("impossible-date", "ordinances/ord-3.yml",
            "id: ord-3\ntitle: Three\ncitation: E.C. 2\nenacted: 2019-02-30\nsource: https://example.org/2\n",
            "schema", 4, 10, ("'enacted'", "February 2019 has no day 30")),
    BadFile("list-where-text", "agencies/listname.yml",
            "id: listname\nname:\n  - Parks\n  - Recreation\nhead: Director\n",
            "schema", 3, 3, ("'name'", "expected text", "got a list")),
    BadFile("five-megabytes", "obligations/huge.yml", five_megabytes,
            "file-too-large", 1, 1, ("5.2 MB", "1 MB limit", "split it")),
    BadFile("second-document", "agencies/two-docs.yml", "id: first\nname: First\nhead: Director\n---\nid: second\n",
            "yaml-syntax", 4, 1, ("one document", "remove the extra '---'")),
    BadFile("duplicate-id", "agencies/parks2.yml", "id: parks\nname: Parks again\nhead: Director\n",
            "duplicate-id", 1, 5, ("agency id 'parks'", "agencies/parks.yml", "its own id")),
    BadFile("dangling-reference", "evidence/ev-second.yml", EVIDENCE.format(id="ev-second", submitter="nosuch"),
            "dangling-reference", 11, 11, ("submitted_by.agency", "agency 'nosuch' does not exist", "correct the id")),
    BadFile("not-yaml", "obligations/notes.txt", "remember the budget\n",
            "not-yaml", None, None, ("only .yml files", "attachments/")),
    # Issue 8: what an outside contributor's pull request can hold.
    BadFile("symlink-out-of-the-repository", "evidence/passwd.yml", "", "symlink", None, None,
            ("symbolic link", "never followed", "replace the link"), make=link_to_secret),
    BadFile("symlink-to-dev-zero", "agencies/zero.yml", "", "symlink", None, None,
            ("symbolic link",), make=link_to_dev_zero),
    BadFile("deep-nesting", "agencies/deep.yml", deep_nesting, "yaml-depth", 2, 56,
            ("nested more than 50 levels",)),
    BadFile("nul-byte-in-evidence-file-path", "evidence/ev-nul.yml",
            EVIDENCE.format(id="ev-nul", submitter="parks").replace(
                "  url: https://example.org/news\n",
                '  file: "attachments/list\\0.pdf"\n  sha256: ' + "ab" * 32 + "\n"),
            "evidence-file", 8, 9, ("'attachments/list\\x00.pdf'", "control character")),
    BadFile("days-overflow", "obligations/forever.yml", relative_days("100000000"), "schema", 13, 9,
            ("'deadline.days'", "at most 36525", "100000000")),
    BadFile("key-of-another-deadline-form", "obligations/wrong-form.yml",
            OBLIGATION.format(id="ord-1-wrong-form").replace("kind: one-time", "kind: recurring").replace(
                "  type: date\n  date: 2020-12-31\n",
                "  type: recurring\n  every: year\n  month: 1\n  day: 31\n  months: 6\n"),
            "schema", 16, 3, ("unknown key 'months'", "a 'recurring' deadline takes no 'months'",
                              "'type: relative'")),
    BadFile("long-number", "agencies/long.yml", "id: 1" + "0" * 5000 + "\nname: Long\nhead: Director\n",
            "yaml-number", 1, 5, ("5001 characters", "quote it")),
    BadFile("year-9999", "obligations/far.yml", OBLIGATION.format(id="ord-1-far").replace("2020-12-31", "9999-12-31"),
            "schema", 13, 9, ("'deadline.date'", "year 9999", "1000 to 8999")),
    BadFile("year-0001", "ordinances/ord-old.yml",
            "id: ord-old\ntitle: Old\ncitation: E.C. 1\nenacted: 0001-01-01\nsource: https://example.org/1\n",
            "schema", 4, 10, ("'enacted'", "year 1 ",)),
    BadFile("underscore-number", "obligations/underscore.yml", relative_days("1_0"), "schema", 13, 9,
            ("'deadline.days'", "expected a whole number", "'1_0'")),
    BadFile("arabic-indic-digits-date", "evidence/ev-arabic.yml",
            EVIDENCE.format(id="ev-arabic", submitter="parks").replace("2020-02-25", ARABIC_INDIC_DATE),
            "schema", 4, 7, ("'date'", "YYYY-MM-DD")),
    BadFile("full-width-digits-date", "evidence/ev-wide.yml",
            EVIDENCE.format(id="ev-wide", submitter="parks").replace("2020-02-25", FULL_WIDTH_DATE),
            "schema", 4, 7, ("'date'", "YYYY-MM-DD")),
    BadFile("single-value-quoted-short", "agencies/value.yml", "root:x:0:0:" + "x" * 5000 + "\n", "schema", 1, 1,
            ("a single value ('root:x:0:0:", "…')")),
    BadFile("newline-in-key", "agencies/ctrl.yml", 'id: ctrl\nname: Ctrl\nhead: Director\n"web\\nsite": x\n',
            "schema", 4, 1, ("unknown key 'web\\nsite'",)),
    BadFile("folder-named-like-a-file", "agencies/dir.yml", "", "not-a-file", None, None,
            ("folder named like a data file", "rename it"),
            make=folder_with("x.yml", "id: inner\nname: Inner\nhead: Director\n")),
    BadFile("misspelled-folder-capital", "Evidence", "", "unknown-folder", None, None,
            ("'Evidence/'", "did you mean evidence/?"),
            make=folder_with("ev-x.yml", EVIDENCE.format(id="ev-x", submitter="parks"))),
    BadFile("misspelled-folder-plural", "evidences", "", "unknown-folder", None, None,
            ("'evidences/'", "did you mean evidence/?"),
            make=folder_with("ev-y.yml", EVIDENCE.format(id="ev-y", submitter="parks"))),
    BadFile("misspelled-folder-singular", "agency", "", "unknown-folder", None, None,
            ("did you mean agencies/?",), make=folder_with("x.yml", "id: x\nname: X\nhead: Director\n")),
    BadFile("time-zone-too-long-for-a-file-name", "policytrack.yml",
            "name: Example town\njurisdiction: Example, Nowhere\ntimezone: America/" + "x" * 300 + "\n",
            "config", 3, 11, ("time zone 'America/xxx", "…' is not an IANA time zone")),
    BadFile("title-too-long-to-quote", "obligations/long-title.yml",
            OBLIGATION.format(id="ord-1-long").replace("Publish the budget", "Publish " * 1000),
            "schema", 2, 8, ("'title': must be at most 300 characters, not 7999", "shorten it")),
    BadFile("name-not-utf8", "agencies/caf\\xe9.yml", "", "file-name", None, None,
            ("not valid UTF-8", "rename it"), make=not_utf8_name),
]


def bad_repo(make_repo: MakeRepo, cases: list[BadFile]) -> Path:
    root = make_repo(base=BASIC)
    write_files(root, {case.path: case.text(root) for case in cases if case.make is None})
    for case in cases:
        if case.make is not None:
            case.make(root, root / case.path)
    return root


def assert_one_finding(findings: list[Finding], case: BadFile) -> None:
    mine = [item for item in findings if item.path == case.path]
    assert len(mine) == 1, f"{case.id}: expected one finding on {case.path}, got {mine}"
    finding = mine[0]
    assert (finding.rule, finding.severity) == (case.rule, "error")
    assert finding.line == (case.line or 0)
    assert finding.column == (case.column or 0)
    for words in case.says:
        assert words in finding.message, f"{case.id}: {words!r} not in {finding.message!r}"
    assert "\n" not in finding.message
    assert finding.message.isprintable() and len(finding.message) < 300
    assert "canary" not in finding.message


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_bad_file_gives_one_finding_and_the_good_files_are_still_checked(
    case: BadFile, make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = bad_repo(make_repo, [case])

    result = run_check(root, AS_OF)
    assert_one_finding(result.findings, case)
    assert [item for item in result.findings if item.path != case.path] == []
    assert {key: status.status for key, status in result.statuses.items()} == GOOD_STATUSES
    assert set(result.repository.agencies) >= {"parks", "clerk"}

    code = cli.main(["check", str(root), "--as-of", AS_OF.isoformat(), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(item["rule"], item["path"], item["line"], item["column"]) for item in out["findings"]] == [
        (case.rule, case.path, case.line, case.column)
    ]
    assert [item["id"] for item in out["obligations"]] == sorted(GOOD_STATUSES)


def test_the_whole_corpus_at_once_through_the_command(make_repo: MakeRepo, run_cli: RunCli) -> None:
    """Every bad file together, as a user runs the command: one finding each, exit 1, no traceback."""
    root = bad_repo(make_repo, CORPUS)
    code, out, err = run_cli("check", root, "--as-of", AS_OF.isoformat(), "--format", "json")

    assert (code, err) == (1, "")
    result = json.loads(out)
    by_path: dict[str, list[tuple[str, int | None]]] = {}
    for item in result["findings"]:
        by_path.setdefault(item["path"], []).append((item["rule"], item["line"]))
    expected = {case.path: [(case.rule, case.line)] for case in CORPUS}
    assert by_path == expected
    assert {item["id"]: item["status"] for item in result["obligations"]} == GOOD_STATUSES
    assert not canary(root).exists()

    code, out, err = run_cli("check", root, "--as-of", AS_OF.isoformat())
    assert code == 1
    assert "Traceback" not in err
    assert "agencies/py.yml:2:7: error [yaml-tag] tag '!!python/object/apply:builtins.open'" in out
    assert out.splitlines()[-1].startswith(f"{len(expected)} errors, 0 warnings")


def test_python_tag_runs_nothing(make_repo: MakeRepo) -> None:
    case = next(case for case in CORPUS if case.id == "python-object-tag")
    root = bad_repo(make_repo, [case])
    run_check(root, AS_OF)
    assert not canary(root).exists()


def test_python_tag_payload_is_live(tmp_path: Path) -> None:
    """Control for the test above: the same text, loaded unsafely, does create the canary file."""
    root = tmp_path / "control"
    stream = yaml.unsafe_load(python_object(root))["name"]
    stream.close()
    assert canary(root).exists()


def test_byte_order_mark_and_crlf_are_fine(make_repo: MakeRepo) -> None:
    windows = "\ufeff" + EVIDENCE.format(id="ev-windows", submitter="parks").replace("\n", "\r\n")
    root = make_repo({"evidence/ev-windows.yml": windows}, base=BASIC)
    result = run_check(root, AS_OF)
    assert result.findings == []
    assert result.repository.evidence["ev-windows"].summary == "The list was announced."


def test_every_finding_of_the_corpus_is_documented_on_the_rules_page() -> None:
    from policytrack.checks.rules import RULES
    from policytrack.checks.rules.loading import LOAD_RULES

    assert {case.rule for case in CORPUS} - set(RULES) - set(LOAD_RULES) == set()
