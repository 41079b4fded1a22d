"""policytrack: policy as code. Every obligation of a law has an owner, a deadline and evidence.

The pipeline, one module per step: :mod:`~policytrack.yamlio` (read YAML with positions) →
:mod:`~policytrack.models` → :mod:`~policytrack.load` (the repository) → :mod:`~policytrack.status`
→ :mod:`~policytrack.graph` → :mod:`~policytrack.rules` → :mod:`~policytrack.check` →
:mod:`~policytrack.report` → site pages → :mod:`~policytrack.plugin` (MkDocs) → :mod:`~policytrack.cli`.
"""

__version__ = "0.1.0"
