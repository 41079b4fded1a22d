"""Read one YAML file safely, keeping the position of every value beside the data.

A bad file is data, not an exception: :func:`read_yaml` returns either a :class:`YamlDocument` or a
:class:`YamlError` with the line, column and a message that says what to fix.

Why a composer and our own construction instead of ``yaml.safe_load``:

* duplicate keys are errors here (PyYAML silently keeps the last one);
* positions are needed for every finding, and the composed node tree has them;
* only plain data is built: any explicit tag such as ``!!python/object`` is refused, and so are
  anchors and aliases (which make "billion laughs" bombs possible);
* unquoted dates stay strings (``2019-07-09``), exactly as YAML 1.2 editors and JSON Schema see them;
  the models turn them into dates and say precisely what is wrong with ``2019-02-30``.

libyaml's ``CSafeLoader`` composes the nodes when it is installed; pure Python otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # pragma: no cover - which branch runs depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000

_YAML_TAG = "tag:yaml.org,2002:"  # what '!!' abbreviates
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ})
_BOOL_TRUE = frozenset({"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
_MODELINE = re.compile(r"^#\s*yaml-language-server:")

PathKey = str | int
Path = tuple[PathKey, ...]


@dataclass(frozen=True, slots=True)
class YamlError:
    """Why a file could not be read as YAML data; ``line`` and ``column`` are 1-based."""

    line: int
    column: int
    message: str
    rule: str = "yaml-syntax"


class YamlDocument:
    """The plain data of one YAML file and the composed nodes it was built from.

    Positions are looked up lazily from the nodes, so a file that has no finding costs nothing more.
    """

    __slots__ = ("data", "root")

    def __init__(self, data: Any, root: yaml.Node) -> None:
        self.data = data
        self.root = root

    def position(self, path: Path) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its nearest existing parent."""
        node = self._walk(path, keys=False)
        return node.start_mark.line + 1, node.start_mark.column + 1

    def key_position(self, path: Path) -> tuple[int, int]:
        """Line and column of the key that ends ``path`` (where an unknown key is), else of the value."""
        node = self._walk(path, keys=True)
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _walk(self, path: Path, *, keys: bool) -> yaml.Node:
        node: yaml.Node = self.root
        for index, step in enumerate(path):
            last = index == len(path) - 1
            found: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(step):
                        found = key_node if (keys and last) else value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                found = node.value[step]
            if found is None:
                return node
            node = found
        return node


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, rule: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.rule = rule


def read_yaml(raw: bytes) -> YamlDocument | YamlError:
    """Parse ``raw`` bytes as one YAML document of plain data, or say exactly why not."""
    if len(raw) > MAX_FILE_BYTES:
        return YamlError(
            1, 1,
            f"file is {len(raw) / 1_000_000:.1f} MB, over the {MAX_FILE_BYTES // 1_000_000} MB limit for a "
            "data file; split it, or keep large documents as evidence attachments",
            "file-too-large",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return YamlError(
            line, column,
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            "encoding",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _has_content(text):
        return YamlError(1, 1, "file is empty; add the record's keys or delete the file", "empty-file")
    loader = _Loader(text)
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
        data = _construct(root)
    except _Refused as exc:
        mark = exc.node.start_mark
        return YamlError(mark.line + 1, mark.column + 1, exc.message, exc.rule)
    return YamlDocument(data, root)


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


def _construct(node: yaml.Node, seen: set[int] | None = None) -> Any:
    if seen is None:
        seen = set()
    if id(node) in seen:
        raise _Refused(
            node,
            "anchors and aliases (&name, *name) are not allowed in data files, and the value anchored "
            "here is reused by an alias; write each value out in full",
            "yaml-alias",
        )
    seen.add(id(node))
    if node.tag.startswith("!") or node.tag not in _PLAIN_TAGS:
        written = "!!" + node.tag.removeprefix(_YAML_TAG) if node.tag.startswith(_YAML_TAG) else node.tag
        raise _Refused(node, f"tag '{written}' is not allowed; data files hold plain values only", "yaml-tag")
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(child, seen) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL:
                raise _Refused(key_node, "a key must be a plain word such as 'title'")
            if key_node.value == "<<":
                raise _Refused(key_node, "merge keys ('<<') are not supported; write the keys out")
            key = key_node.value
            if key in result:
                raise _Refused(
                    key_node,
                    f"duplicate key '{key}' (first at line {_first_line(node, key)}); "
                    "keep one of them: YAML would silently drop the other",
                    "duplicate-key",
                )
            result[key] = _construct(value_node, seen)
        return result
    raise _Refused(node, "unsupported YAML node")  # pragma: no cover


def _first_line(node: yaml.MappingNode, key: str) -> int:
    for key_node, _ in node.value:
        if key_node.value == key:
            return int(key_node.start_mark.line) + 1
    return 0  # pragma: no cover


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    value: str = node.value
    if tag in (_STR, _TIMESTAMP):
        return value
    if tag == _INT:
        digits = value.replace("_", "")
        try:
            return int(digits, 0) if digits.lstrip("+-")[:2].lower() in ("0x", "0o", "0b") else int(digits, 10)
        except ValueError:
            return value
    if tag == _FLOAT:
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag == _BOOL:
        return value in _BOOL_TRUE
    if tag == _NULL:
        return None
    return value  # pragma: no cover


def has_modeline(raw: bytes) -> bool:
    """Whether the file's first line names a JSON Schema for yaml-language-server."""
    first = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
    return bool(_MODELINE.match(first))
