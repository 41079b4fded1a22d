"""The pull request's own findings: what the gate says about the change itself, beside its files' checks.

Who may change what comes from REF's ``policytrack.yml`` (the repository's settings cannot be changed by
the pull request they judge): ``council_team`` and ``verifiers`` name GitHub teams or users, and
``members`` lists the logins of each team, because GitHub does not tell a workflow who is in a team.
The author is what ``--author`` gives (the workflow passes the pull request's author). Without it, or
without those settings, nobody is council staff or a verifier, and every such change is an error.

* ``protected-file`` (error): any change outside the data folders (the configuration, ``mkdocs.yml`` and
  ``docs/``, ``.github/``, ``action.yml``, ``src/``, the hooks, any file the site build or CI may read),
  unless the author is council staff;
* ``record-deleted`` (error): a breach, event, verification or registry record that the pull request
  deletes (or whose id it changes), unless the author is council staff;
* ``verification-change`` (error): a verification record added or changed, unless the author is a verifier;
* ``evidence-self-verified`` (error): evidence carrying its own ``verified:`` block;
* ``evidence-file-name`` (error): evidence whose file name names another agency than its ``agency:``
  (or none), as CODEOWNERS reads it: ``evidence/<obligation>/<date>-<agency>[-n].yml``;
* ``council-review`` (warning): a change to the law's record, breaches, events or registries.
"""

from __future__ import annotations

import os
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from policytrack.checks.ruleconfig import (
    COUNCIL_REVIEW,
    DELETED,
    EVIDENCE_NAME,
    NOT_VERIFIER,
    PROTECTED,
    SELF_VERIFIED,
    VERIFICATION_CHANGE,
)
from policytrack.model.findings import Finding
from policytrack.model.load import ATTACHMENTS, CONFIG_FILE, DATA_FOLDERS, Repository
from policytrack.model.records import Config
from policytrack.model.safetext import printable

if TYPE_CHECKING:
    from policytrack.checks.checker import CheckResult

REVIEW_FOLDERS = ("ordinances", "obligations", "amendments", "breaches", "events", "agencies", "systems",
                  "parties")
"""Changes here are reported for council review (a warning)."""
DELETE_KINDS = ("breach", "event", "verification", "agency", "system", "party")
"""Records that only council staff may delete."""


def is_member(config: Config, author: str | None, team: str | None) -> bool:
    """Whether ``author`` (a GitHub login, with or without '@') is ``team`` (a user entry) or listed among its
    ``members`` in ``config``."""
    if not author or not team:
        return False
    login = "@" + author.strip().removeprefix("@").casefold()
    listed = next((users for name, users in config.members.items() if name.casefold() == team.casefold()), [])
    return login == team.casefold() or login in {user.casefold() for user in listed}


def is_council(config: Config, author: str | None) -> bool:
    """Whether the author is council staff (``council_team``)."""
    return is_member(config, author, config.council_team)


def is_verifier(config: Config, author: str | None) -> bool:
    """Whether the author is one of the ``verifiers``."""
    return any(is_member(config, author, team) for team in config.verifiers)


def file_agency(name: str, agencies: list[str]) -> str | None:
    """The agency an evidence file's name gives it, read as ``policytrack codeowners`` routes it
    (``*-<agency>.yml`` or ``*-<agency>-*.yml``; the longest matching id wins, as the later line does)."""
    found = None
    for agency in sorted(agencies, key=lambda item: (len(item), item)):
        if fnmatchcase(name, f"*-{agency}.yml") or fnmatchcase(name, f"*-{agency}-*.yml"):
            found = agency
    return found


def _who(author: str | None, teams: list[str], role: str) -> str:
    """Why the author is not allowed, for the message."""
    if not author:
        return "the gate was not told who opened the pull request (--author)"
    if not teams:
        return f"policytrack.yml names no {role}"
    return f"'{author}' is not {' or '.join(teams)}, nor listed for it under members: in policytrack.yml"


def _what(rel: str) -> str:
    """What a file outside the data folders is, for the message."""
    parts = [part for part in PurePosixPath(rel).parts if part != ".."]
    top = parts[0] if parts else ""
    if rel == CONFIG_FILE:
        return "the repository's settings: rules, time zone, holidays, repo_url, verifiers and council staff"
    if rel == "mkdocs.yml" or top == "docs":
        return "read by the site build and published"
    if top == ".github":
        return "the workflows, templates and CODEOWNERS"
    if top in ("src", "action.yml", "action.yaml", "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt"):
        return "the tool that checks pull requests and builds the site"
    if top.startswith(".pre-commit"):
        return "the commit hooks"
    return "not a record in a data folder: CI and the site build may read it"


def gate_findings(head: CheckResult, old: Repository | None, paths: list[str], author: str | None) -> list[Finding]:
    """The pull request's own findings, at the levels REF's configuration gives them."""
    repo = head.repository
    config = repo.config
    council, verifier = is_council(config, author), is_verifier(config, author)
    changed = set(paths)
    out: list[Finding] = []
    for evidence in repo.evidence.values():
        origin = repo.origin("evidence", evidence.id)
        if origin is None or origin.path not in changed:
            continue
        if evidence.verified is not None:
            line, column = origin.position("verified")
            out.append(Finding(origin.path, line, column, SELF_VERIFIED, "error",
                               f"evidence '{evidence.id}' carries its own 'verified:' block: a submitter cannot "
                               "verify their own evidence; remove the block (a verifier adds a record under "
                               "verifications/)", evidence.obligation, evidence.agency))
        named = file_agency(PurePosixPath(origin.path).name, list(repo.agencies))
        if named != evidence.agency:
            line, column = origin.position("agency")
            said = f"names agency '{named}'" if named else "names no agency"
            out.append(Finding(origin.path, line, column, EVIDENCE_NAME, "error",
                               f"the file name {said}, but the record is for '{evidence.agency}': CODEOWNERS asks "
                               "the team of the agency in the name to review it; name the file "
                               f"<date>-{evidence.agency}.yml (policytrack new evidence does)",
                               evidence.obligation, evidence.agency))
    for path in paths:
        folder = PurePosixPath(path).parts[0]
        exists = (repo.root / path).exists()
        if folder not in (*DATA_FOLDERS, ATTACHMENTS) and not council:
            state = "changes" if exists else "deletes"
            out.append(Finding(path, 0, 0, PROTECTED, "error",
                               f"this pull request {state} {path} ({_what(path)}): only council staff may; "
                               + _who(author, [config.council_team] if config.council_team else [],
                                      "council_team")))
        elif folder == "verifications" and exists and not verifier:
            out.append(Finding(path, 0, 0, VERIFICATION_CHANGE, "error",
                               "this pull request adds or changes a verification record: only a verifier may; "
                               + _who(author, config.verifiers, "verifiers")))
        elif folder in REVIEW_FOLDERS:
            state = "changes" if exists else "deletes"
            out.append(Finding(path, 0, 0, COUNCIL_REVIEW, "warning",
                               f"this pull request {state} a record under {folder}/: council staff must review it "
                               "before it is merged"))
    if old is not None and not council:
        out.extend(_deleted(head, old, author))
    out.extend(_assessments(head, changed, author))
    kept = []
    for finding in out:
        level = config.rules.get(finding.rule)
        if level == "off":
            continue
        # paths and the author come from the pull request: one printable line each, as every finding
        kept.append(replace(finding, severity=level or finding.severity, path=printable(finding.path),
                            message=printable(finding.message)))
    return kept


def _deleted(head: CheckResult, old: Repository, author: str | None) -> list[Finding]:
    """Breach, event, verification and registry records of the merge base that are gone (deleted, or their id
    changed); a file that is still there but no longer loads has its own error."""
    repo = head.repository
    config = repo.config
    loaded = {origin.path for origin in repo.origins.values()}
    out = []
    for kind in DELETE_KINDS:
        for record_id in sorted(set(old.table(kind)) - set(repo.table(kind))):
            origin = old.origin(kind, record_id)
            path = origin.path if origin else ""
            if os.path.lexists(repo.root / path) and path not in loaded:
                continue  # still there, but it does not load: its own error says why
            out.append(Finding(path, 0, 0, DELETED, "error",
                               f"this pull request deletes {kind} '{record_id}' (or changes its id): only council "
                               "staff may delete a record of what happened or of the registry; "
                               + _who(author, [config.council_team] if config.council_team else [], "council_team")))
    return out


def _assessments(head: CheckResult, changed: set[str], author: str | None) -> list[Finding]:
    """An assessment the pull request adds, changes or deletes must be the verifiers': its author one of
    ``verifiers`` in REF's policytrack.yml, and the assessment never by the agency the recommendation is
    addressed to (an agency cannot close its own recommendation; it reports action under ``actions``)."""
    from policytrack.status.recommendations import by_auditor

    repo = head.repository
    config = repo.config
    verifier = is_verifier(config, author)
    out: list[Finding] = []
    seen: set[str] = set()
    for assessment in repo.assessments.values():
        origin = repo.origin("assessment", assessment.id)
        if origin is None or origin.path not in changed:
            continue
        seen.add(origin.path)
        recommendation = repo.recommendations.get(assessment.recommendation)
        if recommendation is not None and not by_auditor(repo, recommendation, assessment):
            why = (f"is by {assessment.agency}, the agency recommendation '{recommendation.id}' is addressed to: an "
                   "agency cannot close its own recommendation; report what it did under the recommendation's "
                   "'actions' instead")
        elif not verifier:
            why = "was added or changed by someone who is not a verifier: " + _who(author, config.verifiers,
                                                                                  "verifiers")
        else:
            continue
        line, column = origin.position("agency")
        out.append(Finding(origin.path, line, column, NOT_VERIFIER, "error",
                           f"assessment '{assessment.id}' {why}", None, assessment.agency))
    for path in sorted(changed):
        if path.startswith("assessments/") and path not in seen and not (repo.root / path).exists() \
                and not verifier:
            out.append(Finding(path, 0, 0, NOT_VERIFIER, "error",
                               "this pull request deletes an assessment: only a verifier may; "
                               + _who(author, config.verifiers, "verifiers")))
    return out
