"""The graph library: building, typed questions, graph rules (firing and quiet), exports."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest

import policytrack.graph
from conftest import MakeRepo
from policytrack.checks.checker import CheckResult, run_check
from policytrack.checks.rules import RULES
from policytrack.checks.rules.context import Context
from policytrack.commands.graph import EXPORTS
from policytrack.graph import (
    EDGE_KINDS,
    EXPORT_FORMATS,
    PolicyGraph,
    export,
    from_node_link,
    node_id,
    section_node,
)

REPOS = Path(__file__).parent / "repos"
COUNTY = REPOS / "county"
"""A miniature county: the jail's look-up system is open to a federal agency until 2019-04-30, which the
ordinance restricts; closing that access is overdue on 2019-03-31 and met late from 2019-04-30."""
BEFORE, AFTER = date(2019, 3, 31), date(2019, 5, 1)
RULES_REPO = REPOS / "graph-rules"
QUIET_REPO = REPOS / "graph-quiet"
FIXTURE_DAY = date(2020, 3, 1)
GRAPH_RULES = ("dependency-cycle", "impossible-schedule", "blocked", "uncovered-access", "agency-owes-nothing",
               "system-no-operator", "unreferenced")
JAIL = "jail-lookup"


def check(repo: Path, as_of: date) -> CheckResult:
    return run_check(repo, as_of)


def graph_of(repo: Path, as_of: date) -> PolicyGraph:
    return check(repo, as_of).context.graph


def by_rule(result: CheckResult, rule: str) -> list[tuple[str, int, str]]:
    return [(item.path, item.line, item.severity) for item in result.findings if item.rule == rule]


# --- the graph itself ---------------------------------------------------------------------------------


def test_graph_has_typed_nodes_and_edges() -> None:
    graph = graph_of(COUNTY, BEFORE)
    kinds = {data["kind"] for _, data in graph.nx.nodes(data=True)}
    assert kinds == {"ordinance", "section", "obligation", "agency", "system", "data", "party"}
    assert graph.targets(node_id("obligation", "remove-fed-access"), "owned-by") == ["agency:jail"]
    assert graph.targets(node_id("system", JAIL), "operated-by") == ["agency:jail"]
    assert graph.sources(node_id("system", JAIL), "has-access") == ["party:feds"]
    assert graph.targets(node_id("ordinance", "ord-7"), "restricts") == ["party:feds"]
    assert "data:immigration-status" in graph.targets(node_id("system", JAIL), "holds-data")
    assert graph.dependencies("account-review") == ["remove-fed-access"]
    assert len(graph.obligations_of("ord-7")) == len(graph.repo.obligations) == 5
    assert {data["kind"] for _, _, data in graph.nx.edges(data=True)} <= set(EDGE_KINDS)


def test_evidence_enters_the_graph_on_its_date() -> None:
    node = node_id("obligation", "remove-fed-access")
    assert graph_of(COUNTY, BEFORE).targets(node, "evidenced-by") == []
    later = graph_of(COUNTY, AFTER)
    [evidence] = later.targets(node, "evidenced-by")
    assert evidence == "evidence:ev-2019-04-30-jail-accounts-closed"
    assert later.targets(evidence, "shown-by") == ["agency:jail"]


def test_graph_is_built_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = policytrack.graph.build_graph

    def counting(*args: object) -> PolicyGraph:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(policytrack.graph, "build_graph", counting)  # where the context looks it up
    result = check(RULES_REPO, FIXTURE_DAY)
    assert result.context.graph is result.context.graph
    assert len(calls) == 1


def test_edges_to_missing_records_are_left_out(make_repo: MakeRepo) -> None:
    repo = make_repo({"obligations/dangling.yml": (
        "id: dangling\ntitle: Dangling\nordinance: ord-q\nsection: '1'\nquote: q\naction: a\nkind: one-time\n"
        "owner:\n  agency: nobody\n  role: Director\ndeadline:\n  type: date\n  date: 2020-06-30\n"
        "evidence:\n  kinds: [report]\nsystems: [no-such-system]\ndepends_on: [no-such-obligation]\n")},
        base=QUIET_REPO)
    result = check(repo, FIXTURE_DAY)
    graph = result.context.graph
    assert graph.targets(node_id("obligation", "dangling")) == [section_node("ord-q", "1")]
    assert all(node in graph.nx for edge in graph.nx.edges for node in edge[:2])
    assert {item.rule for item in result.findings} == {"dangling-reference"}


# --- questions ----------------------------------------------------------------------------------------


def test_what_does_an_agency_owe() -> None:
    duties = graph_of(COUNTY, BEFORE).agency_duties("jail")
    assert [(duty.obligation, duty.status, duty.relation) for duty in duties.direct] == [
        ("remove-fed-access", "overdue", "owner")]
    assert [(duty.obligation, duty.relation) for duty in duties.fanout] == [
        ("no-civil-enforcement", "fan-out"), ("training", "fan-out")]
    assert duties.overdue == ("remove-fed-access",)
    assert duties.ordinances == ("ord-7",)
    assert graph_of(COUNTY, AFTER).agency_duties("jail").overdue == ()


def test_fanout_agency_status_is_its_own() -> None:
    duties = graph_of(QUIET_REPO, FIXTURE_DAY).agency_duties("branch")
    assert [(duty.obligation, duty.status, duty.relation) for duty in duties.fanout] == [
        ("prepare", "met", "fan-out")]
    assert duties.direct == ()
    assert duties.overdue == ()


def test_what_binds_a_system() -> None:
    bindings = graph_of(COUNTY, BEFORE).system_bindings(JAIL, BEFORE)
    assert bindings.operator == "jail"
    assert {duty.obligation for duty in bindings.obligations} == {"remove-fed-access", "account-review"}
    [link] = bindings.ordinances
    assert link.ordinance == "ord-7" and "immigration-status" in link.protected_data
    [feds] = bindings.parties
    assert (feds.party, feds.active, feds.until, feds.restricted_by) == ("feds", True, date(2019, 4, 30), ("ord-7",))
    after = graph_of(COUNTY, AFTER).system_bindings(JAIL, AFTER)
    assert [party.active for party in after.parties] == [False]


def test_what_an_ordinance_reaches_and_its_coverage() -> None:
    reach = graph_of(QUIET_REPO, FIXTURE_DAY).ordinance_reach("ord-q")
    assert [duty.obligation for duty in reach.obligations] == ["prepare", "publish"]
    assert reach.agencies == ("branch", "office")
    assert reach.systems == ("archive",)
    cov = reach.coverage
    assert (cov.in_force, cov.owner, cov.deadline, cov.evidence, cov.complete) == (2, 2, 2, 1, 1)
    assert cov.share == 0.5
    county = graph_of(COUNTY, BEFORE).ordinance_reach("ord-7")
    assert {"jail", "sheriff", "it", "exec"} <= set(county.agencies)
    assert set(county.systems) == {JAIL, "sheriff-records"}
    assert county.coverage.complete == 0  # nothing was proven by 2019-03-31


def test_what_an_amendment_would_affect() -> None:
    graph = graph_of(RULES_REPO, FIXTURE_DAY)
    section = graph.amendment_impact("ord-a", ["1"])
    assert [duty.obligation for duty in section.obligations] == [
        "cycle-a", "cycle-b", "cycle-c", "early", "late", "stuck"]
    assert [duty.obligation for duty in section.dependents] == ["waiting"]  # section 2 depends on section 1
    assert section.protected_data == () and section.restricted_parties == ()
    whole = graph.amendment_impact("ord-a")
    assert len(whole.obligations) == 8
    assert whole.agencies == ("idle", "owner")
    assert whole.systems == ("records",)
    assert (whole.protected_data, whole.restricted_parties) == (("health-records",), ("vendor-x",))
    county = graph_of(COUNTY, AFTER).amendment_impact("ord-7", ["7.10"])
    assert [duty.obligation for duty in county.obligations] == ["account-review", "remove-fed-access"]
    assert JAIL in county.systems
    assert county.evidence == ("ev-2019-04-30-jail-accounts-closed",)


def test_schedule_follows_the_critical_path() -> None:
    schedule = graph_of(RULES_REPO, FIXTURE_DAY).schedule("ord-a", FIXTURE_DAY)
    assert schedule.complete_by == date(2021, 3, 31)
    assert schedule.set_by == "late"
    assert schedule.critical_path == ("late", "early")
    rows = {row.obligation: row for row in schedule.obligations}
    assert rows["early"].earliest == date(2021, 3, 31) and rows["early"].after == "late"
    assert rows["early"].slip_days == 365
    assert rows["stuck"].earliest == FIXTURE_DAY  # overdue: cannot be met before the as-of date
    assert schedule.cyclic == ("cycle-a", "cycle-b", "cycle-c")
    assert rows["cycle-a"].earliest is None
    quiet = graph_of(QUIET_REPO, FIXTURE_DAY).schedule("ord-q", FIXTURE_DAY)
    assert (quiet.complete_by, quiet.set_by, quiet.critical_path) == (date(2020, 6, 30), "publish", ("publish",))
    assert {row.obligation: row.earliest for row in quiet.obligations}["prepare"] == date(2020, 1, 20)


def test_schedule_leaves_out_undated_obligations() -> None:
    schedule = graph_of(COUNTY, BEFORE).schedule("ord-7", BEFORE)
    assert "training" in schedule.undated  # no deadline in the law
    assert "training" not in {row.obligation for row in schedule.obligations if row.earliest}
    rows = {row.obligation: row for row in schedule.obligations}
    assert rows["remove-fed-access"].earliest == BEFORE  # overdue: it can be met today at the earliest
    assert (schedule.complete_by, schedule.set_by) == (date(2019, 12, 31), "account-review")


def test_neighbourhood() -> None:
    graph = graph_of(COUNTY, BEFORE)
    near = graph.neighbourhood(node_id("system", JAIL), 1)
    assert {"agency:jail", "party:feds", "data:place-of-birth", "obligation:remove-fed-access"} <= set(near.nodes)
    assert "system:sheriff-records" not in near
    assert "agency:sheriff" not in near
    assert graph.resolve("jail") == "agency:jail"
    assert graph.resolve("system:nothing") is None


# --- rules --------------------------------------------------------------------------------------------


def test_graph_rules_are_registered_with_docs() -> None:
    for rule_id in GRAPH_RULES:
        rule = RULES[rule_id]
        assert rule.doc and rule.summary
    assert RULES["blocked"].severity == "warning" and RULES["blocked"].deadline
    assert RULES["dependency-cycle"].severity == "error"
    assert RULES["uncovered-access"].severity == "error"
    assert {RULES[key].severity for key in ("agency-owes-nothing", "system-no-operator", "unreferenced")} == {
        "warning"}


def test_every_graph_rule_fires_on_the_rules_fixture() -> None:
    result = check(RULES_REPO, FIXTURE_DAY)
    assert by_rule(result, "dependency-cycle") == [("obligations/cycle-a.yml", 18, "error")]
    assert by_rule(result, "impossible-schedule") == [("obligations/early.yml", 18, "error")]
    assert by_rule(result, "blocked") == [("obligations/waiting.yml", 18, "warning")]
    assert by_rule(result, "uncovered-access") == [("systems/records.yml", 7, "error")]
    assert by_rule(result, "agency-owes-nothing") == [("ordinances/ord-a.yml", 13, "warning")]
    assert by_rule(result, "system-no-operator") == [("systems/orphan.yml", 1, "warning")]
    assert by_rule(result, "unreferenced") == [("agencies/lonely.yml", 1, "warning"),
                                               ("systems/orphan.yml", 1, "warning")]
    messages = {item.rule: item.message for item in result.findings}
    assert "cycle-a → cycle-b → cycle-c → cycle-a" in messages["dependency-cycle"]
    assert "due 2020-03-31 but depends on 'late', due 2021-03-31" in messages["impossible-schedule"]
    assert "depends on 'stuck', which is overdue" in messages["blocked"]
    assert "Vendor X (vendor-x) has access" in messages["uncovered-access"]
    assert "Idle office (idle)" in messages["agency-owes-nothing"]


def test_graph_rules_are_quiet_on_the_quiet_fixture() -> None:
    result = check(QUIET_REPO, FIXTURE_DAY)
    assert result.findings == []


def test_blocked_rule_names_the_chain(make_repo: MakeRepo) -> None:
    repo = make_repo({"obligations/waiting-more.yml": (
        (RULES_REPO / "obligations" / "waiting.yml").read_text(encoding="utf-8")
        .replace("id: waiting", "id: waiting-more").replace("- stuck", "- waiting"))}, base=RULES_REPO)
    result = check(repo, FIXTURE_DAY)
    [message] = [item.message for item in result.findings
                 if item.rule == "blocked" and item.obligation == "waiting-more"]
    assert "depends on 'stuck' (through waiting), which is overdue" in message


def test_self_dependency_is_a_cycle(make_repo: MakeRepo) -> None:
    text = (QUIET_REPO / "obligations" / "publish.yml").read_text(encoding="utf-8").replace("- prepare", "- publish")
    repo = make_repo({"obligations/publish.yml": text}, base=QUIET_REPO)
    result = check(repo, FIXTURE_DAY)
    [finding] = [item for item in result.findings if item.rule == "dependency-cycle"]
    assert "'publish' depends on itself" in finding.message
    assert (finding.path, finding.line) == ("obligations/publish.yml", 18)


def test_uncovered_access_before_and_after_the_access_ends() -> None:
    before = check(COUNTY, BEFORE)
    [finding] = [item for item in before.findings if item.rule == "uncovered-access"]
    assert (finding.path, finding.line, finding.severity) == (f"systems/{JAIL}.yml", 9, "error")
    assert "Federal Immigration Agency (feds) has access until 2019-04-30" in finding.message
    assert "remove-fed-access: overdue" in finding.message
    for day in (AFTER, date(2025, 6, 30)):
        assert by_rule(check(COUNTY, day), "uncovered-access") == []


def test_access_covered_once_an_obligation_is_met(make_repo: MakeRepo) -> None:
    evidence = ("id: closed\nobligation: close-access\nagency: owner\ndate: 2020-02-10\nkind: report\n"
                "summary: Vendor accounts closed.\nsource:\n  url: https://example.org/closed\n"
                "submitted_by:\n  role: Director\n")
    repo = make_repo({"evidence/closed.yml": evidence}, base=RULES_REPO)
    assert by_rule(check(repo, FIXTURE_DAY), "uncovered-access") == []
    assert by_rule(check(repo, date(2020, 2, 9)), "uncovered-access") == [("systems/records.yml", 7, "error")]
    assert by_rule(check(repo, date(2020, 1, 14)), "uncovered-access") == []  # access began 2020-01-15


# --- exports ------------------------------------------------------------------------------------------


def _edge_set(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(str(u), str(v), str(data["kind"])) for u, v, data in graph.edges(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_round_trip_through_networkx(fmt: str) -> None:
    graph = graph_of(COUNTY, AFTER)
    text = export(graph.nx, fmt)
    if fmt == "json":
        again = from_node_link(json.loads(text))
    elif fmt == "graphml":
        again = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    else:
        again = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert set(again.nodes) == set(graph.nx.nodes)
    assert again.number_of_edges() == graph.nx.number_of_edges()
    assert _edge_set(again) == _edge_set(graph.nx)
    assert again.nodes["system:" + JAIL]["label"] == "Jail inmate look-up system"
    assert again.nodes["obligation:remove-fed-access"]["status"] == "met-late"


def test_mermaid_and_dot_escape_labels() -> None:
    graph = graph_of(COUNTY, BEFORE)
    near = graph.neighbourhood(node_id("system", JAIL), 1)
    mermaid = export(near, "mermaid")
    assert mermaid.startswith("flowchart LR\n")
    assert "Remove the federal agency#39;s access to the jail#39;s look-up system" in mermaid
    assert "-->|has access|" in mermaid and "classDef k_system" in mermaid
    dot = export(near, "dot")
    assert dot.startswith("digraph policytrack {")
    assert '"party:feds" -> "system:jail-lookup"' in dot
    assert "label=\"Remove the federal agency's access to the jail's look-up system\"" in dot
    assert set(EXPORT_FORMATS) == {"graphml", "gexf", "json", "mermaid", "dot"}
    assert EXPORTS == EXPORT_FORMATS  # the command offers them without importing networkx


def test_a_repealed_ordinance_restricts_and_binds_nobody(make_repo: MakeRepo) -> None:
    text = (RULES_REPO / "ordinances" / "ord-a.yml").read_text(encoding="utf-8") + (
        "amendments:\n  - by: Ordinance 99\n    date: 2020-02-01\n    action: repealed\n")
    repo = make_repo({"ordinances/ord-a.yml": text}, base=RULES_REPO)
    result = check(repo, FIXTURE_DAY)
    assert by_rule(result, "uncovered-access") == []
    assert by_rule(result, "agency-owes-nothing") == []
    assert by_rule(check(repo, date(2020, 1, 31)), "uncovered-access") == [("systems/records.yml", 7, "error")]


def test_long_dependency_chains_need_no_recursion() -> None:
    from policytrack.graph import build_graph
    from policytrack.model.load import Repository
    from policytrack.model.records import Obligation, Ordinance
    from policytrack.status.engine import compute_statuses

    repo = Repository(root=Path("."))
    repo.ordinances["ord"] = Ordinance.model_validate({
        "id": "ord", "title": "Long chain", "citation": "c", "enacted": "2020-01-01",
        "source": "https://example.org/ord", "sections": [{"id": "1", "heading": "h"}]})
    length = 3000
    for index in range(length):
        repo.obligations[f"ob-{index}"] = Obligation.model_validate({
            "id": f"ob-{index}", "title": f"Step {index}", "ordinance": "ord", "section": "1", "quote": "q",
            "action": "a", "kind": "one-time", "owner": {"agency": "a", "role": "r"},
            "deadline": {"type": "relative", "days": 10 + index},
            "depends_on": [f"ob-{index - 1}"] if index else []})
    as_of = date(2020, 1, 12)  # ob-0 (due 2020-01-11) is overdue; every later step is blocked
    graph = build_graph(repo, compute_statuses(repo, as_of))
    [chain] = graph.blocking_chains(f"ob-{length - 1}")
    assert len(chain) == length and chain[-1] == "ob-0"
    context = Context(repo, as_of, graph.statuses)
    context._graph = graph
    [last] = [item for item in RULES["blocked"].check(context) if item.obligation == f"ob-{length - 1}"]
    assert f"it depends on 'ob-0' (through ob-{length - 2} → … {length - 4} more … → ob-1), which is overdue" in (
        last.message)
    schedule = graph.schedule("ord", as_of)
    assert schedule.complete_by == date(2020, 1, 1) + timedelta(days=10 + length - 1)
    assert schedule.critical_path == (f"ob-{length - 1}",)
    assert len(schedule.obligations) == length


def test_blockers_are_found_by_their_shortest_chain_shortest_first(tmp_path: Path) -> None:
    from builders import obligation, write_repo

    late = {"type": "date", "date": "2020-02-01"}  # overdue on the fixture day
    later = {"type": "date", "date": "2021-01-01"}
    root = write_repo(tmp_path, obligations=[
        obligation("a", deadline=late), obligation("x", deadline=late),
        obligation("b", deadline=later, depends_on=["a"]),
        obligation("c", deadline=later, depends_on=["b"]),
        obligation("d", deadline=later, depends_on=["c", "a"]),
        obligation("e", deadline=later, depends_on=["c", "x"]),
    ])
    graph = graph_of(root, FIXTURE_DAY)
    assert [(item.root, item.length, item.first, item.last) for item in graph.blockers("d")] == [("a", 1, "a", "d")]
    assert [(item.root, item.length, item.first, item.last) for item in graph.blockers("e")] == [
        ("x", 1, "x", "e"), ("a", 3, "c", "b")]
    assert graph.blocking_chains("e") == [["e", "x"], ["e", "c", "b", "a"]]
    assert graph.blockers("a") == []
    found = check(root, FIXTURE_DAY).findings
    [finding] = [item for item in found if item.rule == "blocked" and item.obligation == "e"]
    assert "it depends on 'x', which is overdue; and on 'a' (through c → b), which is overdue" in finding.message
