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
    "file-too-large": "The file is larger than 1 MB, far beyond any record (no more than 1 MB and one byte "
                      "of it is read). Keep large documents as evidence attachments under attachments/ and "
                      "cite them by path and sha256.",
    "not-yaml": "A data folder holds a file that is not .yml or .yaml. Move it to attachments/ or delete it.",
    "unreadable": "The file or folder could not be read (permissions, or it vanished during the run). An "
                  "unreadable folder's files are not checked.",
    "symlink": "A data file or folder is a symbolic link. Links are never followed, so that a pull request "
               "cannot make the checker (and the published site) read a file outside the repository; the "
               "finding names the link, never what it points to. Replace the link with the file itself.",
    "not-a-file": "A data folder holds something that is not a regular file: a device, a pipe or a socket "
                  "(refused without reading it), or a folder named like a data file (such as 'x.yml/', whose "
                  "files are not checked until it is renamed).",
    "file-name": "A file's name is not valid UTF-8, so no page or link could name it. Rename it.",
    "unknown-folder": "A top-level folder's name is a near miss of a data folder's ('Evidence/', "
                      "'evidences/', 'agency/'): nothing in it would ever be checked. Rename it as suggested.",
    "yaml-depth": "Mappings and lists are nested more than 50 levels deep. Records need a few levels; "
                  "deeper nesting is refused before it can exhaust the checker.",
    "yaml-number": "A number has more than 100 digits. No field needs one; quote it if it is text.",
    "schema": "The record does not match its schema: an unknown or misspelled key, a missing required "
              "key, a wrong type, an impossible date such as 2019-02-30, an id with capitals or spaces. "
              "The message names the key and what is expected.",
    "duplicate-id": "Two records of the same kind share an id. The second is not loaded; give it its own id.",
}
"""Load-finding id → its documentation. All are errors."""
