"""Write a synthetic policy repository laid out exactly as a real one, for benchmarks.

    python benchmarks/generate.py --obligations 10000 OUT

N obligations of every kind and deadline form (about 35 lines each) in realistic proportions: one-time
(dates, days after the effective date), prohibitions (no deadline, or a yearly attestation), recurring
(quarterly reports due 30 days after the quarter, yearly ones; their evidence names the period it
covers), per-event (events recorded in events/, some as counted batches, most answered by evidence
naming them); fan-out to one to three agencies or a tag selector, and for_each items. Beside them:
verifications of a third of the evidence, breaches of one obligation in fifty (most remedied), law
changes (amendments/) to one ordinance in ten, N/10 ordinances with sections, 40 agencies, N/100
systems (at least 10) and a few external parties. Deterministic: the same N gives the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

TAGS = ("public-safety", "health", "records", "finance", "transport")
EVENTS = ("records-request", "immigration-request", "acquisition-proposed", "complaint-received")
WORDS = ("records", "privacy", "training", "access", "review", "notice", "language", "data", "forms",
         "requests", "detainers", "accounts", "audit", "report", "policy", "complaints", "permits", "fees")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate(out: Path, obligations: int, seed: int = 7) -> None:
    """Write the repository into ``out`` (replaced if it exists)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("ordinances", "obligations", "evidence", "agencies", "systems", "parties", "events", "breaches",
                   "amendments", "verifications"):
        (out / folder).mkdir(parents=True)
    (out / "policytrack.yml").write_text(
        "name: Synthetic benchmark repository\njurisdiction: Benchmark County\n"
        "repo_url: https://github.com/example/benchmark\n", encoding="utf-8")
    agencies = [f"agency-{i:02d}" for i in range(40)]
    for i, agency in enumerate(agencies):
        parent = f"parent: {agencies[i // 8]}\n" if i >= 8 else ""
        parent += f"tags:\n  - {TAGS[i % len(TAGS)]}\n"
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
    section_texts: dict[int, dict[str, str]] = {}
    for i in range(n_ordinances):
        enacted = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3000))
        sections = [f"{i}.{j:02d}" for j in range(1, 6)]
        ordinance_sections.append(sections)
        texts = {s: f"The department shall {_sentence(rng, 28).lower()}." for s in sections}
        section_texts[i] = texts
        body = "".join(
            f"  - id: \"{s}\"\n    heading: {_sentence(rng, 3)}\n    text: >-\n      {texts[s]}\n"
            for s in sections)
        (out / "ordinances" / f"ord-{i:05d}.yml").write_text(
            f"# yaml-language-server: $schema=../schemas/ordinance.schema.json\nid: ord-{i:05d}\n"
            f"title: An ordinance on {_sentence(rng, 4).lower()}\nnumber: \"{10000 + i}\"\n"
            f"citation: Code chapter {i}\nenacted: {enacted}\neffective: {enacted + timedelta(days=10)}\n"
            f"source: https://example.org/ordinances/{i}\napplies_to:\n  - {rng.choice(agencies)}\n"
            f"protects:\n  - {rng.choice(categories)}\nrestricts:\n  - {rng.choice(parties)}\n"
            f"sections:\n{body}", encoding="utf-8")
    for i in range(0, n_ordinances, 10):  # one ordinance in ten amended later, one in a hundred repealed
        sections = ordinance_sections[i]
        enacted = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 1000))
        if i % 100 == 0 and i:
            changes = "  - action: repealed\n"
        else:
            changes = (f"  - action: amended\n    section: \"{sections[1]}\"\n    text: >-\n      "
                       f"{_sentence(rng, 25)}.\n  - action: added\n    section: \"{i}.99\"\n"
                       f"    heading: {_sentence(rng, 3)}\n")
        _write(out / "amendments" / f"amend-{i:05d}.yml",
               f"# yaml-language-server: $schema=../schemas/amendment.schema.json\nid: amend-{i:05d}\n"
               f"ordinance: ord-{i:05d}\nby: Ordinance {20000 + i}\nenacted: {enacted}\n"
               f"effective: {enacted + timedelta(days=10)}\nsource: https://example.org/ordinances/{20000 + i}\n"
               f"changes:\n{changes}")
    # Proportions modelled on real ordinances: most duties are one-time or prohibitions, a quarter
    # recur, about one in six is owed on each event.
    plan = ("one-time",) * 7 + ("prohibition",) * 5 + ("recurring",) * 5 + ("per-event",) * 3
    counter = {"evidence": 0, "event": 0, "breach": 0, "verification": 0}
    for i in range(obligations):
        ordinance = i % n_ordinances
        ob_id = f"ob-{i:06d}"
        kind = plan[i % len(plan)]
        bound = rng.sample(agencies, 1 + (i % 3))
        applies = "applies_to:\n" + "".join(f"  - {a}\n" for a in bound)
        if i % 23 == 0:  # a selector: every agency carrying a tag
            tag = TAGS[i % len(TAGS)]
            bound = [agency for n, agency in enumerate(agencies) if TAGS[n % len(TAGS)] == tag]
            applies = f"applies_to:\n  agencies_tagged: {tag}\n"
        for_each = ""
        items: list[str | None] = [None]
        if kind in ("recurring", "one-time") and i % 19 == 0:  # one instance per system
            items = list(rng.sample(systems, 3))
            bound = bound[:1]
            applies = f"applies_to:\n  - {bound[0]}\n"
            for_each = "for_each:\n  items:\n" + "".join(f"    - {item}\n" for item in items)
        start = date(2015, 1, 1)
        max_age = ""
        if kind == "recurring":
            if i % 2:
                deadline = "deadline:\n  type: recurring\n  every: quarter\n  days_after_period_end: 30\n"
            else:
                deadline = "deadline:\n  type: recurring\n  every: year\n  month: 1\n  day: 31\n"
            max_age = "  max_age_days: 400\n"
        elif kind == "per-event":
            direction = "  direction: before\n" if i % 9 == 0 else ""
            deadline = (f"deadline:\n  type: per-event\n  event: {_event_kind(i, ordinance)}\n"
                        f"  days: {(3, 10, 30)[i % 3]}\n{direction}")
        elif kind == "prohibition":
            deadline = ("deadline:\n  type: none\n" if i % 3 else
                        "deadline:\n  type: recurring\n  every: year\n  month: 6\n  day: 30\n")
        elif i % 7 == 0:
            deadline = "deadline:\n  type: relative\n  days: 90\n  after: effective\n"
        else:
            deadline = f"deadline:\n  type: date\n  date: {date(2016, 1, 1) + timedelta(days=rng.randrange(0, 3500))}\n"
        depends = f"depends_on:\n  - ob-{i - 1:06d}\n" if i % 5 == 1 else ""
        section = rng.choice(ordinance_sections[ordinance])  # the quote is its section's words, as in a real one
        text = (
            f"# yaml-language-server: $schema=../../schemas/obligation.schema.json\n"
            f"id: {ob_id}\n"
            f"title: {_sentence(rng, 5)}\n"
            f"ordinance: ord-{ordinance:05d}\n"
            f"section: \"{section}\"\n"
            f"quote: >-\n  {section_texts[ordinance][section]}\n"
            f"action: >-\n  {_sentence(rng, 20)}.\n"
            f"kind: {kind}\n"
            f"owner:\n  agency: {bound[0]}\n  role: Director\n"
            f"{applies}{for_each}"
            f"{deadline}"
            f"evidence:\n  kinds:\n    - report\n    - log\n  description: {_sentence(rng, 8)}.\n{max_age}"
            f"systems:\n  - {rng.choice(systems)}\n"
            f"{depends}"
            f"tags:\n  - {rng.choice(WORDS)}\n"
        )
        _write(out / "obligations" / f"ord-{ordinance:05d}" / f"{ob_id}.yml", text)

        def proof(agency: str, when: date, extra: str, i: int = i, ob_id: str = ob_id) -> None:
            number = counter["evidence"]
            counter["evidence"] += 1
            ev_id = f"ev-{i:06d}-{number}"
            _write(out / "evidence" / ob_id / f"{when}-{agency}-{number}.yml",
                   f"# yaml-language-server: $schema=../../schemas/evidence.schema.json\n"
                   f"id: {ev_id}\nobligation: {ob_id}\nagency: {agency}\ndate: {when}\nkind: report\n"
                   f"summary: >-\n  {_sentence(rng, 18)}.\nsource:\n  url: https://example.org/evidence/{i}/{number}\n"
                   f"  title: {_sentence(rng, 4)}\n{extra}submitted_by:\n  role: Records officer\n"
                   f"  agency: {agency}\n")
            if number % 3 == 0:  # a third of the evidence is checked by the auditor
                counter["verification"] += 1
                _write(out / "verifications" / ob_id / f"{ev_id}-audit.yml",
                       f"# yaml-language-server: $schema=../../schemas/verification.schema.json\n"
                       f"id: {ev_id}-audit\nevidence: {ev_id}\nby: County Auditor\nagency: {agencies[0]}\n"
                       f"on: {when + timedelta(days=30)}\nresult: {'disputed' if number % 30 == 0 else 'confirmed'}\n")

        for agency in bound[:3]:
            for item in items:
                item_line = f"item: {item}\n" if item else ""
                if kind == "recurring":  # the latest reports, each naming the period it covers
                    for year in range(2022, 2026):
                        if i % 2:
                            quarter = rng.randrange(1, 5)
                            label = f"{year}-Q{quarter}"
                            when = date(year, 3 * quarter, 28) + timedelta(days=rng.randrange(0, 40))
                        else:
                            label = str(year)
                            when = date(year + 1, 1, 1) + timedelta(days=rng.randrange(0, 45))
                        proof(agency, when, f"period: {label}\n{item_line}")
                elif kind == "per-event":  # events of its kind, most answered
                    for _ in range(3):
                        counter["event"] += 1
                        ev_id = f"event-{counter['event']:07d}"
                        when = start + timedelta(days=rng.randrange(1500, 4000))
                        batch = ""
                        if counter["event"] % 8 == 0:
                            batch = f"count: {rng.randrange(2, 40)}\nperiod: {when.year}\n"
                            when = date(when.year, 12, 31)
                        _write(out / "events" / agency / f"{ev_id}.yml",
                               f"# yaml-language-server: $schema=../../schemas/event.schema.json\n"
                               f"id: {ev_id}\nkind: {_event_kind(i, ordinance)}\ndate: {when}\nagency: {agency}\n"
                               f"{batch}summary: {_sentence(rng, 8)}.\n")
                        if rng.random() < 0.8:
                            proof(agency, when + timedelta(days=rng.randrange(0, 15)), f"event: {ev_id}\n")
                else:
                    proof(agency, start + timedelta(days=rng.randrange(730, 3700)), item_line)
        if i % 50 == 3:  # a recorded breach, most of them remedied
            counter["breach"] += 1
            began = start + timedelta(days=rng.randrange(1000, 3500))
            remedy = (f"remedy:\n  date: {began + timedelta(days=rng.randrange(10, 300))}\n"
                      f"  summary: {_sentence(rng, 6)}.\n" if counter["breach"] % 4 else "")
            _write(out / "breaches" / f"breach-{i:06d}.yml",
                   f"# yaml-language-server: $schema=../schemas/breach.schema.json\n"
                   f"id: breach-{i:06d}\nobligation: {ob_id}\nagency: {bound[0]}\ndate: {began}\n"
                   f"summary: >-\n  {_sentence(rng, 12)}.\nsource:\n  url: https://example.org/audits/{i}\n"
                   f"found_by: County Auditor\nfound_on: {began + timedelta(days=60)}\n{remedy}")


def _event_kind(i: int, ordinance: int) -> str:
    """Kinds of event belong to the ordinance that defines them (its requests, its proposals), so the
    per-event duties of one ordinance share its events, as they do in a real repository."""
    return f"{EVENTS[i % len(EVENTS)]}-{ordinance:05d}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


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
