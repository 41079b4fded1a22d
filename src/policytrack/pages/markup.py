"""Markdown and HTML fragments that are safe to fill with text from YAML files.

Every string that came from a repository file goes through :func:`text` (inline) or :func:`paragraphs`
(blocks) before it reaches a page: HTML special characters become entities, and so does every
character that Markdown or its extensions would interpret (``*``, ``_``, ``[``, a backtick, ``|`` in
a table, ``#`` or ``-`` at the start of a line, ``{`` for attribute lists, ``:`` for emoji...). The
result renders as exactly the characters that were typed, and nothing in it can become a tag, a link
or emphasis. Links and attributes are made only here, from escaped parts.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from policytrack.status import LABELS

_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#|~^=:$\"'&"
_ENTITIES = {ord(char): f"&#{ord(char)};" for char in _MARKDOWN_SPECIAL}
_LINE_START = "0123456789-+.!"
"""Characters that matter only at the start of a line (lists, rules): the first one is made an entity."""
_SPACE = re.compile(r"\s+")

ICONS: dict[str, str] = {
    "overdue": "✖",
    "lapsed": "⟲",
    "blocked": "⛔",
    "no-deadline": "?",
    "due-soon": "⏰",
    "not-yet-due": "…",
    "met-late": "✔",
    "met": "✔",
    "waived": "–",
    "repealed": "∅",
}
"""A symbol beside each status label, so that status is never told by colour alone."""


def text(value: object) -> str:
    """One line of untrusted text, safe inline in Markdown, in a table cell and in HTML."""
    line = _SPACE.sub(" ", str(value)).strip()
    if line[:1] and line[0] in _LINE_START:
        return f"&#{ord(line[0])};" + line[1:].translate(_ENTITIES)
    return line.translate(_ENTITIES)


def paragraphs(value: object) -> str:
    """Untrusted text as Markdown paragraphs (blank lines in the text separate paragraphs)."""
    blocks = re.split(r"\n\s*\n", str(value).strip())
    return "\n\n".join(text(block) for block in blocks if block.strip())


def attr(value: object) -> str:
    """Untrusted text for an HTML attribute value (inside double quotes)."""
    return html.escape(_SPACE.sub(" ", str(value)).strip(), quote=True)


def url(value: str) -> str:
    """An address safe inside Markdown's ``(...)`` link destination and an HTML attribute."""
    return quote(value, safe="/:?&=#%@!$+,;~*._-")


def link(label: str, target: str) -> str:
    """A Markdown link; ``label`` must already be escaped, ``target`` is a trusted or checked address."""
    return f"[{label}]({url(target)})"


def rel(page: str, target: str) -> str:
    """The relative path from the Markdown file ``page`` to the file ``target`` (both from the site root)."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    return posixpath.relpath(target, posixpath.dirname(page) or ".") + anchor


def slug(value: str) -> str:
    """An anchor id made of lower-case letters, digits and '-', from any text."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "section"


def badge(status: str) -> str:
    """A status badge: symbol and words, coloured (the colour only repeats what the words say)."""
    label = LABELS.get(status, status)
    return (f'<span class="pt-badge pt-{attr(status)}"><span aria-hidden="true">{ICONS.get(status, "")}</span> '
            f"{html.escape(label)}</span>")


def proof_badge(verified: bool, has_evidence: bool) -> str:
    """'Verified', 'Claimed' or 'No evidence', with a symbol."""
    if not has_evidence:
        return '<span class="pt-proof pt-none">No evidence</span>'
    if verified:
        return '<span class="pt-proof pt-verified"><span aria-hidden="true">✔</span> Verified</span>'
    return '<span class="pt-proof pt-claimed"><span aria-hidden="true">✎</span> Claimed</span>'


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped (``|`` inside them is an entity)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines)


def code(value: str) -> str:
    """Trusted identifiers (ids, dates) as inline code; escaped all the same."""
    return f"<code>{html.escape(value)}</code>"


def docstring(value: str) -> str:
    """A rule's documentation (trusted, from the package) as Markdown: ``code`` becomes inline code."""
    parts = re.split(r"``(.+?)``", value.strip())
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(code(part))
        else:
            out.append(html.escape(part, quote=False).replace("*", "&#42;").replace("_", "&#95;"))
    return "".join(out)
