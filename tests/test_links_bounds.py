"""Issue 16, links, bounds and escaping: what an untrusted pull request plants (links, hostile law files,
escapes in names and commit subjects), and what every command, rule and the site make of it.

Every read and write under a repository goes through :mod:`policytrack.model.paths`, which refuses a link on
any part of a path; each test here plants one and checks that nothing behind it is read, published or
written, and that the link is named. The finding numbers are the issue's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builders import evidence, obligation, write_files, write_repo
from conftest import BASIC, MakeRepo, RunCli
from policytrack.checks.checker import run_check
from test_bad_input import AS_OF, SECRET, secret_outside
from test_site_support import MKDOCS_YML

CANARY = "canary-3f9a1c"


def _site_repo(make_repo: MakeRepo) -> Path:
    root = make_repo({"mkdocs.yml": MKDOCS_YML, "docs/about.md": "# About\n"}, base=BASIC)
    return root


def _mkdocs(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICYTRACK_AS_OF": AS_OF.isoformat(), "POLICYTRACK_TODAY": AS_OF.isoformat(),
           "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"),
                           "--site-dir", str(site)], capture_output=True, text=True, env=env, timeout=300)


def _everything(folder: Path) -> str:
    return "".join(path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file())


# --- the shared helper ---------------------------------------------------------------------------------


def test_the_helper_refuses_a_link_on_any_part_of_a_path(tmp_path: Path) -> None:
    from policytrack.model.paths import UnsafePath, files_under, read_under, write_under

    root, outside = tmp_path / "repo", tmp_path / "outside"
    (root / "a").mkdir(parents=True)
    outside.mkdir()
    (root / "a" / "f.txt").write_text("inside", encoding="utf-8")
    (root / "linked").symlink_to(outside)
    (root / "a" / "dangling").symlink_to(outside / "made-by-the-link")
    assert read_under(root, "a/f.txt", 100) == b"inside"
    for rel, named in (("linked/x.yml", "linked"), ("a/dangling", "a/dangling"), ("linked", "linked")):
        with pytest.raises(UnsafePath) as caught:
            write_under(root, rel, "x")
        assert caught.value.path == named and "symbolic link" in caught.value.message
        with pytest.raises(UnsafePath):
            read_under(root, rel, 100)
    for rel in ("../x", "/etc/passwd", "a/\nb", ""):
        with pytest.raises(UnsafePath):
            write_under(root, rel, "x")
    assert list(outside.iterdir()) == []
    assert [(rel, why is None) for rel, why in files_under(root)] == [
        ("a/dangling", False), ("a/f.txt", True), ("linked", False)]


# --- 2: links in docs/ and docs_dir --------------------------------------------------------------------


def _plant_docs_links(root: Path) -> None:
    (root / "docs" / "env.txt").symlink_to("/proc/self/environ")
    (root / "docs" / "passwd.txt").symlink_to(secret_outside(root))


def test_2_links_in_docs_are_findings_and_mkdocs_build_refuses_them(make_repo: MakeRepo, run_cli: RunCli,
                                                                    tmp_path: Path) -> None:
    root = _site_repo(make_repo)
    _plant_docs_links(root)
    code, out, _ = run_cli("check", root, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert code == 1
    found = [(item["path"], item["rule"]) for item in json.loads(out)["findings"]]
    assert found == [("docs/env.txt", "site-file"), ("docs/passwd.txt", "site-file")]
    assert CANARY not in out
    done = _mkdocs(root, tmp_path / "site")
    assert done.returncode != 0
    assert "docs/env.txt" in done.stderr and "symbolic link" in done.stderr
    assert not (tmp_path / "site").exists() or CANARY not in _everything(tmp_path / "site")


def test_2_policytrack_pages_refuses_links_in_docs(make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path) -> None:
    root = _site_repo(make_repo)
    _plant_docs_links(root)
    code, _, err = run_cli("pages", tmp_path / "out", root, "--as-of", AS_OF.isoformat(),
                           "--config", tmp_path / "zensical.yml")
    assert code == 2
    assert "docs/env.txt" in err and "symbolic link" in err
    assert not (tmp_path / "out").exists() or CANARY not in _everything(tmp_path / "out")


def test_2_a_linked_docs_folder_or_a_docs_dir_outside_is_refused(make_repo: MakeRepo, run_cli: RunCli,
                                                                  tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SECRET, encoding="utf-8")
    root = make_repo({"mkdocs.yml": MKDOCS_YML}, base=BASIC)
    (root / "docs").symlink_to(outside)
    root2 = make_repo({"mkdocs.yml": MKDOCS_YML + "docs_dir: ../outside\n"}, base=BASIC)
    for repo, path in ((root, "docs"), (root2, "mkdocs.yml")):
        [finding] = [item for item in run_check(repo, AS_OF).findings if item.rule == "site-file"]
        assert finding.path == path and CANARY not in finding.message
        code, _, err = run_cli("pages", tmp_path / f"out-{repo.name}", repo, "--as-of", AS_OF.isoformat(),
                               "--config", tmp_path / f"{repo.name}.yml")
        assert code == 2 and path in err
        assert not (tmp_path / f"out-{repo.name}").exists() or CANARY not in _everything(tmp_path / f"out-{repo.name}")
        assert _mkdocs(repo, tmp_path / f"site-{repo.name}").returncode != 0


def test_2_pages_copies_the_documentation_pages_without_links(make_repo: MakeRepo, run_cli: RunCli,
                                                              tmp_path: Path) -> None:
    root = _site_repo(make_repo)
    write_files(root, {"docs/images/a.png": b"\x89PNG"})
    code, _, err = run_cli("pages", tmp_path / "out", root, "--as-of", AS_OF.isoformat(),
                           "--config", tmp_path / "zensical.yml")
    assert (code, err) == (0, "")
    assert (tmp_path / "out" / "about.md").read_text(encoding="utf-8") == "# About\n"
    assert (tmp_path / "out" / "images" / "a.png").read_bytes() == b"\x89PNG"


# --- 17 and 24: codeowners, new, draft, import write and read through nothing ------------------------------


def test_17_codeowners_never_writes_through_a_link(make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_repo(base=BASIC)
    (root / ".github").mkdir()
    (root / ".github" / "CODEOWNERS").symlink_to(outside / "written-through-the-link")
    code, _, err = run_cli("codeowners", root)
    assert code == 2 and ".github/CODEOWNERS" in err and "symbolic link" in err
    root2 = make_repo(base=BASIC)
    (root2 / ".github").symlink_to(outside)
    code, _, err = run_cli("codeowners", root2)
    assert code == 2 and "'.github'" in err and "symbolic link" in err
    assert list(outside.iterdir()) == []


def test_24_codeowners_check_never_reads_through_a_link(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(base=BASIC)
    (root / ".github").mkdir()
    (root / ".github" / "CODEOWNERS").symlink_to("/proc/self/mem")
    code, out, err = run_cli("codeowners", root, "--check")
    assert code == 2 and out == ""
    assert ".github/CODEOWNERS" in err and "symbolic link" in err and "internal error" not in err


def test_17_new_never_writes_through_a_linked_folder_or_a_dangling_link(make_repo: MakeRepo, run_cli: RunCli,
                                                                       tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_repo(base=BASIC)
    [obligation_id] = [path.stem for path in (root / "obligations").rglob("*.yml")][:1]
    record = yaml.safe_load(next((root / "obligations").rglob(f"{obligation_id}.yml")).read_text(encoding="utf-8"))
    agency = record["owner"]["agency"]
    (root / "evidence" / obligation_id).symlink_to(outside)
    args = ["new", "evidence", "--repo", root, "--obligation", obligation_id, "--agency", agency, "--date",
            "2020-05-01", "--kind", record["evidence"]["kinds"][0], "--summary", "Published the policy.",
            "--url", "https://example.org/p", "--role", "Clerk"]
    code, _, err = run_cli(*args)
    assert code == 2 and f"evidence/{obligation_id}" in err and "symbolic link" in err
    (root / "evidence" / obligation_id).unlink()
    (root / "evidence" / obligation_id).mkdir()
    (root / "evidence" / obligation_id / f"2020-05-01-{agency}.yml").symlink_to(outside / "dangling.yml")
    code, _, err = run_cli(*args)
    assert code == 2 and "symbolic link" in err
    assert list(outside.iterdir()) == []


def test_17_draft_never_writes_through_a_linked_folder(make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_repo({
        "agencies/a.yml": "id: a\nname: A\nhead: Head\n",
        "ordinances/ord-9.yml": yaml.safe_dump({
            "id": "ord-9", "title": "Ordinance 9", "citation": "Code 9", "enacted": "2020-01-01",
            "source": "https://example.org/9",
            "sections": [{"id": "1", "heading": "Duty", "text": "The agency shall report every year."}]}),
    })
    (root / "obligations").mkdir()
    (root / "obligations" / "ord-9").symlink_to(outside)
    code, _, err = run_cli("draft", "ord-9", "--repo", root)
    assert code == 2 and "obligations/ord-9" in err and "symbolic link" in err
    assert list(outside.iterdir()) == []


# --- 15: import writes only under the repository ---------------------------------------------------------

DC_LAW = """<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="https://code.dccouncil.us/schemas/dc-library">
  <num type="law">{number}</num>
  <heading type="short">An Act</heading>
  <meta><effective>{effective}</effective><history><enacted>2016-03-26</enacted></history>
    <citations><citation type="law" url="https://example.org/law">D.C. Law 1-1</citation></citations></meta>
  <section><num>101</num><heading>Duty</heading><text>The Mayor shall report.</text></section>
  {more}
</document>
"""


def test_15_import_never_writes_outside_the_repository(make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path) -> None:
    root = make_repo({"agencies/a.yml": "id: a\nname: A\nhead: Head\n"})
    target = tmp_path / "victim.yml"
    target.write_text("untouched\n", encoding="utf-8")
    law = tmp_path / "law.xml"
    law.write_text(DC_LAW.format(number="/../../../victim", effective="2016-06-30", more=""), encoding="utf-8")
    code, _, err = run_cli("import", law, root)
    assert code == 2 and "not a valid id" in err
    assert target.read_text(encoding="utf-8") == "untouched\n"
    assert not (root / "ordinances").exists() or list((root / "ordinances").iterdir()) == []

    law.write_text(DC_LAW.format(number="1-1", effective="2016-06-30", more=""), encoding="utf-8")
    assert run_cli("import", law, root)[0] == 0
    amended = DC_LAW.format(number="1-1", effective="/../../../../victim",
                            more="<section><num>102</num><heading>More</heading><text>The Mayor shall "
                                 "publish.</text></section>")
    law.write_text(amended, encoding="utf-8")
    code, _, err = run_cli("import", law, root)
    assert code == 2 and "effective" in err and "nothing written" in err
    assert target.read_text(encoding="utf-8") == "untouched\n"
    assert not (root / "amendments").exists()


def test_17_import_never_writes_through_a_linked_folder(make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_repo({"agencies/a.yml": "id: a\nname: A\nhead: Head\n"})
    (root / "ordinances").symlink_to(outside)
    law = tmp_path / "law.xml"
    law.write_text(DC_LAW.format(number="1-1", effective="2016-06-30", more=""), encoding="utf-8")
    code, _, err = run_cli("import", law, root)
    assert code == 2 and "'ordinances'" in err and "symbolic link" in err
    assert list(outside.iterdir()) == []


# --- 21: source.file only under attachments/ ---------------------------------------------------------------


def test_21_an_evidence_file_outside_attachments_is_never_hashed(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", obligations=[obligation()],
                      files={".git/config": "[http] extraheader = AUTHORIZATION: basic c2VjcmV0\n",
                             "attachments/ok.pdf": b"%PDF"})
    import hashlib

    for name in (".git/config", "policytrack.yml", "attachments"):
        write_files(root, {"evidence/ev-file.yml": yaml.safe_dump(evidence(
            "ev-file", source={"file": name, "sha256": "0" * 64}))})
        [finding] = [item for item in run_check(root, AS_OF).findings if item.rule == "evidence-file"]
        assert "not under attachments/" in finding.message
        digest = hashlib.sha256((root / name).read_bytes()).hexdigest() if (root / name).is_file() else "none"
        assert digest not in finding.message


# --- 22: the importer reads bounded, checked, iteratively parsed input -------------------------------------


def _law_file(tmp_path: Path, content: bytes, name: str = "law.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_22_deep_xml_is_refused_without_recursing(make_repo: MakeRepo, run_cli: RunCli, tmp_path: Path) -> None:
    depth = 200_000
    deep = (b'<document xmlns="https://code.dccouncil.us/schemas/dc-library">' + b"<para>" * depth
            + b"x" + b"</para>" * depth + b"</document>")
    code, _, err = run_cli("import", _law_file(tmp_path, deep), make_repo({"agencies/a.yml": "id: a\nname: A\n"}))
    assert code == 2 and "nested more than 100 levels" in err


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_22_devices_and_pipes_are_never_read(special: str, make_repo: MakeRepo, run_cli: RunCli,
                                             tmp_path: Path) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "law.fifo"
        os.mkfifo(path)  # opened to read, it would wait for a writer for ever
    code, _, err = run_cli("import", path, make_repo({"agencies/a.yml": "id: a\nname: A\n"}))
    assert code == 2 and "not a regular file" in err


@pytest.mark.parametrize(("content", "message"), [
    (b'<?xml version="1.0" encoding="UTF-7"?><document xmlns="https://code.dccouncil.us/schemas/dc-library"/>',
     "declares the encoding 'UTF-7'"),
    ('<?xml version="1.0" encoding="ISO-8859-1"?><document xmlns="https://code.dccouncil.us/schemas/dc-library">'
     "<heading>Caf\u00e9</heading></document>".encode(), "declares the encoding 'ISO-8859-1'"),
    ('<?xml version="1.0" encoding="ISO-8859-1"?><document><heading>Caf\u00e9</heading></document>'.encode("latin-1"),
     "not UTF-8 text"),
    ("\ufeff<x/>".encode("utf-16"), "UTF-16 text"),
    (b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>',
     "declares entities"),
])
def test_22_encodings_are_checked_and_entities_never_expanded(content: bytes, message: str, tmp_path: Path,
                                                              make_repo: MakeRepo, run_cli: RunCli) -> None:
    code, _, err = run_cli("import", _law_file(tmp_path, content), make_repo({"agencies/a.yml": "id: a\nname: A\n"}))
    assert code == 2 and message in err, err


def test_22_a_byte_order_mark_does_not_hide_xml(tmp_path: Path) -> None:
    from policytrack.law.importer import read_law

    xml = DC_LAW.format(number="1-1", effective="2016-06-30", more="").encode()
    plain, marked = read_law(_law_file(tmp_path, xml)), read_law(_law_file(tmp_path, b"\xef\xbb\xbf" + xml, "bom.xml"))
    assert marked.format == plain.format == "dc-law-xml"
    assert [section.text for section in marked.sections] == [section.text for section in plain.sections]


# --- 18, 19: every output escaped for its reader -----------------------------------------------------------

CONTROLS = "\x00\x01\x07\x0b\x1b[2J\x7f\x85\ufffe"


def test_18_graphml_and_gexf_stay_well_formed_with_control_characters(tmp_path: Path, run_cli: RunCli) -> None:
    import io

    import networkx as nx

    from builders import AGENCIES

    agencies = [{**AGENCIES[1], "name": f"Jail {CONTROLS}"}, AGENCIES[0], AGENCIES[2]]
    root = write_repo(tmp_path, agencies=agencies, obligations=[obligation(title=f"Do {CONTROLS} things")])
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        code, out, err = run_cli("graph", "export", root, "--as-of", AS_OF.isoformat(), "--format", fmt)
        assert (code, err) == (0, ""), err
        graph = read(io.BytesIO(out.encode("utf-8")))
        labels = " ".join(str(value) for _, attrs in graph.nodes(data=True) for value in attrs.values())
        assert "Jail [2J" in labels and "Do [2J" in labels and "\x1b" not in out


def test_19_text_output_runs_no_workflow_command_and_no_terminal_escape(tmp_path: Path, run_cli: RunCli) -> None:
    from builders import AGENCIES

    agencies = [{**AGENCIES[1], "name": "::stop-commands::pwned"}, AGENCIES[0], AGENCIES[2]]
    root = write_repo(tmp_path, agencies=agencies,
                      obligations=[obligation(title="::add-mask::secret \x1b]0;x\x07 ##[set-env name=A]b")])
    for args in (("status", root), ("check", root, "--format", "text")):
        code, out, err = run_cli(*args, "--as-of", AS_OF.isoformat())
        assert err == "" and code in (0, 1), args
        for line in out.splitlines():
            assert not line.lstrip(" ").startswith("::") and "##[" not in line, line
            assert line.isprintable(), line
    code, out, _ = run_cli("status", root, "--as-of", AS_OF.isoformat())
    assert "\\x3a:stop-commands::pwned" in out


def test_19_text_and_junit_escape_file_names_and_silence_reasons(tmp_path: Path) -> None:
    import dataclasses
    import xml.etree.ElementTree as ET

    from policytrack.model.findings import Finding
    from policytrack.report.formats import FORMATS

    result = run_check(BASIC, AS_OF)
    result.findings[:] = [
        Finding("::add-mask::x", 0, 0, "not-yaml", "error", "a hidden \x1b[31m file"),
        dataclasses.replace(Finding("agencies/\x1b]0;t\x07a.yml", 3, 1, "schema", "warning", "m\x00"),
                            silenced="reviewed \x1b[2J ##[set-env] \ufffe"),
    ]
    text = FORMATS["text"](result)
    assert "\x1b" not in text and "\x07" not in text and "##[" not in text
    assert not [line for line in text.splitlines() if line.startswith("::")]
    junit = FORMATS["junit"](result)
    root = ET.fromstring(junit.encode("utf-8"))
    assert root.tag == "testsuites" and "\\x1b[31m" in junit


# --- 23: history -----------------------------------------------------------------------------------------


def test_23_history_escapes_subjects_and_reads_a_commit_dated_year_10000(tmp_path: Path, run_cli: RunCli) -> None:
    from gitrepo import GIT_ENV, git

    root = write_repo(tmp_path / "repo", obligations=[obligation()])
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "::stop-commands::pwned \x1b[2J records")
    body = git(root, "cat-file", "commit", "HEAD")
    future = "\n".join(line.rsplit(" ", 2)[0] + " 253402387200 +0000" if line.startswith(("author ", "committer "))
                       else line for line in body.split("\n"))
    made = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=root, input=future,
                          capture_output=True, text=True, env={**os.environ, **GIT_ENV}, check=True)
    git(root, "reset", "-q", "--hard", made.stdout.strip())
    code, out, err = run_cli("history", root, "--as-of", AS_OF.isoformat())
    assert (code, err) == (0, ""), err
    assert "\x1b" not in out and not [line for line in out.splitlines() if line.lstrip(" ").startswith("::")]
    assert "9999-12-31" in out and "\\x1b[2J records" in out
    code, out, err = run_cli("history", root, "--points", "2", "--as-of", "8999-12-31")
    assert (code, err) == (0, ""), err
    assert "8999-12-31" in out


# --- 25: init's YAML -------------------------------------------------------------------------------------


def test_25_init_quotes_its_words_in_yaml_and_refuses_line_breaks(tmp_path: Path, run_cli: RunCli) -> None:
    code, _, err = run_cli("init", tmp_path / "a", "--name", "X\nhooks: [evil.py]")
    assert code == 2 and "line break" in err and not (tmp_path / "a").exists()
    name = "Town: [x] #y & *z"
    code, _, err = run_cli("init", tmp_path / "b", "--name", name, "--timezone", "America/Los_Angeles # x")
    assert (code, err) == (0, ""), err
    settings = yaml.safe_load((tmp_path / "b" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["site_name"] == name and "hooks" not in settings
    config = yaml.safe_load((tmp_path / "b" / "policytrack.yml").read_text(encoding="utf-8"))
    assert config["timezone"] == "America/Los_Angeles # x"


# --- 10 and 16: clause extraction and the text importer in linear time; the ordinance page bounded ---------

HOSTILE_SECTIONS = {
    "shall": "shall " * 16_000,
    "duties": "The Office shall report and " * 3_500,
    "semicolons": "The Office shall report; " * 4_000,
    "parentheses": "(the Office shall report " * 4_000,
    "quotes": '"a" shall ' * 9_600,
    "relative": "who shall " * 9_600,
    "nothing": "nothing shall " * 7_000,
    "stems": "who shall:\n" * 8_000 + "The Office shall report.\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SECTIONS))
def test_10_clause_extraction_is_linear_on_a_96_kb_section(name: str) -> None:
    import time

    from policytrack.law.clauses import extract

    text = HOSTILE_SECTIONS[name]
    started = time.process_time()
    extract(text, "1")
    # quadratic, these took 30 s to minutes; linear, about a second on a loaded 2-core machine
    assert time.process_time() - started < 20, name


@pytest.mark.parametrize("line", [
    "Section 1 A" + " \t" * 20_000 + "x", "=" * 40_000 + " x", "(" + "Ord " * 20_000, "== a" + " " * 40_000 + "b",
])
def test_10_the_text_importer_reads_hostile_lines_in_linear_time(line: str) -> None:
    import time

    from policytrack.law.textlaw import read_text_law

    started = time.process_time()
    read_text_law("Title\n\n" + line + "\n\nSection 2. Duty\nThe Office shall report.\n", "law")
    assert time.process_time() - started < 10


def test_16_the_ordinance_page_with_clause_marks_is_bounded(tmp_path: Path) -> None:
    from builders import ORDINANCE
    from policytrack.site.build import build_site
    from policytrack.site.kit import SiteOptions
    from test_site_support import PAGE_LIMIT

    words = "The county shall report to the council; " * 2_000  # 80 KB of duties: a 1 MB page before
    ordinance = {**ORDINANCE, "sections": [{"id": "1.01.A", "heading": "Duties", "text": words}]}
    root = write_repo(tmp_path, obligations=[obligation()], ordinances=[ordinance])
    site = build_site(run_check(root, AS_OF), SiteOptions(commit="abc1234"))
    pages = [page for page in site.pages if page.path.startswith("ordinances/")]
    assert pages and max(len(page.markdown.encode()) for page in pages) < 2 * PAGE_LIMIT
    assert "more characters, not shown here" in "".join(page.markdown for page in pages)
