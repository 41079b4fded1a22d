"""The graph library: building, typed questions, graph rules (firing and quiet), exports."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest

from conftest import MakeRepo
from policytrack import graph as graph_module
from policytrack.check import CheckResult, run_check
from policytrack.graph import (
    EDGE_KINDS,
    EXPORT_FORMATS,
    PolicyGraph,
    export,
    from_node_link,
    node_id,
    section_node,
)
from policytrack.graph_cli import EXPORTS
from policytrack.rules import RULES
from policytrack.rules.context import Context

ROOT = Path(__file__).parents[1]
REPOS = Path(__file__).parent / "repos"
RULES_REPO = REPOS / "graph-rules"
QUIET_REPO = REPOS / "graph-quiet"
FIXTURE_DAY = date(2020, 3, 1)
GRAPH_RULES = ("dependency-cycle", "impossible-schedule", "blocked", "uncovered-access", "agency-owes-nothing",
               "system-no-operator", "unreferenced")
JAIL = "jail-inmate-lookup"


def check(repo: Path, as_of: date) -> CheckResult:
    return run_check(repo, as_of)


def graph_of(repo: Path, as_of: date) -> PolicyGraph:
    return check(repo, as_of).context.graph


def by_rule(result: CheckResult, rule: str) -> list[tuple[str, int, str]]:
    return [(item.path, item.line, item.severity) for item in result.findings if item.rule == rule]


# --- the graph itself ---------------------------------------------------------------------------------


def test_king_county_graph_has_typed_nodes_and_edges() -> None:
    graph = graph_of(ROOT, date(2019, 3, 31))
    kinds = {data["kind"] for _, data in graph.nx.nodes(data=True)}
    assert kinds == {"ordinance", "section", "obligation", "agency", "system", "data", "party"}
    assert graph.targets(node_id("obligation", "kc-18665-remove-ice-jail-access"), "owned-by") == ["agency:dajd"]
    assert graph.targets(node_id("system", JAIL), "operated-by") == ["agency:dajd"]
    assert graph.sources(node_id("system", JAIL), "has-access") == ["party:ice"]
    assert graph.targets(node_id("ordinance", "kc-18665"), "restricts") == ["party:ice"]
    assert "data:citizenship-immigration-status" in graph.targets(node_id("system", JAIL), "holds-data")
    assert graph.dependencies("kc-18665-jail-account-review") == ["kc-18665-remove-ice-jail-access"]
    assert len(graph.obligations_of("kc-18665")) == len(graph.repo.obligations)
    assert {data["kind"] for _, _, data in graph.nx.edges(data=True)} <= set(EDGE_KINDS)


def test_evidence_enters_the_graph_on_its_date() -> None:
    node = node_id("obligation", "kc-18665-remove-ice-jail-access")
    assert graph_of(ROOT, date(2019, 3, 31)).targets(node, "evidenced-by") == []
    later = graph_of(ROOT, date(2019, 5, 1))
    [evidence] = later.targets(node, "evidenced-by")
    assert later.targets(evidence, "shown-by") == ["agency:dajd"]


def test_graph_is_built_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = graph_module.build_graph

    def counting(*args: object) -> PolicyGraph:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(graph_module, "build_graph", counting)
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
    duties = graph_of(ROOT, date(2019, 3, 31)).agency_duties("dajd")
    direct = {duty.obligation: duty for duty in duties.direct}
    fanout = {duty.obligation: duty for duty in duties.fanout}
    assert direct["kc-18665-remove-ice-jail-access"].status == "overdue"
    assert "owner" in direct["kc-18665-remove-ice-jail-access"].relation
    assert fanout["kc-18665-no-civil-enforcement"].relation == "fan-out"
    assert "kc-18665-remove-ice-jail-access" in duties.overdue
    assert duties.ordinances == ("kc-18665",)
    assert "kc-18665-remove-ice-jail-access" not in graph_of(ROOT, date(2019, 5, 1)).agency_duties("dajd").overdue


def test_fanout_agency_status_is_its_own() -> None:
    duties = graph_of(QUIET_REPO, FIXTURE_DAY).agency_duties("branch")
    assert [(duty.obligation, duty.status, duty.relation) for duty in duties.fanout] == [
        ("prepare", "met", "fan-out")]
    assert duties.direct == ()
    assert duties.overdue == ()


def test_what_binds_a_system() -> None:
    bindings = graph_of(ROOT, date(2019, 3, 31)).system_bindings(JAIL, date(2019, 3, 31))
    assert bindings.operator == "dajd"
    assert "kc-18665-remove-ice-jail-access" in {duty.obligation for duty in bindings.obligations}
    [link] = bindings.ordinances
    assert link.ordinance == "kc-18665" and "citizenship-immigration-status" in link.protected_data
    [ice] = bindings.parties
    assert (ice.party, ice.active, ice.until, ice.restricted_by) == ("ice", True, date(2019, 4, 30), ("kc-18665",))
    after = graph_of(ROOT, date(2019, 5, 1)).system_bindings(JAIL, date(2019, 5, 1))
    assert [party.active for party in after.parties] == [False]


def test_what_an_ordinance_reaches_and_its_coverage() -> None:
    reach = graph_of(QUIET_REPO, FIXTURE_DAY).ordinance_reach("ord-q")
    assert [duty.obligation for duty in reach.obligations] == ["prepare", "publish"]
    assert reach.agencies == ("branch", "office")
    assert reach.systems == ("archive",)
    cov = reach.coverage
    assert (cov.in_force, cov.owner, cov.deadline, cov.evidence, cov.complete) == (2, 2, 2, 1, 1)
    assert cov.share == 0.5
    kc = graph_of(ROOT, date(2019, 3, 31)).ordinance_reach("kc-18665")
    assert {"dajd", "kcso", "kcit"} <= set(kc.agencies)
    assert set(kc.systems) == {JAIL, "kcso-records"}
    assert kc.coverage.complete == 0  # nothing was proven by 2019-03-31


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
    kc = graph_of(ROOT, date(2019, 5, 1)).amendment_impact(
        "kc-18665", ["2.15 (personal information and database access)"])
    assert {"kc-18665-remove-ice-jail-access", "kc-18665-jail-account-review"} <= {
        duty.obligation for duty in kc.obligations}
    assert JAIL in kc.systems
    assert "ev-2019-04-30-dajd-ice-accounts-deactivated" in kc.evidence


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
    schedule = graph_of(ROOT, date(2019, 3, 31)).schedule("kc-18665", date(2019, 3, 31))
    assert "kc-18665-training" in schedule.undated
    assert schedule.complete_by == date(2019, 3, 31)  # overdue duties can be met today at the earliest


def test_neighbourhood() -> None:
    graph = graph_of(ROOT, date(2019, 3, 31))
    near = graph.neighbourhood(node_id("system", JAIL), 1)
    assert {"agency:dajd", "party:ice", "data:place-of-birth",
            "obligation:kc-18665-remove-ice-jail-access"} <= set(near.nodes)
    assert "system:kcso-records" not in near
    assert "agency:kcso" not in near
    assert graph.resolve("dajd") == "agency:dajd"
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


def test_uncovered_access_at_king_county_before_and_after_april_2019() -> None:
    before = check(ROOT, date(2019, 3, 31))
    [finding] = [item for item in before.findings if item.rule == "uncovered-access"]
    assert finding.path == f"systems/{JAIL}.yml" and finding.severity == "error"
    assert "U.S. Immigration and Customs Enforcement (ice) has access until 2019-04-30" in finding.message
    assert "kc-18665-remove-ice-jail-access: overdue" in finding.message
    for day in (date(2019, 5, 1), date.today()):
        assert by_rule(check(ROOT, day), "uncovered-access") == []


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
    graph = graph_of(ROOT, date(2019, 5, 1))
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
    assert again.nodes["system:" + JAIL]["label"] == "Jail nonpublic inmate look-up system"
    assert again.nodes["obligation:kc-18665-remove-ice-jail-access"]["status"] == "met-late"


def test_mermaid_and_dot_escape_labels() -> None:
    graph = graph_of(ROOT, date(2019, 3, 31))
    near = graph.neighbourhood(node_id("system", JAIL), 1)
    mermaid = export(near, "mermaid")
    assert mermaid.startswith("flowchart LR\n")
    assert "Remove ICE access to the jail#39;s nonpublic inmate look-up system" in mermaid
    assert "-->|has access|" in mermaid and "classDef k_system" in mermaid
    dot = export(near, "dot")
    assert dot.startswith("digraph policytrack {")
    assert '"party:ice" -> "system:jail-inmate-lookup"' in dot
    assert "label=\"Remove ICE access to the jail's nonpublic inmate look-up system\"" in dot
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
    from policytrack.load import Repository
    from policytrack.models import Obligation, Ordinance
    from policytrack.status import compute_statuses

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
