"""Reports for CI tools: SARIF 2.1.0 (GitHub code scanning) and JUnit XML (test dashboards).

Both are chosen with ``policytrack check --format sarif|junit``. Silenced findings (in-file silences
with a reason, and the pull-request gate's baseline) appear in SARIF as suppressed results with
their justification, and in JUnit as skipped test cases; they never fail either.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from policytrack import __version__
from policytrack.checks.ruleconfig import RESERVED_REASON
from policytrack.model.safetext import printable

if TYPE_CHECKING:
    from policytrack.checks.checker import CheckResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/policytrack/policytrack"


def _rule_docs() -> dict[str, str]:
    from policytrack.checks.catalog import catalogue

    return {rule_id: entry.summary for rule_id, entry in catalogue().items()}


def sarif(result: CheckResult) -> dict[str, Any]:
    """The check result as a SARIF 2.1.0 log (one run)."""
    docs = _rule_docs()
    used = sorted({finding.rule for finding in result.findings})
    index = {rule_id: number for number, rule_id in enumerate(used)}
    results = []
    for finding in result.findings:
        item: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": "error" if finding.severity == "error" else "warning",
            "message": {"text": finding.message},
        }
        location: dict[str, Any] = {"artifactLocation": {"uri": finding.path or "policytrack.yml",
                                                         "uriBaseId": "%SRCROOT%"}}
        if finding.line:
            location["region"] = {"startLine": finding.line, "startColumn": max(finding.column, 1)}
        item["locations"] = [{"physicalLocation": location}]
        if finding.silenced is not None:
            item["suppressions"] = [{
                # a file's comment may not give a reason starting so (silence-without-reason): only the gate's
                "kind": "external" if finding.silenced.startswith(RESERVED_REASON) else "inSource",
                "justification": finding.silenced,
            }]
        if finding.obligation or finding.agency:
            item["properties"] = {"obligation": finding.obligation, "agency": finding.agency}
        results.append(item)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "policytrack",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [{"id": rule_id, "shortDescription": {"text": docs.get(rule_id, rule_id)},
                           "helpUri": f"{INFORMATION_URI}#{rule_id}"} for rule_id in used],
            }},
            "properties": {"asOf": result.as_of.isoformat()},
            "results": results,
        }],
    }


def format_sarif(result: CheckResult) -> str:
    """SARIF 2.1.0, for GitHub code scanning (``github/codeql-action/upload-sarif``)."""
    return json.dumps(sarif(result), indent=2, ensure_ascii=False)


def format_junit(result: CheckResult) -> str:
    """JUnit XML: one test suite per rule, one test case per finding (errors fail, warnings pass)."""
    suites = ET.Element("testsuites", name="policytrack", tests=str(len(result.findings)),
                        failures=str(len(result.errors)))
    by_rule: dict[str, list[Any]] = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    for rule_id in sorted(by_rule):  # every text printable: XML 1.0 has no form at all for control characters
        findings = by_rule[rule_id]
        failing = [item for item in findings if item.severity == "error" and item.silenced is None]
        skipped = [item for item in findings if item.silenced is not None]
        suite = ET.SubElement(suites, "testsuite", name=rule_id, tests=str(len(findings)),
                              failures=str(len(failing)), errors="0", skipped=str(len(skipped)))
        for finding in findings:
            where = printable(finding.path) or "(repository)"
            if finding.line:
                where += f":{finding.line}:{finding.column}"
            message = printable(finding.message)
            case = ET.SubElement(suite, "testcase", classname=rule_id, name=where, file=printable(finding.path))
            if finding.silenced is not None:
                ET.SubElement(case, "skipped", message=f"silenced: {printable(finding.silenced)}")
            elif finding.severity == "error":
                failure = ET.SubElement(case, "failure", type=rule_id, message=message)
                failure.text = f"{where}: {message}"
            else:
                ET.SubElement(case, "system-out").text = f"warning: {message}"
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")
