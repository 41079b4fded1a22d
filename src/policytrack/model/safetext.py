"""Untrusted text made safe for each place it goes: a finding's message, XML, iCalendar, a spreadsheet.

Text from YAML files can hold any character a double-quoted YAML string can escape (``"\\0"``,
``"\\x80"``, ``"\\u202e"``), and paths can hold what a file system allows. Each output has its own
rules, and each gets its own function here:

* :func:`excerpt` quotes at most a short piece of a value, with every unprintable character escaped:
  what a finding may say about a file (it never repeats the file);
* :func:`printable` escapes unprintable characters in a whole line (a finding's message and path), so
  that a terminal, a log or a GitHub annotation shows one line exactly as written; :func:`log_line` also
  keeps the line from being run as a GitHub Actions workflow command;
* :func:`clean` removes the characters that XML 1.0, YAML and iCalendar do not allow (control
  characters other than tab and line breaks, U+FFFE, U+FFFF, lone surrogates);
* :func:`spreadsheet_cell` also keeps a cell from being read as a formula.
"""

from __future__ import annotations

import re

_NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters outside XML 1.0's Char production, YAML's printable set and iCalendar's TEXT."""
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""A spreadsheet reads a cell starting with one of these (or its full-width form) as a formula."""
EXCERPT_CHARS = 40


def _escape_char(char: str) -> str:
    return repr(char)[1:-1] if char != "'" else "'"


def printable(value: str) -> str:
    """``value`` with every unprintable character (control, format, separator) written as an escape."""
    if value.isprintable():
        return value
    return "".join(char if char.isprintable() else _escape_char(char) for char in value)


def log_line(value: str) -> str:
    """``value`` as one printable line that no CI log runs as a command: GitHub Actions reads a line that
    starts with ``::`` (after spaces) as a workflow command (``::add-mask::``, ``::stop-commands::``) and
    ``##[`` anywhere in it as an old-style one; their first character is written as an escape (``\\x3a``,
    ``\\x23``), as :func:`printable` writes control characters."""
    line = printable(value)
    stripped = line.lstrip(" ")
    if stripped.startswith("::"):
        line = line[:len(line) - len(stripped)] + "\\x3a" + stripped[1:]
    return line.replace("##[", "\\x23#[") if "##[" in line else line


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short excerpt of ``value`` for a message, quoted when it is text (``'root:x:0:0:ro…'``), with an
    escape for every unprintable character; other values as Python writes them (``-5``)."""
    text = value if isinstance(value, str) else repr(value)
    short = printable(text[:limit]) + ("…" if len(text) > limit else "")
    return f"'{short}'" if isinstance(value, str) else short


def clean(value: str) -> str:
    """``value`` without the characters XML, YAML and iCalendar do not allow (tab and line breaks stay)."""
    return _NOT_ALLOWED.sub("", value)


def spreadsheet_cell(value: str) -> str:
    """A CSV cell that no spreadsheet reads as a formula: a leading ``= + - @`` (after any spaces) gets ``'``."""
    value = clean(value)
    stripped = value.lstrip()
    if value[:1] in _FORMULA_START or stripped[:1] in _FORMULA_START:
        return "'" + value
    return value
