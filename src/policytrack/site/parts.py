"""The pieces several kinds of page share: links to records, status badges and why a duty reads as it
does, table rows, the agency scorecard, breaches, the chart over time, and where an ordinance's sections
fall.

:class:`Context` is the kit with the check result: the repository, the statuses, and the indexes built
from them once (obligations by ordinance, duties by agency, ...), which every page-kind module reads.
Status words come from :mod:`policytrack.site.words` (readings, durations); charts from
:mod:`policytrack.site.chart` and their series from :mod:`policytrack.status.history`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from policytrack.checks.checker import CheckResult
from policytrack.law.coverage import ClauseCoverage
from policytrack.model.fields import plural
from policytrack.model.records import Breach, Evidence, Obligation
from policytrack.model.sources import Source
from policytrack.site import chart, submit
from policytrack.site.kit import (
    BREACHES_PER_PAGE,
    FIRST_PAGE_EXTRA,
    LABEL_LIMIT,
    LIST_BUDGET,
    NO_SEARCH,
    SECTION_ROWS,
    SECTIONS_BUDGET,
    STATUS_PAGE,
    Page,
    SiteOptions,
    unique_anchor,
)
from policytrack.site.markup import ICONS, attr, badge, code, link, place, rel, slug, table, text
from policytrack.site.paths import agency_page, folder, obligation_page, ordinance_page, system_page
from policytrack.site.voice import Voice
from policytrack.site.words import (
    GROUP_LABELS,
    GROUP_ORDER,
    GROUPS,
    dated,
    duration,
    history_words,
    long_date,
    rank,
    relative,
    tally,
)
from policytrack.status.engine import AgencyStatus, ObligationStatus
from policytrack.status.history import Series
from policytrack.status.proof import Proofs
from policytrack.status.readings import Duty, duties, obligation_reading, row_reading


def urgency(status: ObligationStatus) -> tuple[int, date, str]:
    """Most urgent first: by reading, then due date, then id."""
    return rank(obligation_reading(status)), status.due or date.max, status.obligation


def agency_reading(row: AgencyStatus) -> str:
    """How the site reads one agency's duty (completion nobody verified is ``claimed``)."""
    return row_reading(row)


class Context(Voice):
    """The kit and the check result the pages are made from, with its indexes and the shared parts."""

    def __init__(self, result: CheckResult, options: SiteOptions,
                 sink: Callable[[Page], None] | None = None) -> None:
        super().__init__(result.as_of, options, sink)
        self.result = result
        self.repo = result.repository
        self.statuses = result.statuses
        self.proofs = Proofs(self.repo, result.as_of)
        """Whether each evidence record is confirmed, disputed or unchecked: the engine's own answer."""
        self.series: dict[str, Series] = {}
        """Charts over time by scope (``all``, ``ordinance:ID``, ``agency:ID``), when the build draws them."""
        self.by_ordinance: dict[str, list[str]] = {}
        self._clause_coverage: dict[str, list[ClauseCoverage]] = {}
        self.by_agency: dict[str, list[tuple[str, AgencyStatus]]] = {}
        self.duties_of: dict[str, list[Duty]] = {}
        """Each agency's duties (bound, and as owner), most urgent obligation first."""
        self.duties_under: dict[str, list[Duty]] = {}
        """Each ordinance's duties."""
        self.by_system: dict[str, list[str]] = {}
        self.needed_by: dict[str, list[str]] = {}
        self.operated_by: dict[str, list[str]] = {}
        self.section_layouts: dict[str, list[tuple[str, str]]] = {}
        ranked = sorted(self.statuses.values(), key=urgency)
        for status in ranked:
            obligation = self.repo.obligations[status.obligation]
            self.by_ordinance.setdefault(obligation.ordinance, []).append(obligation.id)
            for row in status.agencies:
                if row.agency:
                    self.by_agency.setdefault(row.agency, []).append((obligation.id, row))
            for system_id in obligation.systems:
                self.by_system.setdefault(system_id, []).append(obligation.id)
            for dependency in obligation.depends_on:
                self.needed_by.setdefault(dependency, []).append(obligation.id)
        self.duties = duties(self.repo, {status.obligation: status for status in ranked})
        for duty in self.duties:
            self.duties_of.setdefault(duty.agency, []).append(duty)
            self.duties_under.setdefault(self.repo.obligations[duty.obligation].ordinance, []).append(duty)
        for system_id, system in sorted(self.repo.systems.items()):
            if system.operator:
                self.operated_by.setdefault(system.operator, []).append(system_id)
        self.newest_record: dict[str, date] = {}
        """The date of the newest evidence record each agency filed, visible on the as-of date."""
        for item in self.repo.evidence.values():
            if item.date <= self.as_of and item.date > self.newest_record.get(item.agency, date.min):
                self.newest_record[item.agency] = item.date

    def badge(self, path: str, status: str) -> str:
        """A status badge: static words and a symbol (each table's caption, and every page's head, link to
        what the words mean, so badges do not each take a Tab stop)."""
        return badge(status)

    def silence(self, path: str, agency_id: str, rows: Sequence[tuple[str, AgencyStatus]]) -> str:
        """Whether the agency has filed anything: "no records received since ..." where it has filed nothing
        though duties came due (a fact about the records, told apart from any finding), else the date of
        its newest record."""
        name = self.agency_name_text(agency_id)
        newest = self.newest_record.get(agency_id)
        if newest is not None:
            return (f'<p class="pt-received">Newest record received from {name}: dated '
                    f"{long_date(newest)} ({relative(newest, self.as_of)}).</p>\n")
        came_due = [self.repo.ordinances[self.repo.obligations[key].ordinance].start for key, row in rows
                    if row.due is not None and row.due < self.as_of
                    and self.repo.obligations[key].ordinance in self.repo.ordinances]
        if not came_due:
            return ""
        since = min(came_due)
        return (f'<p class="pt-silence" role="note"><strong>No records received from {name} since '
                f"{long_date(since)}</strong>: no evidence it filed is in these records. Its duties that came due "
                "read \"no proof\": that says nobody has filed evidence, not that the agency failed to act.</p>\n")

    def submit_buttons(self, obligation: Obligation, agency: str, row: AgencyStatus | None, *,
                       named: bool = False) -> list[str]:
        """One "Submit" button per open due date of the agency's duty (:func:`~policytrack.site.submit.openings`),
        each opening GitHub's editor on a file that names its period or event, with the same file to
        download beside it. ``named``: the generic button names the agency. Empty without ``repo_url``."""
        out = []
        for opening in submit.openings(row) if row is not None else [submit.Opening()]:
            if not self.repo.config.repo_url:
                break
            target, data = submit.addresses(self.repo.config, obligation, agency, self.as_of, opening)
            if target is None:
                continue
            label = (f"Submit for {text(opening.words)}" if opening.words
                     else f"Submit evidence for {self.agency_name_text(agency)}" if named else "Submit evidence")
            name = submit.file_name(obligation, agency, self.as_of, opening)
            download = f'<a class="pt-download" href="{attr(data)}" download="{attr(name)}">download {text(name)}</a>'
            out.append(f'<span class="pt-submit-pair">{link(label, target, "md-button pt-submit")} {download}</span>')
        return out

    def row_proof(self, row: AgencyStatus) -> str:
        """The proof behind one agency's duty, as :func:`~policytrack.site.markup.proof_badge` shows it."""
        if not row.evidence:  # what proves completion; disputed records and progress are apart (status.rows)
            return "disputed" if row.disputed else "progress" if row.progress else "none"
        return "verified" if row.verified else "claimed"

    def evidence_proof(self, evidence: Evidence) -> str:
        """The proof of one evidence record, from the same answer the engine counts (verified, disputed, claimed)."""
        found = self.proofs.proof(evidence)
        return "verified" if found == "confirmed" else "disputed" if found == "disputed" else "claimed"

    def why(self, obligation_id: str, row: AgencyStatus, *, beside_due: bool = False) -> str:
        """Why one agency's duty reads as it does, with dates and durations (escaped HTML).

        ``beside_due``: the due date is shown next to it, so only the time since or until it is given."""
        obligation = self.repo.obligations.get(obligation_id)
        latest, due, as_of = row.latest, row.due, self.as_of
        first = row.evidence[0].date if row.evidence else None
        words: list[str] = []
        if row.status == "lapsed" and latest is not None:
            max_age = obligation.evidence.max_age_days if obligation and obligation.evidence else None
            if max_age:
                words.append(f"the latest proof ({long_date(latest.date)}) is {duration(latest.date, as_of)} old; "
                             f"proof counts for {max_age} days")
            else:
                covered = latest.period.end if latest.period else latest.date
                words.append(f"the latest proof covers up to {long_date(covered)}"
                             + (f"; nothing covers the period due {long_date(due)}" if due else ""))
        elif row.status in ("met", "met-late") and latest is not None:
            late = row.status == "met-late" and due is not None and first is not None and first > due
            if late and due is not None and first is not None:
                words.append(f"done {long_date(first)}, {duration(due, first)} after the due date "
                             f"({long_date(due)})")
            else:
                words.append(f"proof dated {long_date(latest.date)}")
            if not row.verified:
                words.append("nobody has verified it")
            if due is not None and not late and due > as_of:
                words.append(dated("next due", due, as_of))
        elif row.status == "overdue" and due is not None:
            # Evidence may be filed for other due dates (or events) and still leave this one uncovered.
            none = ("no proof covers this due date" + (f" (the {plural(len(row.evidence), 'record')} filed "
                                                        "cover others)" if len(row.evidence) > 1 else
                                                        " (the record filed covers another)")
                    if row.evidence else "no proof filed")
            words.append(f"{none}; {duration(due, as_of)} overdue" if beside_due
                         else f"{none}; {dated('due', due, as_of)}")
        elif due is not None:
            words.append(relative(due, as_of) if beside_due else dated("due", due, as_of))
        elif row.status == "no-deadline":
            words.append("no date set")
        words.extend(history_words(row))
        return text("; ".join(words)) if words else ""

    def when_cell(self, obligation_id: str, row: AgencyStatus) -> str:
        """The due date as a <time> (which the table script sorts by) and why the duty reads as it does."""
        when = f'<time datetime="{row.due.isoformat()}">{long_date(row.due)}</time>' if row.due else "no date"
        why = self.why(obligation_id, row, beside_due=True)
        return f'{when}<br><span class="pt-why">{why}</span>' if why else when

    def ordinance_name(self, path: str, ordinance_id: str, anchor: str = "", page: str = "") -> str:
        ordinance = self.repo.ordinances.get(ordinance_id)
        if ordinance is None:
            return f"{text(ordinance_id)} (not in the repository)"
        target = (page or ordinance_page(ordinance_id)) + (f"#{anchor}" if anchor else "")
        return link(text(ordinance.title, LABEL_LIMIT), rel(path, target))

    def obligation_link(self, path: str, obligation_id: str) -> str:
        obligation = self.repo.obligations.get(obligation_id)
        if obligation is None:
            return f"{text(obligation_id)} (not in the repository)"
        return link(text(obligation.title, LABEL_LIMIT), rel(path, obligation_page(obligation_id)))

    def agency_link(self, path: str, agency_id: str) -> str:
        agency = self.repo.agencies.get(agency_id)
        if agency is None:
            return f"{text(agency_id)} (not in the registry)"
        return link(text(agency.name, LABEL_LIMIT), rel(path, agency_page(agency_id)))

    def system_link(self, path: str, system_id: str) -> str:
        system = self.repo.systems.get(system_id)
        if system is None:
            return f"{text(system_id)} (not in the registry)"
        return link(text(system.name, LABEL_LIMIT), rel(path, system_page(system_id)))

    def party_name(self, party_id: str) -> str:
        party = self.repo.parties.get(party_id)
        return text(party.name) if party else f"{text(party_id)} (not in the registry)"

    def instance_name(self, path: str, instance: str) -> str:
        """A for_each instance: the system's page when it is a system, else its id."""
        return self.system_link(path, instance) if instance in self.repo.systems else code(instance)

    def agency_name_text(self, agency_id: str) -> str:
        return text(self.agency_name_raw(agency_id), LABEL_LIMIT)

    def agency_name_raw(self, agency_id: str) -> str:
        agency = self.repo.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def due_cell(self, due: date | None) -> str:
        if due is None:
            return "no date"
        return (f'<time datetime="{due.isoformat()}">{long_date(due)}</time><br>'
                f'<span class="pt-why">{relative(due, self.as_of)}</span>')

    def section_place(self, ordinance_id: str, section_id: str) -> tuple[str, str]:
        """The page and anchor of a section (its first occurrence) in its ordinance's pages; a section the
        ordinance does not list: the ordinance's page and the anchor it would have."""
        ordinance = self.repo.ordinances.get(ordinance_id)
        for index, section in enumerate(ordinance.sections if ordinance else []):
            if section.id == section_id:
                return self.section_layout(ordinance_id)[index]
        return ordinance_page(ordinance_id), "section-" + slug(section_id)

    def section_layout(self, ordinance_id: str) -> list[tuple[str, str]]:
        """(page, anchor) of each section of the ordinance, in order. Anchors are ``section-`` and the
        section's slug, made unique (sections '9.A' and '9-A' never share one, nor the folder of their
        lists' further pages). Sections fill the ordinance's page up to :data:`SECTIONS_BUDGET` bytes (as
        estimated from their text and obligations), then continue on ``ordinances/ID/Page-N.md``."""
        layout = self.section_layouts.get(ordinance_id)
        if layout is not None:
            return layout
        ordinance = self.repo.ordinances.get(ordinance_id)
        duties = Counter(self.repo.obligations[key].section for key in self.by_ordinance.get(ordinance_id, []))
        taken: set[str] = set()
        layout = []
        number, size = 1, 0
        marks = Counter(item.clause.section for item in self.clause_coverage(ordinance_id)) if ordinance else Counter()
        for section in ordinance.sections if ordinance else []:
            anchor = unique_anchor("section-" + slug(section.id), taken)
            weight = (600 + len(text(section.heading)) + len(text(section.text or ""))
                      + 700 * min(duties[section.id], SECTION_ROWS) + 320 * marks[section.id])  # a clause's mark
            budget = SECTIONS_BUDGET - (FIRST_PAGE_EXTRA if number == 1 else 0)
            if size and size + weight > budget:
                number, size = number + 1, 0
            size += weight
            layout.append((ordinance_page(ordinance_id) if number == 1
                           else f"ordinances/{folder(ordinance_id)}/Page-{number}.md", anchor))
        self.section_layouts[ordinance_id] = layout
        return layout

    def answer(self, path: str, ordinance_id: str) -> str:
        """One plain sentence: how many of an ordinance's duties are behind, breached and done (the same
        duties its scorecard counts, one obligation for one agency)."""
        ordinance = self.repo.ordinances.get(ordinance_id)
        who = text((self.repo.config.jurisdiction or self.repo.config.name).split(",")[0].strip())
        if ordinance is None:
            name = f"{text(ordinance_id)} (not in the repository)"
        else:
            name = link(text(self.law_label(ordinance_id)), rel(path, ordinance_page(ordinance_id)))
        counts = tally(duty.reading for duty in self.duties_under.get(ordinance_id, []))
        owed = counts.owed
        unit = link("duties", rel(path, STATUS_PAGE) + "#duty")
        nobody = self.unassigned(ordinance_id)
        if not owed:
            return (f"No duty under {name} binds an agency on {long_date(self.as_of)}"
                    + (f"; {plural(nobody, 'obligation')} {'names' if nobody == 1 else 'name'} no agency" if nobody
                       else "") + ".")
        sentence = (f"{who} is behind on <strong>{counts['behind']} of its {owed}</strong> {unit} under {name}"
                    if counts["behind"] else f"{who} is not behind on any of its {owed} {unit} under {name}")
        if counts["breached"]:
            sentence += f"; <strong>{counts['breached']}</strong> {'was' if counts['breached'] == 1 else 'were'} " \
                        "breached"
        recorded = self.breaches_of(self.by_ordinance.get(ordinance_id, []))
        if recorded:
            remedied = sum(1 for _, item in recorded if item.remedy is not None and item.remedy.date <= self.as_of)
            sentence += (f"; {plural(len(recorded), 'breach')} of the law on record"
                         + (f", {remedied} since remedied" if remedied else ""))
        rest = [f"{counts['verified']} done and verified", f"{counts['claimed']} done but not verified"]
        if counts["in-progress"]:
            rest.append(f"{counts['in-progress']} in progress, not done")
        if counts["no-deadline"]:
            rest.append(f"{counts['no-deadline']} with no deadline and no proof")
        if counts["open"]:
            rest.append(f"{counts['open']} not yet due")
        if counts["waived"]:
            rest.append(f"{counts['waived']} waived")
        out = sentence + ". " + ", ".join(rest).capitalize() + "."
        if nobody:
            out += f" {plural(nobody, 'obligation')} {'names' if nobody == 1 else 'name'} no agency, so no one owes it."
        return out

    def unassigned(self, ordinance_id: str) -> int:
        """Obligations of the ordinance in force that name no agency at all (no owner, nobody bound)."""
        return sum(1 for key in self.by_ordinance.get(ordinance_id, [])
                   if any(not row.agency and row.status not in ("repealed", "not-in-force")
                          for row in self.statuses[key].agencies))

    def law_label(self, ordinance_id: str) -> str:
        """How the law is named in a sentence: its kind and number ("Ordinance 18665", "Law 21-125"), else
        its title (plain text)."""
        ordinance = self.repo.ordinances.get(ordinance_id)
        if ordinance is None:
            return ordinance_id
        if ordinance.number:
            return f"{ordinance.kind_name} {ordinance.number}"
        return ordinance.title

    def scorecard(self, path: str, base: str, rows: dict[str, list[Duty]], title: str, *,
                  limit: int | None = None, budget: int = LIST_BUDGET) -> str:
        """Per agency: its duties counted by reading (one duty is one obligation for one agency; an owner
        owes the obligations it answers for, as the status page explains)."""
        tallies = {key: tally(duty.reading for duty in items) for key, items in rows.items() if key}
        owner = {key: sum(1 for duty in items if duty.as_owner and GROUPS.get(duty.reading) != "excluded")
                 for key, items in rows.items()}
        order = sorted(tallies, key=lambda key: (-tallies[key]["breached"], -tallies[key]["behind"],
                                                 -tallies[key].owed, key))

        def make(agency_id: str) -> Callable[[str], list[str]]:
            def cells(page: str) -> list[str]:
                counts = tallies[agency_id]
                return [self.agency_link(page, agency_id), str(counts.owed),
                        *(str(counts[group]) for group in GROUP_ORDER)]
            return cells

        header = ["Agency", "Duties", *(GROUP_LABELS[group] for group in GROUP_ORDER)]
        owners = sum(owner.values())
        return self.listing(path, base, title, header, [make(key) for key in order],
                            empty="No duty binds an agency.", limit=limit, glossary=False, budget=budget,
                            numeric=range(1, len(header)),
                            caption=f"{text(title)}: one row per agency; each count is of duties (one obligation "
                                    "for one agency"
                                    + (f"; {plural(owners, 'duty')} of owners that answer for obligations other "
                                       "agencies carry out" if owners else "")
                                    + f"). {link('What the columns mean', rel(path, STATUS_PAGE) + '#columns')}")

    def clause_coverage(self, ordinance_id: str) -> list[ClauseCoverage]:
        """The ordinance's clauses and what carries them (in its recorded text), computed once."""
        if ordinance_id not in self._clause_coverage:
            from policytrack.law.coverage import ordinance_coverage

            ordinance = self.repo.ordinances.get(ordinance_id)
            self._clause_coverage[ordinance_id] = [] if ordinance is None else ordinance_coverage(
                self.repo, ordinance, [self.repo.obligations[key] for key in self.by_ordinance.get(ordinance_id, [])])
        return self._clause_coverage[ordinance_id]

    def open_count(self, ordinance_id: str) -> int:
        return sum(1 for key in self.by_ordinance[ordinance_id] if self.statuses[key].status in ("overdue", "lapsed"))

    def agency_row(self, obligation_id: str, row: AgencyStatus, *, agency: bool = True
                    ) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            cells = [self.badge(path, agency_reading(row)), self.obligation_link(path, obligation_id),
                     self.when_cell(obligation_id, row)]
            if agency:
                cells.insert(2, self.agency_link(path, row.agency) if row.agency else "(no agency)")
            return cells
        return make

    def upcoming_row(self, obligation_id: str, row: AgencyStatus, when: date) -> Callable[[str], list[str]]:
        """A row of what falls due soon: the duty's reading and its next due date, and for a duty behind on
        earlier ones, since when."""
        def make(path: str) -> list[str]:
            why = relative(when, self.as_of)
            if row.status in ("overdue", "lapsed") and row.due is not None and row.due < when:
                why += f"; the one due {long_date(row.due)} " + ("has no proof" if row.status == "overdue"
                                                                   else "has proof out of date")
            return [self.badge(path, agency_reading(row)), self.obligation_link(path, obligation_id),
                    self.agency_link(path, row.agency) if row.agency else "(no agency)",
                    f'<time datetime="{when.isoformat()}">{long_date(when)}</time><br>'
                    f'<span class="pt-why">{text(why)}</span>']
        return make

    def duty_row(self, duty: Duty, *, agency: bool = True) -> Callable[[str], list[str]]:
        """A duty's row: its reading, the obligation, (the agency,) the due date and why; an owner's duty
        says whom the obligation binds."""
        if duty.row is not None:
            return self.agency_row(duty.obligation, duty.row, agency=agency)

        def make(path: str) -> list[str]:
            status = self.statuses[duty.obligation]
            bound = sorted({row.agency for row in status.agencies if row.agency})
            who = (" as owner; carried out by " + ", ".join(self.agency_short(key) for key in bound[:6])
                   + (" and others" if len(bound) > 6 else "")) if bound else " as owner"
            cells = [self.badge(path, duty.reading), self.obligation_link(path, duty.obligation),
                     self.due_cell(status.due)]
            if agency:
                cells.insert(2, self.agency_link(path, duty.agency) + f'<br><span class="pt-why">{text(who)}</span>')
            else:
                cells[1] += f'<br><span class="pt-why">{text(who.strip())}</span>'
            return cells
        return make

    def agency_short(self, agency_id: str) -> str:
        """An agency's shortest name (its first other name, such as an abbreviation; else its name)."""
        agency = self.repo.agencies.get(agency_id)
        if agency is None:
            return agency_id
        return agency.other_names[0] if agency.other_names else agency.name

    def obligation_row(self, obligation_id: str, *, ordinance: bool = False) -> Callable[[str], list[str]]:
        def make(path: str) -> list[str]:
            status = self.statuses[obligation_id]
            obligation = self.repo.obligations[obligation_id]
            owner = self.agency_link(path, obligation.owner.agency) if obligation.owner else "<strong>no owner</strong>"
            cells = [self.badge(path, obligation_reading(status)), self.obligation_link(path, obligation_id), owner,
                     self.due_cell(status.due)]
            if ordinance:
                cells.insert(2, self.ordinance_name(path, obligation.ordinance))
            return cells
        return make

    def requirement(self, obligation: Obligation) -> str:
        requirement = obligation.evidence
        if requirement is None:
            return "<strong>Not stated.</strong> The checker reports this (<code>no-evidence-requirement</code>)."
        joined = ", ".join(text(kind) for kind in requirement.kinds)
        words = (f"Kinds, all of them: {joined}." if requirement.all_required else f"Kinds: {joined}.")
        if requirement.progress_kinds:
            words += (" Showing progress only, never done: "
                      + ", ".join(text(kind) for kind in requirement.progress_kinds) + ".")
        if requirement.description:
            words += " " + text(requirement.description)
        if requirement.max_age_days:
            words += f" Evidence counts for {requirement.max_age_days} days."
        return words

    def source_place(self, address: str | None) -> str:
        """`` · source: host/…/page``, a link named by what it reaches (empty without an address)."""
        return f" · source: {link(text(place(address)), address)}" if address else ""

    def source_links(self, source: Source) -> str:
        """A record's source: its title linked to its address, and its file with the file's hash."""
        parts = []
        if source.url:  # the title says what the source is; the link's words say where it goes
            target = link(text(place(source.url)), source.url)
            parts.append(f"<cite>{text(source.title)}</cite>, at {target}" if source.title else target)
        elif source.title:
            parts.append(f"<cite>{text(source.title)}</cite>")
        if source.file:
            repo_url = self.repo.config.repo_url
            if repo_url:
                target = f"{repo_url.rstrip('/')}/blob/{self.repo.config.branch}/{source.file}"
                parts.append(link(text(source.file), target))
            else:
                parts.append(text(source.file))
            parts.append(f"sha256 {code((source.sha256 or '')[:12])}…")
        return " · ".join(parts)

    def breaches(self, path: str, base: str, found: Sequence[tuple[str, Breach]], *, full: bool = False) -> str:
        """Breaches (the law broken, not only unproven), open ones first, each with its source and remedy;
        beyond :data:`BREACHES_PER_PAGE` they continue on ``{base}/Page-N.md``.

        Unless ``full`` (the obligation's own page), a breach is told in its summary's first sentence."""
        if not found:
            return ""

        def is_open(item: Breach) -> bool:
            return item.remedy is None or item.remedy.date > self.as_of

        ordered = sorted(found, key=lambda pair: (not is_open(pair[1]), pair[1].date, pair[1].id))
        still = sum(1 for _, item in ordered if is_open(item))
        out = self.h(path, 2, "Breaches on record", "breaches")
        out += (f"<p>{plural(len(ordered), 'breach')} recorded, {still} not remedied on {long_date(self.as_of)}. "
                "A breach is the law broken, as an auditor, a court or the agency recorded it; it is shown "
                "before what is only unproven.</p>\n")

        def entry(obligation_id: str, item: Breach) -> Callable[[str], str]:
            def make(page: str) -> str:
                mark = (self.badge(page, "breached") if is_open(item)
                        else f'<span class="pt-proof pt-none">{ICONS["verified"]} Remedied</span>')
                span = f"from {long_date(item.date)}" + (f" to {long_date(item.until)}" if item.until else "")
                summary = item.summary if full else _first_sentence(item.summary)
                line = (f"<li>{mark} <strong>{self.agency_name_text(item.agency)}</strong>, "
                        f"{self.obligation_link(page, obligation_id)} ({span}): {text(summary)}"
                        f"<br>Found by {text(item.found_by)} on {long_date(item.found_on or item.date)}. "
                        f"Source: {self.source_links(item.source)}")
                if item.remedy is not None and item.remedy.date <= self.as_of:
                    line += f"<br><strong>Remedied</strong> {long_date(item.remedy.date)}"
                    if full:
                        line += (f": {text(item.remedy.summary)}"
                                 + (f" Source: {self.source_links(item.remedy.source)}" if item.remedy.source else ""))
                    else:
                        line += "."
                return line + "</li>\n"
            return make

        return out + self.paged(path, base, "Breaches on record", [entry(key, item) for key, item in ordered],
                                lambda body: f'<ul class="pt-breaches">\n{body}</ul>\n', BREACHES_PER_PAGE)

    def breaches_of(self, obligation_ids: Iterable[str], agency: str | None = None) -> list[tuple[str, Breach]]:
        """The visible breaches of these obligations (of one agency, when given)."""
        return [(key, item) for key in obligation_ids for item in self.statuses[key].breaches
                if agency is None or item.agency == agency]

    def reading_counts(self, path: str, readings: Counter[str], unit: str) -> str:
        """Counts per reading as badges, with the unit counted."""
        if not readings:
            return ""
        return (f"<p>Counted in {unit}: " + "; ".join(
            f"{self.badge(path, name)} {readings[name]}" for name in sorted(readings, key=rank)) + "</p>\n")

    def over_time(self, path: str, scope: str, name: str) -> str:
        """The chart of duties behind and done over time for one scope, its table and its CSV file."""
        series = self.series.get(scope)
        if series is None or len(series.dates) < 2:
            return ""
        series = chart.changes(series)
        csv_path = f"history/{scope.replace(':', '-')}.csv"
        self.site.files[csv_path] = chart.to_csv(series).encode()
        title = f"Duties of {name}, {series.dates[0].year} to {series.dates[-1].year}"
        out = self.h(path, 2, "Over time")
        out += ("<p>The records replayed on every date a count changes (a record's date, or the day after a due "
                "date): on each, evidence and decisions dated later do not exist yet. Each count holds until the "
                f"next change. {link('The figures as CSV', rel(path, csv_path))}.</p>\n")
        out += (f'<figure class="pt-chart-figure">{chart.svg(series, title, slug(scope))}</figure>\n')
        header = chart.header(series)
        out += table(header, chart.rows(series), NO_SEARCH, numeric=range(1, len(header)),
                     caption=f"{text(title)}: one row per date a count changed; counts are of duties (one "
                             "obligation for one agency); a column that is zero on every date is left out (the CSV "
                             "file has it)", compact=True) + "\n"
        return out


def _first_sentence(value: str) -> str:
    """The first sentence of a text (up to its first '. '), or all of it."""
    line = " ".join(value.split())
    end = line.find(". ")
    return line[:end + 1] if end > 0 else line



def progress_bar(verified: int, claimed: int, total: int) -> str:
    """A bar of what is done: verified in full colour, claimed (not verified) hatched beside it; words too."""
    if not total:
        return "nothing owed"
    first, second = round(100 * verified / total), round(100 * claimed / total)
    words = f"{verified} of {total} done and verified, {claimed} done but not verified"
    return (f'<span class="pt-bar" role="img" aria-label="{words}" title="{words}">'
            f'<span class="pt-bar-verified" style="width:{first}%"></span>'
            f'<span class="pt-bar-claimed" style="width:{second}%"></span></span> '
            f'<span class="pt-bar-words">{first}% verified, {second}% not verified</span>')
