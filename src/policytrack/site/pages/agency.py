"""An agency's pages: the answer, breaches, what to submit next (with buttons), what it owes, its
calendar, its chart, what it answers for as owner and the systems it operates."""

from __future__ import annotations

from collections import Counter
from datetime import date

from policytrack.model.fields import plural
from policytrack.site.auditparts import open_recommendations
from policytrack.site.kit import NEXT_STEPS, NO_SEARCH
from policytrack.site.markup import code, host, link, rel, text
from policytrack.site.parts import Context, agency_reading, progress_bar
from policytrack.site.paths import agency_page, calendar_file, folder, obligation_page
from policytrack.site.words import GROUPS, long_date, rank, tally
from policytrack.status.engine import AgencyStatus
from policytrack.status.readings import Duty


def build(ctx: Context, agency_id: str) -> None:
    """The agency's page."""
    path = agency_page(agency_id)
    record = ctx.repo.agencies.get(agency_id)
    out = ctx.head(path, record.name if record else agency_id)
    if record is None:
        out += f"<p>{code(agency_id)} is named by obligations but is not in the agency registry.</p>\n"
    else:
        facts = [f"Head: {text(record.head)}"]
        if record.other_names:
            names = ", ".join(f"<strong>{text(name)}</strong>" for name in record.other_names)
            facts.insert(0, f"Also known as {names}")
        if record.parent:
            facts.append("part of " + ctx.agency_link(path, record.parent))
        if record.url:
            facts.append(link(f"its website ({text(host(record.url))})", record.url))
        out += "<p>" + " · ".join(facts) + "</p>\n"
    rows = ctx.by_agency.get(agency_id, [])
    owed = ctx.duties_of.get(agency_id, [])
    readings = Counter(duty.reading for duty in owed)
    counts = tally(readings.elements())
    as_owner = sum(1 for duty in owed if duty.as_owner and GROUPS.get(duty.reading) != "excluded")
    name = ctx.agency_name_text(agency_id)
    if owed:
        out += (f'<p class="pt-lead">{name} owes {plural(counts.owed, "duty")}'
                + (f" ({as_owner} as the owner of obligations other agencies carry out)" if as_owner else "")
                + f': {counts["behind"]} behind, {counts["breached"]} breached, {counts["claimed"]} done but not '
                  f'verified, {counts["verified"]} done and verified'
                + (f', {counts["in-progress"]} in progress' if counts["in-progress"] else "") + ". "
                + f'{progress_bar(counts["verified"], counts["claimed"], counts.owed)}</p>\n')
    out += ctx.silence(path, agency_id, rows)
    out += ctx.breaches(path, f"agencies/{folder(agency_id)}/breaches",
                         ctx.breaches_of(dict.fromkeys(key for key, _ in rows), agency_id))
    out += open_recommendations(ctx, path, agency=agency_id)  # issue 20
    out += next_steps(ctx, path, agency_id, rows)
    out += ctx.h(path, 2, "What it owes")
    out += ctx.reading_counts(path, readings, "duties")
    out += ("<p>Deadlines as a calendar: "
            + link(f"{name} (iCalendar)", rel(path, calendar_file(agency_id))) + "</p>\n")

    def due_of(duty: Duty) -> date:
        due = duty.row.due if duty.row is not None else ctx.statuses[duty.obligation].due
        return due or date.max

    ordered = sorted(owed, key=lambda duty: (rank(duty.reading), due_of(duty), duty.obligation))
    out += ctx.listing(path, f"agencies/{folder(agency_id)}", f"What {ctx.agency_name_raw(agency_id)} owes",
                        ["Status", "Obligation", "Due"],
                        [ctx.duty_row(duty, agency=False) for duty in ordered],
                        empty="No obligation binds this agency, and it owns none.",
                        caption=f"Every duty of {name}, most urgent first: one row per duty (an obligation that "
                                "binds it, or that it answers for as owner)")
    out += ctx.over_time(path, f"agency:{agency_id}", ctx.agency_name_raw(agency_id))
    systems = ctx.operated_by.get(agency_id, [])
    if systems:
        out += (ctx.h(path, 2, "Systems it operates") + "<ul>\n"
                + "".join(f"<li>{ctx.system_link(path, key)}</li>\n" for key in systems) + "</ul>\n")
    ctx.add(path, out)


STEP_BUTTONS = 1
"""Submit buttons per duty under "What to submit next" (its latest open due date); the duty's page has all."""
STEPS_BUDGET = 9_000
"""Bytes of "What to submit next" past which its duties link to their pages' buttons instead."""


def next_steps(ctx: Context, path: str, agency_id: str, rows: list[tuple[str, AgencyStatus]]) -> str:
    """What the agency must submit next: each open or unverified duty, the evidence it needs, its button."""
    todo = [(key, row) for key, row in rows
            if agency_reading(row) in ("breached", "remedy-claimed", "overdue", "disputed", "lapsed", "blocked",
                                       "no-deadline", "due-soon", "in-progress", "pending", "not-yet-due",
                                       "claimed")]
    todo.sort(key=lambda item: (rank(agency_reading(item[1])), item[1].due or date.max, item[0]))
    out = ctx.h(path, 2, "What to submit next")
    if not todo:
        return out + "<p>Nothing: every duty of this agency is done and verified, waived or not in force.</p>\n"
    need = "needs" if len(todo) == 1 else "need"
    out += (f"<p>{plural(len(todo), 'duty')} {need} evidence, most urgent first. Each button opens a new evidence "
            "file for one due date of that duty, already filled in (with the period or the event it answers) "
            f"except for the parts marked FILL IN. {ctx.without_github()}</p>\n"
            if not ctx.historical else
            f"<p>{plural(len(todo), 'duty')} needed evidence on {long_date(ctx.as_of)}. This view of the past "
            "has no Submit buttons: submit evidence from the current site.</p>\n")
    out += '<ol class="pt-steps">\n'
    for key, row in todo[:NEXT_STEPS]:
        obligation = ctx.repo.obligations[key]
        shown = agency_reading(row)
        why = ctx.why(key, row)
        needed = ("a record that verifies the claim already filed, or " if shown == "claimed" else
                  "evidence the verifier accepts (see the verifier's note), or " if shown == "disputed" else "")
        out += (f"<li>{ctx.badge(path, shown)} {ctx.obligation_link(path, key)}"
                + (f'<br><span class="pt-why">{why[:1].upper() + why[1:]}</span>' if why else "")
                + f"<br><strong>Evidence needed:</strong> {needed}{ctx.requirement(obligation)}")
        buttons = [] if ctx.historical else ctx.submit_buttons(obligation, agency_id, row)
        if len(buttons) > STEP_BUTTONS or len(out) > STEPS_BUDGET:  # the duty's own page has every one
            kept = buttons[-STEP_BUTTONS:] if len(out) <= STEPS_BUDGET else []
            more = len(buttons) - len(kept)
            buttons = [*kept, link(f"{plural(more, 'more due date')} to submit for, on its page",
                                   rel(path, obligation_page(key)) + "#submit-evidence")]
        if buttons:
            out += f'<br><span class="pt-submits" {NO_SEARCH}>' + " ".join(buttons) + "</span>"
        out += "</li>\n"
    out += "</ol>\n"
    if len(todo) > NEXT_STEPS:
        out += (f"<p>{len(todo) - NEXT_STEPS} more are in the list below; each obligation's page has its "
                "Submit button near the top.</p>\n")
    return out
