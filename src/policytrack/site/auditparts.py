"""Pieces of the audits on the status site that several pages show (issue 20): a recommendation's status
badge and links, an audit's counts, the open recommendations of an agency or an obligation, and the home
page's line per audit. The audit pages themselves are made by :mod:`policytrack.site.pages.audit`.
Statuses come from :mod:`policytrack.status.recommendations`, as of the site's date.
"""

from __future__ import annotations

from datetime import date

from policytrack.model.audits import Audit, Recommendation
from policytrack.model.fields import plural
from policytrack.site.markup import ICONS, link, rel, text
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
    """A recommendation's status as a badge: symbol and words, static text (issue 18: a badge is no Tab stop;
    the table or list it stands in links once to what the statuses mean, :func:`rec_glossary`)."""
    symbol = _SYMBOLS.get(status, "none")
    return (f'<span class="pt-badge pt-{symbol}" data-rank="{REC_ORDER.index(status)}">'
            f"{ICONS[symbol]} {text(REC_LABELS[status])}</span>")


def rec_glossary(path: str) -> str:
    """The one link, beside a table or list of recommendation badges, to what their statuses mean."""
    return link("What the recommendation statuses mean", rel(path, INDEX + "#statuses"))


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



def response_cell(item: RecommendationStatus) -> str:
    if item.responded is None:
        return "none on record"
    words = {"agreed": "agreed", "partly-agreed": "partly agreed", "disagreed": "disagreed",
             "answered": "answered, position not on record"}
    answer = next((step for step in item.history if step.kind == "response"), None)
    said = words.get(answer.status, "answered") if answer is not None else "answered"
    return f"{said}, {when(item.responded)}" + (f"; target {when(item.target)}" if item.target else "")


def when(value: date | None, none: str = "") -> str:
    if value is None:
        return none
    return f'<time datetime="{value.isoformat()}">{long_date(value)}</time>'



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
            f"auditor. {link('All audits and recommendations', rel(path, INDEX))} · {rec_glossary(path)}.</p>\n")
    if not still:
        return out
    out += "<ul>\n"
    for item in still:
        recommendation = ctx.repo.recommendations[item.recommendation]
        since = f" since {when(item.since)}" if item.since else ""
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
        f"<li>{audit_link(ctx, path, audit.id)} ({text(audit.auditor)}, {when(audit.date)}): "
        f"{counts_sentence(of_audit(ctx, audit.id))}.</li>\n" for audit in audits[:HOME_AUDITS]) + "</ul>\n"
    if len(audits) > HOME_AUDITS:
        out += f"<p>{link(f'All {len(audits)} audits', rel(path, INDEX))}.</p>\n"
    return out
