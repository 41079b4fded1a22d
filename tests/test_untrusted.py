"""Untrusted pull requests (issue 8): nothing leaks, nothing crashes, no open data breaks.

Each test builds what an outside contributor could put in a pull request and checks what the checker,
the command line, the pages and the open-data files make of it. The one-file cases are in the bad-input
corpus (``test_bad_input.py``); these are the ones that need the whole command, the site, or a file
system that misbehaves.
"""

from __future__ import annotations

import builtins
import csv
import io
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml

from builders import AGENCIES, ORDINANCE, evidence, obligation, write_files, write_repo
from conftest import BASIC, MakeRepo, RunCli
from policytrack import cli
from policytrack.checks.checker import CheckResult, run_check
from policytrack.commands import common
from policytrack.model.limits import LATEST_DATE
from policytrack.model.safetext import clean
from policytrack.site.build import build_site
from policytrack.site.kit import EVIDENCE_PER_PAGE, SUBMIT_BUTTONS, Site, SiteOptions
from policytrack.site.markup import page_url
from policytrack.site.opendata import atom_feed, obligations_csv
from policytrack.site.opendata import icalendar as make_icalendar
from policytrack.site.paths import obligation_page
from policytrack.site.publish import resolve_as_of, write_site
from test_bad_input import AS_OF, SECRET, secret_outside
from test_site_support import PAGE_LIMIT

CANARY = "canary-3f9a1c"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def site_of(result: CheckResult) -> Site:
    return build_site(result, SiteOptions(commit="abc1234"))


def everything_published(site: Site) -> dict[str, str]:
    """Every page and file of the site as text, by path."""
    out = {page.path: page.markdown for page in site.pages}
    out.update({path: data.decode("utf-8") for path, data in site.files.items()})
    return out


# --- links and special files -----------------------------------------------------------------------


def test_a_linked_data_file_never_leaks_its_target(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(base=BASIC)
    (root / "evidence" / "passwd.yml").symlink_to(secret_outside(root))
    (root / "agencies" / "token.yml").symlink_to(secret_outside(root))

    outputs = []
    for fmt in ("text", "json", "github"):
        code, out, err = run_cli("check", root, "--as-of", AS_OF.isoformat(), "--format", fmt)
        assert (code, err) == (1, "")
        outputs.append(out)
    assert all(CANARY not in out for out in outputs)
    findings = json.loads(outputs[1])["findings"]
    assert [(item["path"], item["rule"]) for item in findings] == [
        ("agencies/token.yml", "symlink"), ("evidence/passwd.yml", "symlink")]
    published = everything_published(site_of(run_check(root, AS_OF)))
    assert not [path for path, content in published.items() if CANARY in content]
    assert "evidence/passwd.yml" in published["findings.md"]


def test_a_linked_data_folder_is_refused(make_repo: MakeRepo) -> None:
    root = make_repo(base=BASIC)
    outside = root.parent / f"{root.name}-systems"
    outside.mkdir()
    (outside / "leak.yml").write_text(SECRET + "\n", encoding="utf-8")
    (root / "systems").symlink_to(outside)
    result = run_check(root, AS_OF)
    assert [(item.path, item.rule) for item in result.findings] == [("systems", "symlink")]
    assert CANARY not in result.findings[0].message


def test_a_linked_settings_file_is_refused(make_repo: MakeRepo) -> None:
    root = make_repo(base=BASIC)
    (root / "policytrack.yml").unlink()
    (root / "policytrack.yml").symlink_to(secret_outside(root))
    result = run_check(root, AS_OF)
    assert [(item.path, item.rule) for item in result.findings] == [("policytrack.yml", "symlink")]
    assert result.repository.config.name == "Policy repository"


def test_a_pipe_is_refused_without_waiting_for_it(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(base=BASIC)
    os.mkfifo(root / "agencies" / "pipe.yml")  # opening it to read would wait for a writer for ever
    code, out, err = run_cli("check", root, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert (code, err) == (1, "")
    [finding] = json.loads(out)["findings"]
    assert (finding["path"], finding["rule"]) == ("agencies/pipe.yml", "not-a-file")
    assert "not a regular file" in finding["message"]


def _with_attachment(root: Path, name: str, digest: str) -> None:
    write_files(root, {"evidence/ev-file.yml": yaml.safe_dump(evidence(
        "ev-file", source={"file": name, "sha256": digest}))})


def test_a_linked_attachment_is_named_and_never_followed(tmp_path: Path) -> None:
    import hashlib

    content = b"%PDF-1.4 the roster"
    root = write_repo(tmp_path / "repo", obligations=[obligation()], files={"attachments/real.pdf": content})
    (root / "attachments" / "roster.pdf").symlink_to(root / "attachments" / "real.pdf")
    _with_attachment(root, "attachments/roster.pdf", hashlib.sha256(content).hexdigest())
    [finding] = [item for item in run_check(root, AS_OF).findings if item.rule == "evidence-file"]
    assert "'attachments/roster.pdf' is a symbolic link" in finding.message

    (root / "attachments" / "etc").symlink_to("/etc")
    secret = Path("/etc/hostname").read_bytes() if Path("/etc/hostname").is_file() else b""
    _with_attachment(root, "attachments/etc/hostname", hashlib.sha256(secret).hexdigest())
    [finding] = [item for item in run_check(root, AS_OF).findings if item.rule == "evidence-file"]
    assert "is under 'attachments/etc', a symbolic link" in finding.message


def test_an_attachment_that_is_a_pipe_is_refused(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", obligations=[obligation()])
    (root / "attachments").mkdir()
    os.mkfifo(root / "attachments" / "pipe.pdf")
    _with_attachment(root, "attachments/pipe.pdf", "ab" * 32)
    [finding] = [item for item in run_check(root, AS_OF).findings if item.rule == "evidence-file"]
    assert "is not a regular file" in finding.message


def _refuse(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """Make ``target`` unreadable (the tests run as root, for whom permissions do not apply)."""
    denied = PermissionError(13, "Permission denied")
    real_open, real_os_open, real_scandir = builtins.open, os.open, os.scandir

    def refuse(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            folder = kwargs.get("dir_fd")  # a path relative to an open folder (policytrack.model.paths)
            where = Path(os.readlink(f"/proc/self/fd/{folder}")) / path if folder is not None else path
            if isinstance(path, str | os.PathLike) and Path(where) == target:
                raise denied
            return real(path, *args, **kwargs)
        return call

    monkeypatch.setattr(builtins, "open", refuse(real_open))
    monkeypatch.setattr(os, "open", refuse(real_os_open))
    monkeypatch.setattr(os, "scandir", refuse(real_scandir))


def test_an_unreadable_folder_is_a_finding(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(base=BASIC)
    write_files(root, {"evidence/locked/ev-x.yml": "id: x\n"})
    _refuse(monkeypatch, root / "evidence" / "locked")
    code = cli.main(["check", str(root), "--as-of", AS_OF.isoformat(), "--format", "json"])
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert (finding["path"], finding["rule"]) == ("evidence/locked", "unreadable")
    assert "Permission denied" in finding["message"] and "none of its files is checked" in finding["message"]


def test_an_unreadable_attachment_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_repo(tmp_path / "repo", obligations=[obligation()], files={"attachments/a.pdf": b"x"})
    _with_attachment(root, "attachments/a.pdf", "ab" * 32)
    _refuse(monkeypatch, root / "attachments" / "a.pdf")
    [finding] = [item for item in run_check(root, AS_OF).findings if item.rule == "evidence-file"]
    assert finding.message == "evidence file 'attachments/a.pdf' cannot be read: Permission denied"


# --- the command line --------------------------------------------------------------------------------


OUTSIDE = "is outside the years 1000 to 8999 that policytrack accepts; check the year"


@pytest.mark.parametrize(("as_of", "says"), [
    ("9999-12-31", f"9999-12-31: the year 9999 {OUTSIDE}"),
    ("9000-01-01", f"9000-01-01: the year 9000 {OUTSIDE}"),
    ("0999-12-31", f"0999-12-31: the year 999 {OUTSIDE}"),
    ("\u0662\u0660\u0662\u0660-01-01", "'\u0662\u0660\u0662\u0660-01-01' is not a date written as YYYY-MM-DD"),
    ("2020-1-1", "'2020-1-1' is not a date written as YYYY-MM-DD"),
    ("20200101", "'20200101' is not a date written as YYYY-MM-DD"),
])
def test_an_as_of_date_out_of_range_or_form_exits_2(as_of: str, says: str, make_repo: MakeRepo,
                                                     run_cli: RunCli) -> None:
    root = make_repo(base=BASIC)
    code, out, err = run_cli("check", root, "--as-of", as_of)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"policytrack check: error: argument --as-of: {says}"


def test_the_last_accepted_as_of_date_works_everywhere(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(base=BASIC)
    code, out, err = run_cli("check", root, "--as-of", LATEST_DATE.isoformat(), "--format", "json")
    assert (code, err) == (1, "")  # the notice to the council is overdue by then
    assert json.loads(out)["as_of"] == "8999-12-31"
    site = site_of(run_check(root, LATEST_DATE))
    assert "calendar/all.ics" in site.files


def test_the_site_refuses_an_as_of_date_out_of_range(make_repo: MakeRepo, run_cli: RunCli) -> None:
    from datetime import date

    root = make_repo(base=BASIC)
    code, _, err = run_cli("pages", root / "out", root, env={"POLICYTRACK_AS_OF": "9999-12-31"})
    assert code == 2 and "1000 to 8999" in err and "Traceback" not in err
    with pytest.raises(ValueError, match="1000 to 8999"):
        resolve_as_of(date(9999, 12, 31))


def test_a_crash_exits_70_with_one_line_asking_for_a_bug_report(
        make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(base=BASIC)

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("something\nunexpected")

    monkeypatch.setattr(common, "run_check", broken)
    code = cli.main(["check", str(root), "--as-of", AS_OF.isoformat()])
    out, err = capsys.readouterr()
    assert (code, out) == (70, "")
    assert err.count("\n") == 1
    assert "internal error (RuntimeError: something unexpected)" in err
    assert "bug" in err and "report" in err


def test_help_documents_the_crash_exit_code(run_cli: RunCli) -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "70 policytrack failed (a bug" in " ".join(out.split())


def test_text_output_is_one_printable_line_per_finding(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo({
        "agencies/keys.yml": 'id: keys\nname: Keys\nhead: Director\n"web\\nsite\\e[31m": x\n',
        "obligations/\x1b[2Jnotes.txt": "not yaml\n",
    }, base=BASIC)
    code, out, _ = run_cli("check", root, "--as-of", AS_OF.isoformat(), "--format", "text")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3 and lines[-1].startswith("2 errors")
    assert "\x1b" not in out
    assert lines[0].startswith("agencies/keys.yml:4:1: error [schema] unknown key 'web\\nsite\\x1b[31m'")
    assert lines[1].startswith("obligations/\\x1b[2Jnotes.txt: error [not-yaml]")


# --- open data ---------------------------------------------------------------------------------------

CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x9f\ufffe"


@pytest.fixture
def controls(tmp_path: Path) -> CheckResult:
    """Control characters (as YAML's double-quoted escapes write them) in every kind of text."""
    ordinance = {**ORDINANCE, "title": f"Ordinance {CONTROLS}",
                 "sections": [{"id": "=cmd|' /C calc'!A0", "heading": "Formula", "text": "x"}]}
    records = [
        obligation("ob-1", title=f"Title {CONTROLS} end", section="=cmd|' /C calc'!A0", tags=[f"t{CONTROLS}"],
                   owner={"agency": "jail", "role": " @SUM(1+1)"}, quote=f"Quote {CONTROLS}"),
        obligation("ob-2", title="-2+3", action=f"Act {CONTROLS}"),
    ]
    root = write_repo(tmp_path, obligations=records, ordinances=[ordinance],
                      agencies=[*AGENCIES[:2], {**AGENCIES[2], "name": f"Police {CONTROLS}"}],
                      evidence=[evidence("ev-1", summary=f"Summary {CONTROLS} end", agency="jail"),
                                evidence("ev-2", agency="police", ob_id="ob-2")])
    write_files(root, {"policytrack.yml": yaml.safe_dump({"name": f"Town {CONTROLS}"})})
    result = run_check(root, AS_OF)
    assert set(result.repository.obligations) == {"ob-1", "ob-2"}
    return result


def _has_control(text: str) -> bool:
    return any(char in text for char in CONTROLS)


def test_atom_feed_stays_well_formed_xml(controls: CheckResult) -> None:
    feed = atom_feed(controls)
    root = ET.fromstring(feed)
    summaries = [entry.findtext("{http://www.w3.org/2005/Atom}summary") for entry in root]
    assert clean(" ".join(f"Summary {CONTROLS} end".split())) in summaries
    assert not _has_control(feed)


def test_icalendar_stays_valid(controls: CheckResult) -> None:
    for agency in (None, "jail"):
        text = make_icalendar(controls, agency)
        assert not _has_control(text)
        calendar = icalendar.Calendar.from_ical(text)
        events = calendar.walk("VEVENT")
        assert events
        assert all(str(event["SUMMARY"]).isprintable() for event in events)


def test_csv_has_no_formula_cell_and_no_control_character(controls: CheckResult) -> None:
    text = obligations_csv(controls)
    assert not _has_control(text)
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    cells = [cell for row in body for cell in row]
    assert not [cell for cell in cells if cell.lstrip()[:1] in FORMULA_START]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert by_id["ob-1"]["section"] == "'=cmd|' /C calc'!A0"
    assert by_id["ob-1"]["owner_role"] == "'@SUM(1+1)"
    assert by_id["ob-2"]["title"] == "'-2+3"


def test_status_json_and_pages_keep_title_and_tags(controls: CheckResult) -> None:
    site = site_of(controls)
    json.loads(site.files["status.json"])
    page = site.page(obligation_page("ob-1"))
    front = yaml.safe_load(page.front.strip().strip("-"))
    assert front["title"] == "Title end"
    assert front["tags"] == ["t"]
    published = everything_published(site)
    text = published.pop("status.json")
    # JSON escapes the C0 controls it must (\u0000 ...) and carries the text exactly as recorded.
    assert not any(char in text for char in CONTROLS if ord(char) < 0x20)
    [entry] = [item for item in json.loads(text)["obligations"] if item["id"] == "ob-1"]
    assert entry["title"] == f"Title {CONTROLS} end"
    for path, content in published.items():
        assert not _has_control(content), path


# --- names that could collide --------------------------------------------------------------------------


def _clash_repo(root: Path) -> Path:
    """Every kind of clash between record ids and the generator's names."""
    sections = [{"id": "9.A", "heading": "Dots"}, {"id": "9-A", "heading": "Dashes"},
                {"id": "9.A", "heading": "The same id again"}]
    ordinances = [{**ORDINANCE, "sections": sections}, {**ORDINANCE, "id": "index.md"}]
    agencies = [*AGENCIES, {"id": "all", "name": "All Hands Office", "head": "Chief"},
                {"id": "index.md", "name": "Index agency", "head": "Chief"},
                {"id": "page-2.md", "name": "Page two agency", "head": "Chief"}]
    records = [obligation(f"dot-{n:02}", section="9.A") for n in range(26)]
    records += [obligation(f"dash-{n:02}", section="9-A") for n in range(26)]
    records += [obligation("index.md", owner={"agency": "all", "role": "Chief"}),
                obligation("page-2.md", owner={"agency": "index.md", "role": "Chief"}),
                obligation("all", owner={"agency": "page-2.md", "role": "Chief"})]
    systems = [{"id": "index.md", "name": "Index system", "operator": "jail"}]
    return write_repo(root, obligations=records, ordinances=ordinances, agencies=agencies, systems=systems)


def test_no_two_pages_or_files_collide(tmp_path: Path) -> None:
    result = run_check(_clash_repo(tmp_path / "repo"), AS_OF)
    site = site_of(result)
    paths = [page.path for page in site.pages] + list(site.files)
    assert len({path.casefold() for path in paths}) == len(paths)
    folders = {"/".join(path.split("/")[:depth]).casefold()
               for path in paths for depth in range(1, path.count("/") + 1)}
    assert not [path for path in paths if path.casefold() in folders]
    assert write_site(site, tmp_path / "out") == len(paths)

    every = make_icalendar(result, None)
    assert site.files["calendar/all.ics"].decode() == every
    assert every.count("BEGIN:VEVENT") == len(result.repository.obligations)
    own = site.files["calendar/all~.ics"].decode()
    assert own.count("BEGIN:VEVENT") == 1 and "UID:index.md.all@policytrack" in own
    agency_page = site.page("agencies/all/index.md").markdown
    assert 'href="../../calendar/all~.ics"' in agency_page


def test_sections_whose_names_differ_only_in_punctuation_keep_their_own_lists(tmp_path: Path) -> None:
    site = site_of(run_check(_clash_repo(tmp_path / "repo"), AS_OF))
    pages = {page.path: page.markdown for page in site.pages if page.path.startswith("ordinances/ord-1/")}
    dots = "".join(text for path, text in pages.items() if path.startswith("ordinances/ord-1/section-9-a/"))
    dashes = "".join(text for path, text in pages.items() if path.startswith("ordinances/ord-1/section-9-a_1/"))
    everything = "".join(pages.values())
    for n in range(26):
        assert f"dot-{n:02}/" in everything and f"dash-{n:02}/" in everything
    assert "dash-" not in dots and "dot-" not in dashes
    [target] = re.findall(r'href="([^"]*#section-9-a_1)"', site.page(obligation_page("dash-00")).markdown)
    holder = posixpath.normpath(posixpath.join("obligations/dash-00/", target.split("#")[0]))
    [page] = [path for path in pages if page_url(path).rstrip("/") == holder]
    assert 'id="section-9-a_1"' in pages[page]
    assert sum(text.count('<h3 id="section-9-a') for text in pages.values()) == 3


# --- pages stay small ------------------------------------------------------------------------------------

EVIDENCE_TEXT = """id: ev-{n:05}
obligation: ob-1
agency: a000
date: 2020-05-01
kind: report
summary: Report number {n} of the jail's daily logs, filed as the ordinance requires.
source:
  url: https://example.org/proof/{n}
submitted_by:
  role: Clerk
"""


def test_a_long_evidence_timeline_is_paginated_and_no_page_is_over_60_kb(tmp_path: Path) -> None:
    count = 20_000
    root = write_repo(tmp_path, obligations=[obligation(applies_to=[f"a{n:03}" for n in range(300)]),
                                             obligation("ob-2", quote="The law's words. " * 50_000)],
                      agencies=[*AGENCIES, *({"id": f"a{n:03}", "name": f"Agency {n}", "head": "Chief"}
                                             for n in range(300))],
                      files={f"evidence/ev-{n:05}.yml": EVIDENCE_TEXT.format(n=n) for n in range(count)})
    write_files(root, {"policytrack.yml": "name: Big\nrepo_url: https://github.com/example/big\n"})
    site = site_of(run_check(root, AS_OF))
    sizes = {page.path: len(page.markdown.encode()) for page in site.pages}
    assert max(sizes.values()) < PAGE_LIMIT, max(sizes.items(), key=lambda item: item[1])
    timeline = [page.markdown for page in site.pages if page.path.startswith("obligations/ob-1/")]
    shown = "".join(timeline).count('<h3 id="ev-')
    assert shown == count
    everything = "".join(timeline)
    assert len(re.findall(r'href="(?:\.\./)+agencies/a[0-9]{3}/"', everything)) == 300  # each row once
    assert everything.count("Submit evidence for Agency ") == 300
    assert len(timeline) >= count // EVIDENCE_PER_PAGE + 300 // 50 + 300 // SUBMIT_BUTTONS - 2


def test_an_ordinance_with_many_long_sections_continues_on_further_pages(tmp_path: Path) -> None:
    words = "The county shall *not* share [records] | `logs` with {anyone}. " * 40  # entities weigh more
    sections = [{"id": f"2.15.{n:03}", "heading": f"Heading {n}", "text": words} for n in range(60)]
    records = [obligation(f"ob-{n:03}-{k}", section=f"2.15.{n:03}") for n in range(60) for k in range(2)]
    site = site_of(run_check(write_repo(tmp_path, obligations=records,
                                        ordinances=[{**ORDINANCE, "sections": sections}]), AS_OF))
    pages = {page.path: page.markdown for page in site.pages if page.path.startswith("ordinances/ord-1/")}
    assert len(pages) > 3
    assert max(len(text.encode()) for text in pages.values()) < PAGE_LIMIT
    for n in range(60):
        [holder] = [path for path, text in pages.items() if f'<h3 id="section-2-15-{n:03}"' in text]
        link_to = f"{page_url(holder)}#section-2-15-{n:03}"
        assert link_to.removeprefix("ordinances/ord-1/") in site.page(obligation_page(f"ob-{n:03}-0")).markdown


def test_status_and_graph_print_names_on_one_printable_line(tmp_path: Path, run_cli: RunCli) -> None:
    agencies = [{**AGENCIES[1], "name": "Jail\x1b[2J\nforged line"}, AGENCIES[0], AGENCIES[2]]
    root = write_repo(tmp_path, agencies=agencies, obligations=[obligation(title="Do\x1b]0;x\x07 things\nnow")])
    for args in (("status",), ("graph", "owes", "jail")):
        code, out, err = run_cli(*args, root, "--as-of", AS_OF.isoformat()) if args == ("status",) else \
            run_cli(*args, "--as-of", AS_OF.isoformat(), cwd=root)
        assert (code, err) == (0, ""), args
        assert "\x1b" not in out and "\x07" not in out, args
        assert not [line for line in out.splitlines() if line.startswith("forged line") or line == "now"], args


def test_migrate_never_writes_through_a_link(tmp_path: Path, run_cli: RunCli) -> None:
    from test_migrate import ORDINANCE as OLD_ORDINANCE

    root = write_repo(tmp_path / "repo", files={"ordinances/ord-1.yml": OLD_ORDINANCE})
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "amendments").symlink_to(outside)
    code, _, err = run_cli("migrate", root)
    assert code == 2
    assert "cannot write amendments/" in err and "symbolic link" in err
    assert list(outside.iterdir()) == []
    assert (root / "ordinances" / "ord-1.yml").read_text(encoding="utf-8") == OLD_ORDINANCE
