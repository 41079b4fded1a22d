"""HTML fragments (also valid Markdown) that are safe to fill with text from YAML files.

Every string that came from a repository file goes through :func:`text` (inline) or :func:`paragraphs`
(blocks) before it reaches a page: HTML special characters become entities, and so does every
character that Markdown or its extensions would interpret (``*``, ``_``, ``[``, a backtick, ``|`` in
a table, ``#`` or ``-`` at the start of a line, ``{`` for attribute lists, ``:`` for emoji...). The
result renders as exactly the characters that were typed, and nothing in it can become a tag, a link
or emphasis. Control characters (which HTML, YAML front matter and XML do not allow) are removed, and a
text longer than :data:`TEXT_LIMIT` characters is shortened, so that no field can make a page huge.
Links and attributes are made only here, from escaped parts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from policytrack.status import LABELS

_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#|~^=:$\"'&"
_ENTITIES: dict[int, str | None] = {ord(char): f"&#{ord(char)};" for char in _MARKDOWN_SPECIAL}
_ENTITIES.update({code: None for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0xFFFE, 0xFFFF]})
TEXT_LIMIT = 3000
"""Characters of one text shown on a page (a paragraph block, a title, a quote); a longer one is shortened."""
_CONTROLS: dict[int, None] = {code: None for code, entity in _ENTITIES.items() if entity is None}
_LINE_START = "0123456789-+.!"
"""Characters that matter only at the start of a line (lists, rules): the first one is made an entity."""
_SPACE = re.compile(r"\s+")

ICONS: dict[str, str] = {
    "breached": "!",
    "overdue": "✖",
    "lapsed": "⟲",
    "blocked": "⛔",
    "no-deadline": "?",
    "due-soon": "⏰",
    "not-yet-due": "…",
    "met-late": "✔",
    "met": "✔",
    "waived": "–",
    "not-in-force": "○",
    "repealed": "∅",
}
"""A symbol beside each status label, so that status is never told by colour alone."""


def text(value: object, limit: int = TEXT_LIMIT) -> str:
    """One line of untrusted text, safe inline in Markdown, in a table cell and in HTML; at most ``limit``
    characters (a longer text is shortened, and says so)."""
    line = " ".join(str(value).split())  # as _SPACE.sub(" ", ...).strip(), and faster
    shortened = len(line) > limit
    if shortened:
        line = line[:limit]
    if line[:1] and line[0] in _LINE_START:
        out = f"&#{ord(line[0])};" + line[1:].translate(_ENTITIES)
    else:
        out = line.translate(_ENTITIES)
    if len(out) > 2 * limit:  # so many characters became entities: cut the HTML, never inside an entity
        cut = 2 * limit
        start = out.rfind("&", cut - 8, cut)
        out = out[:start if start != -1 and ";" not in out[start:cut] else cut]
        shortened = True
    if shortened:
        out += " … (shortened; the whole text is in the repository's file)" if limit >= 1000 else "…"
    return out


def paragraphs(value: object) -> str:
    """Untrusted text as HTML paragraphs (blank lines in the text separate paragraphs)."""
    whole = str(value).strip()
    if len(whole) > 2 * TEXT_LIMIT:
        whole = whole[:2 * TEXT_LIMIT] + " … (shortened; the whole text is in the repository's file)"
    blocks = re.split(r"\n\s*\n", whole)
    return "".join(f"<p>{text(block)}</p>\n" for block in blocks if block.strip())


def attr(value: object) -> str:
    """Untrusted text for an HTML attribute value (inside double quotes)."""
    return html.escape(_SPACE.sub(" ", str(value)).strip().translate(_CONTROLS), quote=True)


_PLAIN_URL = re.compile(r"[A-Za-z0-9/#._~-]*")
"""Addresses that quoting leaves as they are (most are relative paths between pages): skip the work."""


def url(value: str) -> str:
    """An address safe inside Markdown's ``(...)`` link destination and an HTML attribute."""
    if _PLAIN_URL.fullmatch(value):
        return value
    return quote(value, safe="/:?&=#%@!$+,;~*._-")


def link(label: str, target: str, css: str = "") -> str:
    """An HTML link (``label`` already escaped; ``target`` a trusted or checked address, or a :func:`rel` path).

    Links are HTML, not Markdown, so that Python-Markdown's inline processing (most of a build's
    conversion time) has nothing to do on them; :func:`rel` already gives the final relative URL.
    """
    css_attr = f' class="{attr(css)}"' if css else ""
    address = url(target)
    return f'<a{css_attr} href="{address if _PLAIN_URL.fullmatch(address) else attr(address)}">{label}</a>'


def page_url(path: str) -> str:
    """The address of a page or file relative to the site root, as MkDocs writes it (directory URLs)."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    if path.endswith(".md"):
        return path[:-3] + "/"
    return path


def rel(page: str, target: str) -> str:
    """The relative URL from the page ``page`` to ``target`` (both paths from the site root, ``#anchor`` kept)."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    here = page_url(page).split("/")[:-1]  # the folders of the page's own address
    there = page_url(target).split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    relative = "../" * (len(here) - common) + "/".join(there[common:])
    return (relative or "./") + anchor


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


def table(header: Sequence[str], rows: Iterable[Sequence[str]], attrs: str = "") -> str:
    """An HTML table (cells must already be escaped HTML; ``attrs`` trusted attributes for the table)."""
    return table_of(header, "\n".join(table_row(row) for row in rows), attrs)


def table_row(cells: Sequence[str]) -> str:
    """One row of a table (cells already escaped HTML)."""
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def table_of(header: Sequence[str], body: str, attrs: str = "") -> str:
    """A table around ``body``, rows made by :func:`table_row`."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    return f"<table{' ' + attrs if attrs else ''}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


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
