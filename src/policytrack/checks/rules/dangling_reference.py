"""A record refers to an id that does not exist.

Obligations name their ordinance and section, owner agency, the agencies they apply to, systems and
the obligations they depend on (or count their deadline from); evidence names its agency and the event
it answers; events, breaches and verifications name their agency, system, obligation or evidence; audits
name their auditor, scope, breaches and obligations; recommendations their audit, agency, obligations and
sections; assessments their recommendation, agency and report; law changes name their ordinance;
systems name their operator and the parties with access; agencies name their parent; ordinances name
agencies and parties. Each of these must be the id of a record in the repository (sections: an ``id``
in the ordinance's ``sections``). Fix: correct the id, or add the missing record.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from policytrack.checks.rules.context import Context
from policytrack.law.inforce import changes_of
from policytrack.model.deadlines import RelativeDeadline
from policytrack.model.findings import Finding

ID = "dangling-reference"
SEVERITY = "error"

Ref = tuple[str, str, tuple[str | int, ...], str, str | None, str | None]
"""(kind of the record, its id, field path, referenced kind, referenced id, obligation)."""


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each reference to an id that no record has."""
    repo = ctx.repo
    for kind, record_id, path, target, value, obligation in _references(ctx):
        if value is None:
            continue
        if target == "section":
            ordinance = repo.ordinances.get(_section_ordinance(ctx, kind, record_id, path) or "")
            if ordinance is None:
                continue
            known = [section.id for section in ordinance.sections]
            known += [change.section for change in changes_of(repo, ordinance.id)
                      if change.action == "added" and change.section]
            if value in known:
                continue
            what = f"section '{value}' is not among the sections of ordinance '{ordinance.id}'"
        else:
            table = repo.table(target)
            if value in table:
                continue
            known = list(table)
            what = f"{target} '{value}' does not exist"
        guess = difflib.get_close_matches(value, known, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; add it under {_folder(target)} or correct the id"
        yield ctx.finding(ID, SEVERITY, kind, record_id, path, f"{_dotted(path)}: {what}{hint}",
                          obligation=obligation)


def _references(ctx: Context) -> Iterator[Ref]:
    repo = ctx.repo
    for ob in repo.obligations.values():
        yield "obligation", ob.id, ("ordinance",), "ordinance", ob.ordinance, ob.id
        yield "obligation", ob.id, ("section",), "section", ob.section, ob.id
        if ob.owner:
            yield "obligation", ob.id, ("owner", "agency"), "agency", ob.owner.agency, ob.id
        for index, owner in enumerate(ob.co_owners):
            yield "obligation", ob.id, ("co_owners", index, "agency"), "agency", owner.agency, ob.id
        if isinstance(ob.applies_to, list):
            yield from _each("obligation", ob.id, "applies_to", "agency", ob.applies_to, ob.id)
        if ob.for_each is not None and ob.for_each.systems:
            yield from ((kind, rid, ("for_each", *path), target, value, obl) for kind, rid, path, target, value, obl
                        in _each("obligation", ob.id, "systems", "system", ob.for_each.systems, ob.id))
        for key in ("deadline", "administrative_deadline"):
            deadline = getattr(ob, key)
            if isinstance(deadline, RelativeDeadline) and deadline.obligation:
                yield "obligation", ob.id, (key, "obligation"), "obligation", deadline.obligation, ob.id
        yield from _each("obligation", ob.id, "systems", "system", ob.systems, ob.id)
        yield from _each("obligation", ob.id, "depends_on", "obligation", ob.depends_on, ob.id)
        if ob.waiver:
            for index, agency in enumerate(ob.waiver.agencies):
                yield "obligation", ob.id, ("waiver", "agencies", index), "agency", agency, ob.id
    for ev in repo.evidence.values():
        yield "evidence", ev.id, ("agency",), "agency", ev.agency, ev.obligation
        if ev.submitted_by.agency:
            yield "evidence", ev.id, ("submitted_by", "agency"), "agency", ev.submitted_by.agency, ev.obligation
        if ev.verified is not None and ev.verified.agency:
            yield "evidence", ev.id, ("verified", "agency"), "agency", ev.verified.agency, ev.obligation
        yield "evidence", ev.id, ("event",), "event", ev.event, ev.obligation
    for event in repo.events.values():
        yield "event", event.id, ("agency",), "agency", event.agency, None
        yield "event", event.id, ("system",), "system", event.system, None
    for breach in repo.breaches.values():
        yield "breach", breach.id, ("obligation",), "obligation", breach.obligation, breach.obligation
        yield "breach", breach.id, ("agency",), "agency", breach.agency, breach.obligation
    for check in repo.verifications.values():
        yield "verification", check.id, ("evidence",), "evidence", check.evidence, None
        yield "verification", check.id, ("agency",), "agency", check.agency, None
    yield from _audit_references(ctx)
    for change in repo.amendments.values():
        yield "amendment", change.id, ("ordinance",), "ordinance", change.ordinance, None
    for system in repo.systems.values():
        yield "system", system.id, ("operator",), "agency", system.operator, None
        for index, access in enumerate(system.access):
            yield "system", system.id, ("access", index, "party"), "party", access.party, None
    for registered in repo.agencies.values():
        yield "agency", registered.id, ("parent",), "agency", registered.parent, None
    for ordinance in repo.ordinances.values():
        yield from _each("ordinance", ordinance.id, "applies_to", "agency", ordinance.applies_to, None)
        yield from _each("ordinance", ordinance.id, "restricts", "party", ordinance.restricts, None)


def _audit_references(ctx: Context) -> Iterator[Ref]:
    repo = ctx.repo
    for audit in repo.audits.values():
        yield "audit", audit.id, ("agency",), "agency", audit.agency, None
        yield "audit", audit.id, ("follows_up",), "audit", audit.follows_up, None
        yield from _each("audit", audit.id, "ordinances", "ordinance", audit.scope.ordinances, None, ("scope",))
        yield from _each("audit", audit.id, "agencies", "agency", audit.scope.agencies, None, ("scope",))
        for index, finding in enumerate(audit.findings):
            at = ("findings", index)
            yield from _each("audit", audit.id, "breaches", "breach", finding.breaches, None, at)
            yield from _each("audit", audit.id, "obligations", "obligation", finding.obligations, None, at)
    for item in repo.recommendations.values():
        yield "recommendation", item.id, ("audit",), "audit", item.audit, None
        yield "recommendation", item.id, ("agency",), "agency", item.agency, None
        yield from _each("recommendation", item.id, "obligations", "obligation", item.obligations, None)
        for index, ref in enumerate(item.sections):
            yield "recommendation", item.id, ("sections", index, "ordinance"), "ordinance", ref.ordinance, None
            if ref.ordinance in repo.ordinances:
                yield "recommendation", item.id, ("sections", index, "section"), "section", ref.section, None
        for index, action in enumerate(item.actions):
            yield "recommendation", item.id, ("actions", index, "agency"), "agency", action.agency, None
    for assessment in repo.assessments.values():
        yield "assessment", assessment.id, ("recommendation",), "recommendation", assessment.recommendation, None
        yield "assessment", assessment.id, ("agency",), "agency", assessment.agency, None
        yield "assessment", assessment.id, ("report",), "audit", assessment.report, None


def _section_ordinance(ctx: Context, kind: str, record_id: str, path: tuple[str | int, ...]) -> str | None:
    """The ordinance whose sections a section reference names: the obligation's, or the recommendation's
    reference's own."""
    if kind == "obligation":
        return ctx.repo.obligations[record_id].ordinance if record_id else None
    index = path[1]
    return ctx.repo.recommendations[record_id].sections[index].ordinance if isinstance(index, int) else None


def _each(kind: str, record_id: str, field: str, target: str, values: Iterable[str],
          obligation: str | None, parent: tuple[str | int, ...] = ()) -> Iterator[Ref]:
    for index, value in enumerate(values):
        yield kind, record_id, (*parent, field, index), target, value, obligation


def _dotted(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else (f".{step}" if i else step)
                   for i, step in enumerate(path))


def _folder(kind: str) -> str:
    return {"agency": "agencies/", "system": "systems/", "party": "parties/", "ordinance": "ordinances/",
            "obligation": "obligations/", "breach": "breaches/", "evidence": "evidence/",
            "amendment": "amendments/"}.get(kind, f"{kind}s/")
