"""Where a record can be checked: a public address, a file in the repository, or both.

Every kind of record that cites a source (evidence, events, breaches, audits, recommendations,
assessments) uses this one :class:`Source`.
"""

from __future__ import annotations

from pydantic import ConfigDict, Field, model_validator

from policytrack.model.fields import Record, Sha256, Text, Url


class Source(Record):
    """Where the evidence can be checked: a public address, a file in the repository, or both."""

    model_config = ConfigDict(json_schema_extra={
        "anyOf": [{"required": ["url"]}, {"required": ["file"]}],
        "dependentRequired": {"file": ["sha256"], "sha256": ["file"]},
    })

    url: Url | None = None
    file: Text | None = Field(None, description="Path of a file in the repository, from its top folder.")
    sha256: Sha256 | None = Field(None, description="sha256 of `file`, so that it cannot change unseen.")
    title: Text | None = None

    @model_validator(mode="after")
    def _something(self) -> Source:
        if not self.url and not self.file:
            raise ValueError("a source needs a 'url', a 'file', or both")
        if self.file and not self.sha256:
            raise ValueError("a 'file' source needs its 'sha256' (run: sha256sum FILE)")
        if self.sha256 and not self.file:
            raise ValueError("'sha256' belongs to a 'file'; add the file's path")
        return self
