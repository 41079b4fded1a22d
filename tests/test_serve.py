"""`mkdocs serve` rebuilds the status site when a YAML file of the repository changes (real MkDocs)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import BASIC

MKDOCS_YML = """site_name: Serve test
theme:
  name: material
  font: false
plugins:
  - search
  - policytrack
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, needle: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        page = _fetch(url)
        if needle in page:
            return page
        time.sleep(0.3)
    return page


def test_serve_rebuilds_when_an_obligation_changes(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASIC, root, ignore=shutil.ignore_patterns("expected.yml"))
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "POLICYTRACK_AS_OF": "2021-01-01", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        page_url = f"http://127.0.0.1:{port}/obligations/ord-1-publish-list/"
        first = _wait_for(page_url, "Publish the list of parks", 90)
        assert "Publish the list of parks" in first, "mkdocs serve did not serve the obligation page"
        obligation = root / "obligations" / "ord-1-publish-list.yml"
        text = obligation.read_text(encoding="utf-8")
        obligation.write_text(text.replace("title: Publish the list of parks",
                                           "title: Publish the register of parks"), encoding="utf-8")
        second = _wait_for(page_url, "Publish the register of parks", 90)
        assert "Publish the register of parks" in second, "the site was not rebuilt after the YAML file changed"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            server.kill()
