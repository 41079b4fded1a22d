"""The reference pages: what the status words mean, the checker's rules and findings, the open data, and
the tags index."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

from policytrack.checks.catalog import in_family
from policytrack.site.kit import LOADING_PAGE, STATUS_PAGE
from policytrack.site.markup import badge, code, docstring, link, rel, slug, table, text
from policytrack.site.parts import Context
from policytrack.site.paths import calendar_file
from policytrack.site.words import GROUP_LABELS, GROUP_ORDER, MEANINGS, READINGS, long_date
from policytrack.site.words import GROUPS as _GROUP_OF
from policytrack.site.words import LABELS as WORDS


def statuses(ctx: Context) -> None:
    """What the words mean: the page every badge links to."""
    path = STATUS_PAGE
    out = ctx.head(path, "What the words mean")
    out += ("<p>Every status on this site is computed from the records as of the date above: the due date the "
            "law (or an administrative decision) gives, the evidence filed, and whether someone other than the "
            "agency verified it. A status says what the records show, not what an agency did when no record "
            "says so.</p>\n")
    out += ('<p id="duty"><strong>A duty</strong> is one obligation for one agency: an obligation that binds three '
            "agencies is three duties (each instance of a duty owed per system or item is its own). The agency "
            "that answers for an obligation as its owner owes it too, where the obligation does not bind it: it "
            "reads as the obligation does. Every count of duties on this site counts the same; every table says "
            "what one of its rows is. Dates are given with the time since or until them, in years and months.</p>\n")
    out += ctx.h(path, 2, "The statuses")
    for name in READINGS:
        out += ctx.h(path, 3, html.escape(WORDS[name]), name)
        out += f"<p>{badge(name)} {text(MEANINGS[name])}</p>\n"
    out += ctx.h(path, 2, "The scorecard's columns", "columns")
    out += table(["Column", "Statuses counted"], [
        [html.escape(GROUP_LABELS[group]),
         ", ".join(html.escape(WORDS[name]) for name in READINGS if _GROUP_OF.get(name) == group)]
        for group in GROUP_ORDER], caption="Scorecard columns: one row per column") + "\n"
    out += ("<p>Repealed duties and duties not in force are not counted as owed. \"Done\" bars show verified "
            "completion in full colour and completion nobody has verified hatched beside it.</p>\n")
    ctx.add(path, out)


RULES_PAGES = ("rules.md", "rules-2.md")
"""The rules' documentation on two pages, each under the size every page keeps to."""


def rule_pages() -> dict[str, str]:
    """Each finding id → the page that documents it: the rules in catalogue order, the first half of the
    documentation on the first page and the rest on the second; the loader's on their own page."""
    entries = in_family("rule")
    half = sum(len(entry.doc) for entry in entries) / 2
    pages: dict[str, str] = {}
    written = 0
    for entry in entries:
        pages[entry.id] = RULES_PAGES[0] if written < half else RULES_PAGES[1]
        written += len(entry.doc)
    pages.update({entry.id: LOADING_PAGE for entry in in_family("loader")})
    return pages


def rules(ctx: Context) -> None:
    """The checker's rules on two pages, and the loader's findings on a page of their own."""
    where = rule_pages()
    for number, path in enumerate(RULES_PAGES):
        other = RULES_PAGES[1 - number]
        out = ctx.head(path, "Checker rules" if number == 0 else "Checker rules (continued)")
        out += ("<p>The checker (<code>policytrack check</code>) applies these rules to every pull request and to "
                "this site's build. This page is generated from each rule's own documentation; the other rules are "
                f"on {link('the ' + ('next' if number == 0 else 'first') + ' page', rel(path, other))}.</p>\n")
        for rule in in_family("rule"):
            if where[rule.id] != path:
                continue
            kind = ("time-driven; a warning with <code>--deadlines warning</code>" if rule.deadline
                    else "about the files")
            out += ctx.h(path, 2, html.escape(rule.id), slug(rule.id))
            out += f"<p><strong>Severity:</strong> {rule.severity} ({kind})</p>\n"
            out += "".join(f"<p>{docstring(block)}</p>\n" for block in rule.doc.split("\n\n") if block.strip())
        if number == 0:
            ctx.add(path, out)
    out += (ctx.h(path, 2, "Files that cannot be loaded")
            + "<p>Findings about files that could not be read at all are explained on their own page, "
            + link("files that cannot be loaded", rel(path, LOADING_PAGE)) + ".</p>\n")
    ctx.add(path, out)
    # A page of its own keeps the rules page under the size every page keeps to.
    out = ctx.head(LOADING_PAGE, "Files that cannot be loaded")
    out += "<p>These findings come from the loader; all are errors. Every other file is still checked.</p>\n"
    for entry in in_family("loader"):
        out += (ctx.h(LOADING_PAGE, 2, html.escape(entry.id), slug(entry.id), toc=False)
                + f"<p>{docstring(entry.doc)}</p>\n")
    ctx.add(LOADING_PAGE, out)


def findings(ctx: Context) -> None:
    """Every finding of the check."""
    path = "findings.md"
    at = functools.partial(rel, path)
    result = ctx.result
    out = ctx.head(path, "Checker findings")
    out += (f"<p>The checker found {len(result.errors)} errors and {len(result.warnings)} warnings as of "
            f"{long_date(ctx.as_of)}, and {len(result.silenced)} findings were silenced in their files "
            "with a reason, listed here with it "
            f"(each rule is explained on the {link('rules page', at('rules.md'))}).</p>\n")

    pages = rule_pages()

    def finding_row(index: int) -> Callable[[str], list[str]]:
        def make(page: str) -> list[str]:
            item = result.findings[index]
            where = text(item.path or "(repository)") + (f":{item.line}" if item.line else "")
            documented = pages.get(item.rule, RULES_PAGES[0])
            rule = link(code(item.rule), rel(page, documented) + "#" + slug(item.rule))
            severity = text(item.severity)
            if item.silenced is not None:
                severity += " (silenced: " + text(item.silenced) + ")"
            return [where, severity, rule, text(item.message)]
        return make

    out += ctx.listing(path, "findings", "Checker findings", ["File", "Severity", "Rule", "Message"],
                        [finding_row(index) for index in range(len(result.findings))], empty="No findings.")
    out += ("<p><strong>Settings, silences and pull requests.</strong> A repository's <code>rules:</code> in "
            "<code>policytrack.yml</code> sets a rule's level; "
            "<code># policytrack: disable=RULE reason=\"...\"</code> silences a finding on its line or the next; "
            "<code># policytrack: disable-file=RULE reason=\"...\"</code> at the start of a line silences the rule "
            "in the whole record (with <code>matching=\"...\"</code>, on the lines holding that text).</p>\n<dl>\n")
    for rule_id, doc in ((entry.id, entry.doc) for entry in in_family("config", "gate")):
        out += f'<dt id="{slug(rule_id)}"><code>{html.escape(rule_id)}</code></dt><dd>{docstring(doc)}</dd>\n'
    out += "</dl>\n"
    ctx.add(path, out)


def open_data(ctx: Context, agencies: list[str]) -> None:
    """What the open-data files hold."""
    from policytrack.site.opendata import CSV_COLUMNS

    path = "open-data.md"
    at = functools.partial(rel, path)
    out = ctx.head(path, "Open data")
    out += ("<p>Everything on this site is also published as data, computed by the same build for the same "
            "date. The files are replaced on every build; their addresses stay the same.</p>\n")
    out += ctx.h(path, 2, "status.json")
    out += (f"<p>{link('status.json', at('status.json'))} is the checker's JSON output "
            "(<code>policytrack check --format json</code>) with the commit the site was built from. Its schema, "
            f"{link('status.schema.json', at('status.schema.json'))} (JSON Schema 2020-12), is versioned by the "
            "top-level <code>version</code> field: a change that removes or renames a field, or changes its "
            "meaning, increases it; new fields may appear within a version, so readers should ignore keys they do "
            "not know.</p>\n")
    out += ctx.h(path, 2, "obligations.csv")
    out += (f"<p>{link('obligations.csv', at('obligations.csv'))}: UTF-8, comma-separated, a header row, one row "
            "per obligation and bound agency. Its columns are described by the Frictionless Table Schema "
            f"{link('obligations.schema.json', at('obligations.schema.json'))}:</p>\n")
    out += table(["Column", "Type", "Meaning"],
                 [[code(name), kind, meaning] for name, kind, meaning in CSV_COLUMNS],
                 caption="Columns of obligations.csv, in order")
    out += "\n" + ctx.h(path, 2, "Calendars")
    out += ("<p>iCalendar files (RFC 5545) with one all-day event per obligation and agency that has a due date "
            "(a recurring duty repeats, by the same calendar the checker uses): "
            f"{link('every deadline', at(calendar_file(None)))}; per agency: ")
    out += ", ".join(link(ctx.agency_name_text(key), at(calendar_file(key))) for key in agencies[:200]) + ".</p>\n"
    out += ctx.h(path, 2, "Atom feed")
    out += (f"<p>{link('feed.atom', at('feed.atom'))} (RFC 4287): the newest evidence records and the dates "
            "on which obligations fell overdue, newest first.</p>\n")
    ctx.add(path, out)


def tags(ctx: Context) -> None:
    """The tags index (filled in by the tags plugin), when few enough pages carry tags."""
    if not ctx.tagged_pages or ctx.tagged_pages > ctx.options.tags_listing_limit:
        return
    path = "tags.md"
    ctx.add(path, ctx.head(path, "Tags") + "<p>Obligations by tag.</p>\n\n<!-- material/tags -->\n",
             is_html=False)
