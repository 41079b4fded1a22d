"""An ordinance's pages: the answer, breaches, coverage, scorecard, chart, diagram, and its sections with
their text (clauses marked) beside the obligations that record their duties."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable

from policytrack.law.coverage import ClauseCoverage
from policytrack.law.inforce import section_in_force
from policytrack.model.fields import plural
from policytrack.model.records import Section
from policytrack.site import diagram
from policytrack.site.clauses import coverage_summary, mark_section
from policytrack.site.kit import LIST_BUDGET, NO_SEARCH, SECTION_ROWS
from policytrack.site.markup import code, link, paragraphs, place, rel, table, text
from policytrack.site.parts import Context, obligation_reading, progress_bar
from policytrack.site.paths import folder, ordinance_page
from policytrack.site.words import long_date, tally
from policytrack.status.readings import Duty


def build(ctx: Context, ordinance_id: str) -> None:
    """The ordinance's page, and its sections' further pages."""
    ordinance = ctx.repo.ordinances[ordinance_id]
    path = ordinance_page(ordinance_id)
    ids = ctx.by_ordinance.get(ordinance_id, [])
    out = ctx.head(path, ordinance.title)
    facts = [f"<strong>{text(ordinance.citation)}</strong>"]
    if ordinance.number:
        facts.append(text(ctx.law_label(ordinance_id)))
    facts.append(f"enacted {long_date(ordinance.enacted)}" if ordinance.enacted else "enactment date not known")
    facts.append(f"effective {long_date(ordinance.effective)}" if ordinance.effective
                 else "effective date not recorded")
    facts.append("official text: " + link(text(place(ordinance.source)), ordinance.source))
    out += "<p>" + " · ".join(facts) + "</p>\n"
    out += f'<p class="pt-lead">{ctx.answer(path, ordinance_id)}</p>\n' if ids else ""
    out += ctx.breaches(path, f"ordinances/{folder(ordinance_id)}/breaches", ctx.breaches_of(ids))
    if ordinance.summary:
        out += paragraphs(ordinance.summary)
    readings = Counter(duty.reading for duty in ctx.duties_under.get(ordinance_id, []))
    counts = tally(readings.elements())
    section_ids = {section.id for section in ordinance.sections}
    per_section: dict[str, list[str]] = {}
    for key in ids:
        per_section.setdefault(ctx.repo.obligations[key].section, []).append(key)
    covered = sum(1 for section in ordinance.sections if section.id in per_section)
    out += ctx.h(path, 2, "Coverage")
    out += (f"<p>{covered} of {len(ordinance.sections)} sections have at least one obligation; "
            f"{plural(len(ids), 'obligation')}, owed as {plural(counts.owed, 'duty')}: {counts['verified']} done and "
            f"verified, {counts['claimed']} done but not verified. "
            f"{progress_bar(counts['verified'], counts['claimed'], counts.owed)}</p>\n")
    clauses = ctx.clause_coverage(ordinance_id)
    out += coverage_summary(clauses)
    out += ctx.reading_counts(path, readings, "duties")
    if ids:
        out += ctx.h(path, 2, f"Agency scorecard for this {ordinance.kind.lower()}", "scorecard")
        rows: dict[str, list[Duty]] = {}
        for duty in ctx.duties_under.get(ordinance_id, []):
            rows.setdefault(duty.agency, []).append(duty)
        out += ctx.scorecard(path, f"ordinances/{folder(ordinance_id)}/scorecard", rows,
                              f"Agency scorecard for {ordinance.title}", budget=LIST_BUDGET // 2)
    if len(ctx.repo.ordinances) > 1:  # with one law, its chart is the home page's
        out += ctx.over_time(path, f"ordinance:{ordinance_id}", ctx.law_label(ordinance_id))
    elif ctx.series.get("all"):
        out += (ctx.h(path, 2, "Over time") + "<p>The chart of its duties behind and done over time is on "
                + link("the home page", rel(path, "index.md") + "#over-time") + ".</p>\n")
    found = diagram.reach(ctx.repo, ordinance, ids)
    out += ctx.h(path, 2, "Agencies and systems it reaches")
    source = diagram.mermaid(ctx.repo, ordinance, found)
    if ctx.options.mermaid:
        out += f'<pre class="mermaid"><code>{html.escape(source, quote=False)}</code></pre>\n'
    else:
        # Focusable, so that keyboard users can scroll it where it is wider than the screen.
        out += ('<figure class="pt-figure" tabindex="0" role="group" aria-label="Diagram: agencies and systems '
                f'the ordinance reaches">{diagram.svg(ctx.repo, ordinance, found)}</figure>\n')
    out += ("<p><strong>Agencies:</strong> "
            + (", ".join(ctx.agency_link(path, key) for key in found.agencies) or "none") + "</p>\n")
    out += ("<p><strong>Systems:</strong> "
            + (", ".join(ctx.system_link(path, key) for key in found.systems) or "none") + "</p>\n")
    if not ctx.options.mermaid:
        out += ('<details class="info">\n<summary>The diagram as Mermaid source</summary>\n'
                '<div class="highlight"><pre><span></span><code>'
                f"{html.escape(source, quote=False)}\n</code></pre></div>\n"
                "</details>\n")
    out += ctx.h(path, 2, "Sections")
    layout = ctx.section_layout(ordinance_id)
    later = list(dict.fromkeys(page for page, _ in layout if page != path))
    total = len(later) + 1
    parts: dict[str, str] = {path: ""}
    for number, page in enumerate(later, start=2):
        nav = [link("first page", rel(page, path))]
        if number > 2:
            nav.append(link("previous", rel(page, later[number - 3])))
        if number < total:
            nav.append(link("next", rel(page, later[number - 1])))
        parts[page] = (ctx.head(page, f"{ordinance.title}: sections (page {number} of {total})")
                       + f"<p {NO_SEARCH}>" + " · ".join(nav) + "</p>\n")
    for section, (page, anchor) in zip(ordinance.sections, layout, strict=True):
        parts[page] += _section(ctx, page, ordinance_id, ordinance.title, section, anchor,
                                     per_section.get(section.id, []),
                                     [item for item in clauses if item.clause.section == section.id])
    for page in later:
        ctx.add(page, parts[page])
    out += parts[path]
    if later:
        out += (f"<p>Showing {sum(1 for page, _ in layout if page == path)} of {len(layout)} sections: "
                + link(f"continue on page 2 of {total}", rel(path, later[0])) + ".</p>\n")
    stray = [key for key in ids if ctx.repo.obligations[key].section not in section_ids]
    if stray:
        out += ctx.h(path, 2, "Obligations citing a section not listed above")
        out += ctx.listing(path, f"ordinances/{folder(ordinance_id)}/other", f"{ordinance.title}: other sections",
                            ["Status", "Obligation", "Owner", "Due"],
                            [ctx.obligation_row(key) for key in stray], empty="")
    amendments = [item for item in ordinance.amendments if item.date <= ctx.as_of]
    if amendments:
        out += ctx.h(path, 2, "Amendments")
        out += table(["Date", "By", "Action", "Sections"], [
            [long_date(item.date), text(item.by) + ctx.source_place(item.source),
             text(item.action), ", ".join(text(s) for s in item.sections) or "whole ordinance"]
            for item in amendments], caption="Amendments in force by this date, one row each") + "\n"
    extra = []
    if ordinance.protects:
        extra.append("<strong>Protects data:</strong> " + ", ".join(code(item) for item in ordinance.protects))
    if ordinance.restricts:
        extra.append("<strong>Restricts access by:</strong> "
                     + ", ".join(ctx.party_name(item) for item in ordinance.restricts))
    out += "".join(f"<p>{item}</p>\n" for item in extra)
    ctx.add(path, out)


def _section(ctx: Context, page: str, ordinance_id: str, title: str, section: Section, anchor: str,
             keys: list[str], marked: list[ClauseCoverage]) -> str:
    """One section of an ordinance: its words, with its clauses marked covered, excused or uncovered,
    beside the obligations that record its duties."""
    out = ctx.h(page, 3, f"{text(section.id)}: {text(section.heading)}", anchor)
    out += '<div class="pt-section">\n<div class="pt-law">\n'
    law = section_in_force(ctx.repo, ordinance_id, section.id, ctx.as_of)  # the words as they stood on the date
    words = law.text or section.text
    if words:
        note = " <em>(paraphrase, not the law's words)</em>" if section.paraphrase else ""
        if words != section.text:  # amended by then: the clauses are marked on the enacted words only
            body = text(words)
            note += f" <em>(as amended by {text(', '.join(law.amended_by))})</em>" if law.amended_by else ""
        else:
            body = (mark_section(words, marked, lambda key: ctx.obligation_link(page, key))
                    if marked else text(words))
        out += "<blockquote>\n<p>" + body + note + "</p>\n</blockquote>\n"
    else:
        out += "<p><em>The text of this section is not recorded.</em></p>\n"
    if law.repealed is not None:
        out += (f"<p><strong>Repealed</strong> from {long_date(law.repealed)}"
                + (f" by {text(law.repealed_by)}" if law.repealed_by else "") + ".</p>\n")
    if section.source:
        out += "<p>Source: " + link(text(place(section.source)), section.source) + "</p>\n"
    out += '</div>\n<div class="pt-duties">\n'
    if keys:
        out += ctx.listing(page, f"ordinances/{folder(ordinance_id)}/{anchor}", f"{title}: {section.id}",
                            ["Status and due date", "Obligation and owner"],
                            [_duty_row(ctx, key) for key in keys], empty="", limit=SECTION_ROWS)
    else:
        out += "<p><strong>Coverage gap:</strong> no obligation records a duty of this section.</p>\n"
    return out + "</div>\n</div>\n"


def _duty_row(ctx: Context, obligation_id: str) -> Callable[[str], list[str]]:
    def make(path: str) -> list[str]:
        status = ctx.statuses[obligation_id]
        obligation = ctx.repo.obligations[obligation_id]
        owner = ctx.agency_link(path, obligation.owner.agency) if obligation.owner else "<strong>no owner</strong>"
        return [f"{ctx.badge(path, obligation_reading(status))}<br>{ctx.due_cell(status.due)}",
                f"{ctx.obligation_link(path, obligation_id)}<br>{owner}"]
    return make
