"""The status site's pages and open data, made by library code that needs no MkDocs.

:func:`policytrack.site.publish.publish` is the one sequence the MkDocs plugin (:mod:`policytrack.plugin`)
and ``policytrack pages`` (:mod:`policytrack.commands.pages`) share: the as-of date, the check, the
privacy refusal, then :func:`policytrack.site.build.build_site`, which makes every page in order
(:mod:`~policytrack.site.kit`, :mod:`~policytrack.site.parts` and one module per kind of page under
:mod:`~policytrack.site.pages`).
"""
