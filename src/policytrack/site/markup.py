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
from urllib.parse import quote, urlsplit

from policytrack.site.words import LABELS as WORDS
from policytrack.site.words import rank
from policytrack.status.engine import LABELS

_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#|~^=:$\"'&"
_ENTITIES: dict[int, str | None] = {ord(char): f"&#{ord(char)};" for char in _MARKDOWN_SPECIAL}
_ENTITIES.update({code: None for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0xFFFE, 0xFFFF]})
TEXT_LIMIT = 3000
"""Characters of one text shown on a page (a paragraph block, a title, a quote); a longer one is shortened."""
_CONTROLS: dict[int, None] = {code: None for code, entity in _ENTITIES.items() if entity is None}
_LINE_START = "0123456789-+.!"
"""Characters that matter only at the start of a line (lists, rules): the first one is made an entity."""
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")

_SHAPES: dict[str, str] = {
    # 16 x 16, drawn in the text's colour: one distinct shape per reading (never an emoji font's glyph).
    "breached": '<path d="M8 1.5 15 14.5H1Z" fill="none" stroke-width="1.6" stroke-linejoin="round"/>'
                '<path d="M8 6v4M8 11.6v1.2" stroke-width="1.8"/>',
    "overdue": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6"/><path d="M5.5 5.5l5 5M10.5 5.5l-5 5"'
               ' stroke-width="1.8"/>',
    "lapsed": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6"/><path d="M8 1.5A6.5 6.5 0 0 1 8 14.5Z"'
              ' stroke="none" fill="currentColor"/>',
    "blocked": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6"/><path d="M4.5 8h7" stroke-width="2"/>',
    "no-deadline": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6"/><path d="M6 6.2a2 2 0 1 1 2.8 1.8'
                   'c-.6.3-.8.7-.8 1.3v.5M8 11.3v1.2" fill="none" stroke-width="1.6"/>',
    "due-soon": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6"/><path d="M8 4v4.3l2.8 1.7" fill="none"'
                ' stroke-width="1.6"/>',
    "not-yet-due": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6" stroke-dasharray="2.5 2"/>',
    "in-progress": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6" stroke-dasharray="2.5 2"/>'
                   '<path d="M4.5 8h5.5M8 5.5 10.5 8 8 10.5" fill="none" stroke-width="1.6"/>',
    "pending": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6" stroke-dasharray="2.5 2"/>'
               '<circle cx="8" cy="8" r="1.6" stroke="none" fill="currentColor"/>',
    "remedy-claimed": '<path d="M8 1.5 15 14.5H1Z" fill="none" stroke-width="1.6" stroke-linejoin="round"'
                      ' stroke-dasharray="3 2"/>',
    "disputed": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6"/><path d="M4.5 11.5l7-7"'
                ' stroke-width="1.6"/>',
    "claimed": '<path d="M2.5 13.5l1-3.5 7.5-7.5 2.5 2.5-7.5 7.5z" fill="none" stroke-width="1.5"'
               ' stroke-linejoin="round"/>',
    "met-late": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6"/><path d="M4.8 8.2l2.2 2.2 4.2-4.4"'
                ' fill="none" stroke-width="1.8"/>',
    "met": '<circle cx="8" cy="8" r="7.2" stroke="none" fill="currentColor"/><path d="M4.6 8.2l2.3 2.3 4.5-4.6"'
           ' fill="none" stroke="#fff" stroke-width="2"/>',
    "waived": '<rect x="1.5" y="1.5" width="13" height="13" rx="2" fill="none" stroke-width="1.6"/>'
              '<path d="M4.5 8h7" stroke-width="1.8"/>',
    "not-in-force": '<circle cx="8" cy="8" r="6.5" fill="none" stroke-width="1.6"/><path d="M3.5 12.5l9-9"'
                    ' stroke-width="1.6"/>',
    "repealed": '<rect x="1.5" y="1.5" width="13" height="13" rx="2" fill="none" stroke-width="1.6"/>'
                '<path d="M4 12l8-8" stroke-width="1.6"/>',
    "verified": '<path d="M8 1l6 2.5v4c0 3.5-2.6 6.3-6 7.5-3.4-1.2-6-4-6-7.5v-4z" fill="none" stroke-width="1.5"/>'
                '<path d="M5.2 8l2 2 3.8-4" fill="none" stroke-width="1.7"/>',
    "proof-disputed": '<path d="M8 1l6 2.5v4c0 3.5-2.6 6.3-6 7.5-3.4-1.2-6-4-6-7.5v-4z" fill="none" '
                      'stroke-width="1.5"/><path d="M5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4" stroke-width="1.7"/>',
    "none": '<rect x="2" y="2" width="12" height="12" rx="1" fill="none" stroke-width="1.5"'
            ' stroke-dasharray="2.5 2"/>',
}


def icon(name: str) -> str:
    """The reading's symbol as inline SVG (decorative: the words beside it say the same).

    It draws the page's :func:`sprite` symbol, so a table of a hundred badges carries each shape once
    (``xlink:href``, as the theme's instant navigation rewrites every element with an ``href``).
    """
    known = name if name in _SHAPES else "none"
    return f'<svg class="pt-icon" aria-hidden="true"><use xlink:href="#pt-i-{known}"/></svg>'


def sprite(names: Iterable[str] | None = None) -> str:
    """The symbols :func:`icon` draws (``names``, or all), for one page (hidden; each badge refers to one)."""
    wanted = _SHAPES if names is None else sorted(set(names) & set(_SHAPES))
    return ('<svg class="pt-sprite" aria-hidden="true" focusable="false" style="display:none">'
            + "".join(f'<symbol id="pt-i-{name}" viewBox="0 0 16 16"><g stroke="currentColor" '
                      f'stroke-linecap="round">{_SHAPES[name]}</g></symbol>' for name in wanted)
            + "</svg>")


ICONS: dict[str, str] = {name: icon(name) for name in _SHAPES}
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


def host(address: str) -> str:
    """The host an address reaches, without ``www.`` (``kingcounty.gov``), for link text that names its target."""
    found = urlsplit(address).hostname or ""
    return found.removeprefix("www.") or address


def place(address: str) -> str:
    """What a link reaches, as its text: the host and the last part of the path
    (``kingcounty.gov/…/auditors-office``), never a title the address may not hold."""
    parts = urlsplit(address)
    segments = [segment for segment in parts.path.split("/") if segment]
    where = host(address)
    if not segments:
        return where
    last = segments[-1] if len(segments[-1]) <= 48 else segments[-1][:47] + "…"
    return where + ("/…/" if len(segments) > 1 else "/") + last


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


def badge(status: str, href: str = "") -> str:
    """A status badge: symbol and words, coloured (the colour only repeats what the words say).

    ``status`` is a checker status or a reading (:mod:`policytrack.site.words`); with ``href`` (the
    "What the words mean" page's anchor for it) the badge is a link there.
    """
    label = WORDS.get(status) or LABELS.get(status, status)
    inner = f"{ICONS.get(status, '')} {html.escape(label)}"
    common = f'class="pt-badge pt-{attr(status)}" data-rank="{rank(status)}"'
    if href:
        return f'<a {common} href="{attr(url(href))}">{inner}</a>'
    return f"<span {common}>{inner}</span>"


PROOF_WORDS: dict[str, str] = {
    "verified": "Verified",
    "disputed": "Disputed",
    "claimed": "Claimed, not verified",
    "progress": "Progress, not proof",
    "none": "No evidence",
}
"""What the records show of the proof behind a duty or an evidence record."""


def proof_badge(state: str) -> str:
    """'Verified', 'Disputed', 'Claimed, not verified' or 'No evidence', with a symbol (``state`` is one of
    :data:`PROOF_WORDS`: ``verified`` for a confirmed record)."""
    shape = {"claimed": "claimed", "verified": "verified", "disputed": "proof-disputed",
             "progress": "in-progress"}.get(state, "none")
    return f'<span class="pt-proof pt-{shape}">{ICONS[shape]} {PROOF_WORDS.get(state, PROOF_WORDS["none"])}</span>'


def table(header: Sequence[str], rows: Iterable[Sequence[str]], attrs: str = "", *, caption: str = "",
          sortable: bool = False, cards: bool = True, numeric: Iterable[int] = (), compact: bool = False) -> str:
    """An HTML table (cells must already be escaped HTML; ``attrs`` trusted attributes for the table).

    ``caption`` (escaped HTML) names the table and its counting unit; header cells have ``scope="col"``
    and each cell carries its column's name (``data-label``) for the phone layout, where a row becomes a
    card. A ``sortable`` table is sorted and filtered by the site's script when it runs (it is complete
    without it): a cell sorts by its badge's urgency, else its date, else its number, else its text.
    A narrow table of figures stays a table on a phone (``cards`` false). Columns in ``numeric`` (by
    index) hold numbers: they are right-aligned. A ``compact`` table of many narrow columns becomes, on a
    phone, one short paragraph of labelled values per row.
    """
    labels = labels_of(header) if cards else None
    numbers = frozenset(numeric)
    return table_of(header, "\n".join(table_row(row, labels, numbers) for row in rows), attrs, caption=caption,
                    sortable=sortable, cards=cards, numeric=numbers, compact=compact)


def labels_of(header: Sequence[str]) -> list[str]:
    """The column names of a header, as attribute values for each cell's ``data-label``."""
    return [attr(html.unescape(_TAG.sub("", cell))) for cell in header]


def table_row(cells: Sequence[str], labels: Sequence[str] | None = None, numeric: frozenset[int] = frozenset()
              ) -> str:
    """One row of a table (cells already escaped HTML), each cell named by ``labels`` (see :func:`labels_of`);
    cells of the ``numeric`` columns are right-aligned."""
    def cls(index: int) -> str:
        return ' class="pt-num"' if index in numeric else ""

    if labels is None:
        return "<tr>" + "".join(f"<td{cls(index)}>{cell}</td>" for index, cell in enumerate(cells)) + "</tr>"
    return "<tr>" + "".join(f'<td{cls(index)} data-label="{labels[index] if index < len(labels) else ""}">{cell}</td>'
                            for index, cell in enumerate(cells)) + "</tr>"


def table_of(header: Sequence[str], body: str, attrs: str = "", *, caption: str = "", sortable: bool = False,
             cards: bool = True, numeric: Iterable[int] = (), compact: bool = False) -> str:
    """A table around ``body``, rows made by :func:`table_row` (the options as for :func:`table`)."""
    numbers = frozenset(numeric)
    num = ' class="pt-num"'
    head = "".join(f'<th scope="col"{num if index in numbers else ""}>{cell}</th>' for index, cell in enumerate(header))
    css = (("pt-table pt-sortable" if sortable else "pt-table") + ("" if cards else " pt-figures")
           + (" pt-compact" if compact else ""))
    extra = f" {attrs}" if attrs else ""
    cap = f"<caption>{caption}</caption>\n" if caption else ""
    return (f'<table class="{css}"{extra}>\n{cap}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n'
            "</table>")


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
