"""Loader details: which files are read, how plain values resolve, how range errors read."""

from __future__ import annotations

from pathlib import Path

from builders import AGENCIES, line_of, obligation, write_repo
from policytrack.load import load_repository
from policytrack.yamlio import YamlDocument, read_yaml


def test_hidden_files_in_data_folders_are_reported_but_gitkeep_is_not(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation()],
                      files={"obligations/.draft.yml": "id: x\n", "evidence/.gitkeep": ""})
    findings = load_repository(root).findings
    assert [(f.path, f.rule) for f in findings] == [("obligations/.draft.yml", "not-yaml")]
    assert "leading dot" in findings[0].message


def test_upper_case_suffix_is_loaded(tmp_path: Path) -> None:
    root = write_repo(tmp_path, agencies=[], files={"agencies/jail.YML": "id: jail\nname: Jail\nhead: Director\n"})
    loaded = load_repository(root)
    assert loaded.findings == [] and list(loaded.repository.agencies) == ["jail"]


def test_plain_values_follow_yaml_1_2_so_no_and_on_stay_text() -> None:
    document = read_yaml(b"a: no\nb: on\nc: true\nd: ~\ne: 017\nf: 1_000\ng: 0x1f\nh: 2.5\ni: 2019-07-09\n")
    assert isinstance(document, YamlDocument)
    assert document.data == {"a": "no", "b": "on", "c": True, "d": None, "e": "017", "f": 1000, "g": 31,
                             "h": 2.5, "i": "2019-07-09"}


def test_a_role_called_no_is_text_not_false(tmp_path: Path) -> None:
    agencies = [*AGENCIES, {"id": "norway", "name": "Norway office", "head": "no"}]
    root = write_repo(tmp_path, agencies=agencies)
    (root / "agencies" / "norway.yml").write_text("id: norway\nname: Norway office\nhead: no\n")
    loaded = load_repository(root)
    assert loaded.findings == [] and loaded.repository.agencies["norway"].head == "no"


def test_a_number_out_of_range_says_the_bound(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(deadline={"type": "relative", "days": -5})])
    [finding] = load_repository(root).findings
    assert "'deadline.days': must be at least 0, not -5" in finding.message
    assert finding.line == line_of(root, "obligations/ob-1.yml", "days")


def test_the_pages_command_stays_light_and_agrees_with_the_generator() -> None:
    import subprocess
    import sys

    from policytrack import pages, pages_cli

    assert pages_cli.AS_OF_ENV == pages.AS_OF_ENV
    assert pages.SiteOptions.nav_limit == pages_cli.NAV_LIMIT
    code = "import sys, policytrack.cli; policytrack.cli.build_parser(); print('policytrack.pages' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"  # `policytrack check` does not pay for the site's imports
