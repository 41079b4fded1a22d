"""Shared fixtures: build a miniature policy repository, and run the command as a user does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from builders import write_files

TESTS = Path(__file__).parent
EXAMPLES = TESTS / "examples"
BASIC = EXAMPLES / "valid" / "basic"
"""A small clean repository: two agencies, one ordinance, two obligations, one evidence record."""

MakeRepo = Callable[..., Path]
RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """``make_repo(files, base=None)``: a new folder under tmp_path holding ``files`` (path → text or bytes).

    With ``base`` (such as :data:`BASIC`), the folder starts as a copy of that repository.
    """
    counter = 0

    def make(files: Mapping[str, str | bytes] | None = None, *, base: Path | None = None) -> Path:
        nonlocal counter
        counter += 1
        root = tmp_path / f"repo{counter}"
        if base is not None:
            shutil.copytree(base, root, ignore=shutil.ignore_patterns("expected.yml"))
        else:
            root.mkdir()
        write_files(root, files or {})
        return root

    return make


@pytest.fixture
def run_cli() -> RunCli:
    """``run_cli(*args, cwd=None, env=None)`` runs ``python -m policytrack`` → (exit code, stdout, stderr)."""

    def run(*args: str | os.PathLike[str], cwd: Path | None = None,
            env: Mapping[str, str] | None = None) -> tuple[int, str, str]:
        environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
        environment.update(env or {})
        done = subprocess.run(
            [sys.executable, "-m", "policytrack", *map(str, args)],
            cwd=cwd, env=environment, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )
        return done.returncode, done.stdout, done.stderr

    return run
