"""An obligation's pages: its status in words, breaches, "Submit evidence", what the records show, who owes
what by when, the law's words, the agencies it binds, every due date, the evidence, its dependencies."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date

from policytrack.law.inforce import obligation_in_force
from policytrack.model.deadlines import (
    AdministrativeDeadline,
    Deadline,
    NoDeadline,
    deadline_in_words,
)
from policytrack.model.fields import plural
from policytrack.model.records import Evidence, Note, Obligation
from policytrack.site.auditparts import open_recommendations
from policytrack.site.duedates import due_dates
from policytrack.site.kit import EVIDENCE_PER_PAGE, LIST_BUDGET, NO_SEARCH, SUBMIT_BUTTONS
from policytrack.site.markup import code, paragraphs, proof_badge, slug, table, text
from policytrack.site.parts import Context, agency_reading, obligation_reading
from policytrack.site.paths import folder, obligation_page
from policytrack.site.words import LABELS as WORDS
from policytrack.site.words import MEANINGS, dated, long_date, rank
from policytrack.status.engine import AgencyStatus, ObligationStatus

_NOTE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}):\s")


def build(ctx: Context, obligation_id: str) -> None:
    """The obligation's page."""
    obligation = ctx.repo.obligations[obligation_id]
    status = ctx.statuses[obligation_id]
    path = obligation_page(obligation_id)
    tags = [*obligation.tags]
    out = ctx.head(path, obligation.title, tags=tags)
    shown = obligation_reading(status)
    out += (f'<p class="pt-lead">{ctx.badge(path, shown)} {_due_words(ctx, status)}</p>\n'
            f"<p>{text(MEANINGS.get(shown, ''))}</p>\n")
    out += ctx.breaches(path, f"obligations/{folder(obligation_id)}/breaches", ctx.breaches_of([obligation_id]),
                         full=True)
    out += _submit(ctx, path, obligation, status)
    out += open_recommendations(ctx, path, obligation=obligation_id)  # issue 20
    if obligation.notes:
        out += ctx.h(path, 2, "What the records show", "notes")
        notes, left_out = dated_notes(obligation.notes, ctx.as_of, ctx.historical)
        out += "".join(f'<p><time datetime="{when.isoformat()}">{long_date(when)}</time>: {text(block)}</p>\n'
                       if when else f"<p>{text(block)}</p>\n" for when, block in notes)
        if left_out:
            out += (f"<p>{plural(left_out, 'note')} on this duty {'is' if left_out == 1 else 'are'} dated after "
                    f"{long_date(ctx.as_of)} or {'carries' if left_out == 1 else 'carry'} no date, so this view "
                    "leaves them out (a note with a <code>date</code> is shown from that date).</p>\n")
    section_page, section_anchor = ctx.section_place(obligation.ordinance, obligation.section)
    owner = (f"{ctx.agency_link(path, obligation.owner.agency)}, {text(obligation.owner.role)}"
             if obligation.owner
             else "<strong>No owner is named.</strong> The checker reports this (<code>no-owner</code>).")
    rows = [
        ["Ordinance", ctx.ordinance_name(path, obligation.ordinance, section_anchor, section_page)
         + f", section {text(obligation.section)}"],
        ["Who", owner],
        ["What", text(obligation.action)],
        ["By when", _deadline_words(ctx, obligation, status)],
        ["Evidence required", ctx.requirement(obligation)],
        ["Kind", text(obligation.kind)],
    ]
    if obligation.systems:
        rows.append(["Systems", ", ".join(ctx.system_link(path, key) for key in obligation.systems)])
    if obligation.waiver:
        waiver = obligation.waiver
        rows.append(["Waiver", "; ".join(filter(None, [
            text(waiver.reason) if waiver.reason else "reason missing",
            f"approved by {text(waiver.approved_by)}" if waiver.approved_by else "approver missing",
            long_date(waiver.date) if waiver.date else "date missing"]))])
    out += ctx.h(path, 2, "The duty")
    out += table(["Question", "Answer"], rows, caption="Who owes what, by when, and the proof it needs") + "\n"
    out += ctx.h(path, 2, "The law's words") + _law_words(ctx, obligation) + ctx.h(path, 2, "Status per agency")

    def agency_row(row: AgencyStatus) -> Callable[[str], list[str]]:
        def make(page: str) -> list[str]:
            return [ctx.badge(page, agency_reading(row)),
                    (ctx.agency_link(page, row.agency) if row.agency else "(no agency named)")
                    + (f" ({ctx.instance_name(page, row.instance)})" if row.instance else ""),
                    ctx.when_cell(obligation_id, row),  # every record filed: proof, progress, disputed
                    str(len(row.evidence) + len(row.progress) + len(row.disputed)),
                    proof_badge(ctx.row_proof(row))]
        return make

    out += ctx.listing(path, f"obligations/{folder(obligation_id)}/agencies", f"{obligation.title}: agencies",
                        ["Status", "Agency", "Due, and why", "Evidence", "Proof"],
                        [agency_row(row) for row in status.agencies], empty="", budget=LIST_BUDGET // 3,
                        caption="One row per agency the duty binds")
    if status.blocked_by:
        out += ("<p>Blocked by: " + ", ".join(ctx.obligation_link(path, key) for key in status.blocked_by)
                + "</p>\n")
    every = due_dates(status, lambda agency: ctx.agency_link(path, agency))
    if every:
        out += ctx.h(path, 2, "Every due date", "due-dates") + every
    out += ctx.h(path, 2, "Evidence")
    visible = [item for item in ctx.repo.evidence_for(obligation_id) if item.date <= ctx.as_of]
    if visible:
        newest_first = visible[::-1]

        def entry(item: Evidence) -> Callable[[str], str]:
            return lambda page: _evidence_item(ctx, page, item)

        out += ctx.paged(path, f"obligations/{folder(obligation_id)}/evidence", f"Evidence: {obligation.title}",
                          [entry(item) for item in newest_first],
                          lambda body: f'<div class="pt-timeline">\n{body}</div>\n', EVIDENCE_PER_PAGE,
                          LIST_BUDGET // 2)
    else:
        out += f"<p>No evidence has been submitted as of {long_date(ctx.as_of)}.</p>\n"
    out += ctx.h(path, 2, "Dependencies")
    if obligation.depends_on:
        out += "<p>Depends on:</p>\n<ul>\n" + "".join(
            f"<li>{ctx.obligation_link(path, key)} "
            f"{ctx.badge(path, obligation_reading(ctx.statuses[key])) if key in ctx.statuses else ''}</li>\n"
            for key in obligation.depends_on) + "</ul>\n"
    needed = ctx.needed_by.get(obligation_id, [])
    if needed:
        out += "<p>Needed by:</p>\n<ul>\n" + "".join(
            f"<li>{ctx.obligation_link(path, key)} {ctx.badge(path, obligation_reading(ctx.statuses[key]))}"
            "</li>\n"
            for key in needed) + "</ul>\n"
    if not obligation.depends_on and not needed:
        out += "<p>No other obligation depends on this one, and it depends on none.</p>\n"
    ctx.add(path, out)


def _law_words(ctx: Context, obligation: Obligation) -> str:
    """The quote that creates the duty; in a view of the past where the section's words changed since, the
    section's words as they stood then (the quote is of the later wording)."""
    if ctx.historical and ctx.options.today is not None:
        then = obligation_in_force(ctx.repo, obligation, ctx.as_of).text
        if then != obligation_in_force(ctx.repo, obligation, ctx.options.today).text:
            if not then:
                return "<p>The words of this section on this date are not recorded.</p>\n"
            return (f"<p>Section {text(obligation.section)} as it stood on {long_date(ctx.as_of)}:</p>\n"
                    f"<blockquote>\n<p>{text(then)}</p>\n</blockquote>\n")
    out = "<blockquote>\n<p>" + text(obligation.quote) + "</p>\n"
    if obligation.paraphrase:
        out += "<p><em>(a paraphrase, not the law's words)</em></p>\n"
    return out + "</blockquote>\n"


def _due_words(ctx: Context, status: ObligationStatus) -> str:
    rows = [row for row in status.agencies if row.agency or len(status.agencies) == 1]
    if len(rows) == 1:
        why = ctx.why(status.obligation, rows[0])
        return why[:1].upper() + why[1:] + "." if why else ""
    readings = Counter(agency_reading(row) for row in rows)
    parts = [f"{count} {'agency' if count == 1 else 'agencies'} {WORDS.get(name, name).lower()}"
             for name, count in sorted(readings.items(), key=lambda item: rank(item[0]))]
    due = f" {dated('Due', status.due, ctx.as_of)}." if status.due else ""
    return text(", ".join(parts).capitalize() + "." + due)


def _deadline_words(ctx: Context, obligation: Obligation, status: ObligationStatus) -> str:
    deadline: Deadline | AdministrativeDeadline | None = status.deadline
    words = text(sentence(deadline_in_words(deadline))) if deadline is not None else ""
    if status.deadline_source == "administrative" and obligation.administrative_deadline:
        admin = obligation.administrative_deadline
        words += (f" (an administrative deadline set by {text(admin.set_by)} on {long_date(admin.set_on)}; "
                  "the law names no date)")
    if deadline is None:
        law = obligation.deadline
        words = "The law gives no date, and no administrative deadline has been set."
        if isinstance(law, NoDeadline) and law.note:
            words += " " + text(law.note)
    if status.due:
        words += f" {dated('Due', status.due, ctx.as_of)}."
    return words


def _evidence_item(ctx: Context, path: str, item: Evidence) -> str:
    check = ctx.proofs.check(item)
    out = (ctx.h(path, 3, f"{long_date(item.date)}: {ctx.agency_name_text(item.agency)}, {text(item.kind)}",
                  slug(item.id), in_html=True) + f"<p>{proof_badge(ctx.evidence_proof(item))} ")
    submitted = text(item.submitted_by.role)
    if item.submitted_by.agency:
        submitted += f" ({ctx.agency_name_text(item.submitted_by.agency)})"
    out += f"Claimed by {submitted}"
    if check is not None:
        out += f"; {check.result} by {text(check.by)} on {long_date(check.on)}"
        if check.note:
            out += f": {text(check.note.rstrip().rstrip('.'))}"
    out += ".</p>\n"
    requirement = obligation.evidence if (obligation := ctx.repo.obligations.get(item.obligation)) else None
    if requirement is not None and item.kind in requirement.progress_kinds and item.kind not in requirement.kinds:
        out += "<p><strong>Shows progress, not completion:</strong> it never counts as the duty done.</p>\n"
    out += paragraphs(item.summary)
    if item.period:
        out += f"<p>Covers {long_date(item.period.start)} to {long_date(item.period.end)}.</p>\n"
    out += "<p>Source: " + ctx.source_links(item.source) + "</p>\n"
    return out


def _submit(ctx: Context, path: str, obligation: Obligation, status: ObligationStatus) -> str:
    out = ctx.h(path, 2, "Submit evidence")
    if ctx.historical:
        return out + (f"<p>This is a view of {long_date(ctx.as_of)}: evidence is submitted from the current "
                      "site, not from a view of the past.</p>\n")
    out += f"<p><strong>Evidence needed:</strong> {ctx.requirement(obligation)}</p>\n"
    rows = [row for row in status.agencies if row.agency]
    if not ctx.repo.config.repo_url:
        return out + ("<p>Evidence is submitted as a pull request that adds a file under "
                      f"{code('evidence/' + obligation.id + '/')}. A button that opens the file in "
                      "GitHub's web editor appears here once the repository's "
                      f"{code('policytrack.yml')} sets {code('repo_url')}.</p>\n")
    out += ("<p>Each button opens GitHub's web editor on a new evidence file for one due date, already filled in "
            "(with the period or the event it answers) except for the parts marked FILL IN; saving it proposes a "
            f"pull request, and the checker runs on it. {ctx.without_github()}</p>\n")

    def group(row: AgencyStatus) -> Callable[[str], str]:
        def make(_: str) -> str:
            buttons = ctx.submit_buttons(obligation, row.agency, row, named=True)
            if not buttons:
                return ""
            who = ctx.agency_name_text(row.agency) + (f" ({text(row.instance)})" if row.instance else "")
            return f'<p class="pt-submits" {NO_SEARCH}><strong>{who}</strong>: ' + " ".join(buttons) + "</p>\n"
        return make

    return out + ctx.paged(path, f"obligations/{folder(obligation.id)}/submit",
                            f"Submit evidence: {obligation.title}", [group(row) for row in rows],
                            lambda body: body, SUBMIT_BUTTONS, LIST_BUDGET // 2, pure=True)  # no headings


def dated_notes(notes: str | list[Note], as_of: date, historical: bool) -> tuple[list[tuple[date | None, str]], int]:
    """The notes to show, each with its date where it has one, oldest first, and how many are left out.

    A note with a ``date`` (the list form) exists from that date, in every view. Of notes written as text,
    today's site shows every paragraph and a view of the past only the paragraphs that start with a date
    (``2021-10-12: ...``, the older convention) on or before its as-of date: an undated note may have been
    written at any time."""
    if isinstance(notes, list):
        kept = [(note.date, note.text) for note in sorted(notes, key=lambda note: note.date) if note.date <= as_of]
        return list(kept), len(notes) - len(kept)
    # A newline in the value is a paragraph break: the blank line of a folded (>) or plain scalar, the usual
    # way notes are written (a literal block's every line is read as its own paragraph)
    blocks = [block for block in notes.strip().split("\n") if block.strip()]
    if not historical:
        return [(None, block) for block in blocks], 0
    shown: list[tuple[date | None, str]] = []
    for block in blocks:
        found = _NOTE_DATE.match(block.strip())
        try:
            when = date.fromisoformat(found.group(1)) if found else None
        except ValueError:
            when = None
        if found is not None and when is not None and when <= as_of:
            shown.append((when, block.strip()[found.end():]))
    return shown, len(blocks) - len(shown)


def sentence(words: str) -> str:
    """A phrase as a sentence: its first letter upper case, a full stop at the end."""
    return words[:1].upper() + words[1:] + "."
