"""Who speaks for the site, and how fresh its records are: the part of every page's head under the title
(publisher, contact, "Report an error", when the records last changed, the other published views) and the
theme's footer line, from ``policytrack.yml``. :class:`Voice` is the kit with the repository; the page
context (:class:`policytrack.site.parts.Context`) is one."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from policytrack.model.load import Repository
from policytrack.site.kit import NO_SEARCH, Kit, view_path
from policytrack.site.markup import link, page_url, rel, text
from policytrack.site.words import long_date


class Voice(Kit):
    """The kit with the repository it speaks for."""

    repo: Repository

    def freshness(self) -> str:
        """Beside the as-of date: when the records last changed (the newest commit to the data, for today's
        site), or in a view of the past the date of the newest record it shows."""
        if self.historical:
            newest = self.newest_visible()
            return (f' · newest record dated <time datetime="{newest.isoformat()}">{long_date(newest)}</time>'
                    if newest else " · no record dated by then")
        changed = self.options.data_changed
        if changed is None:
            return ""
        return f' · data last changed <time datetime="{changed.isoformat()}">{long_date(changed)}</time>'

    def newest_visible(self) -> date | None:
        """The date of the newest record that exists on the as-of date (evidence, checks, breaches found,
        remedies, events, law changes)."""
        days = [item.date for item in self.repo.evidence.values()]
        days += [item.on for item in self.repo.verifications.values()]
        for item in self.repo.breaches.values():
            days.append(item.found_on or item.date)
            if item.remedy is not None:
                days.append(item.remedy.date)
        days += [item.recorded_on or item.date for item in self.repo.events.values()]
        days += [item.enacted for item in self.repo.amendments.values()]
        visible = [day for day in days if day <= self.as_of]
        return max(visible) if visible else None

    def published_views(self) -> list[date]:
        """The views of the past published beside today's site (``snapshots`` in policytrack.yml, before
        the day of the build), oldest first."""
        today = self.options.today or self.as_of
        return sorted({day for day in self.repo.config.snapshots if day < today})

    def views(self, path: str) -> str:
        """Links to the same page in the other published views: "View as of 9 July 2019"."""
        here = self.options.published_under
        links = []
        if here:
            links.append(link("today", rel(here + path, view_path(path, ""))))
        for day in self.published_views():
            view = f"as-of/{day.isoformat()}/"
            if view != here:
                links.append(link(long_date(day), rel(here + path, view_path(path, view))))
        return (" · View as of " + ", ".join(links)) if links else ""

    def report_url(self, path: str = "") -> str | None:
        """Where to report an error: ``report_error`` from policytrack.yml, else the repository's "Report an
        error" issue form, with the page named."""
        config = self.repo.config
        if config.report_error:
            return config.report_error
        if not config.repo_url:
            return None
        where = (self.options.published_under + page_url(path)) or "/"
        return (f"{config.repo_url.rstrip('/')}/issues/new?template=report-an-error.yml"
                + (f"&page={quote(where, safe='/')}" if path else ""))

    def contact_link(self) -> str:
        """The contact from policytrack.yml as a link (its e-mail address, else its page), or ""."""
        contact = self.repo.config.contact
        if contact is None:
            return ""
        return link(text(contact.name), f"mailto:{contact.email}" if contact.email else contact.url or "")

    def byline(self, path: str) -> str:
        """Publisher, contact and "Report an error" on every page (the footer says the same)."""
        parts = self.speakers(path)
        return f'<p class="pt-byline" {NO_SEARCH}>' + " · ".join(parts) + "</p>\n" if parts else ""

    def speakers(self, path: str = "") -> list[str]:
        config = self.repo.config
        parts = []
        if config.publisher:
            parts.append(f"Published by {text(config.publisher)}")
        if config.contact is not None:
            parts.append(f"Contact: {self.contact_link()}")
        report = self.report_url(path)
        if report:
            parts.append(link("Report an error", report))
        return parts

    def footer(self) -> str:
        """The theme's footer line: the same publisher, contact and error report (absolute links only)."""
        return " · ".join(self.speakers())

    def without_github(self) -> str:
        """How to submit without a GitHub account: the downloaded file, sent to the contact (a sentence)."""
        contact = self.contact_link()
        if not contact:
            return ("No GitHub account? Download the file beside a button, replace each FILL IN, and send it to "
                    "the people who keep this repository.")
        return (f"No GitHub account? Download the file beside a button, replace each FILL IN, and send it to "
                f"{contact}, who will propose it for you.")
