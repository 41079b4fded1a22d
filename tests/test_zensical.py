"""The successor generator: ``policytrack pages --config`` and the real ``zensical build`` make the same site."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from policytrack.checks.checker import run_check
from test_site import visible_text
from test_site_support import AS_OF, COUNTY, ROOT, county_site, county_zensical_site


def test_zensical_builds_every_page_and_keeps_obligations_out_of_the_navigation() -> None:
    site = county_zensical_site()
    repo = run_check(COUNTY, AS_OF).repository
    for kind, folder in (("obligations", repo.obligations), ("ordinances", repo.ordinances),
                         ("agencies", repo.agencies), ("systems", repo.systems)):
        for key in folder:
            assert (site / kind / key / "index.html").is_file(), (kind, key)
    for path in ("status.json", "obligations.csv", "assets/policytrack/policytrack.js", "statuses/index.html",
                 "about/index.html"):
        assert (site / path).is_file(), path
    home = (site / "index.html").read_text()
    nav = home.split('md-nav--primary', 1)[1].split("md-sidebar--secondary", 1)[0]
    assert "agencies/jail/" in nav and not any(f"obligations/{key}/" in nav for key in repo.obligations)


def test_zensical_pages_have_their_table_of_contents() -> None:
    page = (county_zensical_site() / "obligations" / "training" / "index.html").read_text()
    toc = page.split("md-nav--secondary", 1)[1]
    for anchor in ("#submit-evidence", "#the-laws-words", "#status-per-agency", "#evidence"):
        assert f'href="{anchor}"' in toc, anchor
    assert 'id="the-laws-words"' in page


def test_zensical_and_mkdocs_say_the_same() -> None:
    for page in ("index.html", "agencies/jail/index.html", "obligations/training/index.html"):
        words = [" ".join(visible_text((site / page).read_text()).split())
                 for site in (county_site(), county_zensical_site())]
        # From the as-of line to the last heading both share (the themes place the tags differently)
        said = [re.sub(r"[¶ ]", "", text) for text in words]
        said = [text[text.index("Statusasof"):text.rindex("Dependencies" if "Dependencies" in text else "Opendata")]
                for text in said]
        assert said[0] == said[1], page


def test_make_site_runs_zensical_when_asked() -> None:
    done = subprocess.run(["make", "-n", "site", "GENERATOR=zensical"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in done.stdout.splitlines()]
    pages = next(line for line in lines if " pages " in line)
    assert "--config zensical.yml" in pages
    assert lines.index(pages) < lines.index(next(line for line in lines if "zensical build" in line))
    wrong = subprocess.run(["make", "-n", "site", "GENERATOR=hugo"], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
    assert wrong.returncode != 0 and "GENERATOR must be mkdocs or zensical" in wrong.stderr


def test_config_keeps_the_sites_settings_and_drops_the_plugin(tmp_path: Path) -> None:
    config = yaml.safe_load((county_zensical_site().parent / "zensical.yml").read_text())
    assert config["site_name"] == yaml.safe_load((COUNTY / "mkdocs.yml").read_text())["site_name"]
    assert "policytrack" not in config["plugins"]
    assert "assets/policytrack/policytrack.css" in config["extra_css"]
    extensions = config["markdown_extensions"]
    assert {"toc": {"permalink": True}} in extensions and "attr_list" in extensions
