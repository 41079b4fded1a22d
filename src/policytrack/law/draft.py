"""Draft obligation files for the clauses of an ordinance that nothing carries yet.

``policytrack draft ORDINANCE`` writes one file per uncovered clause under
``obligations/<ordinance>/``: the clause's exact words as ``quote``, its ``section``, the deadline its
words give (in the model's forms; where the model cannot hold the form, ``type: none`` with the words
in a note), the kind that follows from the modality and the deadline, and an ``owner`` when the actor
the law names matches an agency of the registry (by id, name or head: "the MPD", "The Chief of
Police", "The Mayor"). Each file says ``draft: true``: the ``draft-obligation`` rule refuses it until
a person has completed it and removed that line, and a draft carries no clause for coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from policytrack.law.clauses import Clause
from policytrack.law.coverage import ordinance_coverage
from policytrack.model.deadlines import Deadline
from policytrack.model.load import Repository
from policytrack.model.records import Agency, Ordinance

_DEADLINE = TypeAdapter(Deadline)


@dataclass(frozen=True)
class Draft:
    """One draft obligation: where it goes and what it holds."""

    path: Path
    data: dict[str, Any]


def slug(text: str) -> str:
    """Lower-case id text: letters and digits, other runs become '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def match_agencies(actor: str | None, agencies: dict[str, Agency]) -> list[Agency]:
    """The agencies of the registry that the actor as printed names, in the order it names them
    ("The MPD and the HAPD" gives both); by id or name first, else by the head's title when only one fits."""
    if not actor:
        return []
    words = actor.lower()
    plain = re.sub(r"^(?:the|each|every|all|any)\s+", "", words.strip())
    found: list[tuple[int, Agency]] = []
    for agency in agencies.values():
        spots = [match.start() for match in re.finditer(rf"\b{re.escape(agency.id.lower())}\b", words)
                 if len(agency.id) >= 3]
        name = words.find(agency.name.lower())
        if name >= 0:
            spots.append(name)
        if spots or (len(plain) > 3 and plain == agency.name.lower()):
            found.append((min(spots) if spots else 0, agency))
    if found:
        return [agency for _, agency in sorted(found, key=lambda item: item[0])]
    by_head = [agency for agency in agencies.values()
               if plain == agency.head.lower() or re.search(rf"\b{re.escape(agency.head.lower())}\b", words)]
    return by_head if len(by_head) == 1 else []


def model_deadline(clause: Clause, kind: str) -> dict[str, Any]:
    """The clause's parsed deadline as the model accepts it, or ``type: none`` with a note saying why."""
    words = " ".join(clause.text.split())
    if kind == "prohibition" or clause.deadline is None:
        note = "The law's words give no deadline." if clause.deadline is None else (
            "A prohibition: in force from the law's start.")
        return {"type": "none", "note": note}
    try:
        _DEADLINE.validate_python(clause.deadline)
        return dict(clause.deadline)
    except ValidationError:
        return {"type": "none", "note": f"The law says: '{words[:200]}'; write this deadline in by hand."}


def _kind(clause: Clause) -> str:
    if clause.modality == "prohibition":
        return "prohibition"
    deadline_type = (clause.deadline or {}).get("type")
    return {"recurring": "recurring", "per-event": "per-event"}.get(str(deadline_type), "one-time")


def drafts_for(repo: Repository, ordinance: Ordinance) -> list[Draft]:
    """A draft for each uncovered clause of the ordinance (nothing is written)."""
    taken = set(repo.obligations)
    folder = repo.root / "obligations" / ordinance.id
    out: list[Draft] = []
    for item in ordinance_coverage(repo, ordinance):
        if item.state != "uncovered":
            continue
        clause = item.clause
        base = f"{ordinance.id}-{slug(clause.section or 'clause')}-draft"
        number = 1
        while f"{base}-{number}" in taken or (folder / f"{base}-{number}.yml").exists():
            number += 1
        draft_id = f"{base}-{number}"
        taken.add(draft_id)
        kind = _kind(clause)
        words = " ".join(clause.text.split())
        data: dict[str, Any] = {
            "id": draft_id,
            "title": f"Draft: {words[:90]}{'...' if len(words) > 90 else ''}",
            "ordinance": ordinance.id,
            "section": clause.section,
            "quote": clause.text,
            "action": words,
            "kind": kind,
        }
        matched_agencies = match_agencies(clause.actor, repo.agencies)
        if matched_agencies:
            data["owner"] = {"agency": matched_agencies[0].id, "role": matched_agencies[0].head}
        if len(matched_agencies) > 1:
            data["applies_to"] = [agency.id for agency in matched_agencies]
        data["deadline"] = model_deadline(clause, kind)
        actor = f"the law names '{clause.actor}'" if clause.actor else "the law names no actor"
        names = ", ".join(f"'{agency.id}'" for agency in matched_agencies)
        matched = (f", matched to {names}" if matched_agencies
                   else ", not matched to an agency of the registry")
        data["notes"] = (f"Drafted by policytrack from section {clause.section} ({clause.modality}; {actor}{matched}). "
                         "Check the title, action, owner, deadline and evidence, then remove 'draft: true'.")
        data["draft"] = True
        out.append(Draft(folder / f"{draft_id}.yml", data))
    return out
