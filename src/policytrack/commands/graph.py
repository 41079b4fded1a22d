"""``policytrack graph``: the graph's questions and exports on the command line.

::

    policytrack graph owes AGENCY [REPO]          what agency X owes, directly and through fan-out
    policytrack graph binds SYSTEM [REPO]         what binds system Y
    policytrack graph reach ORDINANCE [REPO]      what ordinance Z reaches, and its coverage
    policytrack graph impact ORDINANCE [REPO] [--section S]...
                                                  what amending or repealing Z (or sections) affects
    policytrack graph schedule ORDINANCE [REPO]   earliest date all of Z's obligations can be met
    policytrack graph export [REPO] --format graphml|gexf|json|mermaid|dot [--around ID --depth N]

Questions print text, or JSON with ``--format json``; they exit 0, or 2 when the record named does not
exist. The graph library is imported only when a graph command runs, so other commands start fast.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytrack.commands.common import EXIT_OK, UsageError, add_common, run_from_args
from policytrack.model.safetext import printable
from policytrack.status.engine import LABELS

if TYPE_CHECKING:
    from policytrack.checks.checker import CheckResult
    from policytrack.graph import (
        AgencyDuties,
        AmendmentImpact,
        Duty,
        OrdinanceReach,
        PolicyGraph,
        Schedule,
        SystemBindings,
    )

EXPORTS = ("graphml", "gexf", "json", "mermaid", "dot")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``graph`` and its subcommands to the ``policytrack`` command."""
    graph = subparsers.add_parser("graph", help="ask the graph of ordinances, obligations, agencies and systems",
                                  description="Questions about the repository's graph, and exports of it.")
    sub = graph.add_subparsers(dest="graph_command", required=True, metavar="QUESTION")
    questions: list[tuple[str, str, str, Callable[[argparse.Namespace], int]]] = [
        ("owes", "agency", "what an agency owes, directly and through fan-out, and what of it is overdue", cmd_owes),
        ("binds", "system", "what binds a system: obligations, ordinances and external parties", cmd_binds),
        ("reach", "ordinance", "what an ordinance reaches: obligations, agencies, systems, coverage", cmd_reach),
        ("impact", "ordinance", "what an amendment or repeal of an ordinance (or sections) would affect",
         cmd_impact),
        ("schedule", "ordinance", "earliest date all of an ordinance's obligations can be met (critical path)",
         cmd_schedule),
    ]
    for name, kind, text, func in questions:
        parser = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        parser.add_argument(kind, help=f"the {kind}'s id")
        add_common(parser)
        parser.add_argument("--format", choices=("text", "json"), default="text", help="output (default: text)")
        if name == "impact":
            parser.add_argument("--section", action="append", default=[], metavar="SECTION",
                                help="only this section (repeat for several; default: the whole ordinance)")
        parser.set_defaults(func=func)
    export = sub.add_parser("export", help="write the graph for Gephi, Cytoscape, networkx, Mermaid or Graphviz",
                            description="Write the whole graph, or one record's neighbourhood.")
    add_common(export)
    export.add_argument("--format", choices=EXPORTS, default="json",
                        help="graphml or gexf (Gephi, Cytoscape), json (networkx node-link), mermaid, dot "
                             "(default: json)")
    export.add_argument("--around", default=None, metavar="ID",
                        help="only the records near this one: an id, or kind:id such as agency:dajd")
    export.add_argument("--depth", type=int, default=1, metavar="N",
                        help="with --around: how many edges away, in either direction (default: 1)")
    export.add_argument("-o", "--output", default=None, metavar="FILE", help="write here (default: stdout)")
    export.set_defaults(func=cmd_export)


def _load(args: argparse.Namespace, kind: str, record_id: str) -> tuple[CheckResult, PolicyGraph]:
    result = run_from_args(args)
    if record_id not in result.repository.table(kind):
        known = ", ".join(sorted(result.repository.table(kind))[:12]) or "none"
        raise UsageError(f"no {kind} '{record_id}' in the repository (known: {known})")
    return result, result.context.graph


def _emit(args: argparse.Namespace, answer: Any, text: Callable[[], list[str]]) -> int:
    if args.format == "json":
        print(json.dumps(answer.as_dict(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(printable(line) for line in text()))
    return EXIT_OK


def _duty_line(duty: Duty) -> str:
    due = f"due {duty.due}" if duty.due else "no date"
    return f"  {LABELS[duty.status]:<12} {due:<15} {duty.obligation}: {duty.title}"


def cmd_owes(args: argparse.Namespace) -> int:
    """What agency X owes, directly and through fan-out, and what of it is overdue."""
    result, graph = _load(args, "agency", args.agency)
    answer = graph.agency_duties(args.agency)
    return _emit(args, answer, lambda: _owes_text(answer, result.as_of))


def _owes_text(answer: AgencyDuties, as_of: date) -> list[str]:
    lines = [f"{answer.name} ({answer.agency}) as of {as_of}"]
    if answer.ordinances:
        lines.append(f"Ordinances that apply to it: {', '.join(answer.ordinances)}")
    lines.append(f"Owes directly, as owner ({len(answer.direct)}):")
    lines.extend(_duty_line(duty) for duty in answer.direct)
    lines.append(f"Owes through fan-out, as one of the agencies bound ({len(answer.fanout)}):")
    lines.extend(_duty_line(duty) for duty in answer.fanout)
    lines.append(f"Overdue ({len(answer.overdue)}): {', '.join(answer.overdue) or 'nothing'}")
    return lines


def cmd_binds(args: argparse.Namespace) -> int:
    """What binds system Y: which obligations, ordinances and external parties touch it."""
    result, graph = _load(args, "system", args.system)
    answer = graph.system_bindings(args.system, result.as_of)
    return _emit(args, answer, lambda: _binds_text(answer, result.as_of))


def _binds_text(answer: SystemBindings, as_of: date) -> list[str]:
    lines = [f"{answer.name} ({answer.system}) as of {as_of}",
             f"Operated by: {answer.operator or 'no agency'}",
             f"Holds: {', '.join(answer.data) or 'no data categories listed'}",
             f"Obligations concerning it ({len(answer.obligations)}):"]
    lines.extend(_duty_line(duty) for duty in answer.obligations)
    lines.append(f"Ordinances ({len(answer.ordinances)}):")
    for link in answer.ordinances:
        reasons = []
        if link.obligations:
            reasons.append(f"{len(link.obligations)} obligation{'s' * (len(link.obligations) != 1)}")
        if link.protected_data:
            reasons.append(f"protects {', '.join(link.protected_data)}")
        lines.append(f"  {link.ordinance}: {link.title} ({'; '.join(reasons)})")
    lines.append(f"External parties with access ({len(answer.parties)}):")
    for party in answer.parties:
        span = f"{party.since or 'start unknown'} to {party.until or 'now'}"
        state = "ACTIVE" if party.active else "ended" if party.until and party.until < as_of else "not started"
        restricted = f"; restricted by {', '.join(party.restricted_by)}" if party.restricted_by else ""
        lines.append(f"  {party.name} ({party.party}): {state}, {span}{restricted}")
    return lines


def cmd_reach(args: argparse.Namespace) -> int:
    """What ordinance Z reaches: its obligations, agencies, systems, and its coverage."""
    result, graph = _load(args, "ordinance", args.ordinance)
    answer = graph.ordinance_reach(args.ordinance)
    return _emit(args, answer, lambda: _reach_text(answer, result.as_of))


def _reach_text(answer: OrdinanceReach, as_of: date) -> list[str]:
    cov = answer.coverage
    return [
        f"{answer.title} ({answer.ordinance}, {answer.citation}) as of {as_of}",
        f"Obligations ({len(answer.obligations)}):",
        *(_duty_line(duty) for duty in answer.obligations),
        f"Agencies ({len(answer.agencies)}): {', '.join(answer.agencies) or 'none'}",
        f"Systems ({len(answer.systems)}): {', '.join(answer.systems) or 'none'}",
        f"Coverage: {cov.complete} of {cov.in_force} obligations in force ({cov.share:.0%}) have an owner, a "
        f"deadline and current evidence (owner {cov.owner}, deadline {cov.deadline}, current evidence "
        f"{cov.evidence})",
    ]


def cmd_impact(args: argparse.Namespace) -> int:
    """What an amendment or repeal of ordinance Z (or some of its sections) would affect."""
    result, graph = _load(args, "ordinance", args.ordinance)
    known = [section.id for section in result.repository.ordinances[args.ordinance].sections]
    unknown = [section for section in args.section if section not in known]
    if unknown:
        raise UsageError(f"ordinance '{args.ordinance}' has no section {', '.join(repr(s) for s in unknown)} "
                         f"(its sections: {', '.join(known) or 'none'})")
    answer = graph.amendment_impact(args.ordinance, args.section)
    return _emit(args, answer, lambda: _impact_text(answer, result.as_of))


def _impact_text(answer: AmendmentImpact, as_of: date) -> list[str]:
    plural = "s" if len(answer.sections) > 1 else ""
    what = f"section{plural} {', '.join(answer.sections)} of" if answer.sections else "the whole of"
    lines = [f"Amending or repealing {what} {answer.ordinance} would affect, as of {as_of}:",
             f"Obligations implementing it ({len(answer.obligations)}):"]
    lines.extend(_duty_line(duty) for duty in answer.obligations)
    lines.append(f"Obligations depending on those ({len(answer.dependents)}):")
    lines.extend(_duty_line(duty) for duty in answer.dependents)
    lines.append(f"Agencies ({len(answer.agencies)}): {', '.join(answer.agencies) or 'none'}")
    lines.append(f"Systems ({len(answer.systems)}): {', '.join(answer.systems) or 'none'}")
    lines.append(f"Evidence records ({len(answer.evidence)}): {', '.join(answer.evidence) or 'none'}")
    if not answer.sections:
        lines.append(f"Protection lapsing for: {', '.join(answer.protected_data) or 'no data category'}")
        lines.append(f"Restriction lapsing on: {', '.join(answer.restricted_parties) or 'no external party'}")
    return lines


def cmd_schedule(args: argparse.Namespace) -> int:
    """The earliest date by which all of ordinance Z's obligations can be met, and what sets it."""
    result, graph = _load(args, "ordinance", args.ordinance)
    answer = graph.schedule(args.ordinance, result.as_of)
    return _emit(args, answer, lambda: _schedule_text(answer))


def _schedule_text(answer: Schedule) -> list[str]:
    lines = [f"Schedule of {answer.ordinance} as of {answer.as_of}"]
    if answer.complete_by:
        overdue = sum(1 for row in answer.obligations if row.earliest == answer.as_of and row.due
                      and row.due < answer.as_of)
        why = f" (today: {overdue} overdue)" if answer.complete_by == answer.as_of and overdue else ""
        lines.append(f"All dated obligations can be met by {answer.complete_by} at the earliest{why}; set by "
                     f"{answer.set_by}")
        lines.append(f"Critical path: {' → '.join(answer.critical_path)}")
    else:
        lines.append("No obligation has a date: the schedule cannot be computed")
    for row in sorted(answer.obligations, key=lambda r: (r.earliest is None, r.earliest or answer.as_of,
                                                         r.obligation)):
        when = str(row.earliest) if row.earliest else "no date"
        why = f" (waits for {row.after}: {row.slip_days} days after its own date)" if row.after and row.slip_days else (
            f" (waits for {row.after}, which has no date)" if row.after and row.earliest is None else "")
        lines.append(f"  {when:<10} {LABELS[row.status]:<12} {row.obligation}{why}")
    if answer.undated:
        lines.append(f"Not counted, no date: {', '.join(answer.undated)}")
    if answer.cyclic:
        lines.append(f"Not counted, in a dependency cycle: {', '.join(answer.cyclic)}")
    return lines


def cmd_export(args: argparse.Namespace) -> int:
    """Write the graph (or one record's neighbourhood) in the chosen format."""
    from policytrack.graph import export

    if args.depth < 0:
        raise UsageError("--depth must be 0 or more")
    result = run_from_args(args)
    graph = result.context.graph
    target = graph.nx
    if args.around:
        node = graph.resolve(args.around)
        if node is None:
            raise UsageError(f"'{args.around}' names no single record; use kind:id, such as agency:dajd or "
                             f"ordinance:{next(iter(result.repository.ordinances), 'kc-18665')}")
        target = graph.neighbourhood(node, args.depth)
    text = export(target, args.format)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    else:
        print(text, end="")
    return EXIT_OK
