"""Import a law's official structured text as an ordinance record, and record what a newer version changed.

Three inputs are read (:func:`read_law` picks by content, not by file name):

* **D.C. Council law XML** (``https://code.dccouncil.us/schemas/dc-library``): each top-level
  ``<section>`` becomes a section, its id the ``<num>`` (``101``), its heading the ``<heading>``; its
  text is one line per paragraph, ``(a) ...`` as printed, nested paragraphs and the text an amending
  section inserts (``<include>``) in document order. Dates: ``<meta><effective>`` and
  ``<history><enacted>``; the law's citation and its official address from ``<citations>``.
* **Akoma Ntoso 3.0** (OASIS LegalDocML, ``http://docs.oasis-open.org/legaldocml/ns/akn/3.0``): each
  outermost ``<section>`` (or ``<article>``/``<rule>``) becomes a section whose id is its ``eId``
  (``chp_1__sec_6``) and whose heading is ``num`` + ``heading``; its text is one line per paragraph
  block (``p``, ``listIntroduction``, ``listWrapUp``), prefixed with the numbers of the subsections and
  items it sits in. Dates: the work's ``FRBRdate`` (which may be a year only), the publication date,
  and lifecycle events of type ``generation``/``commencement``.
* **Plain text or Markdown**, as pasted from a code library (:mod:`policytrack.law.textlaw`): sections
  however they are numbered (``Section 1.``, ``SEC. 2.``, ``Sec. 19B.3.``, ``§ 14-188``, ``14.18.020
  Title.``, Markdown or ``===`` headings), or none (one section per heading, or one for the whole
  text, and :attr:`Law.assumed` says so); dates from lines such as ``Enacted: March 26, 2016`` or from
  the codifier's history notes (``(Added by Ord. 107-19, ..., App. 5/31/2019, Eff. 7/1/2019)``).

Each section keeps the sha256 of its text. Importing into a repository that already has the ordinance
never rewrites its sections: the differences (sections added, amended, repealed) are written as an
amendment record under ``amendments/``, so that the words obligations quote stay where they were and
the change is visible and dated.
"""

from __future__ import annotations

import io
import os
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException

from policytrack.law.document import Law, LawFileError, LawSection, section_hash
from policytrack.law.textlaw import read_text_law
from policytrack.model.paths import write_under
from policytrack.model.safetext import excerpt
from policytrack.model.yamlwrite import dump_record

DC_NS = "https://code.dccouncil.us/schemas/dc-library"
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


MAX_LAW_BYTES = 20_000_000
"""Law files larger than this are refused (the D.C. NEAR Act's XML is 0.3 MB); no more is ever read."""
MAX_XML_DEPTH = 100
"""XML nested deeper than this is refused while it is parsed (laws nest a dozen levels)."""
_DECLARED = re.compile(r"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\xfe\xff", "UTF-16"),
         (b"\xff\xfe", "UTF-16"))


def read_law(path: str | Path) -> Law:
    """Read a law file in any of the supported formats; raise :class:`LawFileError` with the reason.

    The file is read as a regular file only (never a device or a pipe, which could be read for ever) and at
    most :data:`MAX_LAW_BYTES`; it must be UTF-8 (a byte-order mark is skipped, and XML must declare UTF-8
    or nothing); XML is parsed with ``defusedxml`` (no entities, no external references) and refused past
    :data:`MAX_XML_DEPTH` levels while it is read, so the readers below never recurse deeper."""
    file = Path(path)
    text = _decode(file, _read_bounded(file))
    if text.lstrip().startswith("<"):
        root = _parse_xml(file, text)
        if root.tag.startswith("{" + DC_NS + "}"):
            return _read_dc(root)
        if root.tag.startswith("{" + AKN_NS + "}"):
            return _read_akn(root)
        raise LawFileError(f"{file}: XML of an unknown kind ({excerpt(root.tag, 80)}); expected D.C. Council law "
                           "XML or Akoma Ntoso 3.0")
    return read_text_law(text, file.stem)


def _read_bounded(file: Path) -> bytes:
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise LawFileError(f"{file}: cannot read the file: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise LawFileError(f"{file}: not a regular file (a device, a pipe or a folder); give the law's file")
        if info.st_size > MAX_LAW_BYTES:
            raise LawFileError(f"{file}: {info.st_size:,} bytes, more than the {MAX_LAW_BYTES:,} a law file may have")
        try:
            raw = handle.read(MAX_LAW_BYTES + 1)
        except OSError as exc:
            raise LawFileError(f"{file}: cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_LAW_BYTES:  # it grew while it was read
        raise LawFileError(f"{file}: more than the {MAX_LAW_BYTES:,} bytes a law file may have")
    return raw


def _decode(file: Path, raw: bytes) -> str:
    """The text of a UTF-8 file (a UTF-8 byte-order mark skipped); other encodings are refused, never guessed."""
    for mark, name in _BOMS:
        if raw.startswith(mark):
            raise LawFileError(f"{file}: {name} text (it starts with a {name} byte-order mark); save it as UTF-8")
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LawFileError(f"{file}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    declared = _DECLARED.match(text)
    if declared and declared.group(1).strip().lower() not in _UTF8_NAMES:
        name = excerpt(declared.group(1), 40)
        raise LawFileError(f"{file}: the XML declares the encoding {name}, but law files are read as UTF-8 only "
                           f"(read as {name} it would give other characters than the bytes say): convert it to "
                           "UTF-8 and declare encoding=\"UTF-8\"")
    return text


def _parse_xml(file: Path, text: str) -> ET.Element:
    """The XML's root element, parsed as it is read (events, never recursion) with its depth bounded."""
    depth = 0
    try:
        events = DefusedET.iterparse(io.BytesIO(text.encode("utf-8")), events=("start", "end"))
        for event, _ in events:
            depth += 1 if event == "start" else -1
            if depth > MAX_XML_DEPTH:
                raise LawFileError(f"{file}: XML nested more than {MAX_XML_DEPTH} levels deep; a law's text needs "
                                   "far fewer: check the file")
        root: ET.Element | None = getattr(events, "root", None)
    except ET.ParseError as exc:
        line, column = exc.position
        raise LawFileError(f"{file}:{line}:{column + 1}: not well-formed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise LawFileError(f"{file}: the XML declares entities or refers to outside files ({type(exc).__name__}), "
                           "which are never read; remove them") from None
    except ValueError as exc:  # an encoding expat cannot read
        raise LawFileError(f"{file}: the XML cannot be read: {excerpt(str(exc), 80)}") from None
    if root is None:  # pragma: no cover - a parse that ends without error has a root
        raise LawFileError(f"{file}: the XML holds no element")
    return root


# --- D.C. Council law XML -------------------------------------------------------------------------------

def _dc(tag: str) -> str:
    return f"{{{DC_NS}}}{tag}"


def _inline(element: ET.Element | None) -> str:
    """The text of an element with its inline children (citations, spans), whitespace as printed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _read_dc(root: ET.Element) -> Law:
    number = _inline(root.find(_dc("num") + "[@type='law']")) or None
    title = _inline(root.find(_dc("heading") + "[@type='short']")) or _inline(root.find(_dc("heading")))
    meta = root.find(_dc("meta"))
    effective = _inline(meta.find(_dc("effective"))) if meta is not None else ""
    enacted = ""
    source = None
    citation = None
    if meta is not None:
        enacted = _inline(meta.find(f"{_dc('history')}/{_dc('enacted')}"))
        law_cite = meta.find(f"{_dc('citations')}/{_dc('citation')}[@type='law']")
        if law_cite is not None:
            source = law_cite.get("url")
            citation = _inline(law_cite)
        register = meta.find(f"{_dc('citations')}/{_dc('citation')}[@type='register']")
        if register is not None and citation:
            citation = f"{citation}, {_inline(register)}"
    sections = [_dc_section(section) for section in _dc_sections(root)]
    return Law("dc-law-xml", title or "Untitled law", sections,
               id=f"dc-law-{number}" if number else None, number=number, citation=citation,
               enacted=enacted or None, effective=effective or None, source=source)


def _dc_sections(element: ET.Element) -> Iterator[ET.Element]:
    for child in element:
        if child.tag == _dc("section"):
            yield child
        elif child.tag in (_dc("container"), _dc("document")):
            yield from _dc_sections(child)


def _dc_section(section: ET.Element) -> LawSection:
    num = _inline(section.find(_dc("num")))
    heading = _inline(section.find(_dc("heading")))
    lines = list(_dc_lines(section, top=True))
    return LawSection(num, heading or f"Section {num}", "\n".join(lines))


def _dc_lines(element: ET.Element, top: bool = False) -> Iterator[str]:
    pending_num = ""
    for child in element:
        tag = child.tag
        if tag == _dc("num"):
            if not top:
                pending_num = _inline(child)
        elif tag == _dc("heading"):
            if not top:
                if pending_num:
                    yield pending_num
                    pending_num = ""
                yield _inline(child)
        elif tag == _dc("text"):
            words = _inline(child)
            yield f"{pending_num} {words}".strip()
            pending_num = ""
        elif tag in (_dc("para"), _dc("section"), _dc("container"), _dc("include")):
            if pending_num:
                yield pending_num
                pending_num = ""
            yield from _dc_lines(child)
        elif tag == _dc("aftertext"):
            words = _inline(child)
            if words:
                yield words
    if pending_num:
        yield pending_num


# --- Akoma Ntoso 3.0 ------------------------------------------------------------------------------------

def _akn(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


_AKN_UNITS = ("section", "article", "rule", "regulation")
_AKN_BLOCKS = ("p", "listIntroduction", "listWrapUp")
_AKN_SKIP = ("meta", "num", "heading", "subheading", "remark", "authorialNote")


def _read_akn(root: ET.Element) -> Law:
    document = next(iter(root), None)
    if document is None:
        raise LawFileError("the Akoma Ntoso file holds no document")
    work = document.find(f"{_akn('meta')}/{_akn('identification')}/{_akn('FRBRWork')}")
    uri_element = work.find(_akn("FRBRuri")) if work is not None else None
    uri = uri_element.get("value", "") if uri_element is not None else ""
    alias = work.find(_akn("FRBRalias")) if work is not None else None
    work_date = work.find(_akn("FRBRdate")) if work is not None else None
    title_element = document.find(f".//{_akn('docTitle')}") or document.find(f".//{_akn('shortTitle')}")
    title = _inline(title_element) or (alias.get("value", "") if alias is not None else "")
    events = {event.get("type"): event.get("date") for event in document.iter(_akn("eventRef"))}
    publication = document.find(f"{_akn('meta')}/{_akn('publication')}")
    enacted = (events.get("generation") or (work_date.get("date") if work_date is not None else None)
               or (publication.get("date") if publication is not None else None))
    effective = events.get("commencement")
    body = document.find(_akn("body"))
    if body is None:
        raise LawFileError("the Akoma Ntoso document has no <body>")
    sections = [_akn_section(unit) for unit in _akn_units(body)]
    slug = re.sub(r"[^a-z0-9]+", "-", uri.lower().removeprefix("/akn/")).strip("-") or None
    return Law("akoma-ntoso", title if title and title != "Untitled" else (slug or "Untitled law"), sections,
               id=slug, number=uri.rsplit("/", 1)[-1] if uri else None, citation=uri or None,
               enacted=enacted, effective=effective, source=None, extra={"frbr_uri": uri})


def _akn_units(element: ET.Element) -> Iterator[ET.Element]:
    for child in element:
        if child.tag.removeprefix("{" + AKN_NS + "}") in _AKN_UNITS:
            yield child
        else:
            yield from _akn_units(child)


def _akn_section(unit: ET.Element) -> LawSection:
    num = _inline(unit.find(_akn("num")))
    heading = _inline(unit.find(_akn("heading")))
    lines = list(_akn_lines(unit, []))
    eid = unit.get("eId") or unit.get("id") or num
    return LawSection(eid, f"{num} {heading}".strip() or eid, "\n".join(lines))


def _akn_lines(element: ET.Element, pending: list[str]) -> Iterator[str]:
    """One line per paragraph block, prefixed with the numbers of the units it opens (``(1) (a) ...``)."""
    for child in element:
        tag = child.tag.removeprefix("{" + AKN_NS + "}")
        if tag in _AKN_SKIP:
            continue
        if tag in _AKN_BLOCKS:
            words = _inline(child)
            if words:
                yield " ".join([*pending, words])
                pending.clear()
            continue
        own = child.find(_akn("num"))
        if own is not None and _inline(own):
            pending.append(_inline(own))
        yield from _akn_lines(child, pending)


# --- ordinance records and amendments -------------------------------------------------------------------

def ordinance_data(law: Law, ordinance_id: str, source: str | None = None) -> dict[str, Any]:
    """The ordinance record (as plain data for YAML) of a law read for the first time."""
    data: dict[str, Any] = {"id": ordinance_id, "title": law.title}
    if law.number:
        data["number"] = law.number
    data["citation"] = law.citation or law.title
    if law.enacted:
        data["enacted"] = law.enacted
    if law.effective:
        data["effective"] = law.effective
    data["source"] = source or law.source
    data["sections"] = [{"id": section.id, "heading": section.heading, "text": section.text,
                         "sha256": section.sha256} for section in law.sections if section.text]
    return data


@dataclass(frozen=True)
class Change:
    """One change between the recorded text of an ordinance and a newer version of it."""

    action: str  # added | amended | repealed
    section: str
    heading: str | None = None
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The change as an amendment record writes it."""
        data: dict[str, Any] = {"action": self.action, "section": self.section}
        if self.heading is not None:
            data["heading"] = self.heading
        if self.text is not None:
            data["text"] = self.text
        return data


def diff_sections(current: dict[str, tuple[str, str]], law: Law) -> list[Change]:
    """What changed from the sections in force (id → (heading, text)) to the newly read law."""
    changes: list[Change] = []
    seen = set()
    for section in law.sections:
        if not section.text:
            continue
        seen.add(section.id)
        old = current.get(section.id)
        if old is None:
            changes.append(Change("added", section.id, section.heading, section.text))
        elif section_hash(old[1]) != section.sha256:
            changes.append(Change("amended", section.id, section.heading, section.text))
    for section_id in current:
        if section_id not in seen:
            changes.append(Change("repealed", section_id))
    return changes


def amendment_data(ordinance_id: str, changes: list[Change], *, by: str, enacted: str, effective: str,
                   source: str) -> dict[str, Any]:
    """An amendment record (DESIGN-7 shape) for the changes a re-import found."""
    return {"id": f"{ordinance_id}-{effective}", "ordinance": ordinance_id, "by": by, "enacted": enacted,
            "effective": effective, "source": source, "changes": [change.as_dict() for change in changes]}


def write_yaml(root: Path, relative: str, data: dict[str, Any], schema_name: str) -> Path:
    """Write one record file at ``root/relative``, its schema line pointing at the repository's ``schemas/``;
    never through a link, never outside ``root`` (:class:`~policytrack.model.paths.UnsafePath`)."""
    up = "../" * relative.count("/")
    return write_under(root, relative, dump_record(data, f"{up}schemas/{schema_name}.schema.json"))
