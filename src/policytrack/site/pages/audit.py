"""Audits and their recommendations on the status site (issue 20).

``audits/index.md``        every audit with its counts, every recommendation (filterable by agency and
                           status) and what each recommendation status means
``audits/{id}/index.md``   one audit: who issued it, when, its scope, its findings (with the breaches it
                           found), its recommendations with their status, the agency's response and the
                           history of each (issued, answered, action reported, assessed)

The pieces other pages show too (the open recommendations of an agency or an obligation, the home
page's line per audit, badges and links) are in :mod:`policytrack.site.auditparts`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from policytrack.model.audits import Audit
from policytrack.site.auditdata import REC_CSV_COLUMNS, REC_SCHEMA_FILE
from policytrack.site.auditparts import (
    INDEX,
    MEANINGS,
    audit_link,
    audit_page,
    counts_sentence,
    of_audit,
    rec_badge,
    rec_glossary,
    rec_link,
    rec_name,
    response_cell,
    statuses,
    visible_audits,
    when,
)
from policytrack.site.kit import NO_SEARCH
from policytrack.site.markup import code, labels_of, link, paragraphs, rel, table, table_of, table_row, text
from policytrack.site.parts import Context
from policytrack.site.paths import folder
from policytrack.status.recommendations import REC_ORDER, RecommendationStatus, audit_counts


def build_all(ctx: Context) -> None:
    """The audits index and one page per audit issued by the site's date (nothing when there are none)."""
    audits = visible_audits(ctx)
    if not audits:
        return
    for audit in audits:
        build(ctx, audit)
    index(ctx, audits)


def index(ctx: Context, audits: list[Audit]) -> None:
    """``audits/index.md``."""
    path = INDEX
    out = ctx.head(path, "Audits and recommendations")
    out += ("<p>What auditors found and recommended, whether each agency agreed, what it reports having done, and "
            "what the auditor found when following up. Only the auditor's assessment closes a recommendation; "
            "action an agency reports is a claim until then.</p>\n")

    def audit_row(audit: Audit) -> Callable[[str], list[str]]:
        def cells(page: str) -> list[str]:
            counts = audit_counts(of_audit(ctx, audit.id))
            figures = [str(counts[key]) for key in ("recommendations", "implemented", "not-implemented", "open")]
            if audit.follows_up and not counts["recommendations"]:
                figures = [f"a follow-up of {audit_link(ctx, page, audit.follows_up)}", "", "", ""]
            return [audit_link(ctx, page, audit.id), text(audit.auditor), when(audit.date), *figures]
        return cells

    out += ctx.h(path, 2, "Audits")
    out += ctx.listing(path, "audits", "Audits", ["Audit", "Auditor", "Issued", "Recommendations", "Implemented",
                                                  "Not implemented", "Still open"],
                       [audit_row(audit) for audit in audits], empty="No audit is issued yet.",
                       caption="Every audit, newest first: one row per audit; counts are of its recommendations")
    found = sorted(statuses(ctx).values(), key=lambda item: (REC_ORDER.index(item.status), item.recommendation))
    out += ctx.h(path, 2, "Every recommendation", "recommendations")
    by_agency = Counter(item.agency for item in found if not item.closed)
    if by_agency:
        out += ("<p>Still open, by agency: " + "; ".join(
            f"{ctx.agency_link(path, key)} {count}" for key, count in sorted(by_agency.items())) + ". "
            "Each agency's page lists its own.</p>\n")
    out += recommendation_table(ctx, path, "audits/all", "Every recommendation", found, audit_column=True)
    out += ctx.h(path, 2, "What the recommendation statuses mean", "statuses")
    counts = Counter(item.status for item in found)
    out += "<dl>\n" + "".join(
        f'<dt id="status-{status}">{rec_badge(path, status)} ({counts.get(status, 0)})</dt>'
        f"<dd>{text(MEANINGS[status])}</dd>\n" for status in REC_ORDER) + "</dl>\n"
    out += ctx.h(path, 2, "Open data", "open-data")
    out += (f"<p>{link('recommendations.csv', rel(path, 'recommendations.csv'))}: UTF-8, comma-separated, a header "
            "row, one row per recommendation, as of this site's date; its columns are described by the Frictionless "
            f"Table Schema {link(REC_SCHEMA_FILE, rel(path, REC_SCHEMA_FILE))}. The same, with each "
            f"recommendation's history, is under <code>recommendations</code> in "
            f"{link('status.json', rel(path, 'status.json'))}.</p>\n")
    out += table(["Column", "Type", "Meaning"], [[code(name), kind, text(meaning)]
                                                 for name, kind, meaning in REC_CSV_COLUMNS],
                 caption="Columns of recommendations.csv, in order") + "\n"
    ctx.add(path, out)


def recommendation_table(ctx: Context, path: str, base: str, title: str, found: list[RecommendationStatus], *,
                         audit_column: bool = False) -> str:
    """Recommendations as a sortable table that the site's script can filter by agency and status."""
    header = ["Status", "Recommendation", "Agency", "Response", "Last assessed"]
    if audit_column:
        header.insert(2, "Audit")
    labels = labels_of(header)

    def row(item: RecommendationStatus) -> Callable[[str], str]:
        def make(page: str) -> str:
            recommendation = ctx.repo.recommendations[item.recommendation]
            words = text(recommendation.text, 160)
            cells = [rec_badge(page, item.status), f"{rec_link(ctx, page, recommendation)}: {words}",
                     ctx.agency_link(page, item.agency), response_cell(item), when(item.last_assessed, "never")]
            if audit_column:
                cells.insert(2, audit_link(ctx, page, item.audit))
            return table_row(cells, labels) + "\n"
        return make

    if not found:
        return "<p>No recommendation on record.</p>\n"
    filters = f'{NO_SEARCH} data-pt-filters="Status,Agency"'
    caption = f"{text(title)}: one row per recommendation, open ones first"

    def wrap(body: str, page: str) -> str:
        return table_of(header, body.rstrip("\n"), filters, caption=f"{caption}. {rec_glossary(page)}",
                        sortable=True) + "\n"

    return ctx.paged(path, base, title, [row(item) for item in found], wrap, ctx.options.list_limit, pure=True)


def build(ctx: Context, audit: Audit) -> None:
    """An audit's page."""
    path = audit_page(audit.id)
    out = ctx.head(path, audit.title)
    registered = ctx.repo.agencies.get(audit.agency or "")
    facts = [f"Issued by {text(audit.auditor)}" + (f" ({ctx.agency_link(path, registered.id)})" if registered
                                                   and registered.name != audit.auditor else ""),
             f"on {when(audit.date)}", f"Source: {ctx.source_links(audit.source)}"]
    out += "<p>" + " · ".join(facts) + "</p>\n"
    if audit.follows_up:
        out += f"<p>A follow-up of {audit_link(ctx, path, audit.follows_up)}.</p>\n"
    later = sorted((item for item in ctx.repo.audits.values() if item.follows_up == audit.id
                    and item.date <= ctx.as_of), key=lambda item: item.date)
    if later:
        out += "<p>Followed up in " + ", ".join(
            f"{audit_link(ctx, path, item.id)} ({when(item.date)})" for item in later) + ".</p>\n"
    scope = [ctx.ordinance_name(path, key) for key in audit.scope.ordinances]
    scope += [ctx.agency_link(path, key) for key in audit.scope.agencies]
    if scope:
        out += "<p>It examined: " + ", ".join(scope) + ".</p>\n"
    if audit.summary:
        out += paragraphs(audit.summary)
    found = of_audit(ctx, audit.id)
    if found:
        out += f'<p class="pt-lead">{counts_sentence(found)} (as of {when(ctx.as_of)}).</p>\n'
    out += _findings(ctx, path, audit)
    if found:
        out += ctx.h(path, 2, "Recommendations", "recommendations")
        out += recommendation_table(ctx, path, f"audits/{folder(audit.id)}/list", "Recommendations", found)
        for item in found:
            out += _detail(ctx, path, item)
    assessed = sorted((item for item in ctx.repo.assessments.values() if item.report == audit.id
                       and item.date <= ctx.as_of), key=lambda item: (item.recommendation, item.date))
    if assessed:
        out += ctx.h(path, 2, "Assessments in this report", "assessments")
        out += "<ul>\n" + "".join(
            f"<li>{rec_link(ctx, path, ctx.repo.recommendations[item.recommendation])}: "
            f"{text(item.result.replace('-', ' '))}. {text(item.summary)}</li>\n"
            for item in assessed if item.recommendation in ctx.repo.recommendations) + "</ul>\n"
    if audit.notes:  # undated text may tell of later events: a view of the past leaves it out (issue 18)
        out += ctx.h(path, 2, "Notes") + (paragraphs(audit.notes) if not ctx.historical else UNDATED)
    ctx.add(path, out)


def _findings(ctx: Context, path: str, audit: Audit) -> str:
    if not audit.findings:
        return ""
    out = ctx.h(path, 2, "Findings", "findings")
    out += "<ol>\n"
    breaches = []
    for finding in audit.findings:
        line = text(finding.summary)
        about = [ctx.obligation_link(path, key) for key in finding.obligations]
        if about:
            line += "<br>About: " + ", ".join(about)
        if finding.source is not None:
            line += f"<br>Source: {ctx.source_links(finding.source)}"
        out += f"<li>{line}</li>\n"
        for key in finding.breaches:
            breach = ctx.repo.breaches.get(key)
            if breach is not None and (breach.found_on or breach.date) <= ctx.as_of:
                breaches.append((breach.obligation, breach))
    out += "</ol>\n"
    return out + ctx.breaches(path, f"audits/{folder(audit.id)}/breaches", breaches)


def _detail(ctx: Context, path: str, item: RecommendationStatus) -> str:
    recommendation = ctx.repo.recommendations[item.recommendation]
    anchor = "rec-" + recommendation.id
    out = ctx.h(path, 3, rec_name(recommendation), anchor, toc=False)
    out += f"<p>{rec_badge(path, item.status)} Addressed to {ctx.agency_link(path, recommendation.agency)}"
    if recommendation.priority:
        out += f" · priority: {text(recommendation.priority)}"
    out += "</p>\n"
    out += f"<blockquote>{paragraphs(recommendation.text)}</blockquote>\n"
    if recommendation.paraphrase:
        out += "<p><em>Paraphrased: not the report's words.</em></p>\n"
    about = [ctx.obligation_link(path, key) for key in recommendation.obligations]
    about += [f"{ctx.ordinance_name(path, ref.ordinance)} {code(ref.section)}" for ref in recommendation.sections]
    if about:
        out += "<p>Concerns: " + ", ".join(about) + "</p>\n"
    response = recommendation.response
    if response is not None and response.date <= ctx.as_of and response.text:
        out += (f"<p>The response ({when(response.date)}): </p><blockquote>{paragraphs(response.text)}"
                "</blockquote>\n")
    out += '<ol class="pt-timeline">\n'
    for step in item.history:
        if step.kind == "action":
            who = ctx.agency_link(path, step.by) if step.by else "the agency"
            line = f"{when(step.date)}: reported by {who}: {text(step.what)}"
        else:
            line = f"{when(step.date)}: {text(step.what)}"
        if step.kind == "response" and step.by:
            line += f" ({text(step.by)})"
        if step.source is not None:
            line += ("" if line.endswith(".") else ".") + f" Source: {ctx.source_links(step.source)}"
        out += f"<li>{line}</li>\n"
    out += "</ol>\n"
    if recommendation.notes:
        out += paragraphs(recommendation.notes) if not ctx.historical else UNDATED
    return out


UNDATED = ("<p>The notes on this record carry no date, so this view of the past leaves them out: they may tell "
           "of later events.</p>\n")


