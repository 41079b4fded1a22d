"""``policytrack init DIR``: start the policy repository of a new jurisdiction.

Writes everything a council staffer needs to begin, so that the new repository passes its own check
and builds its status site on a fresh clone:

* the data folders, each with one commented example record to edit or delete;
* ``policytrack.yml``, a working ``mkdocs.yml``, ``docs/`` (kept by git: it holds the two guides,
  "Submit evidence" and "Add an ordinance"), ``.gitignore`` and the JSON Schemas (``schemas/``);
* a README for the repository's clerks and staff;
* ``.github/``: the pull-request gate and the daily check-and-publish workflows (calling this tool's
  composite action with one ``uses:`` line), a pull-request template for evidence, issue templates
  ("Report a missed deadline", "Propose an obligation") and ``CODEOWNERS``;
* ``.pre-commit-config.yaml`` (this tool's pre-commit hooks) and ``requirements.txt`` (a pinned
  ``pip install``).

Nothing is ever overwritten: the target folder must be new or empty.
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from policytrack import __version__
from policytrack.commands.codeowners import CODEOWNERS, codeowners
from policytrack.commands.new import render
from policytrack.model.load import load_repository
from policytrack.model.records import Config, Evidence
from policytrack.model.safetext import excerpt
from policytrack.model.schema import generate
from policytrack.status.verification import evidence_hash

TOOL_REPO = "policytrack/policytrack"
"""Where the tool is published on GitHub (its action, pre-commit hooks and pip source)."""
TOOL_URL = f"https://github.com/{TOOL_REPO}"
REV = f"v{__version__}"
PIP_SPEC = f"policytrack @ git+{TOOL_URL}@{REV}"
ACTION = f"{TOOL_REPO}@{REV}"

TEMPLATES = {
    "mkdocs.yml": "mkdocs.yml",
    ".gitignore": "gitignore",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/pull-request.yml": "github/workflows/pull-request.yml",
    ".github/workflows/site.yml": "github/workflows/site.yml",
    ".github/pull_request_template.md": "github/pull_request_template.md",
    ".github/ISSUE_TEMPLATE/missed-deadline.yml": "github/ISSUE_TEMPLATE/missed-deadline.yml",
    ".github/ISSUE_TEMPLATE/propose-obligation.yml": "github/ISSUE_TEMPLATE/propose-obligation.yml",
    ".github/ISSUE_TEMPLATE/report-an-error.yml": "github/ISSUE_TEMPLATE/report-an-error.yml",
    "docs/submit-evidence.md": "docs/submit-evidence.md",
    "docs/add-an-ordinance.md": "docs/add-an-ordinance.md",
    "README.md": "README.md",
}
"""Generated file → its template in ``policytrack/templates``."""

EXAMPLE = ["EXAMPLE: edit this file to make it a real record, or delete it.",
           "The comment above each key says what it holds; the schema line lets editors complete keys."]


def template(name: str, values: dict[str, str]) -> str:
    """A template's text with its ``@@KEY@@`` fields filled in."""
    text = resources.files("policytrack").joinpath("templates", name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    return text


def template_values(name: str, jurisdiction: str, repo_url: str | None, branch: str = "main",
                    action: str = ACTION) -> dict[str, str]:
    """The values templates are filled with. ``action`` is what the site workflow, on the main branch only,
    uses; the pull-request gate always uses the pinned release (``PINNED_ACTION``), never a copy the pull
    request could have changed."""
    return {"NAME": name, "JURISDICTION": jurisdiction, "REPO_URL": repo_url or "(not set)", "BRANCH": branch,
            "ACTION": action, "PINNED_ACTION": ACTION, "TOOL_URL": TOOL_URL, "REV": REV, "PIP_SPEC": PIP_SPEC,
            "VERSION": __version__}


EXAMPLE_EVIDENCE: dict[str, Any] = {
    "id": "ev-2020-05-01-example-agency-example-obligation", "obligation": "example-obligation",
    "agency": "example-agency", "date": "2020-05-01", "kind": "policy",
    "summary": "The department published its records policy on its web site.",
    "source": {"url": "https://example.org/records-policy", "title": "Records policy"},
    "submitted_by": {"role": "Records officer", "agency": "example-agency"},
}


def examples() -> dict[str, tuple[str, dict[str, Any]]]:
    """Path → (kind, record) of the example records: together they pass the check on any date."""
    return {
        "agencies/example-agency.yml": ("agency", {
            "id": "example-agency", "name": "Example Department", "head": "Director",
        }),
        "agencies/example-auditor.yml": ("agency", {
            "id": "example-auditor", "name": "Office of the Example Auditor", "head": "Auditor",
        }),
        "parties/example-party.yml": ("party", {
            "id": "example-party", "name": "An example federal agency", "kind": "federal-agency",
        }),
        "systems/example-system.yml": ("system", {
            "id": "example-system", "name": "Example records system", "operator": "example-agency",
            "data": ["personal-information"],
        }),
        "ordinances/example-ordinance.yml": ("ordinance", {
            "id": "example-ordinance", "title": "An example ordinance", "number": "0000",
            "citation": "Example Code chapter 1.01", "enacted": "2020-01-01", "effective": "2020-01-11",
            "source": "https://example.org/ordinance-0000",
            "sections": [{"id": "1.01.010", "heading": "Duties",
                          "text": "The department shall publish its records policy by June 30, 2020."}],
            "applies_to": ["example-agency"],
        }),
        "obligations/example-ordinance/example-obligation.yml": ("obligation", {
            "id": "example-obligation", "title": "Publish the records policy", "ordinance": "example-ordinance",
            "section": "1.01.010", "quote": "The department shall publish its records policy by June 30, 2020.",
            "action": "Publish the department's records policy on its web site.", "kind": "one-time",
            "owner": {"agency": "example-agency", "role": "Director"},
            "deadline": {"type": "date", "date": "2020-06-30"},
            "evidence": {"kinds": ["policy"], "description": "The published policy."},
            "systems": ["example-system"],
        }),
        "evidence/example-obligation/2020-05-01-example-agency.yml": ("evidence", EXAMPLE_EVIDENCE),
        "verifications/2020-07-15-example-audit.yml": ("verification", {
            "id": "ver-2020-07-15-example-audit", "evidence": "ev-2020-05-01-example-agency-example-obligation",
            "by": "Office of the Example Auditor", "agency": "example-auditor", "on": "2020-07-15",
            "result": "confirmed", "evidence_sha256": evidence_hash(Evidence.model_validate(EXAMPLE_EVIDENCE)),
            "note": "The auditor opened the address and found the policy as described.",
        }),
        "events/2020-09-01-example-agency-records-request.yml": ("event", {
            "id": "2020-09-01-example-agency-records-request", "kind": "records-request",
            "agency": "example-agency", "date": "2020-09-01", "system": "example-system",
            "summary": "A records request was received (an event record starts a per-event duty; no names).",
        }),
        "breaches/2020-03-01-example-agency-late-policy.yml": ("breach", {
            "id": "2020-03-01-example-agency-late-policy", "obligation": "example-obligation",
            "agency": "example-agency", "date": "2020-03-01", "until": "2020-05-01",
            "summary": "A draft of the policy was used before it was published.",
            "source": {"url": "https://example.org/audit-2020", "title": "Example audit report"},
            "found_by": "Office of the Example Auditor",
            "remedy": {"date": "2020-05-01", "summary": "The policy was published."},
        }),
        "audits/2020-07-15-example-audit.yml": ("audit", {
            "id": "example-audit", "title": "Example audit of the records policy",
            "auditor": "Office of the Example Auditor", "agency": "example-auditor", "date": "2020-07-15",
            "source": {"url": "https://example.org/audit-2020", "title": "Example audit report"},
            "scope": {"ordinances": ["example-ordinance"], "agencies": ["example-agency"]},
            "findings": [{"summary": "A draft of the policy was used before it was published.",
                          "breaches": ["2020-03-01-example-agency-late-policy"],
                          "obligations": ["example-obligation"]}],
        }),
        "recommendations/example-audit/example-audit-1.yml": ("recommendation", {
            "id": "example-audit-1", "audit": "example-audit", "number": "1",
            "text": "The department should publish each revision of its records policy on the day it takes effect.",
            "agency": "example-agency", "obligations": ["example-obligation"],
            "response": {"position": "agree", "date": "2020-07-10", "by": "Director",
                         "source": {"url": "https://example.org/audit-2020-response"}, "target": "2020-12-31"},
            "actions": [{"date": "2020-11-02", "summary": "The department published its revision procedure.",
                         "source": {"url": "https://example.org/revision-procedure"}}],
        }),
        "assessments/example-audit-1/2021-01-15-example-auditor.yml": ("assessment", {
            "id": "example-audit-1-2021-01-15", "recommendation": "example-audit-1", "date": "2021-01-15",
            "by": "Office of the Example Auditor", "agency": "example-auditor", "result": "implemented",
            "summary": "The auditor found every revision since November 2020 published on the day it took effect.",
            "source": {"url": "https://example.org/audit-2020-follow-up"},
        }),
        "amendments/example-ordinance-0001.yml": ("amendment", {
            "id": "example-ordinance-0001", "ordinance": "example-ordinance", "by": "Ordinance 0001",
            "enacted": "2021-03-01", "effective": "2021-04-01", "source": "https://example.org/ordinance-0001",
            "changes": [{"action": "added", "section": "1.01.005", "heading": "Definitions",
                         "text": "In this chapter, records policy means the department's policy on public records."}],
        }),
    }


def config_text(name: str, jurisdiction: str, repo_url: str | None, timezone: str | None) -> str:
    """``policytrack.yml`` of a new repository, with the optional settings explained."""
    lines = ["# yaml-language-server: $schema=schemas/config.schema.json",
             "# The repository's settings (written by `policytrack init`).",
             *render("config", {"name": name, "jurisdiction": jurisdiction}, "policytrack.yml").splitlines()[1:]]
    if repo_url:
        lines += render("config", {"repo_url": repo_url, "branch": "main"}, "policytrack.yml").splitlines()[1:]
    else:
        lines += ["# repo_url: https://github.com/ORG/REPO   # set it to get 'Submit evidence' buttons on the site"]
    if timezone:
        if "timezone" in Config.model_fields:
            lines.append(f"timezone: {yaml_text(timezone)}")
        else:
            lines.append(f"# timezone: {timezone}   # needs a policytrack version with time zones")
    lines += [
        "# council_team: '@ORG/council-staff'   # owns ordinances, obligations and registries (CODEOWNERS)",
        "# verifiers: ['@ORG/auditor']          # alone may add verification and assessment records",
        "# members: {'@ORG/council-staff': ['@LOGIN']}   # who is in each team, for the pull-request gate",
        "verifying_agencies: [example-auditor]  # whose verification records count",
        "# recommendation_response_days: 60     # days an agency has to answer an audit recommendation",
        "# rules:                               # a rule's level here: off, error or warning",
        "#   unreferenced: off",
    ]
    return "\n".join(lines) + "\n"


def yaml_text(value: str) -> str:
    """``value`` as one YAML scalar, quoted where it must be: whatever it holds (``: ``, ``#``, a line break,
    ``[``) it stays the one value of its key."""
    dumped = yaml.safe_dump({"value": value}, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return dumped.removeprefix("value: ").rstrip("\n")


def init(target: Path, name: str, jurisdiction: str, repo_url: str | None, timezone: str | None) -> list[str]:
    """Write a new policy repository into ``target`` (new or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} exists and is not empty: init never overwrites; choose a new folder")
    values = template_values(name, jurisdiction, repo_url)
    in_yaml = {**values, "NAME": yaml_text(name), "JURISDICTION": yaml_text(jurisdiction)}
    files: dict[str, str] = {"policytrack.yml": config_text(name, jurisdiction, repo_url, timezone)}
    for out, source in TEMPLATES.items():  # in YAML, the given words are one quoted value, never more keys
        files[out] = template(source, in_yaml if out.endswith((".yml", ".yaml")) else values)
    for rel, (kind, record) in examples().items():
        files[rel] = render(kind, record, rel, EXAMPLE)
    for schema_name, text in generate().items():
        files[f"schemas/{schema_name}"] = text
    files["requirements.txt"] = f"# The pinned policytrack (written by `policytrack init`).\n{PIP_SPEC}\n"
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    images = resources.files("policytrack").joinpath("templates", "docs", "images")
    for image in sorted(images.iterdir(), key=lambda item: item.name):
        (target / "docs" / "images").mkdir(parents=True, exist_ok=True)
        (target / "docs" / "images" / image.name).write_bytes(image.read_bytes())
        files[f"docs/images/{image.name}"] = ""
    (target / CODEOWNERS).write_text(codeowners(load_repository(target).repository), encoding="utf-8")
    return sorted([*files, CODEOWNERS])


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``policytrack init``."""
    parser = sub.add_parser("init", help="start the policy repository of a new jurisdiction")
    parser.add_argument("dir", help="the new repository's folder (new or empty)")
    parser.add_argument("--name", default=None, help="the site's name (default: '<jurisdiction> policy status')")
    parser.add_argument("--jurisdiction", default="Our jurisdiction", help="such as 'King County, Washington'")
    parser.add_argument("--repo-url", default=None,
                        help="the repository's GitHub address, for the site's 'Submit evidence' buttons")
    parser.add_argument("--timezone", default=None, help="IANA time zone, such as America/Los_Angeles")
    parser.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    """Write the repository and say what to do next."""
    from policytrack.commands.common import EXIT_OK, UsageError

    for option in ("name", "jurisdiction", "repo_url", "timezone"):
        value = getattr(args, option)
        if value is not None and not value.isprintable():  # a line break would start a line of its own
            raise UsageError(f"--{option.replace('_', '-')} {excerpt(value, 60)} holds a line break or another "
                             "control character; give it on one line")
    if args.repo_url and not args.repo_url.startswith(("https://", "http://")):
        raise UsageError(f"--repo-url '{args.repo_url}' is not a web address (https://github.com/ORG/REPO)")
    name = args.name or f"{args.jurisdiction} policy status"
    try:
        written = init(Path(args.dir), name, args.jurisdiction, args.repo_url, args.timezone)
    except (FileExistsError, OSError) as exc:
        raise UsageError(str(exc)) from None
    print(f"Wrote {len(written)} files into {args.dir}:")
    for rel in written:
        print(f"  {rel}")
    print("Next: cd into it, `git init`, commit, then edit or delete the example records "
          "(`policytrack new agency` writes a new one); `policytrack check` must pass.")
    return EXIT_OK
