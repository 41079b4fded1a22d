"""What pydantic's validation errors mean in a YAML file: each turned into a line, a column and a message
that says what to fix."""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any, get_args

from pydantic import ValidationError

from policytrack.model.fields import Record
from policytrack.model.safetext import excerpt
from policytrack.model.yamlio import YamlDocument


def describe_errors(
    exc: ValidationError, document: YamlDocument, model: type[Record]
) -> list[tuple[int, int, str]]:
    """Turn pydantic's errors into (line, column, message) that say what to fix in the YAML file."""
    errors = exc.errors(include_url=False)
    vocabulary = _field_names()
    unknown: dict[tuple[Any, ...], list[str]] = {}
    missing: dict[tuple[Any, ...], list[str]] = {}
    for error in errors:
        path = _data_path(document.data, error["loc"])
        if error["type"] == "extra_forbidden":
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
        elif error["type"] == "missing":
            missing.setdefault(path, []).append(str(error["loc"][-1]))
    out: list[tuple[int, int, str]] = []
    merged: set[tuple[tuple[Any, ...], str]] = set()
    for parent, keys in unknown.items():
        for key in keys:
            line, column = document.key_position((*parent, key))
            required = missing.get(parent, [])
            close = difflib.get_close_matches(key, required, n=1, cutoff=0.6)
            if close:
                merged.add((parent, close[0]))
                out.append((line, column,
                            f"unknown key {excerpt(key)}{_where(parent)}: did you mean '{close[0]}'? "
                            f"('{close[0]}' is required)"))
                continue
            guess = difflib.get_close_matches(key, vocabulary, n=1, cutoff=0.75)
            hint = f"did you mean '{guess[0]}'?" if guess else "remove it, or check the spelling"
            if guess and guess[0] == key:  # a real key, in the wrong place: say where it belongs
                hint = _taken_elsewhere(key, _data_at(document.data, parent))
            out.append((line, column, f"unknown key {excerpt(key)}{_where(parent)}: {hint}"))
    for error in errors:
        kind = error["type"]
        if kind == "extra_forbidden":
            continue
        path = _data_path(document.data, error["loc"])
        if kind == "missing":
            key = str(error["loc"][-1])
            if (path, key) in merged:
                continue
            line, column = document.position(path)
            out.append((line, column, f"required key {excerpt(key)} is missing{_where(path)}"))
            continue
        line, column = document.position(path)
        out.append((line, column, f"{_label(path, model)}: {_message(error)}"))
    return out


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keep the steps of pydantic's ``loc`` that exist in the data (drops union tags and missing keys)."""
    path: list[Any] = []
    current = data
    for step in loc:
        in_mapping = isinstance(current, dict) and isinstance(step, str) and step in current
        in_list = isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        if in_mapping or in_list:
            path.append(step)
            current = current[step]
    return tuple(path)


def _where(path: tuple[Any, ...]) -> str:
    return f" under {excerpt(_dotted(path))}" if path else ""


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _label(path: tuple[Any, ...], model: type[Record]) -> str:
    return excerpt(_dotted(path)) if path else f"the {model.__name__.lower()}"


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "date_type": "a date written as YYYY-MM-DD",
}


def _message(error: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind in _TYPE_WORDS:
        return f"expected {_TYPE_WORDS[kind]}, got {_describe(value)}"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern.startswith("^[a-z0-9]"):
            return (f"{excerpt(value)} is not a valid id: use lower-case letters, digits, '.', '_' and '-', "
                    "starting with a letter or digit")
        if pattern.startswith("^https?"):
            return f"{excerpt(value)} is not a web address starting with http:// or https://"
        if "0-9a-f" in pattern:
            return f"{excerpt(value)} is not a sha256: 64 lower-case hexadecimal characters (run: sha256sum FILE)"
        return f"{excerpt(value)} does not have the expected form"
    if kind == "too_short":
        return "must list at least one item"
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length")
        count = len(value) if isinstance(value, list) else error.get("ctx", {}).get("actual_length")
        return f"lists {count} items, more than the {limit} allowed; split it"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(error.get("ctx", {}).values()), "")
        word = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than",
                "less_than": "less than"}[kind]
        return f"must be {word} {bound}, not {excerpt(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long" and isinstance(value, str):
        limit = error.get("ctx", {}).get("max_length")
        return f"must be at most {limit} characters, not {len(value)}; shorten it"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        expected = error.get("ctx", {}).get("expected_tags", "")
        return f"'type' must be one of {expected}" if expected else str(error["msg"])
    if kind == "literal_error":
        return f"{str(error['msg']).replace('Input should be', 'must be')}, not {excerpt(value)}"
    return f"{error['msg']} (got {_describe(value)})"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {excerpt(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return excerpt(value)  # pragma: no cover


def _data_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _taken_elsewhere(key: str, here: Any) -> str:
    """For a key refused here that other records take: which deadline forms (or records) take it."""
    forms: set[str] = set()
    records: set[str] = set()
    for cls in _record_classes():
        if key not in cls.model_fields or cls is Record:
            continue
        if "type" in cls.model_fields:  # the deadline forms, told apart by their 'type'
            forms.add(f"'type: {get_args(cls.model_fields['type'].annotation)[0]}'")
        else:
            records.add(re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower())
    form = here.get("type") if isinstance(here, dict) else None
    if forms and isinstance(form, str):
        many = len(forms) > 1
        return (f"a {excerpt(form)} deadline takes no '{key}'; the deadline form{'s' if many else ''} that "
                f"take{'' if many else 's'} it: {', '.join(sorted(forms))}")
    owners = sorted(records) + (["deadlines of " + ", ".join(sorted(forms))] if forms else [])
    return f"'{key}' belongs in {', '.join(owners)}, not here: remove it or move it"


@functools.cache
def _record_classes() -> tuple[type[Record], ...]:
    found: list[type[Record]] = []
    pending: list[type[Record]] = [Record]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return tuple(found)


@functools.cache
def _field_names() -> list[str]:
    """Every key any record may have, for "did you mean" hints."""
    names: set[str] = set()
    pending: list[type[Record]] = [Record]
    while pending:
        cls = pending.pop()
        names.update(cls.model_fields)
        pending.extend(cls.__subclasses__())
    return sorted(names)
