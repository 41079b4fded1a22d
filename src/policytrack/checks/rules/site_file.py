"""A file the site build would publish is a symbolic link or a special file, or ``docs_dir`` leaves the repository.

MkDocs copies every file of ``docs_dir`` (and of the theme's ``custom_dir``) onto the public site, following
links: a link in ``docs/`` to a file outside the repository would publish it. Fires for each link (named,
never followed), device or pipe there, for a ``docs_dir`` or ``custom_dir`` that is absolute, leaves the
repository or lies under a link, and for a linked ``mkdocs.yml``; the site is not built until it is fixed.
Fix: replace the link with the file itself, or delete it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from policytrack.checks.rules.context import Context
from policytrack.model.findings import Finding, Severity
from policytrack.model.limits import MAX_FILE_BYTES
from policytrack.model.paths import UnsafePath, files_under, parts_of, problem, read_under
from policytrack.model.safetext import excerpt, printable

ID = "site-file"
SEVERITY: Severity = "error"
MKDOCS_FILE = "mkdocs.yml"


def check(ctx: Context) -> Iterator[Finding]:
    """Fire for each file the site would publish that is a link or a special file, and for an unsafe folder."""
    for path, message in site_file_problems(ctx.repo.root):
        yield Finding(path, 0, 0, ID, SEVERITY, message)


class _Tolerant(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` whatever tags it uses (``!!python/name:`` for extensions): their values are None."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_settings(root: str | os.PathLike[str]) -> dict[str, Any]:
    """The repository's ``mkdocs.yml`` as data ({} when there is none or it cannot be read); read as every
    file is, never through a link and never more than the size limit. :class:`UnsafePath` for a link."""
    if not os.path.lexists(Path(root) / MKDOCS_FILE):
        return {}
    raw = read_under(root, MKDOCS_FILE, MAX_FILE_BYTES)
    if len(raw) > MAX_FILE_BYTES:
        return {}
    try:
        data = yaml.load(raw.decode("utf-8", errors="replace"), Loader=_Tolerant)  # a SafeLoader: no object is built
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def site_folders(root: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(setting, folder relative to the repository) of each folder whose files the site build copies:
    ``docs_dir`` (default ``docs``) and the theme's ``custom_dir``; :class:`UnsafePath` names a linked
    ``mkdocs.yml``, or a folder that is absolute, leaves the repository or lies under a link."""
    try:
        settings = mkdocs_settings(root)
    except UnsafePath as exc:
        raise UnsafePath(exc.path, f"the site's settings, which {exc.message}") from None
    theme = settings.get("theme")
    folders = [("docs_dir", settings.get("docs_dir") or "docs")]
    if isinstance(theme, dict) and theme.get("custom_dir"):
        folders.append(("custom_dir", theme["custom_dir"]))
    out = []
    for setting, value in folders:
        folder = str(value)
        try:
            parts = parts_of(folder)
        except UnsafePath as exc:
            raise UnsafePath(MKDOCS_FILE, f"{setting} is {excerpt(folder, 80)}, which {exc.message}") from None
        unsafe = problem(root, "/".join(parts))
        if unsafe is not None:
            raise UnsafePath(unsafe.path, f"{setting} in {MKDOCS_FILE} is at or under this path, which "
                             f"{unsafe.message}") from None
        out.append((setting, "/".join(parts)))
    return out


def site_file_problems(root: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(path relative to the repository, message) for each link or special file the site build would copy,
    and for an unsafe ``mkdocs.yml``, ``docs_dir`` or ``custom_dir``: what :func:`check` reports and the
    site refuses to build with."""
    try:
        folders = site_folders(root)
    except UnsafePath as exc:
        return [(printable(exc.path), exc.message)]
    found: list[tuple[str, str]] = []
    for _, folder in folders:
        if not os.path.isdir(Path(root) / folder):
            continue
        for rel, why in files_under(root, folder):
            if why is not None:
                found.append((printable(f"{folder}/{rel}"), f"the site would publish this file, which {why}"))
    return found
