"""policytrack: policy as code. Every obligation of a law has an owner, a deadline and evidence.

The pipeline, one module per step: :mod:`~policytrack.model.yamlio` (read YAML with positions) →
:mod:`~policytrack.model.records` → :mod:`~policytrack.model.load` (the repository) → :mod:`~policytrack.status.engine`
→ :mod:`~policytrack.graph.build` → :mod:`~policytrack.checks.rules` → :mod:`~policytrack.checks.checker` →
:mod:`~policytrack.report.formats` → site pages → :mod:`~policytrack.plugin` (MkDocs) → :mod:`~policytrack.cli`.
"""

__version__ = "0.1.0"
