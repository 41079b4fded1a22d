"""Property-based fuzzing (issue 8): hostile repositories through the loader, the checker and the site.

Hypothesis writes small repositories whose every value may be hostile: control characters, formula
starts, markup, ids that clash with the generator's names, dates and numbers out of range, raw bytes,
deep nesting, links. Whatever it writes, nothing may raise, every report must be what it claims to be
(JSON, one printable line per finding), and every open-data file must stay valid: JSON, well-formed
Atom, iCalendar that the ``icalendar`` package parses, a CSV without a formula cell, no page over
60 KB. The run is derandomized (the same examples every time) and sized to take well under a minute.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from policytrack.checks.checker import run_check
from policytrack.checks.rules.context import Options
from policytrack.model.limits import EARLIEST_DATE, LATEST_DATE
from policytrack.report.formats import FORMATS
from policytrack.site.build import build_site
from policytrack.site.kit import SiteOptions
from test_site_support import PAGE_LIMIT

HOSTILE = [
    "=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(1)", "  =1", "\uff1dx", "\tx", "<script>alert(1)</script>", "]]>",
    "&amp;", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x80", "\x85", "\x9f", "\ufffe", "\uffff",
    "\u202e", "\u2028", "\r\n", "\n\n", "{: .x }", "*_`|#", "all", "index.md", "Page-2.md", "9.A", "9-A", ":smile:",
    "x" * 4000, "é" * 700, "\U0001f600",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
KINDS = ["one-time", "prohibition", "recurring", "per-event"]



def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` values, and one time in twenty a ``bad`` one: most records load, and reach the site."""
    return st.integers(0, 19).flatmap(lambda roll: bad if roll == 0 else good)


texts = st.one_of(
    st.text(min_size=1, max_size=30),
    st.sampled_from(HOSTILE),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), min_size=1, max_size=4).map("".join),
)
agency_ids = st.sampled_from(["jail", "all", "index.md", "page-2.md", "a.b", "a-b", "police"])
record_ids = mostly(st.one_of(st.sampled_from(["ob-1", "ob-2", "all", "index.md", "page-2.md", "a.b", "a-b"]),
                              st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True)),
                    st.one_of(texts, st.just("")))
dates = mostly(
    st.one_of(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
              st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)).map(date.isoformat),
    st.one_of(st.dates().map(date.isoformat),  # years 1 to 9999: out of range at both ends
              st.sampled_from(["9999-12-31", "0001-01-01", "2020-02-30", "2020-1-1", "1_0",
                               "\u0662\u0660\u0662\u0660-\u0660\u0661-\u0660\u0661"]), texts),
)
numbers: st.SearchStrategy[Any] = mostly(
    st.one_of(st.integers(0, 400), st.integers(0, 36_525)),
    st.one_of(st.integers(), st.sampled_from([-1, 10**8, 36_526, "1_0", 1.5, True, None]), texts))
amounts = st.one_of(st.fixed_dictionaries({"days": numbers}, optional={"business_days": st.booleans()}),
                    st.fixed_dictionaries({"weeks": numbers}), st.fixed_dictionaries({"months": numbers}),
                    st.fixed_dictionaries({"years": numbers}))
deadlines = st.one_of(
    st.fixed_dictionaries({"type": st.just("date"), "date": dates}),
    st.tuples(amounts, st.one_of(st.fixed_dictionaries({"after": st.sampled_from(["enacted", "effective"])}),
                                 st.fixed_dictionaries({"after": st.just("obligation"), "obligation": record_ids}))
              ).map(lambda parts: {"type": "relative", **parts[0], **parts[1]}),
    st.fixed_dictionaries({"type": st.just("recurring"),
                           "every": st.sampled_from(["week", "month", "quarter", "year"])},
                          optional={"day": st.integers(1, 31), "first": dates, "month": st.integers(1, 12),
                                    "interval": mostly(st.integers(1, 100), numbers),
                                    "days_after_period_end": mostly(st.integers(0, 3660), numbers)}),
    st.fixed_dictionaries({"type": st.just("per-event"), "event": st.sampled_from(["request", "vote"])},
                          optional={"days": numbers, "direction": st.sampled_from(["after", "before"]),
                                    "business_days": st.booleans()}),
    st.fixed_dictionaries({"type": st.just("none")}, optional={"note": texts}),
)
obligations = st.fixed_dictionaries(
    {"id": record_ids, "title": texts, "ordinance": st.sampled_from(["ord-1", "index.md"]),
     "section": st.one_of(st.sampled_from(["9.A", "9-A"]), texts), "quote": texts, "action": texts,
     "kind": st.sampled_from(KINDS), "owner": st.fixed_dictionaries({"agency": agency_ids, "role": texts}),
     "deadline": deadlines, "evidence": st.fixed_dictionaries({"kinds": st.lists(texts, min_size=1, max_size=2)},
                                                             optional={"max_age_days": numbers})},
    optional={"applies_to": st.one_of(st.lists(agency_ids, max_size=3, unique=True),
                                      st.fixed_dictionaries({"agencies_tagged": st.sampled_from(["jail", "x"])}),
                                      st.fixed_dictionaries({"operators_of_systems_tagged": st.just("x")})),
              "for_each": st.one_of(st.fixed_dictionaries({"systems": st.lists(st.sampled_from(["sys", "index.md"]),
                                                                               max_size=2, unique=True)}),
                                    st.fixed_dictionaries({"items": st.lists(record_ids, max_size=2)})),
              "tags": st.lists(texts, max_size=2),
              "notes": texts, "depends_on": st.lists(record_ids, max_size=2),
              "systems": st.lists(st.sampled_from(["sys", "index.md"]), max_size=2, unique=True),
              "waiver": st.fixed_dictionaries({"reason": texts, "approved_by": texts, "date": dates}),
              "administrative_deadline": st.fixed_dictionaries(
                  {"type": st.just("date"), "date": dates, "set_by": texts, "set_on": dates})},
)
sources = st.one_of(
    st.fixed_dictionaries({"url": st.just("https://example.org/proof")}, optional={"title": texts}),
    st.fixed_dictionaries({"file": st.one_of(texts, st.sampled_from(["attachments/a.pdf", "attachments/link.pdf",
                                                                       "../outside", "/dev/zero", "attachments"])),
                           "sha256": st.just("ab" * 32)}),
)
evidence_records = st.fixed_dictionaries(
    {"id": record_ids, "obligation": st.sampled_from(["ob-1", "ob-2", "index.md", "all"]), "agency": agency_ids,
     "date": dates, "kind": texts, "summary": texts, "source": sources,
     "submitted_by": st.fixed_dictionaries({"role": texts}, optional={"agency": agency_ids})},
    optional={"verified": st.fixed_dictionaries({"by": texts, "on": dates}),
              "period": st.one_of(st.fixed_dictionaries({"start": dates, "end": dates}),
                                  st.sampled_from(["2021", "2021-Q3", "2021-H1", "2021-06", "9999-Q4", "0000", 2020])),
              "event": st.sampled_from(["ev-a", "ev-b"]), "item": record_ids, "count": numbers},
)
events = st.fixed_dictionaries(
    {"id": st.sampled_from(["ev-a", "ev-b", "all"]), "kind": st.sampled_from(["request", "vote"]), "date": dates,
     "agency": agency_ids, "summary": texts},
    optional={"count": mostly(st.integers(1, 10_000_000), numbers), "item": record_ids, "source": sources,
              "period": st.one_of(st.fixed_dictionaries({"start": dates, "end": dates}), st.just("2020-Q1")),
              "recorded_on": dates},
)
breaches = st.fixed_dictionaries(
    {"id": record_ids, "obligation": st.sampled_from(["ob-1", "ob-2", "index.md"]), "agency": agency_ids,
     "date": dates, "summary": texts, "source": sources, "found_by": texts},
    optional={"until": dates, "found_on": dates, "count": numbers,
              "remedy": st.fixed_dictionaries({"date": dates, "summary": texts})},
)
amendments = st.fixed_dictionaries(
    {"id": record_ids, "ordinance": st.sampled_from(["ord-1", "index.md"]), "by": texts, "enacted": dates,
     "source": st.just("https://example.org/amendment"),
     "changes": st.lists(st.fixed_dictionaries({"action": st.sampled_from(["added", "amended", "repealed"])},
                                               optional={"section": st.one_of(st.sampled_from(["9.A", "9-A"]), texts),
                                                         "heading": texts, "text": texts}), min_size=1, max_size=2)},
    optional={"effective": dates},
)
verifications = st.fixed_dictionaries(
    {"id": record_ids, "evidence": record_ids, "by": texts, "on": dates},
    optional={"result": st.sampled_from(["confirmed", "disputed"]), "agency": agency_ids, "note": texts},
)
agencies = st.fixed_dictionaries({"id": agency_ids, "name": texts, "head": texts},
                                 optional={"tags": st.lists(st.sampled_from(["jail", "x"]) | texts, max_size=2)})
ordinances = st.fixed_dictionaries(
    {"id": st.sampled_from(["ord-1", "index.md"]), "title": texts, "citation": texts, "enacted": dates,
     "source": st.just("https://example.org/ord")},
    optional={"effective": dates, "summary": texts,
              "sections": st.lists(st.fixed_dictionaries({"id": st.one_of(st.sampled_from(["9.A", "9-A"]), texts),
                                                          "heading": texts}, optional={"text": texts}), max_size=3)},
)
raw_files = st.one_of(
    st.binary(max_size=64),
    st.integers(40, 1200).map(lambda depth: ("id: deep\nname: " + "[" * depth + "]" * depth + "\n").encode()),
    st.sampled_from([b"id: x\nname: !!python/object:os.system x\n", b"a: &a [1]\nb: *a\n", b"- 1\n- 2\n",
                     b"key: 1" + b"0" * 200 + b"\n", b"\xff\xfe", b"id: x\n\tname: y\n"]),
)


@st.composite
def repositories(draw: st.DrawFn) -> dict[str, Any]:
    """A repository: records (some valid, all hostile in their values), raw files, perhaps links."""
    return {
        "config": draw(st.one_of(st.none(), st.fixed_dictionaries(
            {"name": texts}, optional={"repo_url": st.just("https://github.com/example/fuzz"),
                                       "due_soon_days": numbers,
                                       "timezone": st.one_of(st.sampled_from(["America/Los_Angeles", "UTC"]), texts),
                                       "holidays": st.fixed_dictionaries(
                                           {"country": st.sampled_from(["US", "ZZ"])},
                                           optional={"subdivision": st.sampled_from(["WA", "ZZ"]),
                                                     "extra": st.lists(dates, max_size=2)}),
                                       "roll": st.sampled_from(["none", "forward", "backward"])}))),
        "ordinances": draw(st.lists(ordinances, min_size=1, max_size=2)),
        "agencies": draw(st.lists(agencies, min_size=1, max_size=4)),
        "systems": draw(st.lists(st.fixed_dictionaries({"id": st.sampled_from(["sys", "index.md"]), "name": texts},
                                                       optional={"operator": agency_ids}), max_size=2)),
        "obligations": draw(st.lists(obligations, min_size=1, max_size=4)),
        "evidence": draw(st.lists(evidence_records, max_size=4)),
        "events": draw(st.lists(events, max_size=2)),
        "breaches": draw(st.lists(breaches, max_size=2)),
        "amendments": draw(st.lists(amendments, max_size=1)),
        "verifications": draw(st.lists(verifications, max_size=2)),
        "raw": draw(st.lists(raw_files, max_size=2)),
        "links": draw(st.lists(st.sampled_from(["agencies/zero.yml", "evidence/passwd.yml", "attachments/link.pdf"]),
                               max_size=2, unique=True)),
        "as_of": draw(st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)),
        "deadlines": draw(st.sampled_from(["error", "warning"])),
    }


def write(root: Path, repo: dict[str, Any]) -> None:
    if repo["config"] is not None:
        (root / "policytrack.yml").write_text(yaml.safe_dump(repo["config"]), encoding="utf-8")
    for folder in ("ordinances", "agencies", "systems", "obligations", "evidence", "events", "breaches", "amendments",
                   "verifications"):
        (root / folder).mkdir()
        for index, record in enumerate(repo[folder]):
            (root / folder / f"r{index}.yml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    for index, data in enumerate(repo["raw"]):
        (root / "agencies" / f"raw{index}.yml").write_bytes(data)
    (root / "attachments").mkdir()
    (root / "attachments" / "a.pdf").write_bytes(b"%PDF")
    for link in repo["links"]:
        (root / link).symlink_to("/dev/zero" if link.endswith(".yml") else "/etc/hostname")


def check_open_data(files: dict[str, bytes]) -> None:
    json.loads(files["status.json"])
    ET.fromstring(files["feed.atom"])
    calendars = [path for path in files if path.endswith(".ics")]
    assert "calendar/all.ics" in calendars
    for path in calendars:
        icalendar.Calendar.from_ical(files[path].decode("utf-8"))
    rows = list(csv.reader(io.StringIO(files["obligations.csv"].decode("utf-8"))))
    assert not [cell for row in rows[1:] for cell in row if cell.lstrip()[:1] in FORMULA_START]


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(repositories())
def test_hostile_repositories_never_crash_and_open_data_stays_valid(repo: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory(prefix="policytrack-fuzz-") as folder:
        root = Path(folder)
        write(root, repo)
        result = run_check(root, repo["as_of"], Options(deadlines=repo["deadlines"], replay=True))
        loaded = result.repository
        event(f"obligations loaded: {min(len(loaded.obligations), 2)}; evidence loaded: {min(len(loaded.evidence), 2)}")
        event(f"events, breaches, law changes, verifications loaded: {bool(loaded.events)}, {bool(loaded.breaches)}, "
              f"{bool(loaded.amendments)}, {bool(loaded.verifications)}")
        for name, reporter in FORMATS.items():
            out = reporter(result)
            if name in ("json", "sarif"):
                json.loads(out)
            elif name == "junit":
                assert len(ET.fromstring(out).findall(".//testcase")) == len(result.findings)
            else:
                assert all(line.isprintable() for line in out.splitlines()), name
                assert len(out.splitlines()) == len(result.findings) + 1
        site = build_site(result, SiteOptions(commit="fuzz"))
        check_open_data(site.files)
        paths = [page.path for page in site.pages]
        assert len(set(paths)) == len(paths)
        for page in site.pages:
            assert len(page.markdown.encode()) < PAGE_LIMIT, page.path
            front = yaml.safe_load(page.front.strip().removeprefix("---").removesuffix("---"))
            assert front["title"], page.path
