"""Which clauses of the law are carried by obligations, which need none, and which nobody carries.

Every obligation or prohibition clause of an ordinance (found by :mod:`policytrack.law.clauses` in each
section's verbatim text; paraphrased sections are not the law's words and are left out) is:

* **covered** when the quote of one or more obligations of that ordinance lies within it, or it lies
  within the quote, or the quote (``...`` parts in order) spans at least half of it, in the same section
  or one of its subdivisions;
* **excused** when the ordinance records, under ``clauses_needing_no_obligation``, that it needs none
  and why;
* **uncovered** otherwise.

Quotes are compared after folding whitespace and typographic quotes; a quote with an ellipsis
(``...``) matches when its parts appear in order. Draft obligations (``draft: true``) carry nothing.

The module also answers the drift questions: the text of a section in force on a date (the ordinance's
text, replaced by the amendments in force by then) and whether an obligation's quote is still in it.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import pickle
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from policytrack.law.clauses import Clause, extract
from policytrack.law.inforce import section_in_force
from policytrack.model import cache as record_cache
from policytrack.model.limits import MAX_FILE_BYTES
from policytrack.model.load import Repository
from policytrack.model.paths import UnsafePath, read_under
from policytrack.model.records import Obligation, Ordinance, Section

State = Literal["covered", "excused", "uncovered", "permission"]
_MIN_QUOTE = 12
"""Quotes shorter than this (in characters) are too short to say which clause they carry."""


@dataclass(frozen=True)
class ClauseCoverage:
    """One clause of an ordinance and what carries it."""

    clause: Clause
    state: State
    obligations: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def no_deadline_in_law(self) -> bool:
        """An obligation clause whose words give no deadline (the King County training clause)."""
        return self.clause.modality == "obligation" and self.clause.deadline is None


_FOLD = {"“": '"', "”": '"', "’": "'", "‘": "'", "–": "-", "—": "-", "…": "..."}


@functools.lru_cache(maxsize=256)
def normalize(text: str) -> str:
    """Text compared for quotes: typographic quotes and dashes folded, whitespace collapsed, lower case.

    Kept for the texts last asked about: a section's text is normalized once for all its clauses, not once
    per clause (a section of thousands of clauses would take quadratic time)."""
    folded = (text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
              .replace("–", "-").replace("—", "-").replace("…", "..."))
    return " ".join(folded.split()).lower()


@functools.lru_cache(maxsize=8)
def _normalized_lengths(text: str) -> list[int]:
    """``len(normalize(text[:i]))`` for every ``i``, in one pass over the text."""
    lengths = [0]
    count, in_word, words = 0, False, 0
    for char in text:
        if char.isspace():
            in_word = False
        else:
            if not in_word:
                count += 1 if words else 0
                words += 1
                in_word = True
            count += len(_FOLD.get(char, char).lower())
        lengths.append(count)
    return lengths


def quote_in(quote: str, text: str) -> bool:
    """Whether ``quote`` appears in ``text`` (normalized; ``...`` parts in order)."""
    parts = [part.strip() for part in normalize(quote).split("...") if part.strip()]
    haystack = normalize(text)
    position = 0
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return bool(parts)


def _same_section(obligation_section: str, clause_section: str | None) -> bool:
    if clause_section is None:
        return True
    return (obligation_section == clause_section or obligation_section.startswith(clause_section + "(")
            or obligation_section.startswith(clause_section + ".")
            or clause_section.startswith(obligation_section + "("))


def quote_span(quote: str, text: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``, both normalized: from its first part to the end of its last
    (``...`` parts in order), or None when it is not there."""
    parts = [part.strip() for part in normalize(quote).split("...") if part.strip()]
    haystack = normalize(text)
    start, position = -1, 0
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return None
        start = found if start < 0 else start
        position = found + len(part)
    return (start, position) if parts else None


def _carries(quote: str, clause: Clause, section_text: str) -> bool:
    """The quote carries the clause when one lies within the other, or when the quote (with its ``...``
    parts) spans at least half of the clause in the section's text."""
    if len(normalize(quote)) < _MIN_QUOTE:
        return False
    if quote_in(quote, clause.text) or quote_in(clause.text, quote):
        return True
    quoted = quote_span(quote, section_text)
    if quoted is None:
        return False
    words = normalize(clause.text)
    haystack = normalize(section_text)
    start = haystack.find(words, max(0, _normalized_lengths(section_text)[clause.start] - 2))
    if start < 0:
        start = haystack.find(words)
    if start < 0:
        return False
    end = start + len(words)
    overlap = min(end, quoted[1]) - max(start, quoted[0])
    return overlap >= (end - start) / 2 or (start <= quoted[0] and quoted[1] <= end)


def section_clauses(section: Section) -> list[Clause]:
    """The clauses of one section's verbatim text (none for a paraphrase or a section without text)."""
    if section.paraphrase or not section.text:
        return []
    return extract(section.text, section.id)


def sections_in_force(repo: Repository, ordinance: Ordinance, as_of: date | None) -> list[tuple[str, str]]:
    """(section id, verbatim text) of each section to read on ``as_of``: the recorded text as amendment
    records changed it, sections they added, none they repealed. Without a date: the recorded sections."""
    if as_of is None:
        return [(section.id, section.text) for section in ordinance.sections
                if section.text and not section.paraphrase]
    ids = [section.id for section in ordinance.sections]
    for record in repo.amendments.values():
        if record.ordinance == ordinance.id:
            ids += [change.section for change in record.changes if change.section]
    listed = {section.id: section for section in ordinance.sections}
    out = []
    for section_id in dict.fromkeys(ids):
        in_force = section_in_force(repo, ordinance.id, section_id, as_of)
        if not in_force.in_force or not in_force.text:
            continue
        original = listed.get(section_id)
        if original is not None and original.paraphrase and in_force.text == original.text:
            continue
        out.append((section_id, in_force.text))
    return out


def clauses_in_force(repo: Repository, ordinance: Ordinance, as_of: date | None) -> list[tuple[Clause, str]]:
    """Each clause of the ordinance's text (in force on ``as_of``) with its section's text; computed once
    per repository and date (the rules and the pages all ask)."""
    cache = repo.derived.setdefault("clauses-in-force", {})
    key = f"{ordinance.id}@{as_of}"
    if key not in cache:
        cache[key] = [(clause, text) for section_id, text in sections_in_force(repo, ordinance, as_of)
                      for clause in extract(text, section_id)]
    found: list[tuple[Clause, str]] = cache[key]
    return found


@functools.cache
def _law_code() -> bytes:
    """The digest of the law reader's sources: clauses read by other code are never reused."""
    return record_cache.sources_digest(sorted(Path(__file__).parent.glob("*.py")))


def _clause_key(section_id: str, text: str) -> bytes:
    digest = hashlib.blake2b(section_id.encode("utf-8", "surrogateescape"), digest_size=20, person=b"clauses")
    digest.update(b"\0" + text.encode("utf-8", "surrogateescape"))
    return digest.digest()


def _read_clauses(repo: Repository, as_of: date | None) -> None:
    """Read the clauses of every ordinance in force on ``as_of`` at once, each section's from the warm cache
    where it holds them (by the section's id and text, under the law reader's code): a re-check reads only
    the sections whose text changed."""
    cache = record_cache.companion("clauses", _law_code())
    if cache is None:  # no warm cache: each ordinance's clauses are read when first asked for
        return
    memo = repo.derived.setdefault("clauses-in-force", {})
    wanted = {ordinance.id: sections_in_force(repo, ordinance, as_of) for ordinance in repo.ordinances.values()
              if f"{ordinance.id}@{as_of}" not in memo}
    if not wanted:
        return
    cache.prepare(sum(len(sections) for sections in wanted.values()))
    for ordinance_id, sections in wanted.items():
        found: list[tuple[Clause, str]] = []
        for section_id, text in sections:
            key = _clause_key(section_id, text)
            blob = cache.get(key)
            clauses = None
            if blob is not None:
                with contextlib.suppress(Exception):  # authenticated; an entry we cannot read is read again
                    clauses = pickle.loads(blob)
            if not isinstance(clauses, list) or not all(isinstance(item, Clause) for item in clauses):
                clauses = extract(text, section_id)
                cache.put(key, pickle.dumps(clauses, protocol=pickle.HIGHEST_PROTOCOL))
            found.extend((clause, text) for clause in clauses)
        memo[f"{ordinance_id}@{as_of}"] = found
    cache.save()


def repository_coverage(repo: Repository, as_of: date | None = None) -> dict[str, list[ClauseCoverage]]:
    """The coverage of every ordinance of the repository, by ordinance id (on ``as_of``: see
    :func:`sections_in_force`); computed once per repository and date."""
    cache = repo.derived.setdefault("clause-coverage", {})
    key = str(as_of)
    if key not in cache:
        _read_clauses(repo, as_of)
        by_ordinance: dict[str, list[Obligation]] = {}
        for obligation in repo.obligations.values():
            by_ordinance.setdefault(obligation.ordinance, []).append(obligation)
        cache[key] = {ordinance.id: ordinance_coverage(repo, ordinance, by_ordinance.get(ordinance.id, []), as_of)
                      for ordinance in repo.ordinances.values()}
    coverage: dict[str, list[ClauseCoverage]] = cache[key]
    return coverage


def ordinance_coverage(repo: Repository, ordinance: Ordinance, candidates: list[Obligation] | None = None,
                       as_of: date | None = None) -> list[ClauseCoverage]:
    """Every clause of the ordinance, in order, with what carries it (permissions need nothing)."""
    pool = candidates if candidates is not None else list(repo.obligations.values())
    obligations = [ob for ob in pool if ob.ordinance == ordinance.id and not ob.paraphrase and not ob.draft]
    out: list[ClauseCoverage] = []
    for clause, text in clauses_in_force(repo, ordinance, as_of):
        if clause.modality == "permission":
            out.append(ClauseCoverage(clause, "permission"))
            continue
        carriers = tuple(ob.id for ob in obligations
                         if _same_section(ob.section, clause.section) and _carries(ob.quote, clause, text))
        if carriers:
            out.append(ClauseCoverage(clause, "covered", carriers))
            continue
        decision = next((d for d in ordinance.clauses_needing_no_obligation
                         if (d.section is None or d.section == clause.section)
                         and _carries(d.quote, clause, text)),
                        None)
        if decision is not None:
            out.append(ClauseCoverage(clause, "excused", reason=decision.reason))
        else:
            out.append(ClauseCoverage(clause, "uncovered"))
    return out


def unmatched_decisions(repo: Repository, ordinance: Ordinance, as_of: date | None = None) -> list[int]:
    """Indexes of the ordinance's ``clauses_needing_no_obligation`` that match no obligation or
    prohibition clause of its text (in force on ``as_of``)."""
    clauses = [(clause, text) for clause, text in clauses_in_force(repo, ordinance, as_of)
               if clause.modality != "permission"]
    return [index for index, decision in enumerate(ordinance.clauses_needing_no_obligation)
            if not any((decision.section is None or decision.section == clause.section)
                       and _carries(decision.quote, clause, text) for clause, text in clauses)]


def coverage_share(items: list[ClauseCoverage]) -> float | None:
    """Covered or excused obligation and prohibition clauses, as a share of all of them (None if none)."""
    counted = [item for item in items if item.state != "permission"]
    if not counted:
        return None
    return sum(1 for item in counted if item.state != "uncovered") / len(counted)


# --- the text in force, and drift -----------------------------------------------------------------------

def word_diff(quote: str, text: str, width: int = 12) -> str:
    """A short word-level diff between a quote and the closest passage of ``text``: ``[-old-] {+new+}``."""
    quote_words = quote.split()
    text_words = text.split()
    if not text_words:
        return " ".join(f"[-{word}-]" for word in quote_words[:width])
    size = len(quote_words)
    best_start, best_ratio = 0, -1.0
    for start in range(0, max(1, len(text_words) - size + 1)):
        window = text_words[start:start + size]
        ratio = difflib.SequenceMatcher(a=quote_words, b=window, autojunk=False).ratio()
        if ratio > best_ratio:
            best_start, best_ratio = start, ratio
    window = text_words[best_start:best_start + size]
    pieces: list[str] = []
    matcher = difflib.SequenceMatcher(a=quote_words, b=window, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            words = quote_words[a1:a2]
            pieces.append(" ".join(words) if len(words) <= 6 else f"{' '.join(words[:3])} … {' '.join(words[-3:])}")
            continue
        if a2 > a1:
            pieces.append(f"[-{' '.join(quote_words[a1:a2])}-]")
        if b2 > b1:
            pieces.append(f"{{+{' '.join(window[b1:b2])}+}}")
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def quote_drift(repo: Repository, obligation: Obligation, as_of: date) -> str | None:
    """Why the obligation's quote no longer stands in the law in force, or None when it does.

    The text in force is :func:`policytrack.law.inforce.section_in_force`'s: the section's recorded text, as later
    amendment records replaced it by ``as_of``.
    """
    ordinance = repo.ordinances.get(obligation.ordinance)
    if ordinance is None or obligation.paraphrase:
        return None
    listed = next((item for item in ordinance.sections if item.id == obligation.section), None)
    in_force = section_in_force(repo, ordinance.id, obligation.section, as_of)
    if in_force.repealed is not None:
        by = f" by {in_force.repealed_by}" if in_force.repealed_by else ""
        return f"section '{obligation.section}' of '{ordinance.id}' was repealed on {in_force.repealed}{by}"
    if in_force.text is None or (listed is not None and listed.paraphrase and in_force.text == listed.text):
        return None  # no verbatim text to compare with (an unknown section is dangling-reference's finding)
    if quote_in(obligation.quote, in_force.text):
        return None
    where = f" (as amended by {', '.join(in_force.amended_by)})" if in_force.amended_by else ""
    return (f"the quote is no longer in the text of section '{obligation.section}'{where}: "
            f"{word_diff(obligation.quote, in_force.text)}")


@functools.lru_cache(maxsize=8)
def _line_starts(raw: str) -> list[int]:
    """The offset of each line of ``raw`` (and of its end)."""
    starts = [0]
    for line in raw.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _words_at(raw: str, words: list[str], start: int) -> int:
    """Where ``words`` first stand in ``raw`` from ``start`` on, separated by whitespace of any length (what
    the pattern ``word\\s+word...`` finds, without compiling one per clause); -1 when they do not."""
    if not words:
        return -1
    first = words[0]
    at = raw.find(first, start)
    while at >= 0:
        position = at + len(first)
        for word in words[1:]:
            end = position
            while end < len(raw) and raw[end].isspace():
                end += 1
            if end == position or not raw.startswith(word, end):
                break
            position = end + len(word)
        else:
            return at
        at = raw.find(first, at + 1)
    return -1


def clause_position(repo: Repository, ordinance: Ordinance, clause: Clause) -> tuple[str, int, int]:
    """File (relative to the repository), line and column of a clause in the ordinance's file.

    The clause's first words are looked up in the file itself (a folded or literal block keeps the
    words, not the offsets); the section's ``text`` key is the fallback.
    """
    origin = repo.origin("ordinance", ordinance.id)
    if origin is None:
        return "", 0, 0
    index = next((number for number, section in enumerate(ordinance.sections) if section.id == clause.section), None)
    fallback = origin.position("sections", index, "text") if index is not None else origin.position("id")
    try:
        kept = repo.texts.get(origin.path)  # the loader's bytes, else the file as it is now
        raw = (kept if kept is not None else read_under(repo.root, origin.path, MAX_FILE_BYTES)).decode("utf-8")
    except (UnsafePath, OSError, UnicodeDecodeError):
        return origin.path, *fallback
    words = clause.text.split()[:6]
    starts = _line_starts(raw)  # once per file, not once per clause
    offset = starts[min(max(fallback[0] - 1, 0), len(starts) - 1)]
    absolute = _words_at(raw, words, offset)
    if absolute < 0:
        absolute = _words_at(raw, words, 0)
    if absolute < 0 or not words:
        return origin.path, *fallback
    line = raw.count("\n", 0, absolute) + 1
    column = absolute - (raw.rfind("\n", 0, absolute) + 1) + 1
    return origin.path, line, column
