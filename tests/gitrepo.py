"""Real git repositories for the tests of the pull-request gate (git runs as a subprocess)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(root: Path, *args: str) -> str:
    """Run git in ``root``; fail the test with git's message if it fails; return its output."""
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def init_repo(root: Path) -> Path:
    """Make ``root`` (already holding files) a git repository on branch main with one commit."""
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Start")
    return root


def commit_all(root: Path, message: str) -> None:
    """Stage every change in ``root`` and commit it."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
