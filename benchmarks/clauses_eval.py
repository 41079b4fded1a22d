"""Measure clause extraction against hand-labelled laws: precision and recall of clauses, modality, deadline.

    python benchmarks/clauses_eval.py [LABELS.json ...] [--json] [--errors]

Each labels file (``tests/data/clauses/*.labels.json``) names a law file and lists its clauses by
section, exact opening words (``text``), optionally the exact closing words (``until``) and which
occurrence in the section (``occurrence``, from 1), the modality and the deadline (model form or null).
The law is imported with :func:`policytrack.law.importer.read_law` and its sections read with
:func:`policytrack.law.clauses.extract`.

Matching: a found clause matches a labelled one in the same section when their character spans overlap
by at least half of the longer span (each labelled clause matches at most one found clause).

* clauses: precision = matched / found, recall = matched / labelled;
* modality: the same, counting only matches whose modality agrees;
* deadline figures: over the clauses where the label or the extractor gives a deadline, a deadline is
  right when its figures agree (type; date; days/weeks/months/years; direction; business days;
  every, interval, month, day, first; days after the period end; counted from the law's effective or
  enactment date). Precision = right / deadlines found on matched clauses, recall = right / labelled
  deadlines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from policytrack.law.clauses import Clause, extract  # noqa: E402
from policytrack.law.importer import read_law  # noqa: E402

FIGURES = ("type", "date", "days", "weeks", "months", "years", "direction", "business_days", "every",
           "interval", "month", "day", "first", "days_after_period_end", "after")


def figures(deadline: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """The parts of a deadline that must agree (the event's wording is not compared)."""
    if deadline is None:
        return None
    return tuple(deadline.get(key) if key != "business_days" else bool(deadline.get(key)) for key in FIGURES)


def labelled_spans(labels: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    """Each label with its ``start`` and ``end`` in its section's text (an error if the words are not there)."""
    out = []
    for label in labels["clauses"]:
        text = texts.get(label["section"])
        if text is None:
            raise SystemExit(f"label for unknown section {label['section']!r}")
        position = -1
        for _ in range(label.get("occurrence", 1)):
            position = text.find(label["text"], position + 1)
            if position < 0:
                raise SystemExit(f"section {label['section']}: words not found: {label['text']!r}")
        end = position + len(label["text"])
        if "until" in label:
            stop = text.find(label["until"], position)
            if stop < 0:
                raise SystemExit(f"section {label['section']}: closing words not found: {label['until']!r}")
            end = stop + len(label["until"])
        out.append({**label, "start": position, "end": end})
    return out


def score(labels_path: Path) -> dict[str, Any]:
    """Precision and recall of one labelled law, and the mismatches."""
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    law = read_law(ROOT / labels["law"])
    texts = {section.id: section.text for section in law.sections}
    gold = labelled_spans(labels, texts)
    found: list[Clause] = [clause for section in law.sections for clause in extract(section.text, section.id)]
    used: set[int] = set()
    pairs: list[tuple[dict[str, Any], Clause]] = []
    for clause in found:
        best, best_overlap = None, 0.0
        for index, label in enumerate(gold):
            if index in used or label["section"] != clause.section:
                continue
            overlap = min(label["end"], clause.end) - max(label["start"], clause.start)
            share = overlap / max(label["end"] - label["start"], clause.end - clause.start)
            if share >= 0.5 and share > best_overlap:
                best, best_overlap = index, share
        if best is not None:
            used.add(best)
            pairs.append((gold[best], clause))
    matched = len(pairs)
    modality_ok = sum(1 for label, clause in pairs if label["modality"] == clause.modality)
    deadline_found = sum(1 for _, clause in pairs if clause.deadline is not None)
    deadline_gold = sum(1 for label in gold if label["deadline"] is not None)
    deadline_ok = sum(1 for label, clause in pairs
                      if label["deadline"] is not None and figures(label["deadline"]) == figures(clause.deadline))
    errors = []
    matched_found = {id(clause) for _, clause in pairs}
    for clause in found:
        if id(clause) not in matched_found:
            errors.append(f"extra   {clause.section}: {clause.modality}: {clause.text[:100]!r}")
    for index, label in enumerate(gold):
        if index not in used:
            errors.append(f"missed  {label['section']}: {label['modality']}: {label['text'][:100]!r}")
    for label, clause in pairs:
        if label["modality"] != clause.modality:
            errors.append(f"modality {label['section']}: {clause.modality} for {label['modality']}: "
                          f"{label['text'][:80]!r}")
        if figures(label["deadline"]) != figures(clause.deadline):
            errors.append(f"deadline {label['section']}: {clause.deadline} for {label['deadline']}: "
                          f"{label['text'][:60]!r}")

    def ratio(part: int, whole: int) -> float:
        return round(part / whole, 3) if whole else 1.0

    return {
        "law": labels["law"], "labelled": len(gold), "found": len(found), "matched": matched,
        "clauses": {"precision": ratio(matched, len(found)), "recall": ratio(matched, len(gold))},
        "modality": {"precision": ratio(modality_ok, len(found)), "recall": ratio(modality_ok, len(gold))},
        "deadline": {"labelled": deadline_gold, "found": deadline_found, "right": deadline_ok,
                     "precision": ratio(deadline_ok, deadline_found), "recall": ratio(deadline_ok, deadline_gold)},
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the figures of each labelled law (all of ``tests/data/clauses/`` by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    paths = args.labels or sorted((ROOT / "tests" / "data" / "clauses").glob("*.labels.json"))
    results = [score(path) for path in paths]
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if k != "errors" or args.errors} for r in results], indent=2))
        return 0
    for result in results:
        c, m, d = result["clauses"], result["modality"], result["deadline"]
        print(f"{result['law']}: {result['labelled']} labelled, {result['found']} found, {result['matched']} matched")
        print(f"  clauses   precision {c['precision']:.3f}  recall {c['recall']:.3f}")
        print(f"  modality  precision {m['precision']:.3f}  recall {m['recall']:.3f}")
        print(f"  deadline  precision {d['precision']:.3f}  recall {d['recall']:.3f}  "
              f"({d['right']} right of {d['found']} found, {d['labelled']} labelled)")
        if args.errors:
            for line in result["errors"]:
                print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
