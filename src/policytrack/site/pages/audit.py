"""Audits and their recommendations on the status site (issue 20).

``audits/index.md``        every audit with its counts, every recommendation (filterable by agency and
                           status) and what each recommendation status means
``audits/{id}/index.md``   one audit: who issued it, when, its scope, its findings (with the breaches it
                           found), its recommendations with their status, the agency's response and the
                           history of each (issued, answered, action reported, assessed)

and the pieces other pages show: the open recommendations addressed to an agency or concerning an
obligation, and one line per audit on the home page. Statuses come from
:mod:`policytrack.status.recommendations`, as of the site's date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from policytrack.model.audits import Audit, Recommendation
from policytrack.model.fields import plural
from policytrack.site.auditdata import REC_CSV_COLUMNS, REC_SCHEMA_FILE
from policytrack.site.kit import NO_SEARCH
from policytrack.site.markup import (
    ICONS,
    attr,
    code,
    labels_of,
    link,
    paragraphs,
    rel,
    table,
    table_of,
    table_row,
    text,
)
from policytrack.site.parts import Context
from policytrack.site.paths import folder
from policytrack.site.words import long_date
from policytrack.status.recommendations import (
    REC_CLOSED,
    REC_LABELS,
    REC_ORDER,
    RecommendationStatus,
    audit_counts,
    recommendation_statuses,
)

INDEX = "audits/index.md"
MEANINGS: dict[str, str] = {
    "open": "The audit is issued and no response of the agency is on record.",
    "answered": "The agency answered the audit, but what it said of this recommendation is not on record.",
    "disagreed": "The agency disagrees with the recommendation and reports no action.",
    "partly-agreed": "The agency agrees with part of the recommendation.",
    "agreed": "The agency agrees; nothing is reported done yet.",
    "action-reported": "The agency reports action. It is a claim until the auditor assesses it.",
    "in-progress": "The auditor found it in progress or partly implemented, and follows it.",
    "not-implemented": "The auditor found it not implemented, and still follows it.",
    "closed-implemented": "The auditor found it implemented: closed.",
    "closed-not-implemented": "The auditor closed it without its being implemented.",
    "no-longer-applicable": "The auditor found that it no longer applies: closed.",
}
"""What each recommendation status means, as the audits index says it."""
_SYMBOLS = {"open": "no-deadline", "answered": "none", "disagreed": "blocked", "partly-agreed": "lapsed",
            "agreed": "not-yet-due", "action-reported": "claimed", "in-progress": "due-soon",
            "not-implemented": "overdue", "closed-implemented": "met", "closed-not-implemented": "repealed",
            "no-longer-applicable": "waived"}
"""The symbol and colours each status borrows from the duties' badges (words always say it too)."""
HOME_AUDITS = 10
"""Audits with a line on the home page (newest first); the audits index lists them all."""


def audit_page(audit_id: str) -> str:
    """Path of an audit's page."""
    return f"audits/{folder(audit_id)}/index.md"


def statuses(ctx: Context) -> dict[str, RecommendationStatus]:
    """Every recommendation's status as of the site's date (computed once per repository and date)."""
    return recommendation_statuses(ctx.repo, ctx.as_of)


def visible_audits(ctx: Context) -> list[Audit]:
    """Audits issued on or before the site's date, newest first."""
    return sorted((item for item in ctx.repo.audits.values() if item.date <= ctx.as_of),
                  key=lambda item: (item.date, item.id), reverse=True)


def rec_badge(path: str, status: str) -> str:
    """A recommendation's status as a badge (symbol and words) linking to what it means."""
    symbol = _SYMBOLS.get(status, "none")
    return (f'<a class="pt-badge pt-{symbol}" data-rank="{REC_ORDER.index(status)}" '
            f'href="{attr(rel(path, INDEX + "#status-" + status))}">{ICONS[symbol]} {text(REC_LABELS[status])}</a>')


def rec_name(recommendation: Recommendation) -> str:
    """'Recommendation 3', or its id where the report's number is not known (escaped)."""
    return text(f"Recommendation {recommendation.number}" if recommendation.number else recommendation.id)


def rec_link(ctx: Context, path: str, recommendation: Recommendation) -> str:
    """A link to the recommendation on its audit's page."""
    target = audit_page(recommendation.audit) + "#rec-" + recommendation.id
    if recommendation.audit not in ctx.repo.audits:
        return rec_name(recommendation)
    return link(rec_name(recommendation), rel(path, target))


def audit_link(ctx: Context, path: str, audit_id: str) -> str:
    audit = ctx.repo.audits.get(audit_id)
    if audit is None:
        return f"{text(audit_id)} (not in the repository)"
    return link(text(audit.title, 200), rel(path, audit_page(audit_id)))


def counts_sentence(found: list[RecommendationStatus]) -> str:
    """'5 recommendations: 1 implemented, 1 not implemented, 3 still open' (no longer applicable apart)."""
    counts = audit_counts(found)
    parts = [f"{counts['implemented']} implemented", f"{counts['not-implemented']} not implemented"]
    if counts["no-longer-applicable"]:
        parts.append(f"{counts['no-longer-applicable']} no longer applicable")
    found_not = sum(1 for item in found if item.status == "not-implemented")
    parts.append(f"{counts['open']} still open" + (f" ({found_not} of them found not implemented so far)"
                                                   if found_not else ""))
    return f"{plural(counts['recommendations'], 'recommendation')}: " + ", ".join(parts)


def of_audit(ctx: Context, audit_id: str) -> list[RecommendationStatus]:
    """The statuses of an audit's recommendations, in the report's order (number, then id)."""
    found = [item for item in statuses(ctx).values() if item.audit == audit_id]
    return sorted(found, key=lambda item: _order(ctx.repo.recommendations[item.recommendation]))


def _order(recommendation: Recommendation) -> tuple[int, str, str]:
    number = recommendation.number or ""
    digits = "".join(char for char in number.split(".")[0] if char.isdigit())
    return (int(digits) if digits else 10**9, number, recommendation.id)


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
            return [audit_link(ctx, page, audit.id), text(audit.auditor), _when(audit.date), *figures]
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
                     ctx.agency_link(page, item.agency), _response(item), _when(item.last_assessed, "never")]
            if audit_column:
                cells.insert(2, audit_link(ctx, page, item.audit))
            return table_row(cells, labels) + "\n"
        return make

    if not found:
        return "<p>No recommendation on record.</p>\n"
    filters = f'{NO_SEARCH} data-pt-filters="Status,Agency"'
    caption = f"{text(title)}: one row per recommendation, open ones first"
    return ctx.paged(path, base, title, [row(item) for item in found],
                     lambda body: table_of(header, body.rstrip("\n"), filters, caption=caption, sortable=True) + "\n",
                     ctx.options.list_limit, pure=True)


def _response(item: RecommendationStatus) -> str:
    if item.responded is None:
        return "none on record"
    words = {"agreed": "agreed", "partly-agreed": "partly agreed", "disagreed": "disagreed",
             "answered": "answered, position not on record"}
    answer = next((step for step in item.history if step.kind == "response"), None)
    said = words.get(answer.status, "answered") if answer is not None else "answered"
    return f"{said}, {_when(item.responded)}" + (f"; target {_when(item.target)}" if item.target else "")


def _when(value: date | None, none: str = "") -> str:
    if value is None:
        return none
    return f'<time datetime="{value.isoformat()}">{long_date(value)}</time>'


def build(ctx: Context, audit: Audit) -> None:
    """An audit's page."""
    path = audit_page(audit.id)
    out = ctx.head(path, audit.title)
    registered = ctx.repo.agencies.get(audit.agency or "")
    facts = [f"Issued by {text(audit.auditor)}" + (f" ({ctx.agency_link(path, registered.id)})" if registered
                                                   and registered.name != audit.auditor else ""),
             f"on {_when(audit.date)}", f"Source: {ctx.source_links(audit.source)}"]
    out += "<p>" + " · ".join(facts) + "</p>\n"
    if audit.follows_up:
        out += f"<p>A follow-up of {audit_link(ctx, path, audit.follows_up)}.</p>\n"
    later = sorted((item for item in ctx.repo.audits.values() if item.follows_up == audit.id
                    and item.date <= ctx.as_of), key=lambda item: item.date)
    if later:
        out += "<p>Followed up in " + ", ".join(
            f"{audit_link(ctx, path, item.id)} ({_when(item.date)})" for item in later) + ".</p>\n"
    scope = [ctx.ordinance_name(path, key) for key in audit.scope.ordinances]
    scope += [ctx.agency_link(path, key) for key in audit.scope.agencies]
    if scope:
        out += "<p>It examined: " + ", ".join(scope) + ".</p>\n"
    if audit.summary:
        out += paragraphs(audit.summary)
    found = of_audit(ctx, audit.id)
    if found:
        out += f'<p class="pt-lead">{counts_sentence(found)} (as of {_when(ctx.as_of)}).</p>\n'
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
    if audit.notes:
        out += ctx.h(path, 2, "Notes") + paragraphs(audit.notes)
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
        out += (f"<p>The response ({_when(response.date)}): </p><blockquote>{paragraphs(response.text)}"
                "</blockquote>\n")
    out += '<ol class="pt-timeline">\n'
    for step in item.history:
        if step.kind == "action":
            who = ctx.agency_link(path, step.by) if step.by else "the agency"
            line = f"{_when(step.date)}: reported by {who}: {text(step.what)}"
        else:
            line = f"{_when(step.date)}: {text(step.what)}"
        if step.kind == "response" and step.by:
            line += f" ({text(step.by)})"
        if step.source is not None:
            line += ("" if line.endswith(".") else ".") + f" Source: {ctx.source_links(step.source)}"
        out += f"<li>{line}</li>\n"
    out += "</ol>\n"
    if recommendation.notes:
        out += paragraphs(recommendation.notes)
    return out


def open_recommendations(ctx: Context, path: str, *, agency: str | None = None,
                         obligation: str | None = None) -> str:
    """The open recommendations addressed to an agency, or concerning an obligation, with a heading
    (nothing when there are none)."""
    found = [item for item in statuses(ctx).values()
             if (agency is None or item.agency == agency)
             and (obligation is None or obligation in ctx.repo.recommendations[item.recommendation].obligations)]
    if not found:
        return ""
    still = [item for item in found if item.status not in REC_CLOSED]
    still.sort(key=lambda item: (REC_ORDER.index(item.status), item.recommendation))
    out = ctx.h(path, 2, "Open recommendations", "open-recommendations")
    closed = len(found) - len(still)
    whom = "addressed to it" if agency is not None else "concerning it"
    out += (f"<p>{plural(len(found), 'audit recommendation')} {whom}: {len(still)} open, {closed} closed by the "
            f"auditor. {link('All audits and recommendations', rel(path, INDEX))}.</p>\n")
    if not still:
        return out
    out += "<ul>\n"
    for item in still:
        recommendation = ctx.repo.recommendations[item.recommendation]
        since = f" since {_when(item.since)}" if item.since else ""
        out += (f"<li>{rec_badge(path, item.status)}{since}: {rec_link(ctx, path, recommendation)} of "
                f"{audit_link(ctx, path, recommendation.audit)}: {text(recommendation.text, 240)}</li>\n")
    return out + "</ul>\n"


def home_lines(ctx: Context, path: str) -> str:
    """One line per audit on the home page: how many of its recommendations are implemented, not
    implemented and still open (nothing when no audit is issued yet)."""
    audits = [item for item in visible_audits(ctx) if of_audit(ctx, item.id)]
    if not audits:
        return ""
    out = ctx.h(path, 2, "Audits and their recommendations", "audits")
    out += "<ul>\n" + "".join(
        f"<li>{audit_link(ctx, path, audit.id)} ({text(audit.auditor)}, {_when(audit.date)}): "
        f"{counts_sentence(of_audit(ctx, audit.id))}.</li>\n" for audit in audits[:HOME_AUDITS]) + "</ul>\n"
    if len(audits) > HOME_AUDITS:
        out += f"<p>{link(f'All {len(audits)} audits', rel(path, INDEX))}.</p>\n"
    return out
