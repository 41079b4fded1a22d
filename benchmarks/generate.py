"""Write a synthetic policy repository laid out exactly as a real one, for benchmarks.

    python benchmarks/generate.py --obligations 10000 OUT

N obligations of every kind and deadline type (about 35 lines each), about two evidence records per
obligation, N/10 ordinances with sections, 40 agencies, N/100 systems (at least 10) and a few
external parties. Deterministic: the same N gives the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

WORDS = ("records", "privacy", "training", "access", "review", "notice", "language", "data", "forms",
         "requests", "detainers", "accounts", "audit", "report", "policy", "complaints", "permits", "fees")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate(out: Path, obligations: int, seed: int = 7) -> None:
    """Write the repository into ``out`` (replaced if it exists)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("ordinances", "obligations", "evidence", "agencies", "systems", "parties"):
        (out / folder).mkdir(parents=True)
    (out / "policytrack.yml").write_text(
        "name: Synthetic benchmark repository\njurisdiction: Benchmark County\n"
        "repo_url: https://github.com/example/benchmark\n", encoding="utf-8")
    agencies = [f"agency-{i:02d}" for i in range(40)]
    for i, agency in enumerate(agencies):
        parent = f"parent: {agencies[i // 8]}\n" if i >= 8 else ""
        (out / "agencies" / f"{agency}.yml").write_text(
            f"# yaml-language-server: $schema=../schemas/agency.schema.json\nid: {agency}\n"
            f"name: Department of {_sentence(rng, 2)} {i}\n{parent}head: Director\n", encoding="utf-8")
    parties = [f"party-{i}" for i in range(5)]
    for party in parties:
        (out / "parties" / f"{party}.yml").write_text(
            f"id: {party}\nname: {_sentence(rng, 3)}\nkind: federal-agency\n", encoding="utf-8")
    n_systems = max(10, obligations // 100)
    systems = [f"system-{i:04d}" for i in range(n_systems)]
    categories = [f"category-{i}" for i in range(12)]
    for system in systems:
        access = ""
        if rng.random() < 0.3:
            access = (f"access:\n  - party: {rng.choice(parties)}\n    description: accounts held by the party\n"
                      f"    since: 2015-01-01\n    until: 2019-04-30\n")
        data = "".join(f"  - {c}\n" for c in rng.sample(categories, 3))
        (out / "systems" / f"{system}.yml").write_text(
            f"# yaml-language-server: $schema=../schemas/system.schema.json\nid: {system}\n"
            f"name: {_sentence(rng, 3)} system\noperator: {rng.choice(agencies)}\ndata:\n{data}{access}",
            encoding="utf-8")
    n_ordinances = max(1, obligations // 10)
    ordinance_sections: list[list[str]] = []
    for i in range(n_ordinances):
        enacted = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3000))
        sections = [f"{i}.{j:02d}" for j in range(1, 6)]
        ordinance_sections.append(sections)
        body = "".join(
            f"  - id: \"{s}\"\n    heading: {_sentence(rng, 3)}\n    text: >-\n      {_sentence(rng, 30)}.\n"
            for s in sections)
        (out / "ordinances" / f"ord-{i:05d}.yml").write_text(
            f"# yaml-language-server: $schema=../schemas/ordinance.schema.json\nid: ord-{i:05d}\n"
            f"title: An ordinance on {_sentence(rng, 4).lower()}\nnumber: \"{10000 + i}\"\n"
            f"citation: Code chapter {i}\nenacted: {enacted}\neffective: {enacted + timedelta(days=10)}\n"
            f"source: https://example.org/ordinances/{i}\napplies_to:\n  - {rng.choice(agencies)}\n"
            f"protects:\n  - {rng.choice(categories)}\nrestricts:\n  - {rng.choice(parties)}\n"
            f"sections:\n{body}", encoding="utf-8")
    kinds = ("one-time", "prohibition", "recurring", "per-event")
    for i in range(obligations):
        ordinance = i % n_ordinances
        ob_id = f"ob-{i:06d}"
        kind = kinds[i % 4]
        bound = rng.sample(agencies, 1 + (i % 3))
        if kind == "recurring":
            deadline = "deadline:\n  type: recurring\n  every: month\n"
            max_age = "  max_age_days: 45\n"
        elif kind == "per-event":
            deadline = "deadline:\n  type: per-event\n  event: each request received\n  within_days: 10\n"
            max_age = ""
        elif i % 7 == 0:
            deadline = "deadline:\n  type: relative\n  days: 90\n  after: effective\n"
            max_age = ""
        else:
            deadline = f"deadline:\n  type: date\n  date: {date(2016, 1, 1) + timedelta(days=rng.randrange(0, 3500))}\n"
            max_age = ""
        applies = "".join(f"  - {a}\n" for a in bound)
        depends = f"depends_on:\n  - ob-{i - 1:06d}\n" if i % 5 == 1 else ""
        text = (
            f"# yaml-language-server: $schema=../../schemas/obligation.schema.json\n"
            f"id: {ob_id}\n"
            f"title: {_sentence(rng, 5)}\n"
            f"ordinance: ord-{ordinance:05d}\n"
            f"section: \"{rng.choice(ordinance_sections[ordinance])}\"\n"
            f"quote: >-\n  {_sentence(rng, 25)}.\n"
            f"action: >-\n  {_sentence(rng, 20)}.\n"
            f"kind: {kind}\n"
            f"owner:\n  agency: {bound[0]}\n  role: Director\n"
            f"applies_to:\n{applies}"
            f"{deadline}"
            f"evidence:\n  kinds:\n    - report\n    - log\n  description: {_sentence(rng, 8)}.\n{max_age}"
            f"systems:\n  - {rng.choice(systems)}\n"
            f"{depends}"
            f"tags:\n  - {rng.choice(WORDS)}\n"
        )
        folder = out / "obligations" / f"ord-{ordinance:05d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{ob_id}.yml").write_text(text, encoding="utf-8")
        evidence_folder = out / "evidence" / ob_id
        for j in range(2 if i % 10 else 1):
            agency = bound[j % len(bound)]
            when = date(2017, 1, 1) + timedelta(days=rng.randrange(0, 3000))
            verified = f"verified:\n  by: Auditor\n  on: {when + timedelta(days=30)}\n" if j == 0 else ""
            evidence_folder.mkdir(exist_ok=True)
            (evidence_folder / f"{when}-{agency}-{j}.yml").write_text(
                f"# yaml-language-server: $schema=../../schemas/evidence.schema.json\n"
                f"id: ev-{i:06d}-{j}\nobligation: {ob_id}\nagency: {agency}\ndate: {when}\nkind: report\n"
                f"summary: >-\n  {_sentence(rng, 18)}.\nsource:\n  url: https://example.org/evidence/{i}/{j}\n"
                f"  title: {_sentence(rng, 4)}\nsubmitted_by:\n  role: Records officer\n  agency: {agency}\n"
                f"{verified}", encoding="utf-8")


def main() -> None:
    """Command line: ``generate.py --obligations N OUT``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obligations", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    generate(args.out, args.obligations, args.seed)


if __name__ == "__main__":
    main()
