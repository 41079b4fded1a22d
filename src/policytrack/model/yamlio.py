"""Read one YAML file safely, keeping the position of every value beside the data.

A bad file is data, not an exception: :func:`read_yaml` returns either a :class:`YamlDocument` or a
:class:`YamlError` with the line, column and a message that says what to fix.

Why a composer and our own construction instead of ``yaml.safe_load``:

* duplicate keys are errors here (PyYAML silently keeps the last one);
* positions are needed for every finding, and the composed node tree has them;
* only plain data is built: any explicit tag such as ``!!python/object`` is refused, and so are
  aliases (which make "billion laughs" bombs possible; an anchor that nothing reuses is harmless);
* plain values follow YAML 1.2's core schema exactly, as editors and JSON Schema do: ``yes``, ``no``,
  ``on`` and ``off`` are text, not booleans (YAML 1.1 would silently turn ``no`` into ``false``), and
  ``1_0`` is text, not ten; digits are ASCII digits only;
* nothing can exhaust the process: mappings and lists nest at most :data:`~policytrack.model.limits.MAX_DEPTH`
  levels, numbers have at most :data:`~policytrack.model.limits.MAX_NUMBER_DIGITS` digits, files are at most
  :data:`~policytrack.model.limits.MAX_FILE_BYTES` long; each excess is a finding with its line;
* unquoted dates stay strings (``2019-07-09``), exactly as YAML 1.2 editors and JSON Schema see them;
  the models turn them into dates and say precisely what is wrong with ``2019-02-30``.

libyaml's ``CSafeLoader`` composes the nodes when it is installed; pure Python otherwise.
"""

from __future__ import annotations

import marshal
import re
from dataclasses import dataclass
from typing import Any

import yaml

from policytrack.model.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NUMBER_DIGITS
from policytrack.model.safetext import excerpt

try:  # pragma: no cover - which branch runs depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_YAML_TAG = "tag:yaml.org,2002:"  # what '!!' abbreviates
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN = "?plain"  # an unquoted scalar, resolved by _plain() only when it is built
_QUOTED = "?quoted"  # a quoted or block scalar: always text
_PLAIN_TAGS = frozenset({_PLAIN, _QUOTED, _STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ})
_KEY_TAGS = frozenset({_PLAIN, _QUOTED, _STR})
_BOOL_TRUE = frozenset({"true", "True", "TRUE"})

PathKey = str | int
Path = tuple[PathKey, ...]


@dataclass(frozen=True, slots=True)
class YamlError:
    """Why a file could not be read as YAML data; ``line`` and ``column`` are 1-based."""

    line: int
    column: int
    message: str
    rule: str = "yaml-syntax"


Children = dict[str, tuple[int, int, int, int, Any]] | list[tuple[int, int, Any]] | None
"""Positions below a node: for a mapping, key → (key line, key column, value line, value column, the
value's children); for a sequence, one (line, column, children) per item; None for a scalar."""


class YamlDocument:
    """The plain data of one YAML file, with the line and column of every key and value beside it.

    Positions are kept as small tuples (not the composed nodes, which weigh several times more), and once
    the data is validated they can be packed into one compact string of bytes (:meth:`pack`) until a
    finding asks for one: a repository of thousands of files keeps every position at little cost.
    """

    __slots__ = ("_children", "_packed", "data", "start")

    def __init__(self, data: Any, start: tuple[int, int], children: Children) -> None:
        self.data = data
        self.start = start
        self._children = children
        self._packed: bytes | None = None

    @property
    def children(self) -> Children:
        """The positions below the top node (see :data:`Children`); packed ones are unpacked for the caller
        and stay packed here (a finding on each of 10,000 records would otherwise unpack them all for good)."""
        if self._packed is not None:
            unpacked: Children = marshal.loads(self._packed)
            return unpacked
        return self._children

    def pack(self) -> None:
        """Keep the positions as one compact string of bytes until they are next asked for."""
        if self._packed is None:
            self._packed = marshal.dumps(self._children)
            self._children = None

    def position(self, path: Path) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its nearest existing parent."""
        return self._walk(path, keys=False)

    def key_position(self, path: Path) -> tuple[int, int]:
        """Line and column of the key that ends ``path`` (where an unknown key is), else of the value."""
        return self._walk(path, keys=True)

    def _walk(self, path: Path, *, keys: bool) -> tuple[int, int]:
        here = self.start
        children = self.children
        for index, step in enumerate(path):
            if isinstance(children, dict) and isinstance(step, str) and step in children:
                key_line, key_column, line, column, below = children[step]
                if keys and index == len(path) - 1:
                    return key_line, key_column
                here, children = (line, column), below
            elif isinstance(children, list) and isinstance(step, int) and 0 <= step < len(children):
                line, column, below = children[step]
                here, children = (line, column), below
            else:
                break
        return here


class _Composer(_Loader):
    """libyaml composes the nodes; tags are left for :func:`_plain`, which is much faster than the
    general resolver and runs only for the values actually built. Explicit tags bypass this."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, rule: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.rule = rule


def too_large(size: int) -> YamlError:
    """The finding for a data file of ``size`` bytes, over :data:`MAX_FILE_BYTES`."""
    return YamlError(
        1, 1,
        f"file is {size / 1_000_000:.1f} MB, over the {MAX_FILE_BYTES // 1_000_000} MB limit for a "
        "data file; split it, or keep large documents as evidence attachments",
        "file-too-large",
    )


def read_yaml(raw: bytes) -> YamlDocument | YamlError:
    """Parse ``raw`` bytes as one YAML document of plain data, or say exactly why not."""
    if len(raw) > MAX_FILE_BYTES:
        return too_large(len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # Columns count characters, as editors do: the bytes before the bad one are valid UTF-8.
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8")) + 1
        return YamlError(
            line, column,
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            "encoding",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _has_content(text):
        return YamlError(1, 1, "file is empty; add the record's keys or delete the file", "empty-file")
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, text)
    except yaml.reader.ReaderError as exc:
        return _reader_error(exc, text)
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports all else as MarkedYAMLError
        return YamlError(1, 1, f"not valid YAML: {exc}".replace("\n", " "))
    finally:
        loader.dispose()
    if root is None:
        return YamlError(1, 1, "file is empty; add the record's keys or delete the file", "empty-file")
    try:
        data, children = _construct(root, set() if "&" in text else None, 1)
    except _Refused as exc:
        mark = exc.node.start_mark
        return YamlError(mark.line + 1, mark.column + 1, exc.message, exc.rule)
    mark = root.start_mark
    return YamlDocument(data, (mark.line + 1, mark.column + 1), children)


def _has_content(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            return True
    return False


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlError:
    # A character YAML does not allow (NUL, other control characters): point at it.
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return YamlError(
        line, column,
        f"character U+{code:04X} is not allowed in YAML ({exc.reason}); remove it or save the file as plain text",
    )


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    # An unclosed quote is found only at the end of the file: point at where it opens instead.
    unclosed = bool(exc.context_mark and exc.problem and "end of stream" in exc.problem)
    if unclosed:
        mark = exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = exc.problem or "not valid YAML"
    lines = text.splitlines()
    at = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or at[column - 1 : column] == "\t" or at[: len(at) - len(at.lstrip())].count("\t"):
        hint = "YAML indentation must use spaces, not tabs; replace the tab with spaces"
    elif "but found another document" in problem:
        hint = "a data file holds one document; remove the extra '---' or split the file"
    elif unclosed:
        hint = f"not valid YAML: the file ends {exc.context}; the quote or bracket opened here is never closed"
    else:
        context = f" {exc.context}" if exc.context else ""
        hint = f"not valid YAML: {problem}{context}; check the indentation and quoting around this line"
    return YamlError(line, column, hint)


def _construct(node: yaml.Node, seen: set[int] | None, depth: int) -> tuple[Any, Children]:
    """Build plain data and its positions from a node; ``seen`` tracks nodes when the text has anchors;
    ``depth`` counts the mappings and lists around the node, itself included (the top one is 1)."""
    if seen is not None:
        if id(node) in seen:
            raise _Refused(
                node,
                "anchors and aliases (&name, *name) are not allowed in data files, and the value anchored "
                "here is reused by an alias; write each value out in full",
                "yaml-alias",
            )
        seen.add(id(node))
    tag = node.tag
    if tag not in _PLAIN_TAGS:
        written = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
        raise _Refused(node, f"tag {excerpt(written)} is not allowed; data files hold plain values only",
                       "yaml-tag")
    if tag is _PLAIN:
        return _plain_at(node), None
    if tag is _QUOTED:
        return node.value, None
    if depth > MAX_DEPTH:
        raise _Refused(
            node,
            f"mappings and lists are nested more than {MAX_DEPTH} levels deep here; a record needs a few "
            "levels: remove the extra brackets or indentation",
            "yaml-depth",
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        places: dict[str, tuple[int, int, int, int, Any]] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key, str) or key_node.tag not in _KEY_TAGS:
                raise _Refused(key_node, "a key must be a plain word such as 'title'")
            if key == "<<":
                raise _Refused(key_node, "merge keys ('<<') are not supported; write the keys out")
            if key in result:
                raise _Refused(
                    key_node,
                    f"duplicate key {excerpt(key)} (first at line {_first_line(node, key)}); "
                    "keep one of them: YAML would silently drop the other",
                    "duplicate-key",
                )
            key_mark = key_node.start_mark
            value_mark = value_node.start_mark
            value_tag = value_node.tag
            if seen is None and value_tag is _PLAIN:
                result[key] = _plain_at(value_node)
                below: Children = None
            elif seen is None and value_tag is _QUOTED:
                result[key] = value_node.value
                below = None
            else:
                result[key], below = _construct(value_node, seen, depth + 1)
            places[key] = (key_mark.line + 1, key_mark.column + 1, value_mark.line + 1, value_mark.column + 1,
                           below)
        return result, places
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        item_places: list[tuple[int, int, Any]] = []
        for child in node.value:
            value, below = _construct(child, seen, depth + 1)
            items.append(value)
            mark = child.start_mark
            item_places.append((mark.line + 1, mark.column + 1, below))
        return items, item_places
    try:
        return _explicit_scalar(tag, node.value), None
    except _TooLong as exc:
        raise _Refused(node, str(exc), "yaml-number") from None


def _first_line(node: yaml.MappingNode, key: str) -> int:
    for key_node, _ in node.value:
        if key_node.value == key:
            return int(key_node.start_mark.line) + 1
    return 0  # pragma: no cover


# YAML 1.2.2, 10.3.2 (the core schema), exactly: ASCII digits, no '_' separators, no sexagesimal.
_INT_RE = re.compile(r"[-+]?[0-9]+")
_OCT_RE = re.compile(r"0o[0-7]+")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {f"{sign}.{word}": float(f"{sign}inf") for sign in ("", "+", "-") for word in ("inf", "Inf", "INF")}
_SPECIAL_FLOATS.update({".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL_FALSE = frozenset({"false", "False", "FALSE"})
_NUMBER_START = frozenset("0123456789+-.")


class _TooLong(ValueError):
    """A number with more digits than :data:`MAX_NUMBER_DIGITS`."""


def _plain_at(node: yaml.Node) -> Any:
    try:
        return _plain(node.value)
    except _TooLong as exc:
        raise _Refused(node, str(exc), "yaml-number") from None


def _plain(value: str) -> Any:
    """Resolve an unquoted scalar as YAML 1.2's core schema does: null, true/false, a number, or else text.

    Dates stay text (``2019-07-09``): the models parse them, and say what is wrong with a bad one.
    """
    if not value or value in _NULLS:
        return None
    first = value[0]
    if first in _NUMBER_START:
        if _INT_RE.fullmatch(value):
            return int(_checked(value))
        if _OCT_RE.fullmatch(value):
            return int(_checked(value[2:]), 8)
        if _HEX_RE.fullmatch(value):
            return int(_checked(value[2:]), 16)
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        if _FLOAT_RE.fullmatch(value):
            return float(_checked(value))
        return value
    if value in _BOOL_TRUE:
        return True
    if value in _BOOL_FALSE:
        return False
    return value


def _checked(digits: str) -> str:
    if len(digits) > MAX_NUMBER_DIGITS:
        raise _TooLong(
            f"a number of {len(digits)} characters is longer than any field needs (at most "
            f"{MAX_NUMBER_DIGITS}); quote it if it is text"
        )
    return digits


def _explicit_scalar(tag: str, value: str) -> Any:
    """A scalar with an explicit standard tag such as ``!!str`` or ``!!int``."""
    if tag in (_STR, _TIMESTAMP):
        return value
    resolved = _plain(value)
    if tag == _INT and isinstance(resolved, int) and not isinstance(resolved, bool):
        return resolved
    if tag == _FLOAT and isinstance(resolved, int | float) and not isinstance(resolved, bool):
        return float(resolved)
    if tag == _BOOL and isinstance(resolved, bool):
        return resolved
    if tag == _NULL and resolved is None:
        return None
    return value
