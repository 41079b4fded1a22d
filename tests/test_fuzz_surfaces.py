"""Property-based fuzzing of the surfaces issue 16 names beyond the records (issue 16, "extend the fuzz
test"): the repository's configuration, the site's own pages (``docs/``, ``mkdocs.yml``, links among
them), verification records, law files for ``policytrack import`` and commit subjects for ``history``.

Whatever hypothesis writes, no command may crash (exit 70) or read through a link; every finding and every
line printed is one printable line; an import either reads the law or refuses it with its reason. Each run
is derandomized and small, so it takes seconds.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import AGENCIES, evidence, obligation, write_repo
from conftest import RunCli
from gitrepo import git, init_repo
from policytrack.checks.checker import run_check
from policytrack.checks.rules.context import Options
from policytrack.law.document import LawFileError
from policytrack.law.importer import read_law
from policytrack.report.formats import FORMATS
from test_fuzz import HOSTILE, texts

AS_OF = "2020-08-01"
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
SECRET = "/etc/passwd"

levels = st.one_of(st.sampled_from(["off", "warning", "error"]), texts)
configs = st.fixed_dictionaries(
    {"name": texts},
    optional={"rules": st.dictionaries(st.one_of(st.sampled_from(["personal-data", "overdue", "council-review"]),
                                                 texts), levels, max_size=3),
              "council_team": st.one_of(st.sampled_from(["@town/council", "@x"]), texts),
              "verifiers": st.lists(st.one_of(st.just("@town/auditors"), texts), max_size=2),
              "members": st.dictionaries(st.one_of(st.just("@town/auditors"), texts),
                                         st.lists(st.one_of(st.just("@aud"), texts), max_size=2), max_size=2),
              "verifying_agencies": st.lists(st.one_of(st.sampled_from(["jail", "auditor"]), texts), max_size=2),
              "recommendation_response_days": st.one_of(st.integers(-5, 5000), texts)},
)
verifications = st.fixed_dictionaries(
    {"id": st.sampled_from(["ver-1", "ver-2"]), "evidence": st.sampled_from(["ev-1", "nope"]), "by": texts,
     "on": st.sampled_from(["2020-06-01", "2020-13-01", "9999-12-31"])},
    optional={"agency": st.sampled_from(["jail", "auditor", "police"]), "result": st.sampled_from(
        ["confirmed", "disputed", "maybe"]), "evidence_sha256": st.one_of(st.just("0" * 64), texts), "note": texts},
)
docs_texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.sampled_from(
    ["SSN 123-45-6789", "<script>alert(1)</script>", "[x](javascript:alert(1))", "{% include 'x' %}",
     "--8<-- \"/etc/passwd\"", "\x00"]), st.text(max_size=20)), min_size=1, max_size=5).map("\n".join)
mkdocs_values = st.fixed_dictionaries(
    {"site_name": texts},
    optional={"site_description": texts, "docs_dir": st.sampled_from(["docs", "../outside", "/etc", "linked"]),
              "hooks": st.lists(st.sampled_from(["evil.py", "/etc/passwd"]), max_size=1)},
)


def _printable(out: str) -> bool:
    return all(line.isprintable() for line in out.splitlines())


@SETTINGS
@given(config=configs, checks=st.lists(verifications, max_size=2), docs=st.lists(docs_texts, max_size=2),
       mkdocs=st.one_of(st.none(), mkdocs_values), linked=st.booleans())
def test_hostile_configuration_docs_and_verifications_never_crash(
        config: dict[str, Any], checks: list[dict[str, Any]], docs: list[str], mkdocs: dict[str, Any] | None,
        linked: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="policytrack-fuzz-") as folder:
        root = write_repo(Path(folder), obligations=[obligation()], evidence=[evidence("ev-1")],
                          agencies=[*AGENCIES, {"id": "auditor", "name": "Auditor", "head": "Auditor"}])
        (root / "policytrack.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        (root / "verifications").mkdir(exist_ok=True)
        for index, record in enumerate(checks):
            (root / "verifications" / f"v{index}.yml").write_text(yaml.safe_dump(record, allow_unicode=True))
        (root / "docs").mkdir(exist_ok=True)
        for index, text in enumerate(docs):
            (root / "docs" / f"page{index}.md").write_text(text, encoding="utf-8", errors="surrogatepass")
        if linked:
            (root / "docs" / "secret.md").symlink_to(SECRET)
            (root / "linked").symlink_to("/etc")
        if mkdocs is not None:
            (root / "mkdocs.yml").write_text(yaml.safe_dump(mkdocs, allow_unicode=True), encoding="utf-8")
        result = run_check(root, date(2020, 8, 1), Options(replay=True))
        for name, reporter in FORMATS.items():
            out = reporter(result)
            if name in ("json", "sarif"):
                json.loads(out)
            elif name != "junit":
                assert _printable(out), name
            assert "root:x:0:0" not in out  # nothing behind a link is ever read or quoted
        if linked:
            assert any(item.rule in ("site-file", "symlink") for item in result.findings)


law_words = st.lists(st.one_of(st.sampled_from(
    ["Section 1.", "SEC. 2.", "§ 14-188", "14.18.020 Title.", "=== Sec. 19B.3 ===", "(a)", "shall", "within 30 days",
     "(Ord. 1145, 2022)", "Eff. 7/1/2019", "\n", "\n\n"]), st.sampled_from(HOSTILE), st.text(max_size=12)),
    min_size=1, max_size=30).map(" ".join)
xml_documents = st.one_of(
    law_words.map(lambda words: f"<law><num>{words[:20]}</num><text>{words}</text></law>"),
    st.integers(1, 400).map(lambda depth: "<a>" * depth + "x" + "</a>" * depth),
    st.sampled_from(['<?xml version="1.0" encoding="latin-1"?><law/>', '<!DOCTYPE x [<!ENTITY e "e">]><law>&e;</law>',
                     "<law><num>../../etc/x</num></law>", "<law", "\ufeff<law/>"]),
)


@SETTINGS
@given(document=st.one_of(law_words, xml_documents), suffix=st.sampled_from([".txt", ".xml", ".md", ".html"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-7", "latin-1"]))
def test_a_hostile_law_file_is_read_or_refused_with_its_reason(document: str, suffix: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory(prefix="policytrack-fuzz-law-") as folder:
        path = Path(folder) / f"law{suffix}"
        path.write_bytes(document.encode(encoding, errors="replace"))
        try:
            law = read_law(path)
        except LawFileError as exc:
            assert str(exc).strip()
        else:
            assert all(section.id for section in law.sections)


@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(subjects=st.lists(st.one_of(st.sampled_from([*HOSTILE, "::add-mask::x", "##[group]x", "\x1b]0;title\x07"]),
                                   st.text(min_size=1, max_size=20)), min_size=1, max_size=3))
def test_history_prints_hostile_commit_subjects_on_printable_lines(run_cli: RunCli, subjects: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="policytrack-fuzz-history-") as folder:
        root = write_repo(Path(folder), obligations=[obligation()])
        init_repo(root)
        for index, subject in enumerate(subjects):
            (root / "evidence").mkdir(exist_ok=True)
            (root / "evidence" / f"e{index}.yml").write_text(yaml.safe_dump(evidence(f"ev-{index}")))
            clean = subject.replace("\x00", "") or "x"
            git(root, "add", "-A")
            git(root, "commit", "-q", "--allow-empty-message", "-m", clean)
        code, out, err = run_cli("history", root, "--as-of", AS_OF)
        assert code in (0, 1), err
        assert _printable(out) and _printable(err)
        assert not [line for line in out.splitlines() if line.startswith(("::", "##["))]
