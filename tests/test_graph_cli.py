"""``policytrack graph …`` as a user runs it: questions in text and JSON, exports, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from conftest import RunCli
from policytrack.graph import from_node_link

REPOS = Path(__file__).parent / "repos"
COUNTY = REPOS / "county"
RULES_REPO = REPOS / "graph-rules"
QUIET_REPO = REPOS / "graph-quiet"
DAY = "2020-03-01"
COUNTY_DAY = "2019-03-31"  # the jail look-up system is still open to the federal agency


def test_owes_lists_direct_fanout_and_overdue(run_cli: RunCli) -> None:
    code, out, err = run_cli("graph", "owes", "jail", COUNTY, "--as-of", COUNTY_DAY)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Department of Detention (jail) as of {COUNTY_DAY}"
    direct = lines.index(next(line for line in lines if line.startswith("Owes directly, as owner")))
    fanout = lines.index(next(line for line in lines if line.startswith("Owes through fan-out")))
    assert any("remove-fed-access" in line and "Overdue" in line for line in lines[direct:fanout])
    assert any("no-civil-enforcement" in line for line in lines[fanout:])
    assert not any("remove-fed-access" in line for line in lines[fanout:-1])
    assert lines[-1].startswith("Overdue (") and "remove-fed-access" in lines[-1]


def test_owes_json(run_cli: RunCli) -> None:
    code, out, _ = run_cli("graph", "owes", "branch", QUIET_REPO, "--as-of", DAY, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["agency"] == "branch"
    assert data["direct"] == []
    assert data["fanout"] == [{"obligation": "prepare", "title": "Prepare the access review", "ordinance": "ord-q",
                               "status": "met", "due": "2020-02-01", "relation": "fan-out"}]
    assert data["overdue"] == []


def test_binds_shows_active_access_before_april_2019_and_not_after(run_cli: RunCli) -> None:
    code, out, _ = run_cli("graph", "binds", "jail-lookup", COUNTY, "--as-of", COUNTY_DAY)
    assert code == 0
    assert "Operated by: jail" in out
    assert "Federal Immigration Agency (feds): ACTIVE, start unknown to 2019-04-30; restricted by ord-7" in out
    code, out, _ = run_cli("graph", "binds", "jail-lookup", COUNTY, "--as-of", "2019-05-01", "--format", "json")
    assert code == 0
    [party] = json.loads(out)["parties"]
    assert (party["party"], party["active"], party["until"]) == ("feds", False, "2019-04-30")


def test_reach_prints_coverage(run_cli: RunCli) -> None:
    code, out, _ = run_cli("graph", "reach", "ord-q", QUIET_REPO, "--as-of", DAY)
    assert code == 0
    assert "Agencies (2): branch, office" in out
    assert "Systems (1): archive" in out
    assert ("Coverage: 1 of 2 obligations in force (50%) have an owner, a deadline and current evidence "
            "(owner 2, deadline 2, current evidence 1)") in out
    code, out, _ = run_cli("graph", "reach", "ord-q", QUIET_REPO, "--as-of", DAY, "--format", "json")
    assert json.loads(out)["coverage"] == {"in_force": 2, "owner": 2, "deadline": 2, "evidence": 1, "complete": 1,
                                           "share": 0.5}


def test_impact_of_a_section_and_of_the_whole(run_cli: RunCli) -> None:
    code, out, _ = run_cli("graph", "impact", "ord-a", RULES_REPO, "--section", "1", "--as-of", DAY)
    assert code == 0
    assert out.startswith(f"Amending or repealing section 1 of ord-a would affect, as of {DAY}:")
    assert "Obligations implementing it (6):" in out
    assert "Obligations depending on those (1):" in out and "waiting: Obligation waiting" in out
    code, out, _ = run_cli("graph", "impact", "ord-a", RULES_REPO, "--as-of", DAY, "--format", "json")
    data = json.loads(out)
    assert data["sections"] == [] and len(data["obligations"]) == 8
    assert (data["protected_data"], data["restricted_parties"]) == (["health-records"], ["vendor-x"])


def test_schedule_names_what_sets_the_date(run_cli: RunCli) -> None:
    code, out, _ = run_cli("graph", "schedule", "ord-a", RULES_REPO, "--as-of", DAY)
    assert code == 0
    assert "All dated obligations can be met by 2021-03-31 at the earliest; set by late" in out
    assert "Critical path: late → early" in out
    assert "early (waits for late: 365 days after its own date)" in out
    assert "Not counted, in a dependency cycle: cycle-a, cycle-b, cycle-c" in out


@pytest.mark.parametrize(("args", "says"), [
    (("owes", "nobody"), "no agency 'nobody' in the repository"),
    (("binds", "nothing"), "no system 'nothing' in the repository"),
    (("reach", "ord-z"), "no ordinance 'ord-z' in the repository"),
    (("impact", "ord-a", "--section", "9"), "ordinance 'ord-a' has no section '9'"),
    (("export", "--around", "agency:nobody"), "'agency:nobody' names no single record"),
    (("export", "--format", "png"), "invalid choice: 'png'"),
])
def test_unknown_records_exit_2(args: tuple[str, ...], says: str, run_cli: RunCli) -> None:
    code, out, err = run_cli("graph", *args, "--as-of", DAY, cwd=RULES_REPO)
    assert code == 2
    assert out == ""
    assert says in err


def test_export_json_round_trips(run_cli: RunCli) -> None:
    code, out, _ = run_cli("graph", "export", RULES_REPO, "--as-of", DAY, "--format", "json")
    assert code == 0
    graph = from_node_link(json.loads(out))
    assert graph.nodes["obligation:early"]["status"] == "due-soon"
    assert graph.has_edge("obligation:early", "obligation:late", key="depends-on")
    assert graph.number_of_nodes() == 18  # 1 ordinance, 2 sections, 8 obligations, 3 agencies, 2 systems, …


def test_export_neighbourhood_to_a_graphml_file(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "near.graphml"
    code, out, _ = run_cli("graph", "export", COUNTY, "--as-of", COUNTY_DAY, "--format", "graphml",
                           "--around", "system:jail-lookup", "--depth", "1", "-o", target)
    assert (code, out) == (0, "")
    graph = nx.read_graphml(target)
    assert "party:feds" in graph and "agency:jail" in graph and "system:sheriff-records" not in graph
    assert graph.nodes["system:jail-lookup"]["label"] == "Jail inmate look-up system"


@pytest.mark.parametrize(("fmt", "start"), [("mermaid", "flowchart LR"), ("dot", "digraph policytrack {"),
                                            ("gexf", "<?xml")])
def test_export_formats(fmt: str, start: str, run_cli: RunCli) -> None:
    code, out, _ = run_cli("graph", "export", QUIET_REPO, "--as-of", DAY, "--format", fmt, "--around", "archive")
    assert code == 0
    assert out.startswith(start)
    assert "Records archive" in out


def test_check_runs_the_graph_rules(run_cli: RunCli) -> None:
    code, out, _ = run_cli("check", RULES_REPO, "--as-of", DAY)
    assert code == 1
    assert "systems/records.yml:7:5: error [uncovered-access] Vendor X (vendor-x) has access" in out
    assert "obligations/waiting.yml:18:5: warning [blocked]" in out
    code, out, _ = run_cli("check", QUIET_REPO, "--as-of", DAY)
    assert code == 0
    assert out.startswith("0 errors, 0 warnings")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_an_export_around_a_node_is_the_same_under_every_hash_seed(run_cli: RunCli, fmt: str) -> None:
    outputs = set()
    for seed in ("1", "2", "3"):
        code, out, _ = run_cli("graph", "export", COUNTY, "--around", "jail", "--format", fmt, "--as-of", COUNTY_DAY,
                               env={"PYTHONHASHSEED": seed})
        assert code == 0
        outputs.add(out)
    assert len(outputs) == 1
