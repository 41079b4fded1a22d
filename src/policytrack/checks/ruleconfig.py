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
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from policytrack.checks.rules.context import Context, SilenceKey
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
SILENCE_ADDED = "silence-added"
PROTECTED = "protected-file"
DELETED = "record-deleted"
VERIFICATION_CHANGE = "verification-change"
EVIDENCE_NAME = "evidence-file-name"
NOT_VERIFIER = "assessment-not-by-verifier"

GATE_RULES: dict[str, str] = {
    SELF_VERIFIED: "Evidence in a pull request carries its own ``verified:`` block: a verifier adds a record "
                   "under verifications/ instead.",
    COUNCIL_REVIEW: "A pull request changes an ordinance, an obligation, a law change, a breach, an event or a "
                    "registry record (a warning): council staff review it.",
    SILENCE_ADDED: "A pull request adds a silencing comment (a warning). The gate does not apply it: the finding "
                   "it would silence still counts until council staff have reviewed the comment and merged it.",
    PROTECTED: "A pull request changes a file outside the data folders: policytrack.yml (the rules, time zone, "
               "verifiers and council staff the gate trusts), mkdocs.yml and docs/ (the published site and "
               "its build), .github/ (the workflows and CODEOWNERS), the tool itself (action.yml, src/, "
               "pyproject.toml), the hooks, or any other file that CI or the site build may read. Only council "
               "staff may: the gate asks REF's policytrack.yml whether the author (--author) is in council_team "
               "(its members: list).",
    DELETED: "A pull request deletes a breach, event, verification or registry record (agency, system, party), "
             "or changes its id: records of what happened disappear only with council staff (the author must "
             "be in council_team).",
    VERIFICATION_CHANGE: "A pull request adds or changes a verification record and its author is not a verifier "
                         "named in REF's policytrack.yml (verifiers, and members: for a team).",
    EVIDENCE_NAME: "An evidence file's name does not name the agency its 'agency:' gives "
                   "(evidence/<obligation>/<date>-<agency>[-n].yml): CODEOWNERS asks the team of the agency in "
                   "the name to review it, so a file named for one agency may not claim another.",
    NOT_VERIFIER: "A pull request adds, changes or deletes an assessment of a recommendation and its author is "
                  "not a verifier, or the assessment is by the agency the recommendation is addressed to: only "
                  "the auditor's assessment closes a recommendation.",
}
"""The gate's own finding ids → documentation."""

RESERVED_REASON = "baseline:"
"""How the gate's baseline is marked (``silenced`` reason); a silencing comment may not start with it."""


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
    with their reason, plus the engine's own findings about the configuration and the comments. A file
    that could not be loaded cannot silence its own load finding (it was not checked at all), and in the
    pull-request gate a comment the pull request adds silences nothing (``silence-added``).
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
    added = _added(silences, ctx.options.base_silences, ctx)
    used: set[Silence] = set()
    for finding in pending:
        level = levels.get(finding.rule)
        if level == "off":
            continue
        if level is not None and level != finding.severity and finding.rule not in (NO_REASON, UNKNOWN_RULE):
            finding = replace(finding, severity=level)
        if finding.rule not in LOAD_RULES:
            for silence in silences:
                if _usable(silence.reason) and silence.covers(finding):
                    if not (silence.whole_file and finding.line == silence.line):  # its own quote of the text
                        used.add(silence)
                    if silence not in added:
                        finding = replace(finding, silenced=silence.reason)
                        break
        out.append(finding)
    for silence in silences:
        if not _usable(silence.reason):
            if levels.get(NO_REASON) != "off":
                why = (f"gives no reason of its own: '{RESERVED_REASON}' marks the gate's baseline, never a file's "
                       "comment; write what the reason is" if silence.reason else
                       "gives no reason: add reason=\"...\" saying why the finding is not a problem")
                out.append(Finding(silence.path, silence.line, silence.column, NO_REASON,
                                   "warning" if levels.get(NO_REASON) == "warning" else "error",
                                   f"'{silence.written}' {why}"))
            continue
        if silence in added and levels.get(SILENCE_ADDED) != "off":
            out.append(Finding(silence.path, silence.line, silence.column, SILENCE_ADDED,
                               "error" if levels.get(SILENCE_ADDED) == "error" else "warning",
                               f"this pull request adds '{silence.written}' (reason: {silence.reason}): "
                               "it silences nothing until council staff have reviewed it and it is merged"))
        if silence not in used and levels.get(UNUSED) != "off":
            unknown = [rule for rule in silence.rules if rule not in known]
            loading = [rule for rule in silence.rules if rule in LOAD_RULES]
            where = ("in this file" + (" on a line holding the 'matching' text" if silence.matching else "")
                     if silence.whole_file else "on this line or the next")
            detail = (f"'{', '.join(unknown)}' is not a rule id" if unknown else
                      f"'{', '.join(loading)}' says the file could not be loaded, so nothing in it was checked: "
                      "fix the file instead" if loading else
                      f"no finding of that rule is {where}; remove the comment")
            out.append(Finding(silence.path, silence.line, silence.column, UNUSED,
                               "error" if levels.get(UNUSED) == "error" else "warning",
                               f"'{silence.written}' silences nothing: {detail}"))
    return out


def _usable(reason: str | None) -> bool:
    """A reason was given, and it cannot be mistaken for the gate's baseline (compared as it reads: format
    characters such as zero-width spaces removed, full-width letters and any case folded)."""
    if not reason:
        return False
    shown = "".join(char for char in unicodedata.normalize("NFKC", reason)
                    if unicodedata.category(char) != "Cf" and not char.isspace())
    return not shown.casefold().startswith(RESERVED_REASON)


def silence_key(silence: Silence, text: str) -> SilenceKey:
    """What the gate compares a comment by: its rules, its reason and the text of the lines it covers, so that
    a comment moved onto another line, or kept over a line whose value changed, is a new one. A file-wide
    comment covers the whole file: any change to the file makes it a new one, reviewed again."""
    lines = text.splitlines()
    if silence.lines is None:
        return silence.rules, silence.reason, tuple(line.strip() for line in lines)
    covered = tuple(lines[number - 1].strip() for number in sorted(silence.lines) if 0 < number <= len(lines))
    return silence.rules, silence.reason, covered


def _added(silences: list[Silence], before: dict[str, list[SilenceKey]] | None, ctx: Context) -> set[Silence]:
    """The comments a pull request adds: in a changed file (a key of ``before``), beyond those it had before
    (one more copy of a comment is added too)."""
    if before is None:
        return set()
    remaining = {path: Counter(items) for path, items in before.items()}
    added = set()
    for silence in silences:
        if silence.path not in remaining:
            continue
        key = silence_key(silence, ctx.text(silence.path))
        if remaining[silence.path][key] > 0:
            remaining[silence.path][key] -= 1
        else:
            added.add(silence)
    return added


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
