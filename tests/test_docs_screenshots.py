"""The screenshots of docs/submit-evidence.md, taken from a site built as the guides build it.

The status site of the walkthrough's repository (``test_walkthrough.start``: the council staffer's
steps of docs/add-an-ordinance.md) is built with the real MkDocs and opened in headless Chromium. The
test checks what the guide says the clerk sees (the jail's "Submit evidence" button opening GitHub's
web editor on ``evidence/post-policy/<date>-jail.yml``; after the merge, the evidence marked claimed),
and takes the two pictures the guide shows. They are written to test-artifacts/docs/; with
``POLICYTRACK_UPDATE_SCREENSHOTS=1`` they also replace the committed ones (small JPEGs) in the guide's
images folder, which the test otherwise compares in size and shape only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import RunCli
from gitrepo import commit_all
from test_browser import chromium_path, serve
from test_walkthrough import AS_OF, DOCS, start

TOOL = Path(__file__).parent.parent
ARTIFACTS = TOOL / "test-artifacts" / "docs"
IMAGES = [TOOL / "docs" / "images", TOOL / "src" / "policytrack" / "templates" / "docs" / "images"]
MAX_BYTES = 80 * 1024


def build(root: Path, out: Path) -> Path:
    env = {**os.environ, "POLICYTRACK_AS_OF": AS_OF, "POLICYTRACK_TODAY": AS_OF}  # not a view of the past
    done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet", "--site-dir", str(out)],
                          cwd=root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out


def shoot(tab: Page, selectors: list[str], name: str) -> Path:
    """A JPEG of the area from the first element to the last of ``selectors``, with a margin around it."""
    box = tab.evaluate(f"""(() => {{
        const nodes = {selectors!r}.map(s => document.querySelector(s));
        nodes[0].scrollIntoView({{block: 'start'}});
        const rects = nodes.map(n => n.getBoundingClientRect());
        const left = Math.min(...rects.map(r => r.left)), top = Math.min(...rects.map(r => r.top));
        const right = Math.max(...rects.map(r => r.right)), bottom = Math.max(...rects.map(r => r.bottom));
        return [left + window.scrollX, top + window.scrollY, right - left, bottom - top];
    }})()""")
    x, y, width, height = (max(value, 0) for value in box)
    clip = {"x": max(x - 24, 0), "y": max(y - 24, 0), "width": min(width + 48, 1000), "height": height + 48}
    path = ARTIFACTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(path), type="jpeg", quality=70, clip=clip, full_page=True)  # type: ignore[arg-type]
    if os.environ.get("POLICYTRACK_UPDATE_SCREENSHOTS") == "1":
        for folder in IMAGES:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / name)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield instance
        instance.close()


def test_the_guide_screenshots(tmp_path: Path, run_cli: RunCli, browser: Browser) -> None:
    root = start(tmp_path, run_cli)
    server, url = serve(build(root, tmp_path / "site"))
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        tab.goto(url + "obligations/post-policy/")
        buttons = tab.evaluate("""[...document.querySelectorAll('a.pt-submit')].map(a => [a.innerText, a.href])""")
        [(label, href)] = buttons
        assert label == "Submit evidence for Town Jail"
        assert href.startswith(f"https://github.com/town/policy/new/main?filename=evidence/post-policy/{AS_OF}-jail.yml"
                               "&value=")
        pictures = [shoot(tab, ["h2#submit-evidence", "a.pt-submit"], "submit-button.jpg")]
        # the clerk's file from the guide, merged: the page shows it as claimed
        guide = (DOCS / "submit-evidence.md").read_text()
        [example] = re.findall(r"```yaml\n(.*?)```", guide, re.S)
        path = root / "evidence/post-policy/2026-02-27-jail.yml"
        path.parent.mkdir(parents=True)
        path.write_text(example)
        commit_all(root, "Merge the jail's evidence")
        server.shutdown()
        server, url = serve(build(root, tmp_path / "site2"))
        tab.goto(url + "obligations/post-policy/")
        timeline = tab.evaluate("document.querySelector('.pt-timeline').innerText")
        assert "The jail posted its detainer policy" in timeline and "Claimed" in timeline
        assert "Verified" not in timeline
        pictures.append(shoot(tab, [".pt-timeline"], "evidence-claimed.jpg"))
        assert errors == []
    finally:
        server.shutdown()
    for picture in pictures:
        assert picture.read_bytes()[:3] == b"\xff\xd8\xff" and len(picture.read_bytes()) < MAX_BYTES
        for folder in IMAGES:
            committed = folder / picture.name
            assert committed.is_file(), f"{committed} is missing: run with POLICYTRACK_UPDATE_SCREENSHOTS=1"
            assert committed.read_bytes()[:3] == b"\xff\xd8\xff" and len(committed.read_bytes()) < MAX_BYTES
    referenced = re.findall(r"\]\((images/[^)]+)\)", (DOCS / "submit-evidence.md").read_text())
    assert sorted(referenced) == ["images/evidence-claimed.jpg", "images/submit-button.jpg"]
