"""Loader details: which files are read, how plain values resolve, how range errors read."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from builders import AGENCIES, line_of, obligation, write_repo
from policytrack.model.load import load_repository
from policytrack.model.yamlio import YamlDocument, read_yaml


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
    assert document.data == {"a": "no", "b": "on", "c": True, "d": None, "e": 17, "f": "1_000", "g": 31,
                             "h": 2.5, "i": "2019-07-09"}


CORE_SCALARS = [
    # YAML 1.2.2, 10.3.2, the core schema: what editors and JSON Schema see, and nothing of YAML 1.1.
    ("1_0", "1_0"), ("1__0", "1__0"), ("0123", 123), ("+1", 1), ("-0", 0), ("0o17", 15), ("+0o7", "+0o7"),
    ("0x1F", 31), ("-0x1", "-0x1"), ("0b101", "0b101"), ("1:20", "1:20"), ("1.", 1.0), (".5", 0.5),
    ("1e5", 100000.0), ("-1.5E-2", -0.015), ("1e", "1e"), ("12e3.5", "12e3.5"), (".inf", float("inf")),
    ("-.INF", float("-inf")), ("+.Inf", float("inf")), (".", "."), ("yes", "yes"), ("Off", "Off"),
    ("TRUE", True), ("False", False), ("Null", None), ("~", None), ("١٢", "١٢"),
    ("１２", "１２"), ("2019-07-09", "2019-07-09"),
]


@pytest.mark.parametrize(("plain", "value"), CORE_SCALARS, ids=[plain for plain, _ in CORE_SCALARS])
def test_plain_scalars_are_yaml_1_2_core_exactly(plain: str, value: object) -> None:
    document = read_yaml(f"a: {plain}\n".encode())
    assert isinstance(document, YamlDocument)
    assert (document.data["a"], type(document.data["a"])) == (value, type(value))


def test_not_a_number_is_a_float() -> None:
    document = read_yaml(b"a: .NAN\nb: .nan\n")
    assert isinstance(document, YamlDocument)
    assert all(value != value for value in document.data.values())


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


@pytest.mark.parametrize(("deadline", "says"), [
    ({"type": "per-event", "event": "request", "days": 10, "weeks": 6},  # months are a per-event key since issue 15
     "a 'per-event' deadline takes no 'weeks'; the deadline form that takes it: 'type: relative'"),
    ({"type": "recurring", "every": "quarter", "days": 30},
     "the deadline forms that take it: 'type: per-event', 'type: relative'"),
])
def test_a_key_refused_in_one_deadline_form_names_the_forms_that_take_it(
        tmp_path: Path, deadline: dict[str, object], says: str) -> None:
    kind = "per-event" if deadline["type"] == "per-event" else "recurring"
    root = write_repo(tmp_path, obligations=[obligation(kind=kind, deadline=deadline)])
    [finding] = load_repository(root).findings
    assert says in finding.message and "did you mean" not in finding.message


def test_a_key_of_another_record_says_where_it_belongs_and_a_typo_still_gets_its_guess(tmp_path: Path) -> None:
    root = write_repo(tmp_path, obligations=[obligation(recorded_on="2020-01-01")])
    [finding] = load_repository(root).findings
    assert "'recorded_on' belongs in event, not here" in finding.message
    root = write_repo(tmp_path / "typo", obligations=[obligation(deadline={"type": "relative", "monhts": 6})])
    messages = [finding.message for finding in load_repository(root).findings]
    assert any("did you mean 'months'?" in message for message in messages)


def test_the_pages_command_stays_light_and_agrees_with_the_generator() -> None:
    import subprocess
    import sys

    from policytrack.commands import pages as pages_cli
    from policytrack.site import kit, publish

    assert not hasattr(pages_cli, "AS_OF_ENV") and publish.AS_OF_ENV == "POLICYTRACK_AS_OF"  # read in one place
    assert kit.SiteOptions.nav_limit == pages_cli.NAV_LIMIT
    code = "import sys, policytrack.cli; policytrack.cli.build_parser(); print('policytrack.site' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"  # `policytrack check` does not pay for the site's imports


def test_each_command_is_registered_by_the_module_the_lazy_parser_imports_for_it() -> None:
    from policytrack import cli

    def commands(parser: argparse.ArgumentParser) -> dict[str, str]:
        (sub,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
        return {name: help_of.format_help() for name, help_of in sub.choices.items()}

    whole = commands(cli.build_parser())
    assert set(whole) == set(cli.COMMANDS)
    for name in cli.COMMANDS:
        assert commands(cli.build_parser(name))[name] == whole[name]
