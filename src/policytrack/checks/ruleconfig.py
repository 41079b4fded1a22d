"""Rules per repository, as yamllint does it: the engine, not each rule, sets a finding's level.

Two ways to adapt the checker to a repository, both visible in the repository itself:

* ``policytrack.yml`` turns a rule off or changes its severity::

      rules:
        unreferenced: off          # not reported at all
        agency-owes-nothing: error # a warning made an error

* a finding is silenced in its file by a comment that names the rule and gives a reason, on the
  finding's line or alone on the line before it::

      summary: Booking 19-004512 was released.  # policytrack: disable=privacy-booking-number reason="public docket"

* a whole record (one file) is silenced by a comment of its own at the start of a line, anywhere in
  the file, for a reviewed false positive that no line comment can reach (a record whose text is law
  text, where a comment would change the text and its ``sha256``; a record that repeats a reviewed
  number on many lines); ``matching="..."`` narrows it to the lines that contain that text, so new data
  elsewhere in the record is still found::

      # policytrack: disable-file=personal-data reason="the court's public docket numbers" matching="Case No. 2:19-cv"

  A silenced finding does not fail the check, but it is still counted and listed (JSON output, the
  site's findings page). A silence without a reason is itself an error (``silence-without-reason``),
  and one that silences nothing is a warning (``unused-silence``), so stale silences do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding
from policytrack.model.load import CONFIG_FILE

SILENCE = re.compile(
    r"#\s*policytrack:\s*disable=(?P<rules>[A-Za-z0-9_,-]+)(?:\s+reason=(?:\"(?P<reason>[^\"]*)\"|'(?P<reason2>[^']*)'))?"
)
"""``# policytrack: disable=rule-a,rule-b reason="why this is not a problem"``."""

FILE_SILENCE = re.compile(r"#\s*policytrack:\s*disable-file=(?P<rules>[A-Za-z0-9_,-]+)(?P<rest>.*)")
"""``# policytrack: disable-file=RULE reason="why" [matching="text"]``, at the start of a line: the whole file."""
_ATTRIBUTE = re.compile(r"\s+(?P<name>reason|matching)=(?:\"(?P<value>[^\"]*)\"|'(?P<value2>[^']*)')")

UNKNOWN_RULE = "unknown-rule"
NO_REASON = "silence-without-reason"
UNUSED = "unused-silence"

CONFIG_RULES: dict[str, str] = {
    UNKNOWN_RULE: "``rules:`` in policytrack.yml names a rule that does not exist.",
    NO_REASON: "A silencing comment gives no ``reason=\"...\"``: say why the finding is not a problem.",
    UNUSED: "A silencing comment silences nothing on its line or the next (a ``disable-file`` comment: nothing in "
            "its file, or on the lines holding its ``matching`` text): remove it, or fix the rule id.",
}
"""The engine's own finding ids → documentation (shown on the rules page beside the rules')."""


SELF_VERIFIED = "evidence-self-verified"
COUNCIL_REVIEW = "council-review"
NOT_VERIFIER = "assessment-not-by-verifier"

GATE_RULES: dict[str, str] = {
    SELF_VERIFIED: "Evidence in a pull request carries its own ``verified:`` block: a verifier adds a record "
                   "under verifications/ instead.",
    COUNCIL_REVIEW: "A pull request changes an ordinance or an obligation (a warning): council staff review it.",
    NOT_VERIFIER: "A pull request adds, changes or deletes an assessment of a recommendation that is not by a "
                  "verifier: only the auditor's assessment closes a recommendation.",
}
"""The gate's own finding ids → documentation."""


@dataclass(frozen=True, slots=True)
class Silence:
    """One silencing comment: where it is, the rules it names and the reason it gives."""

    path: str
    line: int
    column: int
    rules: tuple[str, ...]
    reason: str | None
    lines: frozenset[int] | None
    """The lines it covers: its own; alone on its line, the next line with a key (and, when that key
    opens a nested block such as ``deadline:``, the block's first line, where findings about it point).
    None for a file silence without ``matching``: every line of the file."""
    whole_file: bool = False
    matching: str | None = None

    def covers(self, finding: Finding) -> bool:
        """Whether this comment silences ``finding``."""
        return (finding.path == self.path and finding.rule in self.rules
                and (self.lines is None or finding.line in self.lines))

    @property
    def written(self) -> str:
        """The comment's directive, as findings about it quote it."""
        return f"policytrack: {'disable-file' if self.whole_file else 'disable'}={','.join(self.rules)}"


def silences_in(path: str, text: str) -> list[Silence]:
    """The silencing comments of one file's text."""
    found: list[Silence] = []
    if "policytrack:" not in text:
        return found
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        whole = FILE_SILENCE.match(line)
        if whole is not None:
            found.append(_file_silence(path, number, whole, lines))
            continue
        match = SILENCE.search(line)
        if match is None:
            continue
        reason = match.group("reason") if match.group("reason") is not None else match.group("reason2")
        reason = reason.strip() if reason else None
        rules = tuple(item for item in match.group("rules").split(",") if item)
        covered = {number}
        if not line[:match.start()].strip():
            following = number
            while following < len(lines) and lines[following].lstrip().startswith("#"):
                following += 1
            covered.add(following + 1)
            if following < len(lines) and lines[following].split(" #")[0].rstrip().endswith(":"):
                covered.add(following + 2)
        found.append(Silence(path, number, match.start() + 1, rules, reason or None, frozenset(covered)))
    return found


def _file_silence(path: str, number: int, match: re.Match[str], lines: list[str]) -> Silence:
    """A ``disable-file`` comment: every line of the file, or those holding its ``matching`` text."""
    attributes: dict[str, str] = {}
    for attribute in _ATTRIBUTE.finditer(match.group("rest")):
        value = attribute.group("value") if attribute.group("value") is not None else attribute.group("value2")
        attributes[attribute.group("name")] = value.strip()
    rules = tuple(item for item in match.group("rules").split(",") if item)
    matching = attributes.get("matching") or None
    covered = None
    if matching is not None:
        covered = frozenset(index for index, line in enumerate(lines, start=1) if matching in line)
    return Silence(path, number, 1, rules, attributes.get("reason") or None, covered, True, matching)


def apply_rule_config(
    findings: Iterable[Finding], ctx: Context, known_rules: Iterable[str]
) -> list[Finding]:
    """Apply ``policytrack.yml``'s ``rules:`` levels and the files' silencing comments to ``findings``.

    Returns the findings to report: rules turned off are gone, levels changed, silenced findings kept
    with their reason, plus the engine's own findings about the configuration and the comments.
    """
    repo = ctx.repo
    levels = repo.config.rules
    from policytrack.checks.rules.loading import LOAD_RULES

    known = set(known_rules) | set(CONFIG_RULES) | set(GATE_RULES) | set(LOAD_RULES)
    out: list[Finding] = []
    for rule_id in sorted(set(levels) - known):
        out.append(Finding(CONFIG_FILE, _config_line(ctx, rule_id), 1, UNKNOWN_RULE, "error",
                           f"rules: '{rule_id}' is not a rule of the checker; see the rules page for their ids"))
    pending = list(findings)
    paths = sorted({finding.path for finding in pending if finding.path})
    paths += _data_files_with_comments(ctx, set(paths))
    silences = [item for path in paths for item in silences_in(path, ctx.text(path))]
    used: set[Silence] = set()
    for finding in pending:
        level = levels.get(finding.rule)
        if level == "off":
            continue
        if level is not None and level != finding.severity and finding.rule not in (NO_REASON, UNKNOWN_RULE):
            finding = replace(finding, severity=level)
        for silence in silences:
            if silence.reason and silence.covers(finding):
                if not (silence.whole_file and finding.line == silence.line):  # its own quote of the text
                    used.add(silence)
                finding = replace(finding, silenced=silence.reason)
                break
        out.append(finding)
    for silence in silences:
        if not silence.reason:
            if levels.get(NO_REASON) != "off":
                out.append(Finding(silence.path, silence.line, silence.column, NO_REASON,
                                   "warning" if levels.get(NO_REASON) == "warning" else "error",
                                   f"'{silence.written}' gives no reason: "
                                   "add reason=\"...\" saying why the finding is not a problem"))
        elif silence not in used and levels.get(UNUSED) != "off":
            unknown = [rule for rule in silence.rules if rule not in known]
            where = ("in this file" + (" on a line holding the 'matching' text" if silence.matching else "")
                     if silence.whole_file else "on this line or the next")
            detail = (f"'{', '.join(unknown)}' is not a rule id" if unknown
                      else f"no finding of that rule is {where}; remove the comment")
            out.append(Finding(silence.path, silence.line, silence.column, UNUSED,
                               "error" if levels.get(UNUSED) == "error" else "warning",
                               f"'{silence.written}' silences nothing: {detail}"))
    return out


def _config_line(ctx: Context, rule_id: str) -> int:
    for number, line in enumerate(ctx.text(CONFIG_FILE).splitlines(), start=1):
        if line.strip().startswith((f"{rule_id}:", f"'{rule_id}':", f'"{rule_id}":')):
            return number
    return 0


def _data_files_with_comments(ctx: Context, seen: set[str]) -> list[str]:
    """Files of loaded records that carry a silencing comment but have no finding (unused silences)."""
    extra = []
    for origin in ctx.repo.origins.values():
        if origin.path in seen:
            continue
        seen.add(origin.path)
        if "policytrack:" in ctx.text(origin.path):
            extra.append(origin.path)
    return extra
