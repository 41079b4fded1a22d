"""Findings about files that could not become records; the loader reports them, not a rule module.

Each id below is what ``policytrack check`` prints for a file it could not load. Every other file is
still checked, so one broken file never hides the state of the rest.
"""

from __future__ import annotations

LOAD_RULES: dict[str, str] = {
    "yaml-syntax": "The file is not valid YAML (a bad indent, an unclosed quote or bracket, a tab used "
                   "for indentation, a second document). The message names the line and what to fix.",
    "yaml-tag": "The file uses an explicit YAML tag such as '!!python/object'. Data files hold plain "
                "values only; tags are refused so that loading can never run code.",
    "yaml-alias": "The file uses anchors and aliases (&name, *name). They are refused, which also stops "
                  "'billion laughs' alias bombs; write each value out in full.",
    "duplicate-key": "A key appears twice in the same mapping. YAML would silently keep only the last "
                     "one; keep one of them.",
    "encoding": "The file is not UTF-8. Save it as UTF-8.",
    "empty-file": "The file has no content. Add the record's keys, or delete the file.",
    "file-too-large": "The file is larger than 1 MB, far beyond any record. Keep large documents as "
                      "evidence attachments under attachments/ and cite them by path and sha256.",
    "not-yaml": "A data folder holds a file that is not .yml or .yaml. Move it to attachments/ or delete it.",
    "unreadable": "The file could not be read (permissions, or it vanished during the run).",
    "schema": "The record does not match its schema: an unknown or misspelled key, a missing required "
              "key, a wrong type, an impossible date such as 2019-02-30, an id with capitals or spaces. "
              "The message names the key and what is expected.",
    "duplicate-id": "Two records of the same kind share an id. The second is not loaded; give it its own id.",
}
"""Load-finding id → its documentation. All are errors."""
