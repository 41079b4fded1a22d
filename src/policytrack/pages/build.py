"""Every page of the status site, as Markdown, from one check result.

:func:`build_site` is the one page generator: the MkDocs plugin serves its pages from memory and
``policytrack pages`` writes them to a folder. Pages, by path from the site root:

``index.md``                        home: every ordinance, what is overdue, what is due soon
``ordinances/{id}/index.md``        sections with their text and obligations, coverage, diagram
``obligations/{id}/index.md``       who, what, by when, the law's words, agencies, evidence, "Submit evidence"
``agencies/{id}/index.md``          what the agency owes, overdue first; its calendar
``systems/{id}/index.md``           what binds the system, who has access
``ordinances/index.md`` (and agencies, systems, obligations)   the full lists
``rules.md``, ``findings.md``, ``open-data.md``, ``tags.md``

Long lists continue on ``…/Page-2.md`` and so on (``P`` is upper case, so no record id can collide),
which keeps every page small however large the repository is.
"""

from __future__ import annotations

import functools
import html
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from policytrack.check import CheckResult
from policytrack.models import (
    AdministrativeDeadline,
    Deadline,
    EventDeadline,
    Evidence,
    FixedDeadline,
    NoDeadline,
    Obligation,
    RecurringDeadline,
    RelativeDeadline,
)
from policytrack.pages import diagram, submit
from policytrack.pages.markup import (
    badge,
    code,
    docstring,
    link,
    paragraphs,
    proof_badge,
    rel,
    slug,
    table,
    text,
)
from policytrack.rules import RULES
from policytrack.rules.loading import LOAD_RULES
from policytrack.status import DONE, OPEN, ORDER, AgencyStatus, ObligationStatus

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


@dataclass(frozen=True)
class Page:
    """One generated Markdown page, by its path from the site root (``obligations/x/index.md``)."""

    path: str
    markdown: str


@dataclass(frozen=True)
class SiteOptions:
    """How the site is laid out. The defaults keep every page small and the navigation short."""

    commit: str = "unknown"
    nav_limit: int = 25
    """A navigation section lists its pages one by one only up to this many; beyond, only its index page."""
    list_limit: int = 50
    """Rows of a list on one page; longer lists continue on further pages."""
    upcoming_days: int = 60
    mermaid: bool = False
    """Emit the ordinance diagram as a Mermaid fence (rendered by Material, loading Mermaid from unpkg)."""
    tags_listing_limit: int = 500
    """Write the tags index only when at most this many pages carry tags (it lists every one)."""


@dataclass
class Site:
    """The generated site: Markdown pages, other files (open data, CSS) and the navigation."""

    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)

    def page(self, path: str) -> Page:
        """The page at ``path``."""
        for page in self.pages:
            if page.path == path:
                return page
        raise KeyError(path)


def ordinance_page(record_id: str) -> str:
    """Path of an ordinance's page."""
    return f"ordinances/{record_id}/index.md"


def obligation_page(record_id: str) -> str:
    """Path of an obligation's page."""
    return f"obligations/{record_id}/index.md"


def agency_page(record_id: str) -> str:
    """Path of an agency's page."""
    return f"agencies/{record_id}/index.md"


def system_page(record_id: str) -> str:
    """Path of a system's page."""
    return f"systems/{record_id}/index.md"


def calendar_file(agency: str | None) -> str:
    """Path of an iCalendar file: one per agency, ``all`` for every deadline."""
    return f"calendar/{agency or 'all'}.ics"


def long_date(value: date) -> str:
    """'9 July 2019'."""
    return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"


HOME_ORDINANCES = 40
"""Ordinances listed on the home page (most overdue first); the ordinances index lists them all."""
HOME_ROWS = 40
"""Rows of the home page's overdue and due-soon lists; they continue on further pages."""


def _urgency(status: ObligationStatus) -> tuple[int, date, str]:
    return ORDER.index(status.status), status.due or date.max, status.obligation


class _Builder:
    def __init__(self, result: CheckResult, options: SiteOptions) -> None:
        self.result = result
        self.repo = result.repository
        self.as_of = result.as_of
        self.options = options
        self.site = Site()
        self.statuses = result.statuses
        self.by_ordinance: dict[str, list[str]] = {}
        self.by_agency: dict[str, list[tuple[str, AgencyStatus]]] = {}
        self.owned_by: dict[str, list[str]] = {}
        self.by_system: dict[str, list[str]] = {}
        self.needed_by: dict[str, list[str]] = {}
        self.operated_by: dict[str, list[str]] = {}
        self.tagged_pages = 0
        ranked = sorted(self.statuses.values(), key=_urgency)
        for status in ranked:
            obligation = self.repo.obligations[status.obligation]
            self.by_ordinance.setdefault(obligation.ordinance, []).append(obligation.id)
            for row in status.agencies:
                if row.agency:
                    self.by_agency.setdefault(row.agency, []).append((obligation.id, row))
            if obligation.owner:
                self.owned_by.setdefault(obligation.owner.agency, []).append(obligation.id)
            for system_id in obligation.systems:
                self.by_system.setdefault(system_id, []).append(obligation.id)
            for dependency in obligation.depends_on:
                self.needed_by.setdefault(dependency, []).append(obligation.id)
        for system_id, system in sorted(self.repo.systems.items()):
            if system.operator:
                self.operated_by.setdefault(system.operator, []).append(system_id)

    # --- shared parts ----------------------------------------------------------------------------------

    def add(self, path: str, markdown: str) -> None:
        self.site.pages.append(Page(path, markdown))

    def head(self, path: str, title: str, *, tags: Sequence[str] = ()) -> str:
        """Front matter, the H1 (``title``, unescaped text) and the "as of" line every page carries."""
        # The title is also given escaped in the front matter: themes put page.meta.title into <title>
        # and the navigation as it is, while a title taken from the H1 would be unescaped by "striptags".
        meta: dict[str, Any] = {"title": html.escape(" ".join(title.split()), quote=True)}
        clean = [tag for tag in (_clean_tag(item) for item in tags) if tag]
        if clean:
            self.tagged_pages += 1
            meta["tags"] = clean
        # JSON values are YAML, and json.dumps is fifty times faster than yaml.safe_dump here.
        front = "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                                   for key, value in meta.items()) + "---\n\n"
        when = self.as_of.isoformat()
        return (f"{front}# {text(title)}\n\n"
                f'Status as of <time datetime="{when}">{long_date(self.as_of)}</time>, built from commit '
                f"{code(self.options.commit)} · {link('Open data', rel(path, 'open-data.md'))}\n"
                "{ .pt-asof }\n\n")

    def ordinance_name(self, path: str, ordinance_id: str, anchor: str = "") -> str:
        ordinance = self.repo.ordinances.get(ordinance_id)
        if ordinance is None:
            return f"{text(ordinance_id)} (not in the repository)"
        target = ordinance_page(ordinance_id) + (f"#{anchor}" if anchor else "")
        return link(text(ordinance.title), rel(path, target))

    def obligation_link(self, path: str, obligation_id: str) -> str:
        obligation = self.repo.obligations.get(obligation_id)
        if obligation is None:
            return f"{text(obligation_id)} (not in the repository)"
        return link(text(obligation.title), rel(path, obligation_page(obligation_id)))

    def agency_link(self, path: str, agency_id: str) -> str:
        agency = self.repo.agencies.get(agency_id)
        if agency is None:
            return f"{text(agency_id)} (not in the registry)"
        return link(text(agency.name), rel(path, agency_page(agency_id)))

    def system_link(self, path: str, system_id: str) -> str:
        system = self.repo.systems.get(system_id)
        if system is None:
            return f"{text(system_id)} (not in the registry)"
        return link(text(system.name), rel(path, system_page(system_id)))

    def party_name(self, party_id: str) -> str:
        party = self.repo.parties.get(party_id)
        return text(party.name) if party else f"{text(party_id)} (not in the registry)"

    def due_cell(self, due: date | None) -> str:
        if due is None:
            return "no date"
        days = (self.as_of - due).days
        when = f'<time datetime="{due.isoformat()}">{due.isoformat()}</time>'
        return f"{when} ({days} days ago)" if days > 0 else when

    def listing(self, path: str, base: str, title: str, header: Sequence[str],
                rows: Sequence[Callable[[str], Sequence[str]]], *, empty: str, limit: int | None = None) -> str:
        """A table of ``rows`` (each made for the page it lands on); beyond ``limit`` it continues on more pages."""
        limit = limit or self.options.list_limit
        if not rows:
            return f"{empty}\n"
        first = [row(path) for row in rows[:limit]]
        out = table(header, first) + "\n"
        if len(rows) <= limit:
            return out
        pages = [rows[start:start + limit] for start in range(limit, len(rows), limit)]
        total = len(pages) + 1
        for number, chunk in enumerate(pages, start=2):
            more = f"{base}/Page-{number}.md"
            nav = [link("first page", rel(more, path))]
            if number > 2:
                nav.append(link("previous", rel(more, f"{base}/Page-{number - 1}.md")))
            if number < total:
                nav.append(link("next", rel(more, f"{base}/Page-{number + 1}.md")))
            self.add(more, self.head(more, f"{title} (page {number} of {total})")
                     + " · ".join(nav) + "\n\n" + table(header, [row(more) for row in chunk]) + "\n")
        shown = min(limit, len(rows))
        return out + (f"\nShowing {shown} of {len(rows)}: "
                      + link(f"continue on page 2 of {total}", rel(path, f"{base}/Page-2.md")) + ".\n")

    # --- pages -----------------------------------------------------------------------------------------

    def build(self) -> Site:
        for obligation_id in sorted(self.repo.obligations):
            self.obligation(obligation_id)
        for ordinance_id in sorted(self.repo.ordinances):
            self.ordinance(ordinance_id)
        agencies = sorted(set(self.repo.agencies) | set(self.by_agency) | set(self.owned_by))
        for agency_id in agencies:
            self.agency(agency_id)
        for system_id in sorted(self.repo.systems):
            self.system(system_id)
        self.indexes(agencies)
        self.rules()
        self.findings()
        self.open_data(agencies)
        self.home()
        self.tags()
        self.site.nav = self.navigation(agencies)
        return self.site

    def home(self) -> None:
        path = "index.md"
        config = self.repo.config
        out = self.head(path, config.name)
        if config.description:
            out += paragraphs(config.description) + "\n\n"
        counts: Counter[str] = Counter(status.status for status in self.statuses.values())
        out += "## Every ordinance\n\n"
        out += (f"{len(self.statuses)} obligations in {len(self.repo.ordinances)} ordinances. "
                + "; ".join(f"{badge(name)} {counts[name]}" for name in ORDER if counts.get(name)) + "\n\n")
        ranked = sorted(self.by_ordinance, key=lambda key: (-self._open_count(key), key))
        shown = ranked[:HOME_ORDINANCES]
        if shown:
            out += table(["Ordinance", "Obligations", "Overdue or lapsed", "Done", "Progress"],
                         [self._ordinance_row(key)(path) for key in shown]) + "\n"
        else:
            out += "No ordinance has obligations yet.\n"
        if len(ranked) > len(shown):
            out += (f"\nThe {len(shown)} with the most overdue obligations; "
                    + link(f"all {len(ranked)} ordinances", rel(path, "ordinances/index.md")) + ".\n")
        overdue = [(status.obligation, row) for status in self.statuses.values() for row in status.agencies
                   if row.status in ("overdue", "lapsed")]
        overdue.sort(key=lambda item: (item[1].due or date.min, item[0], item[1].agency))
        out += f"\n## Overdue, oldest first\n\n{len(overdue)} obligations of agencies are overdue or lapsed.\n\n"
        out += self.listing(path, "overdue", "Overdue, oldest first", ["Due", "Obligation", "Agency", "Status"],
                            [self._agency_row(ob, row) for ob, row in overdue], empty="Nothing is overdue.",
                            limit=HOME_ROWS)
        horizon = self.as_of + timedelta(days=self.options.upcoming_days)
        upcoming = [(status.obligation, row) for status in self.statuses.values() for row in status.agencies
                    if row.status in OPEN and row.due and self.as_of <= row.due <= horizon]
        upcoming.sort(key=lambda item: (item[1].due or date.max, item[0], item[1].agency))
        out += f"\n## Due in the next {self.options.upcoming_days} days\n\n"
        out += self.listing(path, "upcoming", f"Due in the next {self.options.upcoming_days} days",
                            ["Due", "Obligation", "Agency", "Status"],
                            [self._agency_row(ob, row) for ob, row in upcoming],
                            empty=f"Nothing falls due by {horizon.isoformat()}.", limit=HOME_ROWS)
        out += ("\n## Open data\n\n" + self._open_data_links(path) + "\n")
        self.add(path, out)

    def _open_count(self, ordinance_id: str) -> int:
        return sum(1 for key in self.by_ordinance[ordinance_id] if self.statuses[key].status in ("overdue", "lapsed"))

    def _ordinance_row(self, ordinance_id: str) -> Callable[[str], list[str]]:
        def row(path: str) -> list[str]:
            ids = self.by_ordinance[ordinance_id]
            counts: Counter[str] = Counter(self.statuses[key].status for key in ids)
            done = sum(counts[name] for name in DONE)
            late = counts["overdue"] + counts["lapsed"]
            return [self.ordinance_name(path, ordinance_id), str(len(ids)), str(late), str(done),
                    _progress(done, len(ids))]
        return row

    def _agency_row(self, obligation_id: str, row: AgencyStatus) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            who = self.agency_link(path, row.agency) if row.agency else "(no agency)"
            return [self.due_cell(row.due), self.obligation_link(path, obligation_id), who, badge(row.status)]
        return make

    def _obligation_row(self, obligation_id: str, *, ordinance: bool = False) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            status = self.statuses[obligation_id]
            obligation = self.repo.obligations[obligation_id]
            owner = self.agency_link(path, obligation.owner.agency) if obligation.owner else "**no owner**"
            cells = [self.obligation_link(path, obligation_id), owner, self.due_cell(status.due), badge(status.status)]
            if ordinance:
                cells.insert(1, self.ordinance_name(path, obligation.ordinance))
            return cells
        return make

    def _duty_row(self, obligation_id: str) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            status = self.statuses[obligation_id]
            obligation = self.repo.obligations[obligation_id]
            owner = self.agency_link(path, obligation.owner.agency) if obligation.owner else "**no owner**"
            return [f"{self.obligation_link(path, obligation_id)}<br>{owner}",
                    f"{badge(status.status)}<br>{self.due_cell(status.due)}"]
        return make

    def ordinance(self, ordinance_id: str) -> None:
        ordinance = self.repo.ordinances[ordinance_id]
        path = ordinance_page(ordinance_id)
        ids = self.by_ordinance.get(ordinance_id, [])
        out = self.head(path, ordinance.title)
        facts = [f"**{text(ordinance.citation)}**"]
        if ordinance.number:
            facts.append(f"Ordinance {text(ordinance.number)}")
        facts.append(f"enacted {ordinance.enacted.isoformat()}")
        facts.append(f"effective {ordinance.effective.isoformat()}" if ordinance.effective
                     else "effective date not recorded")
        facts.append(link("official text", ordinance.source))
        out += " · ".join(facts) + "\n\n"
        if ordinance.summary:
            out += paragraphs(ordinance.summary) + "\n\n"
        counts: Counter[str] = Counter(self.statuses[key].status for key in ids)
        done = sum(counts[name] for name in DONE)
        section_ids = {section.id for section in ordinance.sections}
        per_section: dict[str, list[str]] = {}
        for key in ids:
            per_section.setdefault(self.repo.obligations[key].section, []).append(key)
        covered = sum(1 for section in ordinance.sections if section.id in per_section)
        out += "## Coverage\n\n"
        out += (f"{covered} of {len(ordinance.sections)} sections have at least one obligation; "
                f"{len(ids)} obligations, {done} done. {_progress(done, len(ids))}\n\n")
        if counts:
            out += "; ".join(f"{badge(name)} {counts[name]}" for name in ORDER if counts.get(name)) + "\n\n"
        found = diagram.reach(self.repo, ordinance, ids)
        out += "## Agencies and systems it reaches\n\n"
        source = diagram.mermaid(self.repo, ordinance, found)
        if self.options.mermaid:
            out += f"```mermaid\n{source}\n```\n\n"
        else:
            out += f"<figure class=\"pt-figure\">{diagram.svg(self.repo, ordinance, found)}</figure>\n\n"
        out += "**Agencies:** " + (", ".join(self.agency_link(path, key) for key in found.agencies) or "none") + "\n\n"
        out += "**Systems:** " + (", ".join(self.system_link(path, key) for key in found.systems) or "none") + "\n\n"
        if not self.options.mermaid:
            out += '??? info "The diagram as Mermaid source"\n\n    ```text\n'
            out += "".join(f"    {line}\n" for line in source.splitlines()) + "    ```\n\n"
        out += "## Sections\n\n"
        for section in ordinance.sections:
            anchor = "section-" + slug(section.id)
            out += f"### {text(section.id)}: {text(section.heading)} {{ #{anchor} }}\n\n"
            out += '<div class="pt-section" markdown="1">\n<div class="pt-law" markdown="1">\n\n'
            if section.text:
                note = " *(paraphrase, not the law's words)*" if section.paraphrase else ""
                out += "> " + text(section.text) + note + "\n\n"
            else:
                out += "*The text of this section is not recorded.*\n\n"
            if section.source:
                out += link("Source", section.source) + "\n\n"
            out += '</div>\n<div class="pt-duties" markdown="1">\n\n'
            keys = per_section.get(section.id, [])
            if keys:
                out += self.listing(path, f"ordinances/{ordinance_id}/{anchor}", f"{ordinance.title}: {section.id}",
                                    ["Obligation and owner", "Status and due date"],
                                    [self._duty_row(key) for key in keys], empty="", limit=25)
            else:
                out += "**Coverage gap:** no obligation records a duty of this section.\n"
            out += "\n</div>\n</div>\n\n"
        stray = [key for key in ids if self.repo.obligations[key].section not in section_ids]
        if stray:
            out += "## Obligations citing a section not listed above\n\n"
            out += self.listing(path, f"ordinances/{ordinance_id}/other", f"{ordinance.title}: other sections",
                                ["Obligation", "Owner", "Due", "Status"],
                                [self._obligation_row(key) for key in stray], empty="")
        if ordinance.amendments:
            out += "\n## Amendments\n\n"
            out += table(["Date", "By", "Action", "Sections"], [
                [item.date.isoformat(), text(item.by) + (" · " + link("source", item.source) if item.source else ""),
                 text(item.action), ", ".join(text(s) for s in item.sections) or "whole ordinance"]
                for item in ordinance.amendments]) + "\n"
        extra = []
        if ordinance.protects:
            extra.append("**Protects data:** " + ", ".join(code(item) for item in ordinance.protects))
        if ordinance.restricts:
            extra.append("**Restricts access by:** " + ", ".join(self.party_name(item) for item in ordinance.restricts))
        if extra:
            out += "\n" + "\n\n".join(extra) + "\n"
        self.add(path, out)

    def obligation(self, obligation_id: str) -> None:
        obligation = self.repo.obligations[obligation_id]
        status = self.statuses[obligation_id]
        path = obligation_page(obligation_id)
        tags = [*obligation.tags]
        out = self.head(path, obligation.title, tags=tags)
        out += f"{badge(status.status)} {self._due_words(status)}\n\n"
        section_anchor = "section-" + slug(obligation.section)
        owner = (f"{self.agency_link(path, obligation.owner.agency)}, {text(obligation.owner.role)}"
                 if obligation.owner else "**No owner is named.** The checker reports this (`no-owner`).")
        rows = [
            ["Ordinance", self.ordinance_name(path, obligation.ordinance, section_anchor)
             + f", section {text(obligation.section)}"],
            ["Who", owner],
            ["What", text(obligation.action)],
            ["By when", self._deadline_words(obligation, status)],
            ["Evidence required", self._requirement(obligation)],
            ["Kind", text(obligation.kind)],
        ]
        if obligation.systems:
            rows.append(["Systems", ", ".join(self.system_link(path, key) for key in obligation.systems)])
        if obligation.waiver:
            waiver = obligation.waiver
            rows.append(["Waiver", "; ".join(filter(None, [
                text(waiver.reason) if waiver.reason else "reason missing",
                f"approved by {text(waiver.approved_by)}" if waiver.approved_by else "approver missing",
                waiver.date.isoformat() if waiver.date else "date missing"]))])
        out += table(["Question", "Answer"], rows) + "\n\n"
        out += "## The law's words\n\n> " + text(obligation.quote) + "\n"
        if obligation.paraphrase:
            out += ">\n> *(a paraphrase, not the law's words)*\n"
        out += "\n## Status per agency\n\n"
        out += table(["Agency", "Status", "Due", "Evidence", "Proof"], [
            [self.agency_link(path, row.agency) if row.agency else "(no agency named)", badge(row.status),
             self.due_cell(row.due), str(len(row.evidence)), proof_badge(row.verified, bool(row.evidence))]
            for row in status.agencies]) + "\n\n"
        if status.blocked_by:
            out += "Blocked by: " + ", ".join(self.obligation_link(path, key) for key in status.blocked_by) + "\n\n"
        out += "## Evidence\n\n"
        visible = [item for item in self.repo.evidence_for(obligation_id) if item.date <= self.as_of]
        if visible:
            out += ('<div class="pt-timeline" markdown="1">\n\n'
                    + "".join(self._evidence_item(path, item) for item in reversed(visible)) + "</div>\n\n")
        else:
            out += f"No evidence has been submitted as of {self.as_of.isoformat()}.\n\n"
        out += "## Dependencies\n\n"
        if obligation.depends_on:
            out += "Depends on:\n\n" + "".join(
                f"- {self.obligation_link(path, key)} "
                f"{badge(self.statuses[key].status) if key in self.statuses else ''}\n"
                for key in obligation.depends_on) + "\n"
        needed = self.needed_by.get(obligation_id, [])
        if needed:
            out += "Needed by:\n\n" + "".join(
                f"- {self.obligation_link(path, key)} {badge(self.statuses[key].status)}\n" for key in needed) + "\n"
        if not obligation.depends_on and not needed:
            out += "No other obligation depends on this one, and it depends on none.\n\n"
        out += self._submit(path, obligation, status)
        if obligation.notes:
            out += "## Notes\n\n" + paragraphs(obligation.notes) + "\n"
        self.add(path, out)

    def _due_words(self, status: ObligationStatus) -> str:
        if status.due is None:
            return "No due date."
        if status.status in ("overdue", "lapsed"):
            return f"Was due {status.due.isoformat()}, {(self.as_of - status.due).days} days before {self.as_of}."
        return f"Due {status.due.isoformat()}."

    def _deadline_words(self, obligation: Obligation, status: ObligationStatus) -> str:
        deadline: Deadline | AdministrativeDeadline | None = status.deadline
        words = _describe_deadline(deadline) if deadline is not None else ""
        if status.deadline_source == "administrative" and obligation.administrative_deadline:
            admin = obligation.administrative_deadline
            words += (f" (an administrative deadline set by {text(admin.set_by)} on {admin.set_on.isoformat()}; "
                      "the law names no date)")
        if deadline is None:
            law = obligation.deadline
            words = "The law gives no date, and no administrative deadline has been set."
            if isinstance(law, NoDeadline) and law.note:
                words += " " + text(law.note)
        if status.due:
            words += f" Due date: {status.due.isoformat()}."
        return words

    def _requirement(self, obligation: Obligation) -> str:
        requirement = obligation.evidence
        if requirement is None:
            return "**Not stated.** The checker reports this (`no-evidence-requirement`)."
        words = "Kinds: " + ", ".join(text(kind) for kind in requirement.kinds) + "."
        if requirement.description:
            words += " " + text(requirement.description)
        if requirement.max_age_days:
            words += f" Evidence counts for {requirement.max_age_days} days."
        return words

    def _evidence_item(self, path: str, item: Evidence) -> str:
        verified = item.verified is not None and item.verified.on <= self.as_of
        out = (f"### {item.date.isoformat()}: {self.agency_name_text(item.agency)}, {text(item.kind)} "
               f"{{ #{slug(item.id)} }}\n\n{proof_badge(verified, True)} ")
        submitted = text(item.submitted_by.role)
        if item.submitted_by.agency:
            submitted += f" ({text(item.submitted_by.agency)})"
        out += f"Claimed by {submitted}"
        if verified and item.verified is not None:
            out += f"; verified by {text(item.verified.by)} on {item.verified.on.isoformat()}"
            if item.verified.note:
                out += f": {text(item.verified.note.rstrip().rstrip('.'))}"
        out += ".\n\n" + paragraphs(item.summary) + "\n\n"
        if item.period:
            out += f"Covers {item.period.start.isoformat()} to {item.period.end.isoformat()}.\n\n"
        source = item.source
        title = text(source.title) if source.title else "Source"
        parts = []
        if source.url:
            parts.append(link(title, source.url))
        if source.file:
            repo_url = self.repo.config.repo_url
            if repo_url:
                target = f"{repo_url.rstrip('/')}/blob/{self.repo.config.branch}/{source.file}"
                parts.append(link(text(source.file), target))
            else:
                parts.append(text(source.file))
            parts.append(f"sha256 {code((source.sha256 or '')[:12])}…")
        out += "Source: " + " · ".join(parts) + "\n\n"
        return out

    def agency_name_text(self, agency_id: str) -> str:
        return text(self.agency_name_raw(agency_id))

    def agency_name_raw(self, agency_id: str) -> str:
        agency = self.repo.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def _submit(self, path: str, obligation: Obligation, status: ObligationStatus) -> str:
        out = "## Submit evidence\n\n"
        agencies = [row.agency for row in status.agencies if row.agency]
        if not self.repo.config.repo_url:
            return out + ("Evidence is submitted as a pull request that adds a file under "
                          f"{code('evidence/' + obligation.id + '/')}. A button that opens the file in "
                          "GitHub's web editor appears here once the repository's "
                          f"{code('policytrack.yml')} sets {code('repo_url')}.\n\n")
        out += ("Each button opens GitHub's web editor on a new evidence file, already filled in except for "
                "the parts marked FILL IN; saving it proposes a pull request, and the checker runs on it.\n\n")
        for agency in agencies:
            target = submit.submit_url(self.repo.config, obligation, agency, self.as_of)
            if target:
                label = f"Submit evidence for {self.agency_name_text(agency)}"
                out += f"<p>{link(label, target, 'md-button pt-submit')}</p>\n\n"
        return out

    def agency(self, agency_id: str) -> None:
        path = agency_page(agency_id)
        record = self.repo.agencies.get(agency_id)
        out = self.head(path, record.name if record else agency_id)
        if record is None:
            out += f"{code(agency_id)} is named by obligations but is not in the agency registry.\n\n"
        else:
            facts = [f"Head: {text(record.head)}"]
            if record.parent:
                facts.append("part of " + self.agency_link(path, record.parent))
            if record.url:
                facts.append(link("website", record.url))
            out += " · ".join(facts) + "\n\n"
        rows = self.by_agency.get(agency_id, [])
        counts: Counter[str] = Counter(row.status for _, row in rows)
        out += "## What it owes\n\n"
        if counts:
            out += "; ".join(f"{badge(name)} {counts[name]}" for name in ORDER if counts.get(name)) + "\n\n"
        out += ("Deadlines as a calendar: "
                + link(f"{self.agency_name_text(agency_id)} (iCalendar)", rel(path, calendar_file(agency_id)))
                + "\n\n")
        ordered = sorted(rows, key=lambda item: (ORDER.index(item[1].status), item[1].due or date.max, item[0]))
        out += self.listing(path, f"agencies/{agency_id}", f"What {self.agency_name_raw(agency_id)} owes",
                            ["Due", "Obligation", "Agency", "Status"],
                            [self._agency_row(ob, row) for ob, row in ordered],
                            empty="No obligation binds this agency.")
        owned = self.owned_by.get(agency_id, [])
        if owned:
            out += f"\n## Obligations it answers for as owner\n\n{len(owned)} obligations name it as owner.\n\n"
            out += self.listing(path, f"agencies/{agency_id}/owner", f"Owned by {self.agency_name_raw(agency_id)}",
                                ["Obligation", "Owner", "Due", "Status"],
                                [self._obligation_row(key) for key in owned], empty="")
        systems = self.operated_by.get(agency_id, [])
        if systems:
            out += "\n## Systems it operates\n\n" + "".join(f"- {self.system_link(path, key)}\n" for key in systems)
        self.add(path, out)

    def system(self, system_id: str) -> None:
        system = self.repo.systems[system_id]
        path = system_page(system_id)
        out = self.head(path, system.name)
        facts = ["Operated by " + (self.agency_link(path, system.operator) if system.operator else "an unknown agency")]
        if system.data:
            facts.append("holds " + ", ".join(code(item) for item in system.data))
        out += " · ".join(facts) + "\n\n"
        if system.description:
            out += paragraphs(system.description) + "\n\n"
        out += "## What binds it\n\n"
        binding = self.by_system.get(system_id, [])
        out += self.listing(path, f"systems/{system_id}", f"What binds {system.name}",
                            ["Obligation", "Ordinance", "Owner", "Due", "Status"],
                            [self._obligation_row(key, ordinance=True) for key in binding],
                            empty="No obligation names this system.")
        laws = [key for key, ordinance in sorted(self.repo.ordinances.items())
                if set(ordinance.protects) & set(system.data)]
        if laws:
            out += "\nOrdinances protecting data it holds: " + ", ".join(
                self.ordinance_name(path, key) for key in laws[:50]) + (" and more" if len(laws) > 50 else "") + "\n"
        out += "\n## Who has access from outside\n\n"
        if system.access:
            out += table(["Party", "Access", "Since", "Until"], [
                [self.party_name(item.party),
                 text(item.description) + (" · " + link("source", item.source) if item.source else ""),
                 item.since.isoformat() if item.since else "not known",
                 (item.until.isoformat() + (" (ended)" if item.until < self.as_of else ""))
                 if item.until else "continuing"]
                for item in system.access]) + "\n"
        else:
            out += "No external access is recorded.\n"
        self.add(path, out)

    def indexes(self, agencies: list[str]) -> None:
        path = "ordinances/index.md"
        ranked = sorted(self.repo.ordinances, key=lambda key: (-self._open_count(key) if key in self.by_ordinance
                                                               else 0, key))
        for key in ranked:
            self.by_ordinance.setdefault(key, [])
        self.add(path, self.head(path, "Ordinances") + self.listing(
            path, "ordinances", "Ordinances", ["Ordinance", "Obligations", "Overdue or lapsed", "Done", "Progress"],
            [self._ordinance_row(key) for key in ranked], empty="No ordinances."))
        path = "obligations/index.md"
        ranked_obligations = sorted(self.statuses.values(), key=_urgency)
        self.add(path, self.head(path, "Obligations") + "Most urgent first.\n\n" + self.listing(
            path, "obligations", "Obligations", ["Obligation", "Ordinance", "Owner", "Due", "Status"],
            [self._obligation_row(item.obligation, ordinance=True) for item in ranked_obligations],
            empty="No obligations."))
        path = "agencies/index.md"

        def agency_row(agency_id: str) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                counts: Counter[str] = Counter(row.status for _, row in self.by_agency.get(agency_id, []))
                late = counts["overdue"] + counts["lapsed"]
                done = sum(counts[name] for name in DONE)
                total = sum(counts.values())
                return [self.agency_link(page, agency_id), str(total), str(late), _progress(done, total)]
            return make

        self.add(path, self.head(path, "Agencies") + self.listing(
            path, "agencies", "Agencies", ["Agency", "Obligations", "Overdue or lapsed", "Progress"],
            [agency_row(key) for key in agencies], empty="No agencies."))
        path = "systems/index.md"

        def system_row(system_id: str) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                system = self.repo.systems[system_id]
                operator = self.agency_link(page, system.operator) if system.operator else "not known"
                return [self.system_link(page, system_id), operator, str(len(self.by_system.get(system_id, []))),
                        str(len(system.access))]
            return make

        self.add(path, self.head(path, "Systems") + self.listing(
            path, "systems", "Systems", ["System", "Operator", "Obligations", "External access"],
            [system_row(key) for key in sorted(self.repo.systems)], empty="No systems."))

    def rules(self) -> None:
        path = "rules.md"
        out = self.head(path, "Checker rules")
        out += ("The checker (`policytrack check`) applies these rules to every pull request and to this site's "
                "build. This page is generated from each rule's own documentation.\n\n")
        for rule in RULES.values():
            kind = "time-driven; a warning with `--deadlines warning`" if rule.deadline else "about the files"
            out += f"## {rule.id} {{ #{slug(rule.id)} }}\n\n**Severity:** {rule.severity} ({kind})\n\n"
            out += "\n\n".join(docstring(block) for block in rule.doc.split("\n\n")) + "\n\n"
        out += "## Files that cannot be loaded\n\nThese findings come from the loader; all are errors.\n\n"
        for rule_id, doc in LOAD_RULES.items():
            out += f"### {rule_id} {{ #{slug(rule_id)} }}\n\n{docstring(doc)}\n\n"
        self.add(path, out)

    def findings(self) -> None:
        path = "findings.md"
        at = functools.partial(rel, path)
        result = self.result
        out = self.head(path, "Checker findings")
        out += (f"The checker found {len(result.errors)} errors and {len(result.warnings)} warnings as of "
                f"{self.as_of.isoformat()} (each rule is explained on the {link('rules page', at('rules.md'))}).\n\n")

        def finding_row(index: int) -> Callable[[str], list[str]]:
            def make(page: str) -> list[str]:
                item = result.findings[index]
                where = text(item.path or "(repository)") + (f":{item.line}" if item.line else "")
                rule = link(code(item.rule), rel(page, "rules.md") + "#" + slug(item.rule))
                return [where, text(item.severity), rule, text(item.message)]
            return make

        out += self.listing(path, "findings", "Checker findings", ["File", "Severity", "Rule", "Message"],
                            [finding_row(index) for index in range(len(result.findings))], empty="No findings.")
        self.add(path, out)

    def _open_data_links(self, path: str) -> str:
        at = functools.partial(rel, path)
        return "\n".join([
            f"- {link('status.json', at('status.json'))}: every obligation's status "
            f"({link('schema', at('status.schema.json'))})",
            f"- {link('obligations.csv', at('obligations.csv'))}: one row per obligation and agency "
            f"({link('schema', at('obligations.schema.json'))})",
            f"- {link('All deadlines (iCalendar)', at(calendar_file(None)))}; "
            "one calendar per agency on its page",
            f"- {link('Evidence and status changes (Atom feed)', at('feed.atom'))}",
            f"- {link('About these files', at('open-data.md'))}",
        ]) + "\n"

    def open_data(self, agencies: list[str]) -> None:
        from policytrack.opendata import CSV_COLUMNS

        path = "open-data.md"
        at = functools.partial(rel, path)
        out = self.head(path, "Open data")
        out += ("Everything on this site is also published as data, computed by the same build for the same "
                "date. The files are replaced on every build; their addresses stay the same.\n\n")
        out += "## status.json\n\n"
        out += (f"{link('status.json', at('status.json'))} is the checker's JSON output "
                "(`policytrack check --format json`) with the commit the site was built from. Its schema, "
                f"{link('status.schema.json', at('status.schema.json'))} (JSON Schema 2020-12), is versioned by the "
                "top-level `version` field: a change that removes or renames a field, or changes its meaning, "
                "increases it; new fields may appear within a version, so readers should ignore keys they do "
                "not know.\n\n")
        out += "## obligations.csv\n\n"
        out += (f"{link('obligations.csv', at('obligations.csv'))}: UTF-8, comma-separated, a header row, one row "
                "per obligation and bound agency. Its columns are described by the Frictionless Table Schema "
                f"{link('obligations.schema.json', at('obligations.schema.json'))}:\n\n")
        out += table(["Column", "Type", "Meaning"],
                     [[code(name), kind, meaning] for name, kind, meaning in CSV_COLUMNS])
        out += "\n\n## Calendars\n\n"
        out += ("iCalendar files (RFC 5545) with one all-day event per obligation and agency that has a due date: "
                f"{link('every deadline', at(calendar_file(None)))}; per agency: ")
        out += ", ".join(link(self.agency_name_text(key), at(calendar_file(key))) for key in agencies[:200]) + ".\n\n"
        out += "## Atom feed\n\n"
        out += (f"{link('feed.atom', at('feed.atom'))} (RFC 4287): the newest evidence records and the dates on which "
                "obligations fell overdue, newest first.\n")
        self.add(path, out)

    def tags(self) -> None:
        if not self.tagged_pages or self.tagged_pages > self.options.tags_listing_limit:
            return
        path = "tags.md"
        self.add(path, self.head(path, "Tags") + "Obligations by tag.\n\n<!-- material/tags -->\n")

    def navigation(self, agencies: list[str]) -> list[Any]:
        limit = self.options.nav_limit

        def section(title: str, index: str, items: list[str]) -> dict[str, Any]:
            if len(items) > limit:
                return {title: index}
            return {title: [index, *items]}

        nav: list[Any] = [
            "index.md",
            section("Ordinances", "ordinances/index.md", [ordinance_page(key) for key in sorted(self.repo.ordinances)]),
            "obligations/index.md",
            section("Agencies", "agencies/index.md", [agency_page(key) for key in agencies]),
            section("Systems", "systems/index.md", [system_page(key) for key in sorted(self.repo.systems)]),
            "rules.md",
            "findings.md",
            "open-data.md",
        ]
        if any(page.path == "tags.md" for page in self.site.pages):
            nav.append("tags.md")
        return nav


def _clean_tag(tag: str) -> str:
    return " ".join("".join(char for char in tag if char.isalnum() or char in " ._-").split())[:60]


def _progress(done: int, total: int) -> str:
    if not total:
        return "no obligations"
    percent = round(100 * done / total)
    return (f'<progress value="{done}" max="{total}" aria-label="{done} of {total} done"></progress> '
            f"{percent}%")


def _describe_deadline(deadline: Deadline | AdministrativeDeadline) -> str:
    if isinstance(deadline, FixedDeadline):
        return f"By {deadline.date.isoformat()}."
    if isinstance(deadline, RelativeDeadline):
        unit = "business days" if deadline.business_days else "days"
        return f"Within {deadline.days} {unit} of the ordinance's {deadline.after} date."
    if isinstance(deadline, RecurringDeadline):
        when = f"Every {deadline.every}"
        if deadline.every == "year" and deadline.month:
            when += f", by {_MONTH_NAMES[deadline.month - 1]} {deadline.day or 'end of month'}"
        elif deadline.day:
            when += f", by day {deadline.day}"
        return when + "."
    if isinstance(deadline, EventDeadline):
        within = f"within {deadline.within_days} {'business ' if deadline.business_days else ''}days" \
            if deadline.within_days is not None else "promptly"
        return f"On {text(deadline.event)}, {within}."
    return "No date."


def build_site(result: CheckResult, options: SiteOptions | None = None) -> Site:
    """Every page, open-data file and stylesheet of the status site, and its navigation."""
    from policytrack.opendata import open_data_files

    builder = _Builder(result, options or SiteOptions())
    site = builder.build()
    site.files.update(open_data_files(result, commit=builder.options.commit))
    site.files.update(asset_files())
    return site


STYLESHEET = "assets/policytrack/policytrack.css"


def asset_files() -> dict[str, bytes]:
    """The package's stylesheet, by its path on the site."""
    from importlib.resources import files

    return {STYLESHEET: files("policytrack").joinpath("assets/policytrack.css").read_bytes()}
