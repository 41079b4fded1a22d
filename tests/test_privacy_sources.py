"""What the privacy guard reads: every text the site publishes (records as the site shows them, mkdocs.yml,
the site's own pages), never through a link and never outside the repository (issue 16, findings 3, 4)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from builders import check, evidence, fired, obligation, write_files, write_repo
from conftest import MakeRepo, RunCli
from policytrack.checks.privacy_sources import pages_folder, scan_file, walk, yaml_scalars
from policytrack.checks.rules.personal_data import ID

AS_OF = "2020-06-01"
SECRET = "summary: SSN 123-45-6789, FILL IN\n"


def _outside(tmp_path: Path) -> Path:
    """A home folder outside the repository, with personal data in YAML and Markdown files."""
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    (home / "p.yml").write_text(SECRET, encoding="utf-8")
    (home / "notes" / "n.md").write_text("# Notes\n\nSSN 123-45-6789\n", encoding="utf-8")
    return home


def test_a_linked_top_level_data_folder_is_not_read(make_repo: MakeRepo, tmp_path: Path, run_cli: RunCli) -> None:
    # finding 3: 'parties' linked to a home folder; the rule read every file behind it and printed its paths
    home = _outside(tmp_path)
    root = write_repo(make_repo(), obligations=[obligation()])
    (root / "parties").rmdir()
    (root / "parties").symlink_to(home, target_is_directory=True)
    result = check(root, AS_OF)
    assert fired(result, ID) == [] and fired(result, "placeholder") == []
    assert [item.path for item in fired(result, "symlink")] == ["parties"]
    code, out, err = run_cli("check", root, "--as-of", AS_OF)
    assert code == 1  # the link is an error
    assert "parties/p.yml" not in out + err and str(home) not in out + err and "123-45-6789" not in out + err


def test_a_link_to_the_root_folder_is_not_walked(make_repo: MakeRepo) -> None:
    root = write_repo(make_repo(), obligations=[obligation()])
    (root / "systems").rmdir()
    (root / "systems").symlink_to("/", target_is_directory=True)
    (root / "attachments").mkdir()
    (root / "attachments" / "all").symlink_to("/", target_is_directory=True)
    start = time.perf_counter()
    result = check(root, AS_OF)
    assert time.perf_counter() - start < 10  # it used to exhaust memory
    assert fired(result, ID) == []
    assert walk(root, "systems") == [] and walk(root, "attachments") == []


def test_links_inside_the_folders_are_neither_entered_nor_read(make_repo: MakeRepo, tmp_path: Path) -> None:
    home = _outside(tmp_path)
    root = write_repo(make_repo(), obligations=[obligation()])
    (root / "evidence" / "sub").symlink_to(home, target_is_directory=True)
    (root / "docs").mkdir()
    (root / "docs" / "notes").symlink_to(home / "notes", target_is_directory=True)
    (root / "docs" / "page.md").symlink_to(home / "notes" / "n.md")
    (root / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    assert walk(root, "evidence") == []  # only the link is there
    assert walk(root, "docs") == ["docs/about.md"]
    assert fired(check(root, AS_OF), ID) == []


def test_docs_dir_outside_the_repository_or_through_a_link_is_not_read(make_repo: MakeRepo,
                                                                       tmp_path: Path) -> None:
    home = _outside(tmp_path)
    root = write_repo(make_repo(), obligations=[obligation()])
    (root / "linked").symlink_to(home, target_is_directory=True)
    for docs_dir in (str(home / "notes"), "../home/notes", "linked/notes", "linked", ".", "docs/../../home"):
        (root / "mkdocs.yml").write_text(f"site_name: Town\ndocs_dir: {docs_dir}\n", encoding="utf-8")
        assert pages_folder(root, (root / "mkdocs.yml").read_text(encoding="utf-8")) is None, docs_dir
        assert fired(check(root, AS_OF), ID) == [], docs_dir
    assert pages_folder(root, "site_name: Town\ndocs_dir: pages/./site\n") == "pages/site"
    assert pages_folder(root, "site_name: Town\n") == "docs"


def test_a_value_found_only_as_the_site_shows_it_is_placed_at_its_start(make_repo: MakeRepo,
                                                                         run_cli: RunCli) -> None:
    root = write_repo(make_repo(), obligations=[obligation()], evidence=[evidence("ev-1")])
    path = root / "evidence/ev-1.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "summary: Done.", "summary: >-\n  Released the man with SSN 123-45-\n  6789 on a detainer."), encoding="utf-8")
    [finding] = fired(check(root, AS_OF), ID)
    assert (finding.line, finding.column) == (6, 10)  # the value, after 'summary: '
    assert finding.message.startswith("the value starting on this line contains, as the site shows it (its "
                                      "escapes, line breaks and invisible characters undone), what looks like "
                                      "a US social security number (ssn)")
    # silenced like any finding: a comment alone on the line before the key
    path.write_text(path.read_text(encoding="utf-8").replace(
        "summary: >-", '# policytrack: disable=personal-data reason="a made-up number"\nsummary: >-'),
        encoding="utf-8")
    [finding] = fired(check(root, AS_OF), ID)
    assert finding.silenced == "a made-up number"


def test_mkdocs_yml_and_the_sites_pages_are_scanned_and_stop_the_site(make_repo: MakeRepo, run_cli: RunCli,
                                                                      tmp_path: Path) -> None:
    root = write_repo(make_repo(), obligations=[obligation()])
    write_files(root, {
        "mkdocs.yml": ("site_name: Town\nsite_description: Questions to maria.lopez1987@gmail.com\n"
                       "markdown_extensions:\n  - pymdownx.emoji:\n"
                       "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"),
        "docs/about.md": "# About\n\nThe man with SSN 123&#45;45&#45;6789 was released.\n",
        "docs/images/A012345678.png": b"\x89PNG",
    })
    found = sorted((item.path, item.line, item.message.split(" what looks like")[0]) for item in
                   fired(check(root, AS_OF), ID))
    assert found == [
        ("docs/about.md", 3, "the paragraph starting on this line contains, as the page shows it (its entities, "
                             "tags and emphasis undone),"),
        ("docs/images/A012345678.png", 0, "the file name contains"),
        ("mkdocs.yml", 2, "this line contains"),
    ]
    code, _, err = run_cli("pages", tmp_path / "pages", root, "--as-of", AS_OF)
    assert code == 2 and "the site is not built: 3 places hold" in err and "mkdocs.yml:2" in err
    assert "maria" not in err and "6789" not in err
    # a reviewed false positive in a page is silenced on its line, in an HTML comment
    write_files(root, {"docs/about.md": "# About\n\nCall 206-555-0100. <!-- # policytrack: disable=personal-data "
                                        'reason="the office\'s published main line" -->\n',
                       "mkdocs.yml": "site_name: Town\n"})
    os.remove(root / "docs/images/A012345678.png")
    [finding] = fired(check(root, AS_OF), ID)
    assert finding.silenced == "the office's published main line"


def test_yaml_values_are_read_after_parsing_and_aliases_once() -> None:
    text = 'a: "\\x31\\x32\\x33"\nb: &x >-\n  folded\n  text\nc: *x\nd: plain\n'
    scalars = {item.path: item for item in yaml_scalars(text, every=True) or []}
    assert scalars[("a",)].value == "123" and scalars[("a",)].differs
    assert (scalars[("b",)].value, scalars[("b",)].line, scalars[("b",)].last) == ("folded text", 2, 4)
    assert ("c",) not in scalars  # the alias's value is scanned once, where it is anchored
    assert not scalars[("d",)].differs
    assert [item.path for item in yaml_scalars(text) or []] == [("a",), ("b",)]  # only the values that differ
    assert yaml_scalars("a: [unclosed\n", every=True) is None
    assert yaml_scalars("a: plain\n") == []  # nothing can differ from what is written: not parsed


def test_law_text_is_public_record_but_the_rest_of_the_record_is_not() -> None:
    record = ("id: sf\nsummary: Call 415-555-0143.\nsections:\n  - id: 19B.3\n    heading: Sec. 19B.3\n"
              "    text: |-\n      The Department shall report.\n      Call 415-555-0143 or\n"
              "      SSN 123-45-\n      6789.\n")
    assert [(hit.line, hit.kind) for hit in scan_file("ordinances/sf.yml", record)] == [(2, "phone-number")]
    assert {(hit.line, hit.kind) for hit in scan_file("evidence/sf.yml", record)} == {
        (2, "phone-number"), (8, "phone-number"), (6, "ssn")}
