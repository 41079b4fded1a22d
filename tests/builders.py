"""Build miniature policy repositories from Python data, so each test states the records it is about."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from policytrack.checks.checker import CheckResult, run_check
from policytrack.checks.rules.context import Options
from policytrack.model.findings import Finding

AGENCIES: list[dict[str, Any]] = [
    {"id": "exec", "name": "Executive", "head": "County Executive"},
    {"id": "jail", "name": "Jail", "parent": "exec", "head": "Director"},
    {"id": "police", "name": "Police", "head": "Chief"},
]
ORDINANCE: dict[str, Any] = {
    "id": "ord-1",
    "title": "An ordinance",
    "citation": "Code 1.01",
    "enacted": "2020-01-01",
    "effective": "2020-01-11",
    "source": "https://example.org/ord-1",
    "sections": [{"id": "1.01.A", "heading": "Duties", "text": "The jail shall do things."}],
}


def obligation(ob_id: str = "ob-1", **fields: Any) -> dict[str, Any]:
    """A complete, valid obligation owned by the jail, due 2020-06-30; ``fields`` override or add keys
    (a value of None removes the key)."""
    record: dict[str, Any] = {
        "id": ob_id,
        "title": f"Title of {ob_id}",
        "ordinance": "ord-1",
        "section": "1.01.A",
        "quote": "The jail shall do things.",
        "action": "Do things.",
        "kind": "one-time",
        "owner": {"agency": "jail", "role": "Director"},
        "deadline": {"type": "date", "date": "2020-06-30"},
        "evidence": {"kinds": ["report"]},
    }
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


def evidence(ev_id: str, ob_id: str = "ob-1", agency: str = "jail", when: str = "2020-05-01",
             **fields: Any) -> dict[str, Any]:
    """A valid evidence record; ``fields`` override or add keys (None removes)."""
    record: dict[str, Any] = {
        "id": ev_id,
        "obligation": ob_id,
        "agency": agency,
        "date": when,
        "kind": "report",
        "summary": "Done.",
        "source": {"url": "https://example.org/proof"},
        "submitted_by": {"role": "Clerk"},
    }
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


def event(ev_id: str, kind: str = "request", agency: str = "jail", when: str = "2020-05-01",
          **fields: Any) -> dict[str, Any]:
    """A valid event record; ``fields`` override or add keys (None removes)."""
    record: dict[str, Any] = {"id": ev_id, "kind": kind, "date": when, "agency": agency,
                              "summary": f"Event {ev_id}."}
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


def breach(br_id: str, ob_id: str = "ob-1", agency: str = "jail", when: str = "2020-05-01",
           **fields: Any) -> dict[str, Any]:
    """A valid breach record; ``fields`` override or add keys (None removes)."""
    record: dict[str, Any] = {"id": br_id, "obligation": ob_id, "agency": agency, "date": when,
                              "summary": "It happened.", "source": {"url": "https://example.org/audit"},
                              "found_by": "Auditor"}
    record.update(fields)
    return {key: value for key, value in record.items() if value is not None}


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` (relative path → text or bytes) under ``root``, creating folders."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def write_repo(
    root: Path,
    *,
    obligations: Iterable[Mapping[str, Any]] = (),
    evidence: Iterable[Mapping[str, Any]] = (),
    ordinances: Iterable[Mapping[str, Any]] = (ORDINANCE,),
    agencies: Iterable[Mapping[str, Any]] = AGENCIES,
    systems: Iterable[Mapping[str, Any]] = (),
    parties: Iterable[Mapping[str, Any]] = (),
    events: Iterable[Mapping[str, Any]] = (),
    breaches: Iterable[Mapping[str, Any]] = (),
    amendments: Iterable[Mapping[str, Any]] = (),
    verifications: Iterable[Mapping[str, Any]] = (),
    waivers: Iterable[Mapping[str, Any]] = (),
    extensions: Iterable[Mapping[str, Any]] = (),
    config: Mapping[str, Any] | None = None,
    files: Mapping[str, str | bytes] | None = None,
) -> Path:
    """Write the records one per file, as a real repository lays them out; return ``root``."""
    groups = {"obligations": obligations, "evidence": evidence, "ordinances": ordinances,
              "agencies": agencies, "systems": systems, "parties": parties, "events": events,
              "breaches": breaches, "amendments": amendments, "verifications": verifications,
              "waivers": waivers, "extensions": extensions}
    if config is not None:
        root.mkdir(parents=True, exist_ok=True)
        (root / "policytrack.yml").write_text(yaml.safe_dump(dict(config), sort_keys=False), encoding="utf-8")
    for folder, records in groups.items():
        records = list(records)
        if not records and folder in ("events", "breaches", "amendments", "verifications", "waivers", "extensions"):
            continue
        (root / folder).mkdir(parents=True, exist_ok=True)
        for record in records:
            text = yaml.safe_dump(dict(record), sort_keys=False, allow_unicode=True)
            (root / folder / f"{record['id']}.yml").write_text(text, encoding="utf-8")
    write_files(root, files or {})
    return root


def check(root: Path, as_of: str, **options: Any) -> CheckResult:
    """Run the checker on ``root`` as of the date."""
    return run_check(root, date.fromisoformat(as_of), Options(**options))


def fired(result: CheckResult, rule: str) -> list[Finding]:
    """The findings of one rule."""
    return [item for item in result.findings if item.rule == rule]


def line_of(root: Path, rel: str, key: str) -> int:
    """The 1-based line where ``key:`` first starts a line (after indentation) in the file."""
    for number, text in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), start=1):
        if text.lstrip().startswith(f"{key}:") or text.lstrip().startswith(f"- {key}:"):
            return number
    raise AssertionError(f"no key {key!r} in {rel}")
