"""Write records as YAML files that read the way people write them (for ``import`` and ``draft``).

Keys keep the order given; text with line breaks is written as a literal block (``|-``) so that a
law's paragraphs stay one a line; every file starts with the schema line that editors use.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line text as literal blocks and indents lists under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def dump_record(data: dict[str, Any], schema: str) -> str:
    """The YAML text of one record, with the ``yaml-language-server`` schema line on top.

    ``schema`` is the schema file's path relative to the record's file.
    """
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=False)
    return f"# yaml-language-server: $schema={schema}\n{body}"
