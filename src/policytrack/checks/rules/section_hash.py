"""A section's text no longer matches the sha256 recorded when it was imported.

``policytrack import`` stores each section's ``sha256`` so that the law's words cannot change unseen:
the text obligations quote is changed by an amendment record (``amendments/``), not by editing the
ordinance. Fix: restore the imported text and record the change as an amendment (or re-import the newer
version), or, if the imported text itself was wrong, correct it and its ``sha256`` together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding

ID = "section-hash"
SEVERITY = "error"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each section whose text's sha256 differs from the one recorded."""
    for ordinance in ctx.repo.ordinances.values():
        for index, section in enumerate(ordinance.sections):
            if section.sha256 is None:
                continue
            actual = hashlib.sha256((section.text or "").encode("utf-8")).hexdigest()
            if actual != section.sha256:
                yield ctx.finding(ID, SEVERITY, "ordinance", ordinance.id, ("sections", index, "text"),
                                  f"the text of section '{section.id}' was edited after it was imported (its sha256 "
                                  f"is {actual[:12]}..., recorded {section.sha256[:12]}...); record the change as "
                                  "an amendment instead")
